/** Money for people: "£1.8m" for large sums, "£663,540" otherwise; exact pence never matter here. */
import { formatNumber } from '../model/number-text.js';

// formatNumber, not an Intl formatter: it is called several times a contract in a batch. The
// figures passed to it have at most two decimals, which it shows as Intl would.

export function formatMoney(amount: number): string {
  if (!Number.isFinite(amount)) return String(amount);
  if (Math.abs(amount) >= 1_000_000) return `£${formatNumber(Math.round(amount / 10_000) / 100)}m`;
  return formatMoneyExact(amount);
}

/** "£5,372,609": for thresholds, where the exact figure is the point. */
export function formatMoneyExact(amount: number): string {
  return `£${formatNumber(Math.round(amount))}`;
}
