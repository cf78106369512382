/**
 * What one parsed JSON value holds, as OCDS: the releases and records of a release package, a
 * record package, an array of releases or one bare release, each handed on as an item with its
 * ocid. Pure. The same rules serve a whole file, a line of JSON Lines and, for a file read as a
 * stream, each element of its `releases` or `records` list.
 */
export type Json = Record<string, unknown>;

/** One release, or one record (its compiledRelease and releases), of one contracting process. */
export interface OcdsItem {
  ocid: string;
  releases: Json[];
  /** A record's compiledRelease, when the input had one. */
  compiled?: Json;
}

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface ItemSink {
  item(item: OcdsItem): void;
  /** Something skipped or wrong, said in words that name where (`where` is the caller's prefix). */
  problem(message: string): void;
}

/** A release found at `where` ("releases[3]", "release 2", "the release"). */
export function takeRelease(release: unknown, where: string, sink: ItemSink): void {
  if (!isObject(release)) return sink.problem(`${where} is not a release object; skipped`);
  const ocid = release.ocid;
  if (typeof ocid !== 'string' || ocid.trim() === '') return sink.problem(`${where} has no ocid, so it cannot be grouped into a contracting process; skipped`);
  sink.item({ ocid, releases: [release] });
}

/** A record found at `where` ("records[3]"). */
export function takeRecord(record: unknown, where: string, sink: ItemSink): void {
  if (!isObject(record)) return sink.problem(`${where} is not a record object; skipped`);
  if (typeof record.ocid !== 'string' || record.ocid.trim() === '') return sink.problem(`${where} has no ocid; skipped`);
  const item: OcdsItem = { ocid: record.ocid, releases: [] };
  if (isObject(record.compiledRelease)) item.compiled = record.compiledRelease;
  else if (record.compiledRelease !== undefined && record.compiledRelease !== null) sink.problem(`${where}.compiledRelease is not a release object; skipped`);
  if (Array.isArray(record.releases)) {
    record.releases.forEach((r, j) => (isObject(r) ? item.releases.push(r) : sink.problem(`${where}.releases[${j}] is not a release object; skipped`)));
  } else if (record.releases !== undefined && record.releases !== null) sink.problem(`${where}.releases is not a list; skipped`);
  if (!item.compiled && item.releases.length === 0) return sink.problem(`${where} has neither a compiledRelease nor releases with content; skipped`);
  sink.item(item);
}

/** Every release and record in a whole JSON value. */
export function takeValue(data: unknown, sink: ItemSink): void {
  if (isObject(data) && 'records' in data && !Array.isArray(data.records)) {
    sink.problem('"records" is not a list of records; an OCDS record package has "records": [ ... ]');
  } else if (isObject(data) && 'releases' in data && !Array.isArray(data.releases)) {
    sink.problem('"releases" is not a list of releases; an OCDS release package has "releases": [ ... ]');
  } else if (isObject(data) && Array.isArray(data.records)) {
    if (data.records.length === 0) sink.problem('the record package has no records');
    data.records.forEach((record, i) => takeRecord(record, `records[${i}]`, sink));
  } else if (isObject(data) && Array.isArray(data.releases)) {
    if (data.releases.length === 0) sink.problem('the release package has no releases');
    data.releases.forEach((r, i) => takeRelease(r, `releases[${i}]`, sink));
  } else if (Array.isArray(data)) {
    if (data.length === 0) sink.problem('the array has no releases');
    data.forEach((r, i) => takeRelease(r, `release ${i}`, sink));
  } else if (isObject(data) && ('ocid' in data || 'tender' in data || 'tag' in data)) {
    takeRelease(data, 'the release', sink);
  } else {
    sink.problem('this JSON is not OCDS: it has no releases, records or ocid; give an OCDS release or record package');
  }
}
