import { formatDiagnostic, type Diagnostic, type DiagnosticCode } from '../load/diagnostic.js';
import { EXIT } from './exit-codes.js';

/** A problem the user can fix: printed as a message (no stack trace) with an exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
    /** The message starts with file:line:col, so it is printed as is for editors and scripts. */
    readonly located = false,
    /** The problems in a file the message was made from, with their codes: act on these, not on the text. */
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }

  static fromDiagnostics(diagnostics: readonly Diagnostic[]): UserError {
    return new UserError(diagnostics.map(formatDiagnostic).join('\n'), EXIT.input, true, diagnostics);
  }

  /** A problem with a file as a whole (it cannot be read, it is too large...): reported at 1:1. */
  static at(file: string, message: string, code: DiagnosticCode): UserError {
    return UserError.fromDiagnostics([{ file, line: 1, col: 1, severity: 'error', code, message }]);
  }
}
