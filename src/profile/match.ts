/** Finding the buyers `--buyer` names: by name or key, exactly, else every buyer whose key contains it. Pure. */
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
    .map((b) => ({ b, d: distance(key, b.key) }))
    .sort((x, y) => x.d - y.d || (x.b.key < y.b.key ? -1 : x.b.key > y.b.key ? 1 : 0))
    .slice(0, n)
    .map((x) => x.b);
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}
