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

/** The columns of an assessed contract between `status` and the area scores. */
const RESULT_COLUMNS = [
  'title',
  'buyer',
  'reference',
  'overall_score',
  'band',
  'provisional',
  'coverage_pct',
  'unanswered',
  'points_asserted',
  'points_evidenced',
  'points_derived',
] as const;

export function csvHeader(areas: readonly CsvArea[]): string {
  return stringify([['path', 'status', ...RESULT_COLUMNS, ...areas.map((a) => a.id), 'error', 'council_profile', 'council_reviewed']]);
}

export function csvRow(row: ContractRow, areas: readonly CsvArea[]): string {
  const byId = new Map(row.areas.map((a) => [a.id, a.score]));
  const cells: Record<(typeof RESULT_COLUMNS)[number], string | number> = {
    title: text(row.title),
    buyer: text(row.buyer),
    reference: text(row.reference),
    overall_score: row.score,
    band: text(row.band),
    provisional: row.provisional ? 'true' : 'false',
    coverage_pct: row.coveragePct,
    unanswered: row.unanswered,
    points_asserted: row.points.asserted,
    points_evidenced: row.points.evidenced,
    points_derived: row.points.derived,
  };
  return stringify([
    [
      pathCell(row.path),
      'assessed',
      ...RESULT_COLUMNS.map((c) => cells[c]),
      ...areas.map((a) => byId.get(a.id) ?? ''),
      '',
      text(row.council?.name ?? null),
      row.council?.reviewed ?? '',
    ],
  ]);
}

export function csvFailedRow(failed: FailedFile, areas: readonly CsvArea[]): string {
  return stringify([[pathCell(failed.path), 'failed', ...RESULT_COLUMNS.map(() => ''), ...areas.map(() => ''), text(failed.errors.join(' | ')), '', '']]);
}
