/**
 * Read one contract file, validate it against the rubrics, find its council profile and score it:
 * shared by assess and batch.
 */
import { formatDiagnostic, hasErrors, sortDiagnostics } from '../load/diagnostic.js';
import { locateContract } from '../load/contract.js';
import type { RubricLibrary } from '../load/rubrics.js';
import type { Assessment } from '../score/result.js';
import { assess } from '../score/score.js';
import type { CouncilProfiles, Note } from './council.js';
import { readTextFile } from './files.js';
import { UserError } from './user-error.js';

export interface Assessed {
  assessment: Assessment;
  /** `file:line:col: warning: ...` lines. */
  warnings: string[];
  /** Things to say once per run (see CouncilProfiles). */
  notes: Note[];
}

/** Throws a located UserError listing every problem when the file cannot be assessed. */
export function assessFile(file: string, library: RubricLibrary, councils: CouncilProfiles): Assessed {
  return assessText(file, readTextFile(file), library, councils, file);
}

/**
 * The same for text already read (standard input); `name` is what messages call it, `file` its
 * path when it has one (a `council:` path is relative to it).
 */
export function assessText(name: string, text: string, library: RubricLibrary, councils: CouncilProfiles, file?: string): Assessed {
  const { contract, source, diagnostics, facts } = locateContract({ file: name, text }, library);
  if (!contract || !source) throw UserError.fromDiagnostics(diagnostics);
  const use = councils.forContract(file, contract, source);
  // A broken profile: the contract's line naming it, then the profile's own problems.
  if (hasErrors(use.diagnostics)) throw UserError.fromDiagnostics([...diagnostics, ...use.diagnostics]);
  const all = sortDiagnostics([...diagnostics, ...use.diagnostics]);
  return { assessment: assess(library, contract, use.council, facts), warnings: all.map(formatDiagnostic), notes: use.notes };
}
