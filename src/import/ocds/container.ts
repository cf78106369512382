/**
 * Reading OCDS JSON: a release package, a record package, an array of releases or one bare
 * release, into releases grouped by contracting process (ocid). Pure.
 */
import type { Diagnostic } from '../../load/diagnostic.js';

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
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

export function readOcds(file: string, text: string): { processes: Process[]; diagnostics: Diagnostic[] } {
  const at = (message: string, line = 1, col = 1): Diagnostic => ({ file, line, col, severity: 'error', message });
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

  if (isObject(data) && Array.isArray(data.records)) {
    if (data.records.length === 0) diagnostics.push(at('the record package has no records'));
    data.records.forEach((record, i) => {
      if (!isObject(record) || typeof record.ocid !== 'string') return void diagnostics.push(at(`records[${i}] has no ocid; skipped`));
      const p = byOcid.get(record.ocid) ?? { ocid: record.ocid, releases: [] };
      if (isObject(record.compiledRelease)) p.compiled = record.compiledRelease;
      if (Array.isArray(record.releases)) for (const r of record.releases) if (isObject(r)) p.releases.push(r);
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

/**
 * One view of a process: the compiledRelease if given, else each field from the newest
 * release (by date) that has it; objects merge field by field, lists are replaced.
 */
export function compileProcess(p: Process): Json {
  if (p.compiled) return p.compiled;
  const ordered = [...p.releases].sort((a, b) => String(a.date ?? '').localeCompare(String(b.date ?? '')));
  return ordered.reduce<Json>((acc, r) => merge(acc, r), {});
}

function merge(older: Json, newer: Json): Json {
  const out: Json = { ...older };
  for (const [key, value] of Object.entries(newer)) {
    if (key === '__proto__' || value === null || value === undefined) continue;
    const prev = out[key];
    out[key] = isObject(prev) && isObject(value) ? merge(prev, value) : value;
  }
  return out;
}
