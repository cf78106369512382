/** `kil rubric list | show | validate`. */
import { formatDiagnostic, type Diagnostic } from '../../load/diagnostic.js';
import { loadRubricFile, loadRubricLibrary } from '../../load/rubrics.js';
import { listOf, nearestName } from '../../load/suggest.js';
import { renderRubric, renderRubricList } from '../../render/rubric-text.js';
import { DEFAULT_RUBRICS_DIR, loadLibrary } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { readTextFile } from '../files.js';
import { readRubricFolder } from '../rubric-folder.js';
import { UserError } from '../user-error.js';
import type { Io } from './assess.js';

export async function runRubricList(opts: { rubrics?: string }, io: Io): Promise<number> {
  io.stdout(renderRubricList(await loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`))));
  return EXIT.ok;
}

export async function runRubricShow(id: string | undefined, opts: { rubrics?: string }, io: Io): Promise<number> {
  const library = await loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`));
  const ids = library.rubrics.map((r) => r.rubric.id);
  const chosen = id === undefined ? library.rubrics : library.rubrics.filter((r) => r.rubric.id === id);
  if (chosen.length === 0) {
    const hint = nearestName(id!, ids);
    throw new UserError(`no rubric "${id}"; ${hint ? `did you mean "${hint}"?` : `the rubrics are ${listOf(ids)}`}`);
  }
  io.stdout(chosen.map((r) => renderRubric(r.rubric)).join('\n'));
  return EXIT.ok;
}

/** With files, each is checked on its own; without, the whole rubric folder is checked together. */
export function runRubricValidate(files: string[], opts: { rubrics?: string }, io: Io): number {
  const diagnostics: Diagnostic[] = [];
  const unreadable: string[] = [];
  let checked: number;
  if (files.length === 0) {
    const sources = readRubricFolder(opts.rubrics ?? DEFAULT_RUBRICS_DIR);
    checked = sources.length;
    diagnostics.push(...loadRubricLibrary(sources).diagnostics);
  } else {
    checked = files.length;
    for (const file of files) {
      try {
        diagnostics.push(...loadRubricFile({ file, text: readTextFile(file) }).diagnostics);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        io.stderr(`${error.message}\n`);
        unreadable.push(file);
      }
    }
  }
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const failed = new Set([...unreadable, ...diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)]).size;
  const plural = checked === 1 ? '' : 's';
  io.stderr(failed > 0 ? `${failed} of ${checked} file${plural} have errors.\n` : `${checked} file${plural} valid.\n`);
  return failed > 0 ? EXIT.input : EXIT.ok;
}

/**
 * `kil rubric check`: the validity properties on a rubric folder. Exit 0 when all hold, 1 when
 * one fails (with a counterexample on stdout), 2 when the folder itself is broken.
 */
export async function runRubricCheck(opts: { rubrics?: string; runs?: string; seed?: string; only?: string[] }, io: Io): Promise<number> {
  const runs = wholeNumber('--runs', opts.runs ?? '1000', 1);
  const seed = wholeNumber('--seed', opts.seed ?? '20261122', 0);
  const library = await loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`));
  const { checkRubricProperties, propertyList } = await import('../../validity/properties.js');
  const known = propertyList().map((p) => p.id);
  for (const id of opts.only ?? []) {
    if (!known.includes(id)) {
      const hint = nearestName(id, known);
      throw new UserError(`no property "${id}"; ${hint ? `did you mean "${hint}"?` : `the properties are ${listOf(known)}`}`);
    }
  }
  const { renderPropertyResults } = await import('../../render/property-report.js');
  io.stderr(`Checking ${opts.only?.length ?? known.length} properties with ${runs} generated contracts each...\n`);
  const results = checkRubricProperties(library, { runs, seed, ...(opts.only ? { only: opts.only } : {}) });
  io.stdout(renderPropertyResults(results, opts.rubrics ?? 'the built-in rubrics'));
  return results.every((r) => r.passed) ? EXIT.ok : EXIT.propertyFails;
}

function wholeNumber(option: string, raw: string, min: number): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new UserError(`${option} must be a whole number of at least ${min}, not "${raw}"`);
  return n;
}
