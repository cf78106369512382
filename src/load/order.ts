/**
 * Sorting that does not depend on the machine: by UTF-16 code unit, as `<` compares strings,
 * never by the locale's collation (`localeCompare`), so output is the same everywhere.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
