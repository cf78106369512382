import { byCodePoint } from './order.js';

/** A problem found in a user's file, with where it is and what to do about it. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  /** What is wrong and, after "; ", what to do. */
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.col}: ${prefix}${d.message}`;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/** Sorted by line then column so a user can walk through the file top to bottom. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => byCodePoint(a.file, b.file) || a.line - b.line || a.col - b.col);
}
