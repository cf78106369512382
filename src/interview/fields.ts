/**
 * The procurement facts the interview asks for, in the order of the contract file format, and
 * how typed text becomes a value. Pure. The fields, their labels, units, bounds and choices
 * come from the facts table (the contract schema and its metadata), not from here.
 */
import { choiceLabel, procurementFields, promptOf, type FieldEntry } from '../model/field-table.js';
import { readNumberFor, readTypedDate, unitClass, withUnit } from '../model/typed-values.js';

export type FieldPath = readonly string[];

export interface Choice {
  value: string | number | boolean;
  name: string;
}

interface FieldBase {
  path: FieldPath;
  label: string;
  help?: string;
  /** Required facts cannot be left "not sure yet": kil cannot assess without them. */
  required?: boolean;
  /** Required once the first field of its group (e.g. value.amount) has an answer. */
  requiredInGroup?: boolean;
  /** Describes the contract but feeds no answer: asked once, not again when resuming. */
  informational?: boolean;
  /** Matters only below the procurement threshold: not asked when the facts show it is above. */
  belowThresholdOnly?: boolean;
}

export type Field =
  | (FieldBase & { kind: 'text' })
  | (FieldBase & { kind: 'list' })
  | (FieldBase & { kind: 'date' })
  | (FieldBase & { kind: 'number'; unit: string; min: number; max?: number; integer?: boolean })
  | (FieldBase & { kind: 'choice'; choices: readonly Choice[] });

const yesNo: Choice[] = [
  { value: true, name: 'Yes' },
  { value: false, name: 'No' },
];

/** A field of the facts table as the interview asks it (lots have a step of their own). */
function asked(f: FieldEntry): Field | undefined {
  const ask = f.meta.ask ?? 'always';
  if (ask === 'never' || ask === 'lots') return undefined;
  const base: FieldBase = {
    path: f.path,
    // The unit is said once, in the prompt ("Initial contract length, in months"): not added again.
    label: promptOf(f),
    ...(f.meta.help ? { help: f.meta.help } : {}),
    ...(f.required ? { required: true } : {}),
    ...(f.requiredInGroup ? { requiredInGroup: true } : {}),
    ...(ask === 'new-file' ? { informational: true } : {}),
    ...(ask === 'below-threshold' ? { belowThresholdOnly: true } : {}),
  };
  switch (f.kind) {
    case 'text':
    case 'list':
    case 'date':
      return { ...base, kind: f.kind };
    case 'number':
      return { ...base, kind: 'number', unit: f.meta.unit === 'pounds' ? '£' : (f.meta.unit ?? ''), min: f.min ?? 0, ...(f.max !== undefined ? { max: f.max } : {}), ...(f.integer ? { integer: true } : {}) };
    case 'choice':
      return { ...base, kind: 'choice', choices: inReadingOrder(f.values ?? [], f.meta.choices).map((v) => ({ value: v, name: choiceLabel(f, v) })) };
    case 'yes_no':
      return { ...base, kind: 'choice', choices: yesNo };
    default:
      return undefined;
  }
}

/** The facts the interview asks, in file order: made from the facts table (model/field-table.ts). */
export const FACT_FIELDS: readonly Field[] = procurementFields().flatMap((f) => asked(f) ?? []);

/** Values the file format fixes (value.currency: GBP), filled in when their group starts rather than asked. */
export const AUTOMATIC_FACTS: readonly { path: FieldPath; when: FieldPath; value: unknown }[] = procurementFields().filter((f) => f.kind === 'fixed').map((f) => ({
  path: f.path,
  when: procurementFields().find((g) => g.path.length === f.path.length && g.path[0] === f.path[0])!.path,
  value: f.fixed,
}));

/** The first field of a group (value.amount for value.vat): without it the group is skipped. */
export function groupHead(field: Field): FieldPath | undefined {
  if (field.path.length < 2) return undefined;
  const head = FACT_FIELDS.find((f) => f.path.length === field.path.length && f.path[0] === field.path[0]);
  return head && head !== field ? head.path : undefined;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * A number typed by a person: "1,800,000", "£1.8m", "35", "12.5%", "4 weeks" (for days), "2x" or
 * "two" (model/typed-values.ts). Returns a clear reason, with the field's unit named, when it is
 * not a number in that unit and range, so the prompt can ask again.
 */
export function parseNumber(text: string, rule: { unit: string; min: number; max?: number; integer?: boolean }): Parsed<number> {
  const unit = rule.unit === '£' ? 'pounds' : rule.unit;
  const read = readNumberFor(text, unit);
  if (!read.ok) return read;
  const n = read.value;
  const counted = unitClass(unit).kind === 'word' || unitClass(unit).kind === 'time';
  if (rule.integer && !Number.isInteger(n)) return { ok: false, error: `Type a whole number${counted ? ` of ${unit}` : ''}` };
  if (n < rule.min) return { ok: false, error: rule.min === 0 ? `It cannot be negative` : `It must be at least ${withUnit(rule.min, unit)}` };
  if (rule.max !== undefined && n > rule.max) return { ok: false, error: `It must be at most ${withUnit(rule.max, unit)}` };
  return { ok: true, value: n };
}

/** A date as YYYY-MM-DD, or as people in the UK write it (31/01/2027, 31 January 2027), kept as YYYY-MM-DD. */
export function parseDate(text: string): Parsed<string> {
  const t = text.trim();
  const d = new Date(`${t}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === t) return { ok: true, value: t };
  const uk = readTypedDate(t);
  return uk === undefined ? { ok: false, error: 'Type a real date, e.g. 2026-04-01 or 1/4/2026 (day first)' } : { ok: true, value: uk };
}

export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Choices in the order the facts table lists their labels (light-touch first for the kind of
 * contract, as councils mostly buy it), not the schema's order (goods first, easily picked by mistake).
 */
function inReadingOrder(values: readonly string[], labels: Readonly<Record<string, string>> | undefined): string[] {
  if (!labels) return [...values];
  const order = Object.keys(labels);
  const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
  return [...values].sort((a, b) => rank(a) - rank(b));
}
