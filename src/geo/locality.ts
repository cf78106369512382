/**
 * Where a postcode is: its local authority district and region, from the postcode table
 * (see table.ts), as precisely as the table allows, and never a guess where a sector or
 * district is split between authorities.
 */
import { districtOf, findPostcode, normalisePostcode, sectorOf, unitOf } from '../model/postcode.js';
import { compareKeys, currentTable, onTableChange, type PostcodeTable, type Run, type SectorEntry } from './table.js';

export interface Area {
  code: string;
  name: string;
}

/**
 * How the answer was found:
 * - 'postcode': the postcode lies in a run of the source's live postcodes that are all in one
 *   authority, in a sector that is split between authorities;
 * - 'sector': every live postcode of its sector is in one authority (the postcode itself may be
 *   new, or unknown to the source); or, with ambiguous, its sector is split and it is in none of
 *   the runs;
 * - 'district': its sector is not in the table, but its district (outward code) is;
 * - 'none': not a postcode, or neither its sector nor its district is in the table.
 */
export type Resolution = 'postcode' | 'sector' | 'district' | 'none';

export interface Locality {
  /** The postcode, normalised ("LS1 1UR"); empty when none could be read. */
  postcode: string;
  /** Its local authority district (ONS code and name); absent when unknown or ambiguous. */
  authority?: Area;
  /** Its region (England) or nation (Wales, Scotland, Northern Ireland), when known. */
  region?: Area;
  resolution: Resolution;
  /** True when the sector or district spans more than one authority and the postcode cannot be placed in one. */
  ambiguous?: boolean;
  /** With ambiguous: the authorities it could be in, by code. */
  candidates?: Area[];
}

/**
 * The locality of a postcode. Takes a postcode in any case and spacing ("ls11ur"), or failing
 * that reads one from the end of an address (see findPostcode). Reads the table on first use.
 */
export function localityOf(postcode: string): Locality {
  const normalised = normalisePostcode(postcode) ?? findPostcode(postcode);
  if (normalised === undefined) return { postcode: '', resolution: 'none' };
  const { table } = currentTable();
  const entry = sectorEntry(table, sectorOf(normalised));
  if (typeof entry === 'number') return placed(table, normalised, entry, 'sector');
  if (entry !== undefined) {
    const run = runOf(entry, unitOf(normalised));
    if (run) return placed(table, normalised, run[2], 'postcode');
    return unplaced(table, normalised, [...new Set(entry.map((r) => r[2]))], 'sector');
  }
  const inDistrict = districtIndex(table).get(districtOf(normalised));
  if (inDistrict === undefined) return { postcode: normalised, resolution: 'none' };
  if (inDistrict.length === 1) return placed(table, normalised, inDistrict[0] as number, 'district');
  return unplaced(table, normalised, inDistrict, 'district');
}

function sectorEntry(table: PostcodeTable, sector: string): SectorEntry | undefined {
  const sectors = table.sectors;
  let lo = 0;
  let hi = sectors.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const [key, entry] = sectors[mid] as [string, SectorEntry];
    const c = compareKeys(key, sector);
    if (c === 0) return entry;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The run whose units include this one: the last run starting at or before it, if it ends at or after it. */
function runOf(runs: Run[], unit: string): Run | undefined {
  let lo = 0;
  let hi = runs.length - 1;
  let found: Run | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const run = runs[mid] as Run;
    if (compareKeys(run[0], unit) <= 0) {
      found = run;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && compareKeys(unit, found[1]) <= 0 ? found : undefined;
}

function area(table: PostcodeTable, index: number): { authority: Area; region: Area | undefined; regionIndex: number } {
  const [code, name, regionIndex] = table.authorities[index] as [string, string, number];
  const r = regionIndex >= 0 ? table.regions[regionIndex] : undefined;
  return { authority: { code, name }, region: r ? { code: r[0], name: r[1] } : undefined, regionIndex };
}

function placed(table: PostcodeTable, postcode: string, index: number, resolution: Resolution): Locality {
  const { authority, region } = area(table, index);
  return region ? { postcode, authority, region, resolution } : { postcode, authority, resolution };
}

function unplaced(table: PostcodeTable, postcode: string, indexes: number[], resolution: Resolution): Locality {
  const areas = indexes.map((i) => area(table, i)).sort((a, b) => compareKeys(a.authority.code, b.authority.code));
  const regions = new Set(areas.map((a) => a.regionIndex));
  const region = regions.size === 1 ? areas[0]?.region : undefined;
  const candidates = areas.map((a) => a.authority);
  return region ? { postcode, region, resolution, ambiguous: true, candidates } : { postcode, resolution, ambiguous: true, candidates };
}

/** District (outward code) to the authorities of its sectors, built on first need. */
let districts: Map<string, number[]> | undefined;
onTableChange(() => {
  districts = undefined;
});

function districtIndex(table: PostcodeTable): Map<string, number[]> {
  if (districts) return districts;
  const sets = new Map<string, Set<number>>();
  for (const [sector, entry] of table.sectors) {
    const district = sector.slice(0, sector.indexOf(' '));
    let set = sets.get(district);
    if (!set) sets.set(district, (set = new Set()));
    if (typeof entry === 'number') set.add(entry);
    else for (const run of entry) set.add(run[2]);
  }
  districts = new Map([...sets].map(([d, s]) => [d, [...s].sort((a, b) => a - b)]));
  return districts;
}

export interface PostcodeTableInfo {
  /** The file read, or undefined for a table given in memory. */
  file: string | undefined;
  source: PostcodeTable['source'];
  sectors: number;
  splitSectors: number;
  authorities: number;
}

/** What the table in use was built from and how much it covers (reads it if not yet read). */
export function postcodeTableInfo(): PostcodeTableInfo {
  const { table, file } = currentTable();
  return {
    file,
    source: table.source,
    sectors: table.sectors.length,
    splitSectors: table.sectors.filter(([, e]) => typeof e !== 'number').length,
    authorities: table.authorities.length,
  };
}
