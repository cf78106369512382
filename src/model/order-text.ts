/**
 * Comparing text the same way on every machine. Sorting: by UTF-16 code unit, as `<` compares strings
 * (and as `Array.prototype.sort` does with no comparator), never by the locale's collation
 * (`localeCompare`), so output is the same everywhere. Code unit order is code point order except
 * that characters beyond U+FFFF (written as surrogate pairs) sort before U+E000 to U+FFFF.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Levenshtein distance between two strings (insertions, deletions and substitutions), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return prev[b.length]!;
}
