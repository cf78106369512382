/**
 * How much of a notice kil keeps, and what it refuses as impossible: limits that keep a
 * contract file small and a hostile notice harmless, not judgements about procurement. Pure.
 */

/** Most characters kept from a title or a name (notice titles are well under 300). */
export const MAX_NAME = 300;
/** Most characters kept from other text (a link, a description). */
export const MAX_TEXT = 2000;
/** Most entries kept from a list (suppliers, lots, CPV codes, places, criteria): it keeps a contract file small. */
export const MAX_ITEMS = 500;
/** Most points to check listed at the top of a file. */
export const MAX_FLAGS = 50;
/** No council contract is worth more than £100bn: a larger amount is a mistake in the notice. */
export const MAX_AMOUNT = 1e11;
/** 100 years, in days and months: no contract runs longer. */
export const MAX_DAYS = 36_525;
export const MAX_MONTHS = 1200;

/** A number as a notice writes it (a JSON number or a string of digits); NaN when it is something else. */
export const numberIn = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN);

/** Why an amount of money cannot be imported, or its value. Infinity (400 digits, 1e400) is over the limit. */
export function checkAmount(v: unknown): { value: number } | { problem: string } | undefined {
  if (v === undefined || v === null) return undefined;
  const n = numberIn(v);
  if (Number.isNaN(n)) return { problem: 'not a number' };
  if (n < 0) return { problem: 'negative' };
  if (!(n <= MAX_AMOUNT)) return { problem: 'over £100bn, more than any real contract' };
  return { value: n };
}
