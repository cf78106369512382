/**
 * The batch CSV: one row per contract, written as the batch goes. Quoting is RFC 4180, as
 * csv-stringify quotes with `quoted_match: /;/` (the tests hold the two to the same bytes); text cells that a
 * spreadsheet would run as a formula are neutralised as OWASP recommends.
 */
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

/**
 * A cell: quoted when it holds a comma, a quote, a line break or a semicolon, with quotes doubled.
 * Spreadsheets set to a semicolon-separated locale split an unquoted `x;=1+1` into a second cell
 * that starts with = and runs as a formula; quoted, it stays one cell of text.
 */
function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return /[",\n\r;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record: cells joined by commas, ended by a newline. */
export function csvRecord(cells: readonly (string | number)[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) out += i === 0 ? cell(cells[i]!) : `,${cell(cells[i]!)}`;
  return `${out}\n`;
}

/** The columns of an assessed contract between `status` and the area scores. */
const RESULT_COLUMNS = [
  'title',
  'buyer',
  'reference',
  'nation',
  'contract_type',
  'service',
  'cpv',
  'value',
  'procurement_start',
  'start_date',
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
  return csvRecord(['path', 'status', ...RESULT_COLUMNS, ...areas.map((a) => a.id), 'error', 'council_profile', 'council_reviewed']);
}

export function csvRow(row: ContractRow, areas: readonly CsvArea[]): string {
  const byId = new Map(row.areas.map((a) => [a.id, a.score]));
  const cells: Record<(typeof RESULT_COLUMNS)[number], string | number> = {
    title: text(row.title),
    buyer: text(row.buyer),
    reference: text(row.reference),
    nation: row.nation,
    contract_type: row.contractType,
    service: text(row.service),
    cpv: row.cpv.join(' '),
    value: row.totalValue ?? '',
    procurement_start: row.procurementStart ?? '',
    start_date: row.startDate ?? '',
    overall_score: row.score,
    // A provisional contract's band is not one: the cell says so rather than look final.
    band: text(row.bandShown),
    provisional: row.provisional ? 'true' : 'false',
    coverage_pct: row.coveragePct,
    unanswered: row.unanswered,
    points_asserted: row.points.asserted,
    points_evidenced: row.points.evidenced,
    points_derived: row.points.derived,
  };
  return csvRecord([
    pathCell(row.path),
    'assessed',
    ...RESULT_COLUMNS.map((c) => cells[c]),
    ...areas.map((a) => byId.get(a.id) ?? ''),
    '',
    text(row.council?.name ?? null),
    row.council?.reviewed ?? '',
  ]);
}

export function csvFailedRow(failed: FailedFile, areas: readonly CsvArea[]): string {
  return csvRecord([pathCell(failed.path), 'failed', ...RESULT_COLUMNS.map(() => ''), ...areas.map(() => ''), text(failed.errors.join(' | ')), '', '']);
}
