import { byCodeUnit } from '../model/order-text.js';
import { visibleControls } from '../model/visible-text.js';

/**
 * Every kind of problem kil reports, as a stable kebab-case code. Scripts and kil itself act on
 * these, never on the wording of a message, which may improve at any time. docs/commands.md "Diagnostic
 * codes" says what each means (a test keeps the two lists the same).
 */
export const DIAGNOSTIC_CODES = [
  // Files as a whole: finding, reading and writing them.
  'not-found',
  'no-match',
  'not-a-file',
  'cannot-read',
  'cannot-write',
  'file-exists',
  'file-locked',
  'too-large',
  'binary',
  'not-utf8',
  // YAML.
  'empty-file',
  'yaml-syntax',
  'duplicate-key',
  'tab-indent',
  'multiple-documents',
  'too-deep',
  'too-many-aliases',
  'yaml-tag',
  'bad-alias',
  // Fields, checked against the file's schema.
  'not-a-block',
  'missing-field',
  'unknown-field',
  'wrong-type',
  'not-whole-number',
  'not-allowed-value',
  'out-of-range',
  'empty-text',
  'too-long',
  'wrong-count',
  'bad-format',
  'bad-date',
  'sum-not-100',
  'rule-broken',
  'not-valid',
  'placeholder',
  // Answers in a contract file.
  'unknown-question',
  'retired-question',
  'bad-answer',
  'answer-ignored',
  'earlier-answer',
  // Council profiles, and contract files that use them.
  'council-profile',
  'contract-question',
  'overrides-council',
  'bad-council-profile',
  // The rubric set a contract file names (rubric_set:).
  'unknown-rubric-set',
  'mixed-rubric-sets',
  // Rubric folders.
  'unknown-kind',
  'no-rubric',
  'no-policy',
  'second-policy',
  'second-rubric-set',
  'duplicate-id',
  'duplicate-option',
  'duplicate-recommendation',
  'duplicate-threshold',
  'regimes-overlap',
  'unknown-feature',
  'law-text',
  'unknown-rubric',
  'not-in-set',
  'all-weights-zero',
  'bands-differ',
  'provisional-differs',
  'unknown-fact',
  'wrong-question-type',
  'missing-option',
  'needs-not-applicable',
  'bands-out-of-order',
  'bands-gap',
  'range-reversed',
  // OCDS notices (kil import ocds).
  'bad-ocds',
  // kil JSON results read back (kil compare, --baseline).
  'not-a-result',
  'result-format',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** A problem found in a user's file, with where it is, what kind it is and what to do about it. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  /** What kind of problem it is: act on this, not on the message. */
  code: DiagnosticCode;
  /** What is wrong and, after "; ", what to do. */
  message: string;
}

/**
 * One line: a message quoting a file's text (an unknown key, a value) shows its control
 * characters (\e, \n) rather than sending them, since the terminal guard lets colour escapes
 * through as kil's own.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return visibleControls(`${d.file}:${d.line}:${d.col}: ${prefix}${d.message}`);
}

/** A diagnostic as JSON output carries it: these fields, in this order, whatever the object held. */
export function diagnosticRecord(d: Diagnostic): Diagnostic {
  return { file: d.file, line: d.line, col: d.col, severity: d.severity, code: d.code, message: d.message };
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/** Sorted by line then column so a user can walk through the file top to bottom. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => byCodeUnit(a.file, b.file) || a.line - b.line || a.col - b.col);
}
