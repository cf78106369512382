/** Money for people: "£1.8m" for large sums, "£663,540" otherwise; exact pence never matter here. */
export function formatMoney(amount: number): string {
  if (!Number.isFinite(amount)) return String(amount);
  if (Math.abs(amount) >= 1_000_000) {
    const m = Math.round(amount / 10_000) / 100;
    return `£${m.toLocaleString('en-GB', { maximumFractionDigits: 2 })}m`;
  }
  return formatMoneyExact(amount);
}

/** "£5,372,609": for thresholds, where the exact figure is the point. */
export function formatMoneyExact(amount: number): string {
  return `£${Math.round(amount).toLocaleString('en-GB')}`;
}
