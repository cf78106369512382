/**
 * Sorting text that does not depend on the machine: by UTF-16 code unit, as `<` compares strings
 * (and as `Array.prototype.sort` does with no comparator), never by the locale's collation
 * (`localeCompare`), so output is the same everywhere. Code unit order is code point order except
 * that characters beyond U+FFFF (written as surrogate pairs) sort before U+E000 to U+FFFF.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
