/**
 * The postcode table shipped in the package (data/postcode-localities.json, written by
 * scripts/build-postcode-table.mjs), read once, when the first lookup needs it.
 *
 * Format (version 1), one JSON object:
 *   regions:     [[code, name], ...]                  English regions, and the other nations
 *   authorities: [[code, name, regionIndex], ...]     local authority districts; -1: no region
 *   sectors:     [[sector, entry], ...]               sorted by sector, no sector twice
 * An entry is either one authority index (every live postcode of the sector is in that
 * authority) or, for a sector split between authorities, the sector's live postcodes as runs
 * [firstUnit, lastUnit, authorityIndex]: the units ("AA".."ZZ") in order, each run the postcodes
 * from its first to its last unit, all in one authority, the runs in order and not overlapping.
 * A unit between two runs (a postcode the source does not list) is in neither.
 *
 * KIL_POSTCODE_TABLE names another table file of the same format, such as one a user built
 * from the full ONS Postcode Directory (see data/POSTCODE-DATA-LICENCE.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Run = [first: string, last: string, authority: number];
export type SectorEntry = number | Run[];

export interface TableSource {
  /** What the table was built from, e.g. "ONS Postcode Directory (ONSPD) May 2025". */
  name: string;
  /** True for the small hand-made sample shipped until the real table is built. */
  sample: boolean;
  licence: string;
  attribution: string[];
  note?: string;
}

export interface PostcodeTable {
  format: 'kil-postcode-localities';
  version: 1;
  source: TableSource;
  regions: [code: string, name: string][];
  authorities: [code: string, name: string, region: number][];
  sectors: [sector: string, entry: SectorEntry][];
}

/** The shipped table: the package root is two folders up from src/geo/, dist/geo/ and dist/bin/. */
export const SHIPPED_TABLE = fileURLToPath(new URL('../../data/postcode-localities.json', import.meta.url));

const UNIT = /^[A-Z]{2}$/;
const GSS = /^[A-Z][0-9]{8}$/;
const SECTOR = /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9]$/;

/** Code-unit order, the table's sort order (the same in every locale). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What is wrong with a table, in words; empty when nothing is. Linear in the table's size. */
export function checkTable(value: unknown): string[] {
  const problems: string[] = [];
  const t = value as Partial<PostcodeTable> | null;
  if (!t || typeof t !== 'object') return ['the table is not a JSON object'];
  if (t.format !== 'kil-postcode-localities' || t.version !== 1) return ['the table is not a kil-postcode-localities table of version 1'];
  if (!t.source || typeof t.source.name !== 'string' || typeof t.source.sample !== 'boolean') problems.push('the table does not say what it was built from');
  if (!Array.isArray(t.regions) || !Array.isArray(t.authorities) || !Array.isArray(t.sectors)) return [...problems, 'the table lacks regions, authorities or sectors'];
  t.regions.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== 2 || !GSS.test(String(r[0])) || typeof r[1] !== 'string' || r[1] === '') problems.push(`region ${i} is not [code, name]`);
  });
  const regionCount = t.regions.length;
  const authorityCount = t.authorities.length;
  const codes = new Set<string>();
  t.authorities.forEach((a, i) => {
    if (!Array.isArray(a) || a.length !== 3 || !GSS.test(String(a[0])) || typeof a[1] !== 'string' || a[1] === '') problems.push(`authority ${i} is not [code, name, region]`);
    else if (!Number.isInteger(a[2]) || a[2] < -1 || a[2] >= regionCount) problems.push(`authority ${i} (${a[0]}) names region ${a[2]}, which is not in the table`);
    if (Array.isArray(a) && codes.has(String(a[0]))) problems.push(`authority ${a[0]} is in the table twice`);
    if (Array.isArray(a)) codes.add(String(a[0]));
  });
  const validAuthority = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0 && (n as number) < authorityCount;
  let previous: string | undefined;
  for (const [i, s] of t.sectors.entries()) {
    if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string' || !SECTOR.test(s[0])) {
      problems.push(`sector entry ${i} is not [sector, entry]`);
      continue;
    }
    const [sector, entry] = s;
    if (previous !== undefined && compareKeys(previous, sector) >= 0) problems.push(`sector ${sector} is out of order or repeated (after ${previous})`);
    previous = sector;
    if (typeof entry === 'number') {
      if (!validAuthority(entry)) problems.push(`sector ${sector} names authority ${entry}, which is not in the table`);
      continue;
    }
    if (!Array.isArray(entry) || entry.length < 2) {
      problems.push(`sector ${sector} is neither one authority nor a list of two or more runs`);
      continue;
    }
    let lastUnit: string | undefined;
    const inSector = new Set<number>();
    for (const run of entry) {
      if (!Array.isArray(run) || run.length !== 3 || !UNIT.test(String(run[0])) || !UNIT.test(String(run[1]))) {
        problems.push(`sector ${sector} has a run that is not [first, last, authority]`);
        continue;
      }
      const [first, last, authority] = run;
      if (compareKeys(first, last) > 0) problems.push(`sector ${sector}: run ${first}-${last} ends before it starts`);
      if (lastUnit !== undefined && compareKeys(lastUnit, first) >= 0) problems.push(`sector ${sector}: run ${first}-${last} overlaps or precedes the run before it`);
      lastUnit = last;
      if (!validAuthority(authority)) problems.push(`sector ${sector}: run ${first}-${last} names authority ${authority}, which is not in the table`);
      inSector.add(authority);
    }
    if (inSector.size < 2) problems.push(`sector ${sector} is listed as split but all its runs are in one authority`);
  }
  return problems;
}

let override: { file: string } | { table: PostcodeTable } | undefined;
let loaded: { table: PostcodeTable; file: string | undefined } | undefined;

/** The table file in use: KIL_POSTCODE_TABLE, or the one shipped in the package. */
export function tableFile(): string {
  const env = process.env.KIL_POSTCODE_TABLE;
  return env && env.trim() !== '' ? env : SHIPPED_TABLE;
}

/** Parse and check a table's text; a broken table throws, naming its file. */
export function parseTable(text: string, file: string): PostcodeTable {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: the postcode table is not valid JSON (${(e as Error).message})`);
  }
  const problems = checkTable(value);
  if (problems.length > 0) throw new Error(`${file}: the postcode table is broken: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  return value as PostcodeTable;
}

/** The table, read on first use and kept. */
export function currentTable(): { table: PostcodeTable; file: string | undefined } {
  if (loaded) return loaded;
  if (override && 'table' in override) return (loaded = { table: override.table, file: undefined });
  const file = override ? override.file : tableFile();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: the postcode table cannot be read (${(e as Error).message})`);
  }
  return (loaded = { table: parseTable(text, file), file });
}

/**
 * Use another table from now on (a file, or a table already in memory), or with undefined go
 * back to the default (KIL_POSTCODE_TABLE or the shipped one). Nothing is read until a lookup.
 */
export function usePostcodeTable(source: string | PostcodeTable | undefined): void {
  if (source !== undefined) {
    const problems = typeof source === 'string' ? [] : checkTable(source);
    if (problems.length > 0) throw new Error(`the postcode table is broken: ${problems.slice(0, 5).join('; ')}`);
  }
  override = source === undefined ? undefined : typeof source === 'string' ? { file: source } : { table: source };
  loaded = undefined;
  resetIndexes();
}

const resetHooks: (() => void)[] = [];
/** Let a module that derives indexes from the table drop them when the table changes. */
export function onTableChange(hook: () => void): void {
  resetHooks.push(hook);
}
function resetIndexes(): void {
  for (const hook of resetHooks) hook();
}
