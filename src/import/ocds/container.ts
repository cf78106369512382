/**
 * Reading OCDS JSON: a release package, a record package, an array of releases or one bare
 * release, into releases grouped by contracting process (ocid). Pure.
 */
import type { Diagnostic } from '../../load/diagnostic.js';
import { ProcessGroups, type Process } from './group.js';
import { isObject, takeValue, type Json } from './items.js';
import { instant } from './text.js';

export type { Json } from './items.js';
export type { Process } from './group.js';

/** Line and column of a character offset, for JSON syntax errors. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** JSON.parse's complaint without its position (kil gives line and column instead). */
export const jsonProblem = (error: unknown): string => (error as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '');

/** A whole OCDS file already in memory: parsed at once, grouped by process. */
export function readOcds(file: string, text: string): { processes: Process[]; diagnostics: Diagnostic[] } {
  const at = (message: string, line = 1, col = 1): Diagnostic => ({ file, line, col, severity: 'error', code: 'bad-ocds', message });
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const pos = /position (\d+)/.exec((error as Error).message);
    const { line, col } = pos ? lineCol(text, Number(pos[1])) : { line: 1, col: 1 };
    return { processes: [], diagnostics: [at(`not valid JSON (${jsonProblem(error)}); an OCDS file is a JSON release or record package`, line, col)] };
  }
  const diagnostics: Diagnostic[] = [];
  const groups = new ProcessGroups();
  takeValue(data, { item: (item) => groups.add(item, file), problem: (message) => void diagnostics.push(at(message)) });
  return { processes: groups.processes(), diagnostics };
}

/** OCDS is about ten levels deep; deeper than this, releases are not merged field by field. */
export const MAX_MERGE_DEPTH = 64;

/**
 * One view of a process: the compiledRelease if given, else each field from the newest
 * release that has it; objects merge field by field, lists are replaced. Releases are ordered
 * by the instant their date stands for; a missing or invalid date counts as oldest, so it never
 * wipes a dated release; ties keep file order. Points to check are added to `notes`.
 */
export function compileProcess(p: Pick<Process, 'ocid' | 'compiled' | 'releases'>, notes: string[] = []): Json {
  if (p.compiled) return p.compiled;
  const ordered = p.releases
    .map((release, i) => ({ release, i, t: instant(release.date) ?? -Infinity }))
    .sort((a, b) => (a.t === b.t ? a.i - b.i : a.t < b.t ? -1 : 1));
  const compiled: Json = {};
  // Objects made here may be changed in place; the releases' own objects are copied first.
  const made = new WeakSet<Json>([compiled]);
  const deep: string[] = [];
  const path: string[] = [];
  for (const { release } of ordered) mergeInto(compiled, release, made, path, deep);
  if (deep.length > 0) notes.push(`the releases are nested more than ${MAX_MERGE_DEPTH} levels deep at ${deep[0]}: the newer release's value is taken whole there, not merged field by field`);
  return compiled;
}

/** `path`: the keys down to `target`, one array pushed and popped on the way (not one a level). */
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
      path.push(key);
      mergeInto(into, value, made, path, deep);
      path.pop();
    }
  }
}
