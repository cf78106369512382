/** One batch job: assess a file and, with --out-dir, write its report. Runs in the main thread or a worker. */
import { join } from 'node:path';
import { diagnosticRecord } from '../load/diagnostic.js';
import type { RubricLibrary } from '../load/rubrics.js';
import { contractRow, type ContractRow, type FailedFile } from '../portfolio/contract-row.js';
import { REPORT_MARKER, renderReport, type ReportMeta } from '../render/report.js';
import { assessFile } from './assess-file.js';
import type { CouncilProfiles, Note } from './council.js';
import { writeOutput } from './files.js';
import { UserError } from './user-error.js';

export interface FileJob {
  file: string;
  /** The report's file name in --out-dir, chosen up front so names do not depend on timing. */
  report: string | null;
  /** Set when the argument named nothing: the job just reports it. */
  missing?: FailedFile;
}

export type FileResult =
  | { row: ContractRow; warnings: string[]; notes: Note[] }
  | { failed: FailedFile }
  /** A council profile among the inputs: not a contract, and not a failure either. */
  | { skipped: { path: string; why: string } };

export interface JobSettings {
  outDir?: string;
  force?: boolean;
  meta: ReportMeta;
}

export function processFile(job: FileJob, library: RubricLibrary, settings: JobSettings, councils: CouncilProfiles): FileResult {
  if (job.missing) return { failed: job.missing };
  try {
    const { assessment, warnings, notes } = assessFile(job.file, library, councils);
    if (settings.outDir && job.report) {
      writeOutput(join(settings.outDir, job.report), renderReport(assessment, library, settings.meta), {
        force: settings.force,
        inputs: [job.file],
        marker: REPORT_MARKER,
        kilFolder: true,
      });
    }
    return { row: contractRow(job.file, assessment, job.report, settings.meta.date), warnings, notes };
  } catch (error) {
    if (!(error instanceof UserError)) throw error; // a bug: let it crash loudly
    if (error.diagnostics.length === 1 && error.diagnostics[0]!.code === 'council-profile') {
      return { skipped: { path: job.file, why: 'a council profile (kind: council), not a contract' } };
    }
    return { failed: { path: job.file, errors: error.message.split('\n'), diagnostics: error.diagnostics.map(diagnosticRecord) } };
  }
}
