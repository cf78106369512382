/**
 * Which rubric folder assesses a contract: `--rubrics DIR` when given, else the built-in set
 * `--rubric-set ID` names, else the one the contract file names (`rubric_set:`, which kil import
 * ocds writes), else kil's own Keep it Local set. Built-in sets are kil's rubric folder and each
 * of its subfolders with a set.yaml (rubrics/published-record/).
 *
 * The file's `rubric_set:` is read from its text before the rubrics load, since the rubrics decide
 * how the file is read: the line as kil writes it without parsing, any other spelling by parsing
 * (namedRubricSet). Standard input is read first for the same reason (kil assess -, kil compare).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyNodeAt, parseYamlSource, positionOf } from '../load/yaml-source.js';
import { cutText } from '../import/ocds/text.js';
import { plainText } from '../render/text.js';
import { DEFAULT_RUBRICS_DIR } from './context.js';
import { readHead, readTextFile } from './files.js';
import { UserError } from './user-error.js';

/** A contract file's text for choosing its rubrics, or undefined when it cannot be read (reading it later says why). */
export function textIfReadable(path: string): string | undefined {
  // The head is enough for a file kil writes (rubric_set comes after the header); a long
  // hand-written file without the line there is read whole, with the contract's guarded read.
  const head = readHead(path, HEAD_BYTES);
  if (head === undefined) return undefined;
  if (head.whole) return head.text;
  // Whole lines only: a line cut at the end of the head could read as a shorter id.
  const lines = head.text.slice(0, head.text.lastIndexOf('\n') + 1);
  if (rubricSetLine(lines) !== undefined) return lines;
  try {
    return readTextFile(path);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return undefined;
  }
}

/** How much of each file is read to find its rubric_set line: a batch reads every file twice otherwise. */
const HEAD_BYTES = 64 * 1024;

/** A top-level `rubric_set: id` line, as kil writes it (quotes and a trailing comment allowed). */
const RUBRIC_SET_LINE = /^rubric_set:[ \t]*(["']?)([^\s"'#]+)\1[ \t]*(?:#.*)?$/m;

/** The `rubric_set: id` line as kil writes it, and the line it is on; undefined when there is none such. */
function rubricSetLine(text: string): { id: string; line: number } | undefined {
  const m = RUBRIC_SET_LINE.exec(text);
  if (!m) return undefined;
  return { id: m[2]!, line: text.slice(0, m.index).split('\n').length };
}

/**
 * The rubric set a contract file's text names, and the line it is on; undefined when none. The
 * line as kil writes it is found without parsing; any other spelling YAML allows (a quoted key,
 * a tag, an anchor, a file written as JSON) is read by parsing the file, so that the file is never
 * assessed on a set other than the one it names. Text that does not parse names none here: loading
 * the contract reports why.
 */
export function namedRubricSet(text: string): { id: string; line: number } | undefined {
  const line = rubricSetLine(text);
  // Parsed only where a key could be: the import's header names "the rubric_set line" in a comment,
  // and a file whose line was removed as it says must not be parsed twice in every batch.
  if (line !== undefined || !/rubric_set["']?\s*:/.test(text)) return line;
  const parsed = parseYamlSource('', text);
  if (!parsed.ok) return undefined;
  const { data } = parsed.source;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Object.hasOwn(data, 'rubric_set')) return undefined;
  const id = (data as Record<string, unknown>).rubric_set;
  // Anything but text (a list, a number) is refused by the contract's own check when it loads.
  if (typeof id !== 'string' || id === '') return undefined;
  return { id, line: positionOf(parsed.source, keyNodeAt(parsed.source, [], 'rubric_set')).line };
}

const setIdOf = (folder: string): string | undefined => {
  try {
    return /^id:[ \t]*["']?([^\s"'#]+)/m.exec(readFileSync(join(folder, 'set.yaml'), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
};

/** kil's own rubric sets, by id: the default folder's, then each subfolder's. */
export function builtInRubricSets(): Map<string, string> {
  const sets = new Map<string, string>();
  const own = setIdOf(DEFAULT_RUBRICS_DIR);
  if (own) sets.set(own, DEFAULT_RUBRICS_DIR);
  for (const entry of readdirSync(DEFAULT_RUBRICS_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(DEFAULT_RUBRICS_DIR, entry.name);
    const id = existsSync(join(folder, 'set.yaml')) ? setIdOf(folder) : undefined;
    if (id && !sets.has(id)) sets.set(id, folder);
  }
  return sets;
}

/** The built-in folder of a set id; a message naming `where` (the flag, or file:line) when there is none. */
export function builtInRubricFolder(id: string, where: string): string {
  const sets = builtInRubricSets();
  const folder = sets.get(id);
  if (folder) return folder;
  throw new UserError(`${where}: "${plainText(id)}" is not one of kil's rubric sets (${[...sets.keys()].join(', ')}); name one of them, or give a rubric folder with --rubrics DIR`);
}

export interface RubricChoice {
  /** The folder to load: undefined for kil's own default. */
  folder: string | undefined;
  /** The set the contracts named, when that decided it. */
  namedBy?: string;
}

/** A council profile's top-level kind line: such a file is not a contract and names no rubric set. */
const COUNCIL_PROFILE = /^kind:[ \t]*["']?council["']?[ \t]*(#.*)?$/m;

/**
 * The folder for contracts whose texts are given (a file, or a batch's files): the flags first;
 * then the set the files name, which must be one set for all of them (a portfolio on two sets
 * would add up scores that measure different things).
 */
export function chooseRubricFolder(opts: { rubrics?: string; rubricSet?: string }, files: readonly { path: string; text: () => string | undefined }[]): RubricChoice {
  if (opts.rubrics !== undefined) return { folder: opts.rubrics };
  if (opts.rubricSet !== undefined) return { folder: builtInRubricFolder(opts.rubricSet, '--rubric-set') };
  const bySet = new Map<string, { count: number; first: string; line: number }>();
  for (const f of files) {
    const text = f.text();
    if (text === undefined) continue; // unreadable: reading it later says why
    if (COUNCIL_PROFILE.test(text)) continue; // skipped by the batch, so not one of the contracts counted here
    const named = namedRubricSet(text);
    const id = named?.id ?? '';
    const seen = bySet.get(id);
    if (seen) seen.count++;
    else bySet.set(id, { count: 1, first: f.path, line: named?.line ?? 1 });
  }
  const sets = builtInRubricSets();
  const defaultId = [...sets.keys()][0] ?? 'keep-it-local';
  // A file naming kil's own set is the same as one naming none.
  const own = bySet.get(defaultId);
  const none = bySet.get('');
  if (own && none) {
    none.count += own.count;
    bySet.delete(defaultId);
  } else if (own) {
    bySet.set('', own);
    bySet.delete(defaultId);
  }
  if (bySet.size > 1) {
    const list = [...bySet.entries()].map(([id, s]) => `${s.count} on ${id || defaultId} (the first ${plainText(s.first)})`);
    throw UserError.fromDiagnostics([
      {
        file: [...bySet.values()][1]!.first,
        line: [...bySet.values()][1]!.line,
        col: 1,
        severity: 'error',
        code: 'mixed-rubric-sets',
        message: `these contract files are on different rubric sets: ${list.join('; ')}; scores on different sets measure different things, so assess each set in its own run, or put them all on one with --rubric-set ID`,
      },
    ]);
  }
  const [id, where] = [...bySet.entries()][0] ?? ['', undefined];
  if (!id || !where) return { folder: undefined };
  const folder = sets.get(id);
  if (!folder) {
    throw UserError.fromDiagnostics([
      {
        file: where.first,
        line: where.line,
        col: 1,
        severity: 'error',
        code: 'unknown-rubric-set',
        // Cut: the line is the file's, and may be thousands of characters long.
        message: `rubric_set: "${cutText(plainText(id), 60)}" is not one of kil's rubric sets (${[...sets.keys()].join(', ')}); correct it, remove the line for ${defaultId}, or assess with --rubrics DIR`,
      },
    ]);
  }
  return { folder: folder === DEFAULT_RUBRICS_DIR ? undefined : folder, namedBy: id };
}
