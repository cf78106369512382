import { formatDiagnostic, type Diagnostic } from '../load/diagnostic.js';
import { EXIT } from './exit-codes.js';

/** A problem the user can fix: printed as a message (no stack trace) with an exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
  ) {
    super(message);
    this.name = 'UserError';
  }

  static fromDiagnostics(diagnostics: readonly Diagnostic[]): UserError {
    return new UserError(diagnostics.map(formatDiagnostic).join('\n'));
  }
}
