/**
 * `kil batch PATH...`: assess many contract files. A bad file never stops the batch; results
 * stream (CSV rows as they come, compact rows kept for the portfolio, never whole reports).
 */
import type { RubricLibrary } from '../../load/library.js';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ContractRow } from '../../portfolio/contract-row.js';
import type { PortfolioMovement } from '../../portfolio/movement.js';
import { PortfolioAccumulator, type Portfolio } from '../../portfolio/portfolio.js';
import { reportFileName } from '../../portfolio/report-name.js';
import { FAIL_UNDER_PROVISIONAL, provisionalWords } from '../../render/basis-text.js';
import { csvHeader } from '../../render/csv.js';
import { portfolioJsonChunks, portfolioMarkdownChunks, portfolioTableChunks } from '../../render/portfolio.js';
import { PORTFOLIO_HTML_SECTIONS, portfolioHtmlChunks } from '../../render/portfolio-html.js';
import { bandsChart } from '../../render/svg/chart-bands.js';
import { heatmapChart } from '../../render/svg/chart-heatmap.js';
import { svgFile } from '../../render/svg/svg.js';
import { REPORT_MARKER, type ReportMeta } from '../../render/report.js';
import { plainText, visiblePath } from '../../render/text.js';
import { jobContext, processChunk, type FileJob, type FileResult, type JobSettings, type RowText } from '../batch-file.js';
import { listContractFiles } from '../batch-inputs.js';
import { PROVISIONAL_BAND, UNPUBLISHED_BAND } from '../../score/result.js';
import { assessmentDate, loadLibrary, toolVersion } from '../context.js';
import { chooseRubricFolder, textIfReadable } from '../rubric-choice.js';
import { CouncilProfiles } from '../council.js';
import { coresBusyElsewhere, CPU_AT_LOAD, sampleCpu } from '../cpu-busy.js';
import { byCodeUnit } from '../../model/order-text.js';
import { EXIT } from '../exit-codes.js';
import { removeKilTempFiles } from '../atomic-write.js';
import { DurableWriter } from '../durable-writer.js';
import { inputIndex, outputConflict, queueOutput, writeFailure, type InputIndex } from '../files.js';
import { COLLECT_EVERY, collectGarbage, garbageCollector } from '../heap.js';
import { watchInterrupts } from '../interrupt.js';
import { BATCH_FORMATS } from '../options.js';
import { Spool } from '../spool.js';
import { UserError } from '../user-error.js';
import { runChunks } from '../worker-pool.js';
import type { Io } from './assess.js';

export interface BatchOptions {
  format: string;
  outDir?: string;
  failUnder?: string;
  rubrics?: string;
  rubricSet?: string;
  force?: boolean;
  date?: string;
  quiet?: boolean;
  jobs?: string;
  /** The council profile for contracts that name none. */
  council?: string;
  /** An earlier kil batch --format json result: the portfolio shows the movement since. */
  baseline?: string;
}

export interface BatchIo extends Io {
  /** Milliseconds since some fixed point, for deciding when progress is worth showing. */
  now: () => number;
}

const PORTFOLIO_FILE = 'portfolio.md';
const PORTFOLIO_HTML = 'portfolio.html';
/** The portfolio's charts, shown as images in portfolio.md (portfolio.html has them inline). */
const PORTFOLIO_CHARTS = { bands: 'portfolio-bands.svg', heatmap: 'portfolio-heatmap.svg' } as const;
/** Every portfolio file, in the order written: portfolio.md last, so that its presence means the batch finished. */
const PORTFOLIO_FILES = [PORTFOLIO_CHARTS.bands, PORTFOLIO_CHARTS.heatmap, PORTFOLIO_HTML, PORTFOLIO_FILE];
const count = (n: number): string => n.toLocaleString('en-GB');

/**
 * Files each thread must have to be worth starting. A worker costs about a third of a second of
 * CPU to load, and more to warm up, before it assesses at full speed, on a core the main thread
 * may need. Measured on 2 cores, wall time of --jobs 2 against --jobs 1 (median of 3 to 5 runs
 * side by side): with other work on the machine, 1.17x at 100 files, 1.10x at 500, 0.97x at
 * 1,000; on a quiet machine, 1.01x at 2,000, 0.80x at 5,000 (--out-dir), 0.73x at 10,000.
 */
const FILES_PER_THREAD = 2500;
const MAX_THREADS = 8;

/**
 * Threads assessing files (the main thread and workers) when --jobs is not given. `busy` is how
 * many cores other processes kept busy while kil started (cpu-busy.ts): those cores are not
 * counted, because a worker sharing a core costs its start-up and saves nothing (measured: 2,000
 * files on 2 cores with one other busy process, 1.28x the wall time of one thread).
 */
export function defaultThreads(files: number, cores: number, busy = 0): number {
  const free = Math.floor(cores - Math.max(0, busy) + 0.5);
  return Math.max(1, Math.min(cores, free, MAX_THREADS, Math.floor(files / FILES_PER_THREAD)));
}

/** Progress appears only in a terminal and only once the batch has run this long. */
const PROGRESS_AFTER_MS = 1000;
const PROGRESS_EVERY_MS = 200;

export async function runBatch(paths: string[], opts: BatchOptions, io: BatchIo, failUnder: number | undefined): Promise<number> {
  if (paths.length === 0) throw new UserError('kil batch needs at least one file, folder or glob, or "-" to read paths from stdin');
  const format = opts.format as (typeof BATCH_FORMATS)[number];
  if (!BATCH_FORMATS.includes(format)) throw new UserError(`--format must be ${BATCH_FORMATS.join(', ')}, not "${opts.format}"`);
  const jobsWanted = parseJobs(opts.jobs);
  const date = assessmentDate(opts.date, io.env);
  const rowText: RowText = format === 'csv' ? 'csv' : format === 'json' ? 'json' : 'none';
  // With --format html the contracts' reports are HTML pages too, so portfolio.html links to pages, not raw markdown.
  const reportFormat = format === 'html' ? 'html' : 'md';
  const settings: JobSettings = { outDir: opts.outDir, force: opts.force, meta: { date, toolVersion: toolVersion() }, rowText, reportFormat };
  const { files, jobs } = await listJobs(paths, opts, io, reportFormat);
  // The rubric set the files name (one for all), unless --rubrics or --rubric-set says.
  const rubrics = chooseRubricFolder(opts, files.map((path) => ({ path, text: () => textIfReadable(path) }))).folder;
  const library = await loadLibrary(rubrics, (l) => io.stderr(`${l}\n`));
  if (library.set) settings.meta.rubricSet = { id: library.set.id, title: library.set.title, version: library.set.version };
  // A broken --council stops the batch before any file: every contract without a profile of its own would fail.
  const councils = CouncilProfiles.open(library, date, opts.council);
  // Only with --baseline: read before any file, and kept apart from the batch's own work.
  const movement = opts.baseline === undefined ? undefined : await openMovement(opts.baseline);

  const inputsIndex = opts.outDir ? refuseReplacing(opts.outDir, jobs, files, opts.force) : () => inputIndex(files);

  // Listing many files leaves much garbage that V8 would keep through the first part of the run.
  if (jobs.length >= COLLECT_EVERY) collectGarbage();
  const ctx = jobContext(library, settings, councils);
  if (format === 'csv') io.stdout(csvHeader(ctx.areas));
  const portfolio = new PortfolioAccumulator();
  // --format json: each contract's JSON as it comes, kept out of memory until the portfolio
  // figures (which come first in the document) are known.
  const contractsJson = format === 'json' ? new Spool() : undefined;
  let contractCount = 0;
  const below = { count: 0, shown: [] as { path: string; score: number }[] };
  // With --fail-under: the contracts it cannot judge (the first few kept, to name them).
  const provisional = { count: 0, shown: [] as { path: string; coveragePct: number }[] };
  let done = 0;
  const said = new Set<string>(); // notes are said once per batch, however many contracts they concern
  const started = io.now();
  let lastProgress = started;
  let progressShown = false;

  const onResult = (result: FileResult, job: FileJob, out: string[]) => {
    if ('skipped' in result) {
      if (!opts.quiet) io.stderr(`${plainText(result.skipped.path)}: skipped: ${result.skipped.why}\n`);
    } else if ('failed' in result) {
      portfolio.addFailure(result.failed);
      for (const e of result.failed.errors) io.stderr(`${e}\n`);
      if (result.text) out.push(result.text);
    } else {
      if (!opts.quiet) for (const w of result.warnings) io.stderr(`${w}\n`);
      for (const note of result.notes) {
        if (!said.has(note.key) && !opts.quiet) io.stderr(`${note.text}\n`);
        said.add(note.key);
      }
      // The path and report name this thread already holds, not a worker's copies of them.
      const row = { ...result.row, path: job.file, report: job.report };
      portfolio.add(row);
      movement?.add(row);
      if (contractsJson) contractsJson.append(contractCount++ === 0 ? result.text : `,\n${result.text}`);
      else if (result.text) out.push(result.text);
      if (failUnder !== undefined && row.provisional) {
        if (provisional.count++ < SHOWN) provisional.shown.push({ path: row.path, coveragePct: row.coveragePct });
      }
      else if (failUnder !== undefined && row.score < failUnder) {
        if (below.count++ < SHOWN) below.shown.push({ path: row.path, score: row.score });
      }
    }
    done++;
  };
  const collect = garbageCollector();
  const onResults = (results: FileResult[], chunk: readonly FileJob[]) => {
    collect(chunk.length);
    const out: string[] = [];
    results.forEach((result, i) => onResult(result, chunk[i]!, out));
    if (out.length > 0) io.stdout(out.join(''));
    const now = io.now();
    if (io.stderrIsTTY && now - started >= PROGRESS_AFTER_MS && now - lastProgress >= PROGRESS_EVERY_MS) {
      io.stderr(`\rassessed ${done} of ${jobs.length}`);
      lastProgress = now;
      progressShown = true;
    }
  };

  // Other work on the machine, measured over kil's start-up (see cpu-busy.ts).
  const threads = jobsWanted ?? defaultThreads(jobs.length, availableParallelism(), coresBusyElsewhere(CPU_AT_LOAD, sampleCpu()) ?? 0);
  const interrupts = watchInterrupts();
  try {
    await runChunks(jobs, {
      workers: threads - 1,
      setup: { rubrics, settings, council: councils.flag },
      inline: (chunk) => processChunk(chunk, ctx),
      onResults,
      stop: interrupts.signal,
    });
  } catch (error) {
    contractsJson?.close();
    if (opts.outDir) removeKilTempFiles(opts.outDir, true);
    throw error;
  } finally {
    interrupts.dispose();
  }
  if (progressShown) io.stderr('\r\u001b[2K');
  if (interrupts.signal.aborted) {
    contractsJson?.close();
    // Reports are written whole or not at all; a stopped writer may leave a temporary file.
    if (opts.outDir) removeKilTempFiles(opts.outDir, true);
    const portfolioNote = opts.outDir ? `; ${PORTFOLIO_FILE} and ${PORTFOLIO_HTML} not updated` : '';
    io.stderr(`interrupted after ${count(done)} of ${count(jobs.length)} files${format === 'csv' ? ' (the CSV has a row for each of those)' : ''}${portfolioNote}\n`);
    return EXIT.interrupted;
  }

  const summary = portfolio.summary(library.bands, library.scoredFrom === 'published-facts' ? UNPUBLISHED_BAND : PROVISIONAL_BAND);
  const moved = movement?.summary();
  if (opts.outDir) await writePortfolioFiles(opts.outDir, summary, moved, settings.meta, { force: opts.force, inputs: inputsIndex });
  const write = (chunks: Iterable<string>) => {
    for (const chunk of chunks) io.stdout(chunk);
  };
  if (contractsJson) write(portfolioJsonChunks(summary, settings.meta, { count: contractCount, text: contractsJson.drain() }, moved));
  if (format === 'md') write(portfolioMarkdownChunks(summary, settings.meta, { movement: moved }));
  if (format === 'html') write(portfolioHtmlChunks(summary, settings.meta, PORTFOLIO_HTML_SECTIONS, { movement: moved }));
  if (format === 'table') write(portfolioTableChunks(summary, moved));

  if (!opts.quiet && (format !== 'table' || !io.stderrIsTTY)) {
    io.stderr(`${summary.assessed} assessed, ${summary.failed} failed${opts.outDir ? `; reports in ${plainText(opts.outDir)}` : ''}\n`);
  }
  return batchExit(summary, { provisional, below, failUnder }, library, opts.quiet === true, io);
}

/**
 * Every job, in path order, with its report's name in --out-dir (chosen here, so names never
 * depend on timing); the output folder made and cleared of a killed batch's temporary files.
 */
async function listJobs(paths: string[], opts: BatchOptions, io: BatchIo, reportFormat: 'md' | 'html'): Promise<{ files: string[]; jobs: FileJob[] }> {
  const { files, missing } = await listContractFiles(paths, io.stdin, opts.outDir);

  if (opts.outDir) removeKilTempFiles(opts.outDir); // left by a batch that was killed
  const usedNames = new Set<string>();
  const unnamed: FileJob[] = [...files.map((file) => ({ file, report: null })), ...missing.map((m) => ({ file: m.path, report: null, missing: m }))];
  const jobs = unnamed
    .sort((a, b) => byCodeUnit(a.file, b.file))
    .map((job) => ({ ...job, report: opts.outDir && !job.missing ? reportFileName(job.file, usedNames, reportFormat) : null }));
  return { files, jobs };
}

/**
 * Every file kil would refuse to replace is found before the first is written, not after. The
 * inputs' real paths are looked up only when the folder holds a file of the same name as an
 * output; the index is kept for the portfolio's files.
 */
function refuseReplacing(outDir: string, jobs: readonly FileJob[], files: readonly string[], force: boolean | undefined): () => InputIndex {
  let inputs: InputIndex | undefined;
  const inputsIndex = () => (inputs ??= inputIndex(files));
  // Only names already in the folder can conflict: a fresh folder costs one readdir.
  const present = new Set(readdirSync(outDir));
  const targets = [...jobs.flatMap((j) => (j.report ? [j.report] : [])), ...PORTFOLIO_FILES].filter((name) => present.has(name));
  const conflicts = targets
    .map((name) => outputConflict(join(outDir, name), { force, inputs: inputsIndex(), marker: REPORT_MARKER, kilFolder: true }))
    .filter((c): c is string => c !== undefined);
  if (conflicts.length > 0) {
    const shown = conflicts.slice(0, 10).map((c) => plainText(c));
    const more = conflicts.length > shown.length ? `\n... and ${conflicts.length - shown.length} more` : '';
    throw new UserError(`nothing was written: ${conflicts.length} file${conflicts.length === 1 ? '' : 's'} in ${plainText(outDir)} would be replaced\n${shown.join('\n')}${more}`);
  }
  return inputsIndex;
}

/** The portfolio's files committed together, portfolio.md renamed into place last. */
async function writePortfolioFiles(outDir: string, summary: Portfolio, moved: PortfolioMovement | undefined, meta: ReportMeta, written: { force: boolean | undefined; inputs: () => InputIndex }): Promise<void> {
  const writer = new DurableWriter();
  const add = (name: string, text: string | Iterable<string>) => queueOutput(writer, join(outDir, name), text, { force: written.force, inputs: written.inputs, marker: REPORT_MARKER, kilFolder: true });
  try {
    add(PORTFOLIO_CHARTS.bands, svgFile(REPORT_MARKER, bandsChart(summary, summary.bands)));
    add(PORTFOLIO_CHARTS.heatmap, svgFile(REPORT_MARKER, heatmapChart(summary, summary.bands)));
    add(PORTFOLIO_HTML, portfolioHtmlChunks(summary, meta, PORTFOLIO_HTML_SECTIONS, { movement: moved }));
    add(PORTFOLIO_FILE, portfolioMarkdownChunks(summary, meta, { charts: PORTFOLIO_CHARTS, movement: moved }));
    const failed = (await writer.commit()).find((outcome) => outcome.error);
    if (failed?.error) throw writeFailure(failed.error);
  } catch (error) {
    // A full disk fails one file and leaves the others' temporary files: none of this run's stay.
    removeKilTempFiles(outDir, true);
    throw error;
  }
}

/**
 * A file that could not be assessed (exit 2) outranks a provisional result (exit 3), which
 * outranks a low score (exit 1): either way the results are incomplete. Says which contracts.
 */
function batchExit(
  summary: Portfolio,
  judged: { provisional: { count: number; shown: { path: string; coveragePct: number }[] }; below: { count: number; shown: { path: string; score: number }[] }; failUnder: number | undefined },
  library: RubricLibrary,
  quiet: boolean,
  io: BatchIo,
): number {
  const { provisional, below, failUnder } = judged;
  if (summary.failed > 0) return EXIT.input;
  if (!quiet && provisional.count > 0) reportProvisional(provisional, library.provisionalBelow ?? 0, library.set !== undefined, io);
  if (!quiet && below.count > 0) {
    listContracts(below.count, below.shown.map((row) => `${visiblePath(row.path)}: ${row.score} is below --fail-under ${failUnder}`), io);
    io.stderr(`${below.count} contract${below.count === 1 ? '' : 's'} below --fail-under ${failUnder}\n`);
  }
  if (provisional.count > 0) return EXIT.provisional;
  if (below.count > 0) return EXIT.belowThreshold;
  return EXIT.ok;
}

/** Contracts named one per line (provisional, below --fail-under); more than this, and the rest are counted. */
const SHOWN = 10;

/** One line per contract shown, then "... and N more" for the rest of `count`. */
function listContracts(count: number, lines: readonly string[], io: BatchIo): void {
  for (const line of lines) io.stderr(`${line}\n`);
  if (count > lines.length) io.stderr(`... and ${count - lines.length} more\n`);
}

function reportProvisional(p: { count: number; shown: { path: string; coveragePct: number }[] }, line: number, fromSet: boolean, io: BatchIo): void {
  listContracts(p.count, p.shown.map((row) => `${visiblePath(row.path)}: provisional: ${provisionalWords(row.coveragePct, line, fromSet)}`), io);
  io.stderr(`${p.count} contract${p.count === 1 ? ' is' : 's are'} provisional; ${FAIL_UNDER_PROVISIONAL}\n`);
}

function parseJobs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UserError(`--jobs must be a whole number from 1 to 64, not "${raw}"`);
  return n;
}

/** What the movement since a baseline keeps of each contract. */
type MovementRow = Pick<ContractRow, 'path' | 'title' | 'reference' | 'score' | 'provisional' | 'report' | 'areas'>;

/** --baseline: the earlier portfolio, checked, with what will gather the movement since. */
async function openMovement(path: string): Promise<{ add(row: MovementRow): void; summary(): PortfolioMovement }> {
  const [{ readBaselinePortfolio }, { MovementAccumulator }] = await Promise.all([import('../compared-side.js'), import('../../portfolio/movement.js')]);
  return new MovementAccumulator(readBaselinePortfolio(path));
}
