/**
 * Batch jobs: assess a chunk of files and, with --out-dir, write their reports. Runs in the main
 * thread or a worker. What comes back per file is only what the main thread needs: the
 * portfolio's row, the file's text for stdout (a CSV record or a JSON element, made here), and
 * what to say on stderr. Reports are written here, durably, before the chunk's results are
 * given back, so a result passed on always has its report on disk.
 */
import { join } from 'node:path';
import { diagnosticRecord } from '../load/diagnostic.js';
import type { RubricLibrary } from '../load/rubrics.js';
import { contractRow, type FailedFile } from '../portfolio/contract-row.js';
import { portfolioRow, type PortfolioRow } from '../portfolio/portfolio.js';
import { csvFailedRow, csvRow, type CsvArea } from '../render/csv.js';
import { contractJson } from '../render/portfolio.js';
import { renderHtmlReport } from '../render/html-report.js';
import { REPORT_MARKER, renderReport, type ReportMeta } from '../render/report.js';
import { assessFile } from './assess-file.js';
import type { CouncilProfiles, Note } from './council.js';
import { DurableWriter } from './durable-writer.js';
import { queueOutput, writeFailure } from './files.js';
import { UserError } from './user-error.js';

export interface FileJob {
  file: string;
  /** The report's file name in --out-dir, chosen up front so names do not depend on timing. */
  report: string | null;
  /** Set when the argument named nothing: the job just reports it. */
  missing?: FailedFile;
}

export type FileResult =
  | { row: PortfolioRow; text: string; warnings: string[]; notes: Note[] }
  | { failed: FailedFile; text: string }
  /** A council profile among the inputs: not a contract, and not a failure either. */
  | { skipped: { path: string; why: string } };

/** What a batch writes on stdout for each contract, made where the contract is assessed. */
export type RowText = 'csv' | 'json' | 'none';

export interface JobSettings {
  outDir?: string;
  /** The contracts' reports in --out-dir: markdown, or one HTML page each (--format html). */
  reportFormat: 'md' | 'html';
  force?: boolean;
  meta: ReportMeta;
  rowText: RowText;
}

/** Everything a thread needs to run jobs, made once per thread. */
export interface JobContext {
  library: RubricLibrary;
  settings: JobSettings;
  councils: CouncilProfiles;
  areas: CsvArea[];
}

export function jobContext(library: RubricLibrary, settings: JobSettings, councils: CouncilProfiles): JobContext {
  return { library, settings, councils, areas: library.rubrics.flatMap((r) => r.rubric.areas.map((a) => ({ id: a.id, title: a.title }))) };
}

/**
 * Assess a chunk of files. With --out-dir their reports are committed together (see
 * durable-writer.ts) before this resolves; a report that cannot be written makes its file failed.
 */
export async function processChunk(jobs: readonly FileJob[], ctx: JobContext): Promise<FileResult[]> {
  const writer = ctx.settings.outDir ? new DurableWriter() : undefined;
  const queued: number[] = []; // for each report added to the writer, its job's index
  const results = jobs.map((job, i) => {
    const before = writer?.size ?? 0;
    const result = processFile(job, ctx, writer);
    if (writer && writer.size > before) queued.push(i);
    return result;
  });
  if (writer) {
    const outcomes = await writer.commit();
    outcomes.forEach((outcome, k) => {
      if (outcome.error) results[queued[k]!] = failedResult(jobs[queued[k]!]!.file, writeFailure(outcome.error), ctx);
    });
  }
  return results;
}

/** One job; with a writer, its report is added to it (written when the writer commits). */
export function processFile(job: FileJob, ctx: JobContext, writer?: DurableWriter): FileResult {
  const { library, settings, councils } = ctx;
  if (job.missing) return { failed: job.missing, text: failedText(job.missing, ctx) };
  try {
    const { assessment, warnings, notes } = assessFile(job.file, library, councils);
    if (writer && settings.outDir && job.report) {
      const report = settings.reportFormat === 'html' ? renderHtmlReport(assessment, library, settings.meta) : renderReport(assessment, library, settings.meta);
      queueOutput(writer, join(settings.outDir, job.report), report, {
        force: settings.force,
        inputs: [job.file],
        marker: REPORT_MARKER,
        kilFolder: true,
      });
    }
    const row = contractRow(job.file, assessment, job.report, settings.meta.date);
    const text = settings.rowText === 'csv' ? csvRow(row, ctx.areas) : settings.rowText === 'json' ? contractJson(row) : '';
    return { row: portfolioRow(row), text, warnings, notes };
  } catch (error) {
    if (!(error instanceof UserError)) throw error; // a bug: let it crash loudly
    if (error.diagnostics.length === 1 && error.diagnostics[0]!.code === 'council-profile') {
      return { skipped: { path: job.file, why: 'a council profile (kind: council), not a contract' } };
    }
    return failedResult(job.file, error, ctx);
  }
}

function failedResult(path: string, error: UserError, ctx: JobContext): FileResult {
  const failed: FailedFile = { path, errors: error.message.split('\n'), diagnostics: error.diagnostics.map(diagnosticRecord) };
  return { failed, text: failedText(failed, ctx) };
}

const failedText = (failed: FailedFile, ctx: JobContext): string => (ctx.settings.rowText === 'csv' ? csvFailedRow(failed, ctx.areas) : '');
