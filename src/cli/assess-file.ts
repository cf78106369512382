/** Read one contract file, validate it against the rubrics and score it: shared by assess and batch. */
import { formatDiagnostic } from '../load/diagnostic.js';
import { loadContract } from '../load/contract.js';
import type { RubricLibrary } from '../load/rubrics.js';
import type { Assessment } from '../score/result.js';
import { assess } from '../score/score.js';
import { readTextFile } from './files.js';
import { UserError } from './user-error.js';

/** Throws a located UserError listing every problem when the file cannot be assessed. */
export function assessFile(file: string, library: RubricLibrary): { assessment: Assessment; warnings: string[] } {
  return assessText(file, readTextFile(file), library);
}

/** The same for text already read (standard input); `name` is what messages call it. */
export function assessText(name: string, text: string, library: RubricLibrary): { assessment: Assessment; warnings: string[] } {
  const loaded = loadContract({ file: name, text }, library);
  if (!loaded.contract) throw UserError.fromDiagnostics(loaded.diagnostics);
  return { assessment: assess(library, loaded.contract), warnings: loaded.diagnostics.map(formatDiagnostic) };
}
