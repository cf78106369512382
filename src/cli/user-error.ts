import { formatDiagnostic, type Diagnostic } from '../load/diagnostic.js';
import { EXIT } from './exit-codes.js';

/** A problem the user can fix: printed as a message (no stack trace) with an exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
    /** The message starts with file:line:col, so it is printed as is for editors and scripts. */
    readonly located = false,
  ) {
    super(message);
    this.name = 'UserError';
  }

  static fromDiagnostics(diagnostics: readonly Diagnostic[]): UserError {
    return new UserError(diagnostics.map(formatDiagnostic).join('\n'), EXIT.input, true);
  }

  static at(file: string, message: string): UserError {
    return new UserError(`${file}:1:1: ${message}`, EXIT.input, true);
  }
}
