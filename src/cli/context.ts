/** What every command needs from its surroundings: kil's version, rubric folder and today's date. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../load/diagnostic.js';
import type { RubricLibrary } from '../load/library.js';
import { readRubricFolder } from './rubric-folder.js';
import { libraryFromSnapshot } from './rubric-snapshot.js';
import { UserError } from './user-error.js';

/** The package root, from dist/cli/, dist/bin/ (the bundle) or src/cli/: all two levels down. */
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The JSON Schemas the build writes into the package (see scripts/build.mjs). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export const DEFAULT_RUBRICS_DIR = fileURLToPath(new URL('../../rubrics/', import.meta.url)).replace(/\/$/, '');

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { version: string };
  return pkg.version;
}

/** Where the build puts the snapshot of the built-in rubrics (see rubric-snapshot.ts). */
export const RUBRIC_SNAPSHOT = fileURLToPath(new URL('../../dist/rubrics.snapshot.json', import.meta.url));

/** Load and validate a rubric folder; a broken rubric stops everything (exit 2). */
export async function loadLibrary(dir: string | undefined, warn: (line: string) => void): Promise<RubricLibrary> {
  const sources = readRubricFolder(dir ?? DEFAULT_RUBRICS_DIR);
  const snapshotted = libraryFromSnapshot(RUBRIC_SNAPSHOT, sources);
  if (snapshotted) return snapshotted;
  // Only now load the rubric schemas and loader: the snapshot spares most runs the cost.
  const { loadRubricLibrary } = await import('../load/rubrics.js');
  const { library, diagnostics } = loadRubricLibrary(sources);
  if (!library) throw UserError.fromDiagnostics(diagnostics);
  for (const d of diagnostics) warn(formatDiagnostic(d));
  return library;
}

/** The first second of the year 10000: a report date is a plain four-digit year, 1970 to 9999. */
const YEAR_10000 = 253402300800;

/** The assessment date: --date, else SOURCE_DATE_EPOCH (reproducible builds), else today (UTC). */
export function assessmentDate(flag: string | undefined, env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): string {
  if (flag !== undefined) {
    const d = new Date(`${flag}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(flag) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== flag || flag < '1970-01-01') {
      throw new UserError(`--date must be a real date from 1970-01-01 to 9999-12-31 written YYYY-MM-DD, not "${flag}"`);
    }
    return flag;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    // Digits only, and compared as text first: a huge number would not survive Number().
    if (!/^\d{1,12}$/.test(epoch) || Number(epoch) >= YEAR_10000) {
      throw new UserError(`SOURCE_DATE_EPOCH must be whole seconds since 1970 giving a date up to 9999-12-31 (at most ${YEAR_10000 - 1}), not "${epoch}"`);
    }
    return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  }
  return now().toISOString().slice(0, 10);
}
