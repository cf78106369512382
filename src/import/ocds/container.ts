/**
 * Reading OCDS JSON: a release package, a record package, an array of releases or one bare
 * release, into releases grouped by contracting process (ocid). Pure.
 */
import type { Diagnostic } from '../../load/diagnostic.js';
import { instant } from './text.js';

export type Json = Record<string, unknown>;

export interface Process {
  ocid: string;
  /** A record's compiledRelease, when the input had one. */
  compiled?: Json;
  releases: Json[];
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Line and column of a character offset, for JSON syntax errors. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

export function readOcds(file: string, text: string): { processes: Process[]; diagnostics: Diagnostic[] } {
  const at = (message: string, line = 1, col = 1): Diagnostic => ({ file, line, col, severity: 'error', code: 'bad-ocds', message });
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const pos = /position (\d+)/.exec((error as Error).message);
    const { line, col } = pos ? lineCol(text, Number(pos[1])) : { line: 1, col: 1 };
    return { processes: [], diagnostics: [at(`not valid JSON (${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}); an OCDS file is a JSON release or record package`, line, col)] };
  }

  const diagnostics: Diagnostic[] = [];
  const byOcid = new Map<string, Process>();
  const take = (release: unknown, where: string) => {
    if (!isObject(release)) return diagnostics.push(at(`${where} is not a release object; skipped`));
    const ocid = release.ocid;
    if (typeof ocid !== 'string' || ocid.trim() === '') return diagnostics.push(at(`${where} has no ocid, so it cannot be grouped into a contracting process; skipped`));
    const p = byOcid.get(ocid) ?? { ocid, releases: [] };
    p.releases.push(release);
    byOcid.set(ocid, p);
    return undefined;
  };

  if (isObject(data) && 'records' in data && !Array.isArray(data.records)) {
    diagnostics.push(at('"records" is not a list of records; an OCDS record package has "records": [ ... ]'));
  } else if (isObject(data) && 'releases' in data && !Array.isArray(data.releases)) {
    diagnostics.push(at('"releases" is not a list of releases; an OCDS release package has "releases": [ ... ]'));
  } else if (isObject(data) && Array.isArray(data.records)) {
    if (data.records.length === 0) diagnostics.push(at('the record package has no records'));
    data.records.forEach((record, i) => {
      if (!isObject(record)) return void diagnostics.push(at(`records[${i}] is not a record object; skipped`));
      if (typeof record.ocid !== 'string' || record.ocid.trim() === '') return void diagnostics.push(at(`records[${i}] has no ocid; skipped`));
      const p = byOcid.get(record.ocid) ?? { ocid: record.ocid, releases: [] };
      if (isObject(record.compiledRelease)) p.compiled = record.compiledRelease;
      else if (record.compiledRelease !== undefined && record.compiledRelease !== null) diagnostics.push(at(`records[${i}].compiledRelease is not a release object; skipped`));
      if (Array.isArray(record.releases)) {
        record.releases.forEach((r, j) => (isObject(r) ? p.releases.push(r) : diagnostics.push(at(`records[${i}].releases[${j}] is not a release object; skipped`))));
      } else if (record.releases !== undefined && record.releases !== null) diagnostics.push(at(`records[${i}].releases is not a list; skipped`));
      if (!p.compiled && p.releases.length === 0) return void diagnostics.push(at(`records[${i}] has neither a compiledRelease nor releases with content; skipped`));
      byOcid.set(record.ocid, p);
    });
  } else if (isObject(data) && Array.isArray(data.releases)) {
    if (data.releases.length === 0) diagnostics.push(at('the release package has no releases'));
    data.releases.forEach((r, i) => take(r, `releases[${i}]`));
  } else if (Array.isArray(data)) {
    if (data.length === 0) diagnostics.push(at('the array has no releases'));
    data.forEach((r, i) => take(r, `release ${i}`));
  } else if (isObject(data) && ('ocid' in data || 'tender' in data || 'tag' in data)) {
    take(data, 'the release');
  } else {
    diagnostics.push(at('this JSON is not OCDS: it has no releases, records or ocid; give an OCDS release or record package'));
  }
  return { processes: [...byOcid.values()], diagnostics };
}

/** OCDS is about ten levels deep; deeper than this, releases are not merged field by field. */
export const MAX_MERGE_DEPTH = 64;

/**
 * One view of a process: the compiledRelease if given, else each field from the newest
 * release that has it; objects merge field by field, lists are replaced. Releases are ordered
 * by the instant their date stands for; a missing or invalid date counts as oldest, so it never
 * wipes a dated release; ties keep file order. Points to check are added to `notes`.
 */
export function compileProcess(p: Process, notes: string[] = []): Json {
  if (p.compiled) return p.compiled;
  const ordered = p.releases
    .map((release, i) => ({ release, i, t: instant(release.date) ?? -Infinity }))
    .sort((a, b) => (a.t === b.t ? a.i - b.i : a.t < b.t ? -1 : 1));
  const compiled: Json = {};
  // Objects made here may be changed in place; the releases' own objects are copied first.
  const made = new WeakSet<Json>([compiled]);
  const deep: string[] = [];
  for (const { release } of ordered) mergeInto(compiled, release, made, [], deep);
  if (deep.length > 0) notes.push(`the releases are nested more than ${MAX_MERGE_DEPTH} levels deep at ${deep[0]}: the newer release's value is taken whole there, not merged field by field`);
  return compiled;
}

function mergeInto(target: Json, newer: Json, made: WeakSet<Json>, path: string[], deep: string[]): void {
  for (const key of Object.keys(newer)) {
    const value = newer[key];
    if (key === '__proto__' || value === null || value === undefined) continue;
    const prev = Object.hasOwn(target, key) ? target[key] : undefined;
    if (!isObject(prev) || !isObject(value)) {
      target[key] = value;
    } else if (path.length + 1 >= MAX_MERGE_DEPTH) {
      // No input needs this; stopping keeps the stack small whatever the nesting.
      if (deep.length === 0) deep.push(`${[...path, key].slice(0, 6).map((k) => k.slice(0, 30)).join('.')}…`);
      target[key] = value;
    } else {
      let into = prev;
      if (!made.has(prev)) {
        into = { ...prev };
        made.add(into);
        target[key] = into;
      }
      mergeInto(into, value, made, [...path, key], deep);
    }
  }
}
