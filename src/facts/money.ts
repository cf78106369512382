/** Money for people: "£1.8m" for large sums, "£663,540" otherwise; exact pence never matter here. */

// One formatter each: building an Intl formatter per call (as toLocaleString does) is slow in batches.
const MILLIONS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export function formatMoney(amount: number): string {
  if (!Number.isFinite(amount)) return String(amount);
  if (Math.abs(amount) >= 1_000_000) return `£${MILLIONS.format(Math.round(amount / 10_000) / 100)}m`;
  return formatMoneyExact(amount);
}

/** "£5,372,609": for thresholds, where the exact figure is the point. */
export function formatMoneyExact(amount: number): string {
  return `£${WHOLE.format(Math.round(amount))}`;
}
