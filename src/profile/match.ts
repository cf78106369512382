/** Finding the buyers `--buyer` names: by name or key, exactly, else every buyer whose key contains it. Pure. */
import { byCodeUnit, editDistance } from '../model/order-text.js';
import { buyerKey } from './kind.js';

export interface Named {
  name: string;
  key: string;
}

/** The buyers the text names: an exact name or key, else those whose key contains its key; none when nothing matches. */
export function matchBuyers<T extends Named>(buyers: readonly T[], wanted: string): T[] {
  const key = buyerKey(wanted);
  const exact = buyers.filter((b) => b.key === key || b.name.toLowerCase() === wanted.trim().toLowerCase());
  if (exact.length > 0) return exact;
  if (key === '') return [];
  return buyers.filter((b) => b.key.includes(key));
}

/** The names nearest to the text (by edit distance between keys), nearest first, at most `n`. */
export function nearestBuyers<T extends Named>(buyers: readonly T[], wanted: string, n = 3): T[] {
  const key = buyerKey(wanted);
  return buyers
    .map((b) => ({ b, d: editDistance(key, b.key) }))
    .sort((x, y) => x.d - y.d || byCodeUnit(x.b.key, y.b.key))
    .slice(0, n)
    .map((x) => x.b);
}
