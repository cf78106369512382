/**
 * The batch CSV: one row per contract, written as the batch goes. Quoting is csv-stringify's;
 * text cells that a spreadsheet would run as a formula are neutralised as OWASP recommends.
 */
import { stringify } from 'csv-stringify/sync';
import type { ContractRow, FailedFile } from '../portfolio/contract-row.js';
import { plainText } from './text.js';

export interface CsvArea {
  id: string;
  title: string;
}

/** A leading = + - @ tab or CR makes spreadsheets evaluate the cell: prefix a quote. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const text = (s: string | null): string => (s === null ? '' : neutraliseFormula(plainText(s)));
/** A CSV cell can hold any text: the path as it is on disk, so scripts can open the file. */
const pathCell = (path: string): string => neutraliseFormula(path);

export function csvHeader(areas: readonly CsvArea[]): string {
  return stringify([['path', 'status', 'title', 'buyer', 'reference', 'overall_score', 'band', 'coverage_pct', 'unanswered', ...areas.map((a) => a.id), 'error']]);
}

export function csvRow(row: ContractRow, areas: readonly CsvArea[]): string {
  const byId = new Map(row.areas.map((a) => [a.id, a.score]));
  return stringify([
    [
      pathCell(row.path),
      'assessed',
      text(row.title),
      text(row.buyer),
      text(row.reference),
      row.score,
      text(row.band),
      row.coveragePct,
      row.unanswered,
      ...areas.map((a) => byId.get(a.id) ?? ''),
      '',
    ],
  ]);
}

export function csvFailedRow(failed: FailedFile, areas: readonly CsvArea[]): string {
  return stringify([[pathCell(failed.path), 'failed', '', '', '', '', '', '', '', ...areas.map(() => ''), text(failed.errors.join(' | '))]]);
}
