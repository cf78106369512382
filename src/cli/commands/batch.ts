/**
 * `kil batch PATH...`: assess many contract files. A bad file never stops the batch; results
 * stream (CSV rows as they come, compact rows kept for the portfolio, never whole reports).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contractRow, type ContractRow, type FailedFile } from '../../portfolio/contract-row.js';
import { summarisePortfolio } from '../../portfolio/portfolio.js';
import { reportFileName } from '../../portfolio/report-name.js';
import { csvFailedRow, csvHeader, csvRow, type CsvArea } from '../../render/csv.js';
import { renderPortfolioJson, renderPortfolioMarkdown, renderPortfolioTable } from '../../render/portfolio.js';
import { REPORT_MARKER, renderReport } from '../../render/report.js';
import { plainText } from '../../render/text.js';
import { assessFile } from '../assess-file.js';
import { resolveInputs } from '../batch-inputs.js';
import { assessmentDate, loadLibrary, toolVersion } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { writeOutput } from '../files.js';
import { UserError } from '../user-error.js';
import type { Io } from './assess.js';

export const BATCH_FORMATS = ['table', 'md', 'csv', 'json'] as const;

export interface BatchOptions {
  format: string;
  outDir?: string;
  failUnder?: string;
  rubrics?: string;
  force?: boolean;
  date?: string;
  quiet?: boolean;
}

export interface BatchIo extends Io {
  readStdin: () => string;
  /** Milliseconds since some fixed point, for deciding when progress is worth showing. */
  now: () => number;
}

/** Progress appears only in a terminal and only once the batch has run this long. */
const PROGRESS_AFTER_MS = 1000;
const PROGRESS_EVERY_MS = 200;

export function runBatch(paths: string[], opts: BatchOptions, io: BatchIo, failUnder: number | undefined): number {
  if (paths.length === 0) throw new UserError('kil batch needs at least one file, folder or glob, or "-" to read paths from stdin');
  const format = opts.format as (typeof BATCH_FORMATS)[number];
  if (!BATCH_FORMATS.includes(format)) throw new UserError(`--format must be ${BATCH_FORMATS.join(', ')}, not "${opts.format}"`);
  const date = assessmentDate(opts.date, io.env);
  const library = loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`));
  const meta = { date, toolVersion: toolVersion() };

  const { files, missing } = resolveInputs(paths, io.readStdin);
  if (files.length === 0 && missing.length === 0) throw new UserError(`no *.yaml or *.yml files found in ${paths.join(', ')}`);
  if (opts.outDir) {
    try {
      mkdirSync(opts.outDir, { recursive: true });
    } catch (error) {
      throw new UserError(`${opts.outDir}: cannot create the output folder (${(error as Error).message}); choose another with --out-dir`);
    }
  }

  const areas: CsvArea[] = library.rubrics.flatMap((r) => r.rubric.areas.map((a) => ({ id: a.id, title: a.title })));
  if (format === 'csv') io.stdout(csvHeader(areas));
  const rows: ContractRow[] = [];
  const failures: FailedFile[] = [];
  const usedNames = new Set<string>();
  const fail = (failed: FailedFile) => {
    failures.push(failed);
    for (const e of failed.errors) io.stderr(`${e}\n`);
    if (format === 'csv') io.stdout(csvFailedRow(failed, areas));
  };
  // Missing arguments sort in with the files, so that the CSV stays in path order.
  const work = [...files.map((f) => ({ file: f, missing: undefined })), ...missing.map((m) => ({ file: m.path, missing: m }))].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );

  const started = io.now();
  let lastProgress = started;
  let progressShown = false;
  work.forEach((item, i) => {
    if (item.missing) return fail(item.missing);
    try {
      const { assessment, warnings } = assessFile(item.file, library);
      if (!opts.quiet) for (const w of warnings) io.stderr(`${w}\n`);
      let report: string | null = null;
      if (opts.outDir) {
        report = reportFileName(item.file, usedNames);
        writeOutput(join(opts.outDir, report), renderReport(assessment, library, meta), { force: opts.force, inputs: [item.file], marker: REPORT_MARKER });
      }
      const row = contractRow(item.file, assessment, report);
      rows.push(row);
      if (format === 'csv') io.stdout(csvRow(row, areas));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      fail({ path: item.file, errors: error.message.split('\n') });
    }
    const now = io.now();
    if (io.stderrIsTTY && now - started >= PROGRESS_AFTER_MS && now - lastProgress >= PROGRESS_EVERY_MS) {
      io.stderr(`\rassessed ${i + 1} of ${work.length}`);
      lastProgress = now;
      progressShown = true;
    }
  });
  if (progressShown) io.stderr('\r\u001b[2K');

  const portfolio = summarisePortfolio(rows, failures, library.bands);
  if (opts.outDir) {
    writeOutput(join(opts.outDir, 'portfolio.md'), renderPortfolioMarkdown(portfolio, meta), { force: opts.force, inputs: files, marker: REPORT_MARKER });
  }
  if (format === 'json') io.stdout(renderPortfolioJson(portfolio, rows, meta));
  if (format === 'md') io.stdout(renderPortfolioMarkdown(portfolio, meta));
  if (format === 'table') io.stdout(renderPortfolioTable(portfolio, rows));

  if (!opts.quiet && (format !== 'table' || !io.stderrIsTTY)) {
    io.stderr(`${portfolio.assessed} assessed, ${portfolio.failed} failed${opts.outDir ? `; reports in ${plainText(opts.outDir)}` : ''}\n`);
  }
  // A file that could not be assessed (exit 2) outranks a low score (exit 1): the results are incomplete.
  if (failures.length > 0) return EXIT.input;
  if (failUnder !== undefined && rows.some((r) => r.score < failUnder)) {
    const below = rows.filter((r) => r.score < failUnder).length;
    if (!opts.quiet) io.stderr(`${below} contract${below === 1 ? '' : 's'} below --fail-under ${failUnder}\n`);
    return EXIT.belowThreshold;
  }
  return EXIT.ok;
}
