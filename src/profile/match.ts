/** Finding the buyers `--buyer` names: by name, key or identifier, exactly, else every buyer whose key contains it. Pure. */
import { byCodeUnit, editDistance } from '../model/order-text.js';
import { buyerKey } from './kind.js';

export interface Named {
  name: string;
  key: string;
  /** Other spellings of the buyer's name. */
  alsoNamed?: readonly string[];
  /** Registered identifiers ("GB-SRS-…"). */
  identifiers?: readonly string[];
}

/**
 * The buyers the text names: an exact name (any of its spellings), key or registered identifier,
 * else those whose key contains its key; none when nothing matches.
 */
export function matchBuyers<T extends Named>(buyers: readonly T[], wanted: string): T[] {
  const key = buyerKey(wanted);
  const text = wanted.trim().toLowerCase();
  const exact = buyers.filter(
    (b) => b.key === key || [b.name, ...(b.alsoNamed ?? [])].some((n) => n.toLowerCase() === text || (key !== '' && buyerKey(n) === key)) || (b.identifiers ?? []).some((id) => id.toLowerCase() === text),
  );
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
