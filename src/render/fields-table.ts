/**
 * The table of procurement fields in docs/contract-file.md, made from the facts table so that the
 * two cannot disagree (`npm run readme` writes it; a test fails when the page differs). Pure.
 */
import { procurementTable, type FieldEntry } from '../model/field-table.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: unknown): string => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

function allowed(f: FieldEntry): string {
  switch (f.kind) {
    case 'choice':
      return (f.values ?? []).map((v) => `\`${v}\``).join(', ');
    case 'yes_no':
      return '`true`, `false`';
    case 'date':
      return 'a date, YYYY-MM-DD';
    case 'number': {
      const kind = f.integer ? 'a whole number' : 'a number';
      const range = f.max !== undefined ? ` from ${f.min ?? 0} to ${f.max.toLocaleString('en-GB')}` : f.min !== undefined ? `, ${f.min} or more` : '';
      return `${kind}${f.meta.unit ? ` (${f.meta.unit})` : ''}${range}`;
    }
    case 'text':
      return 'text';
    case 'list':
      return 'a list of text';
    case 'fixed':
      return code(f.fixed);
    case 'records':
      return 'see the example';
  }
}

function when(f: FieldEntry): string {
  if (f.required) return 'required';
  if (f.requiredInGroup) return 'required in its block';
  return f.defaultValue !== undefined ? `optional (default ${code(f.defaultValue)})` : 'optional';
}

export function renderFieldsTable(): string {
  const rows = ['| field | what it is | allowed values | |', '|---|---|---|---|'];
  for (const row of procurementTable()) {
    if (row.row === 'group') continue;
    const about = [row.meta.label, row.meta.help].filter(Boolean).join('. ');
    rows.push(`| \`${row.path.join('.')}\` | ${cell(about)} | ${cell(allowed(row))} | ${when(row)} |`);
  }
  return `${rows.join('\n')}\n`;
}

export const FIELDS_TABLE_START = '<!-- procurement fields: made by `npm run readme` from src/model/contract.ts -->';
export const FIELDS_TABLE_END = '<!-- end of procurement fields -->';

/** A page (docs/contract-file.md) with its fields table replaced by the current one. */
export function withFieldsTable(page: string): string {
  const start = page.indexOf(FIELDS_TABLE_START);
  const end = page.indexOf(FIELDS_TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/contract-file.md has no fields table markers (${FIELDS_TABLE_START} ... ${FIELDS_TABLE_END})`);
  return `${page.slice(0, start + FIELDS_TABLE_START.length)}\n${renderFieldsTable()}${page.slice(end)}`;
}
