/** `kil assess FILE`: read, validate, score, render, write. Only this shell does I/O. */
import { accessSync, constants as fsConstants, existsSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { compareResults, type ComparedSide, type Comparison } from '../../compare/compare.js';
import type { Assessment } from '../../score/result.js';
import type { RubricLibrary } from '../../load/library.js';
import { comparisonWarnings, overallChange } from '../../render/comparison.js';
import { plainText } from '../../render/text.js';
import { FAIL_UNDER_PROVISIONAL, provisionalReason } from '../../render/basis-text.js';
import { renderFailureJson, renderJson } from '../../render/json.js';
import { HTML_REPORT_SECTIONS, renderHtmlReport } from '../../render/html-report.js';
import { REPORT_MARKER, renderReport } from '../../render/report.js';
import { areaChart } from '../../render/svg/chart-areas.js';
import { svgFile } from '../../render/svg/svg.js';
import { renderSummary } from '../../render/summary.js';
import { EXIT } from '../exit-codes.js';
import { assessmentDate, loadLibrary, toolVersion } from '../context.js';
import { chooseRubricFolder, textIfReadable } from '../rubric-choice.js';
import { assessFile, assessText } from '../assess-file.js';
import { CouncilProfiles } from '../council.js';
import { fsError, isDevice, outputConflict, readStreamText, writeOutput } from '../files.js';
import { ASSESS_FORMATS, type AssessFormat } from '../options.js';
import { colourWanted, makePaint } from '../paint.js';
import { parseFailUnder } from '../options.js';
import { shellQuote } from '../shell.js';
import { UserError } from '../user-error.js';

export interface AssessOptions {
  output?: string;
  format: string;
  failUnder?: string;
  rubrics?: string;
  /** A built-in rubric set by id (kil rubric list shows them), instead of the one the file names. */
  rubricSet?: string;
  force?: boolean;
  quiet?: boolean;
  date?: string;
  color: boolean;
  /** Where a new interview saves its answers (kil assess with no file). */
  save?: string;
  /** Interview even when the file is complete, with its answers as defaults. */
  interactive?: boolean;
  /** false with --no-input: never ask. */
  input?: boolean;
  /** The council profile for a contract that names none. */
  council?: string;
  /** An earlier assessment (contract file or JSON result): the report says what changed since. */
  baseline?: string;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdinIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Standard input as a stream of bytes; read with readStreamText (limits and UTF-8 as for files). */
  stdin: () => AsyncIterable<Uint8Array>;
}

/** What messages call a contract read from standard input ("kil assess -"). */
const STDIN_NAME = '<stdin>';

/**
 * Whether a file can be assessed yet, and how many questions it leaves open. A file whose only
 * problems are missing facts can be completed by the interview; any other problem is reported.
 */
function contractStatus(file: string, library: RubricLibrary, councils: CouncilProfiles): { complete: boolean; unanswered: number } {
  try {
    const { assessment } = assessFile(file, library, councils);
    return { complete: true, unanswered: assessment.overall.coverage.unanswered };
  } catch (error) {
    if (!(error instanceof UserError) || !existsSync(file)) throw error;
    const errors = error.diagnostics.filter((d) => d.severity === 'error');
    const onlyMissing = errors.length > 0 && errors.every((d) => d.code === 'missing-field');
    if (!onlyMissing) throw error;
    return { complete: false, unanswered: library.questions.size };
  }
}

/** `x/plan.yaml` -> `x/plan.report.md`: the report sits beside the contract it is about. */
export function defaultReportPath(contractPath: string, format: AssessFormat): string {
  const name = basename(contractPath, extname(contractPath));
  return join(dirname(contractPath), `${name}.report.${format}`);
}

/** `x/plan.report.md` -> `x/plan.report.svg`: the markdown report's chart, beside it. */
export function chartPath(reportPath: string): string {
  return reportPath.replace(/\.md$/i, '') + '.svg';
}

const NEEDS_FILE =
  'kil assess needs a contract file when it cannot ask questions (no terminal, or --no-input). ' +
  'Pass one, e.g. "kil assess examples/community-mental-health.yaml" (write it from docs/contract-file.md or with "kil init"), or run "kil assess" in a terminal to be interviewed';

/** "kil batch a.yaml b.yaml": the command that assesses several files, for the paths given. */
const batchCommand = (paths: readonly string[]): string => `kil batch ${paths.map(shellQuote).join(' ')}`;

/** `kil assess a.yaml b.yaml`: assess takes one file; batch takes several. */
export function severalFiles(paths: readonly string[]): UserError {
  return new UserError(`kil assess takes one contract file, not ${paths.length}; to assess several files, use "${batchCommand(paths)}"`);
}

/** `kil assess folder/`: a folder holds several files, which is kil batch's job. */
function refuseFolder(path: string): void {
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    return; // Missing or unreadable: reading it says so.
  }
  if (folder) throw UserError.at(path, `cannot read it: it is a folder, not a file; to assess several files, use "${batchCommand([path])}"`, 'not-a-file');
}

export async function runAssess(fileArg: string | undefined, opts: AssessOptions, io: Io): Promise<number> {
  const run = checkedOptions(fileArg, opts, io);
  const warn = (line: string) => io.stderr(`${line}\n`);
  // Standard input is read first: the rubric_set it names chooses the rubrics, as a file's does.
  const stdinText = run.fromStdin ? await withFailureJson(run, opts.output ?? '-', io, () => readStreamText(STDIN_NAME, io.stdin())) : undefined;
  const fileNamed =
    stdinText !== undefined ? [{ path: STDIN_NAME, text: () => stdinText }] : fileArg !== undefined ? [{ path: fileArg, text: () => textIfReadable(fileArg) }] : [];
  const library = await loadLibrary(chooseRubricFolder(opts, fileNamed).folder, warn);
  const councils = CouncilProfiles.open(library, run.date, opts.council);
  // Read before any question is asked: a baseline that cannot be used stops kil at once.
  const baseline = opts.baseline === undefined ? undefined : await readBaseline(opts.baseline, library, councils, run.date, warn);
  const chosen = await contractToAssess(fileArg, opts, io, run, library, councils);
  if (typeof chosen === 'number') return chosen; // the interview stopped
  const file = chosen.file;
  // JSON is for scripts, so it goes to stdout unless -o says otherwise; the report goes beside the file.
  const target = opts.output ?? (run.format === 'json' || run.fromStdin ? '-' : defaultReportPath(file, run.format));
  const { assessment, warnings, notes } = await assessInput(file, stdinText, run, target, io, library, councils);
  warnings.forEach(warn);
  for (const note of notes) warn(note.text);
  const since = baseline && compareResults(baseline, { label: file, assessedOn: run.date, result: assessment });
  if (since) for (const w of comparisonWarnings(since)) warn(`warning: ${w}`);
  const inputs = run.fromStdin ? [] : [file];
  const where = writeAssessment(assessment, library, { run, target, inputs, since, force: opts.force }, io);
  if (!opts.quiet) {
    const paint = await makePaint(colourWanted(opts.color, io.env, io.stderrIsTTY), library.bands);
    io.stderr(renderSummary(assessment, paint, where));
    if (since) io.stderr(`Since ${plainText(since.before.label)} (${since.before.assessedOn}): ${overallChange(since)}\n`);
  }
  return exitCode(assessment, run.failUnder, opts.quiet === true, io);
}

/** What the options say, checked before anything is read: a wrong option stops kil at once. */
interface AssessRun {
  fromStdin: boolean;
  canAsk: boolean;
  format: AssessFormat;
  failUnder: number | undefined;
  date: string;
}

function checkedOptions(fileArg: string | undefined, opts: AssessOptions, io: Io): AssessRun {
  const fromStdin = fileArg === '-';
  // A contract read from stdin leaves no terminal to ask in, and no file to save answers to.
  const canAsk = !fromStdin && opts.input !== false && io.stdinIsTTY && io.stderrIsTTY;
  if (fileArg === undefined && !canAsk) throw new UserError(NEEDS_FILE);
  if (opts.interactive && !canAsk) throw new UserError('--interactive needs a terminal to ask questions in (and no --no-input)');
  if (opts.save !== undefined && fileArg !== undefined) throw new UserError('--save is for a new interview; with a contract file the answers go to that file');
  const format = opts.format as AssessFormat;
  if (!ASSESS_FORMATS.includes(format)) throw new UserError(`--format must be ${ASSESS_FORMATS.map((f) => `"${f}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}, not "${opts.format}"`);
  const failUnder = parseFailUnder(opts.failUnder);
  if (fileArg !== undefined && !fromStdin) refuseFolder(fileArg);
  return { fromStdin, canAsk, format, failUnder, date: assessmentDate(opts.date, io.env) };
}

/**
 * The contract file to assess: stdin's name, the file given (after the interview for what it
 * leaves unanswered, in a terminal), or the file a new interview saved. A number: the interview
 * stopped, with this exit code.
 */
async function contractToAssess(fileArg: string | undefined, opts: AssessOptions, io: Io, run: AssessRun, library: RubricLibrary, councils: CouncilProfiles): Promise<{ file: string } | number> {
  if (run.fromStdin) return { file: STDIN_NAME };
  if (fileArg === undefined) {
    if (library.scoredFrom === 'published-facts') throw new UserError(`the rubric set "${library.set?.id}" is scored from published facts only, so there is no interview; assess a contract file, or leave out --rubric-set`);
    // An existing --save file is resumed only if it is a contract file, as "kil assess FILE" checks.
    if (opts.save !== undefined && existsSync(opts.save)) contractStatus(opts.save, library, councils);
    // The interview is loaded only on this path, so scripts do not pay for it at start-up.
    const { newInterview } = await import('../interview/session.js');
    const started = await newInterview(library, opts.save, { say: io.stderr }, { councils, date: run.date });
    return started.stopped ?? { file: started.file };
  }
  // A rubric set scored from published facts reads no answers, so there is nothing to ask.
  if (run.canAsk && library.scoredFrom === 'answers-and-facts') {
    const status = contractStatus(fileArg, library, councils);
    if (opts.interactive || !status.complete || status.unanswered > 0) {
      const { resumeInterview } = await import('../interview/session.js');
      const stopped = await resumeInterview(fileArg, library, { say: io.stderr }, { ...status, interactive: opts.interactive === true, councils, date: run.date });
      if (stopped !== undefined) return stopped;
    }
  }
  return { file: fileArg };
}

function assessInput(file: string, stdinText: string | undefined, run: AssessRun, target: string, io: Io, library: RubricLibrary, councils: CouncilProfiles): Promise<ReturnType<typeof assessFile>> {
  return withFailureJson(run, target, io, () => (stdinText !== undefined ? assessText(STDIN_NAME, stdinText, library, councils) : assessFile(file, library, councils)));
}

/** Reading or assessing the contract: a script reading the JSON gets the problems, with their codes, where the result would be. */
async function withFailureJson<T>(run: AssessRun, target: string, io: Io, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (run.format === 'json' && target === '-' && error instanceof UserError && error.diagnostics.length > 0) io.stdout(renderFailureJson(error.diagnostics));
    throw error;
  }
}

/** Writes the report (and a markdown report's chart) where asked; returns where, for the summary. */
function writeAssessment(
  assessment: Assessment,
  library: RubricLibrary,
  out: { run: AssessRun; target: string; inputs: string[]; since: Comparison | undefined; force: boolean | undefined },
  io: Io,
): string {
  const { run, target, inputs, force } = out;
  const meta = { date: run.date, toolVersion: toolVersion() };
  const extras = out.since ? { since: out.since } : {};
  // A markdown report written to a file gets its chart as an SVG file beside it, shown as an image.
  const chart = run.format === 'md' && target !== '-' && !isDevice(target) ? chartPath(target) : undefined;
  const text =
    run.format === 'json'
      ? renderJson(assessment, meta, extras)
      : run.format === 'html'
        ? renderHtmlReport(assessment, library, meta, HTML_REPORT_SECTIONS, extras)
        : renderReport(assessment, library, meta, { ...extras, ...(chart === undefined ? {} : { chart: basename(chart) }) });
  if (target === '-') {
    io.stdout(text);
    return 'standard output';
  }
  const written = { force, inputs, marker: REPORT_MARKER };
  // The report and its chart are both checked before either is written. The chart goes first: a
  // report is never left pointing at a chart that could not be written (a full disk did that),
  // and a new chart is removed again if the report then cannot be written.
  const conflict = chart === undefined ? undefined : (outputConflict(target, written) ?? outputConflict(chart, written));
  if (conflict !== undefined) throw new UserError(conflict);
  if (chart === undefined) {
    writeOutput(target, text, written);
    return target;
  }
  // A folder that cannot be written is said of the report, the path the person gave, not of its chart.
  try {
    accessSync(dirname(target), fsConstants.W_OK);
  } catch (error) {
    throw fsError(error, target, 'write it', 'cannot-write');
  }
  const newChart = !existsSync(chart);
  writeOutput(chart, svgFile(REPORT_MARKER, areaChart(assessment, library.bands)), written);
  try {
    writeOutput(target, text, written);
  } catch (error) {
    if (newChart) rmSync(chart, { force: true });
    throw error;
  }
  return `${target} (chart: ${chart})`;
}

/** 0, or: too little answered to judge (neither a pass nor a low score, so its own code), or below --fail-under. */
function exitCode(assessment: Assessment, failUnder: number | undefined, quiet: boolean, io: Io): number {
  if (failUnder === undefined) return EXIT.ok;
  if (assessment.overall.provisional) {
    if (!quiet) io.stderr(`provisional: ${provisionalReason(assessment)}; ${FAIL_UNDER_PROVISIONAL}.\n`);
    return EXIT.provisional;
  }
  if (assessment.overall.score < failUnder) {
    if (!quiet) io.stderr(`Score ${assessment.overall.score} is below --fail-under ${failUnder}.\n`);
    return EXIT.belowThreshold;
  }
  return EXIT.ok;
}

/** The baseline of --baseline: a contract file scored now, or a kil JSON result. */
async function readBaseline(path: string, library: RubricLibrary, councils: CouncilProfiles, date: string, warn: (line: string) => void): Promise<ComparedSide> {
  const { readSideFile } = await import('../compared-side.js');
  const read = readSideFile(path, library, councils, date);
  read.warnings.forEach(warn);
  return read.side;
}
