/**
 * The procurement facts as one table, read from the contract schema and the metadata attached to
 * its fields: path, kind, bounds and allowed values from the schema; label, unit, help, example
 * and when it is asked from the metadata. Everything that lists or explains the facts (the
 * interview, the template, the field table in docs/contract-file.md, messages) is made from this table. Pure.
 */
import { ActionSchema, ProcurementSchema } from './contract.js';
import type { FieldMeta } from './field-meta.js';
import { nodeOf, numberBounds, unwrapOptional, type Schema } from './schema-walk.js';
import { unitClass } from './typed-values.js';

export type FieldKind = 'text' | 'list' | 'date' | 'number' | 'choice' | 'yes_no' | 'fixed' | 'records';

export interface FieldEntry {
  /** The path inside `procurement`, e.g. ['value', 'amount']. */
  path: readonly string[];
  meta: FieldMeta;
  kind: FieldKind;
  /** Must be in every contract file (it and every group above it are required). */
  required: boolean;
  /** Must be given once its group is (value.vat, once there is a value). */
  requiredInGroup: boolean;
  /** A choice's allowed values, in the schema's order. */
  values?: readonly string[];
  /** The only value a `fixed` field may have (value.currency: GBP). */
  fixed?: unknown;
  min?: number;
  max?: number;
  integer?: boolean;
  /** What kil uses when the field is left out (extension_months: 0). */
  defaultValue?: unknown;
}

export interface GroupEntry {
  path: readonly string[];
  meta: FieldMeta;
  required: boolean;
}

/** In file order: a group, then its fields (each group's fields follow it directly). */
export type TableRow = ({ row: 'group' } & GroupEntry) | ({ row: 'field' } & FieldEntry);

/** What a field is, from its schema (with the optional and default wrappers off) and its metadata. */
function kindOf(inner: Schema, meta: FieldMeta): Pick<FieldEntry, 'kind' | 'values' | 'fixed'> {
  const node = nodeOf(inner);
  if (meta.date) return { kind: 'date' };
  switch (node.type) {
    case 'string':
      return { kind: 'text' };
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'yes_no' };
    case 'enum':
      return { kind: 'choice', values: node.values.map(String) };
    case 'literal':
      return { kind: 'fixed', fixed: node.values[0] };
    case 'array':
      return nodeOf(node.element).type === 'string' ? { kind: 'list' } : { kind: 'records' };
    default:
      return { kind: 'records' };
  }
}

/** An object schema's fields, in file order. */
const fieldsOf = (schema: Schema): [string, Schema][] => {
  const node = nodeOf(schema);
  return node.type === 'object' ? Object.entries(node.shape) : [];
};

function walk(schema: Schema, prefix: readonly string[], groupRequired: boolean, inGroup: boolean, out: TableRow[]): void {
  for (const [key, field] of fieldsOf(schema)) {
    const path = [...prefix, key];
    const { inner, optional, defaultValue } = unwrapOptional(field);
    const node = nodeOf(inner);
    const meta = node.meta;
    if (!meta) throw new Error(`procurement.${path.join('.')} has no field metadata: add it with fact() in model/contract.ts`);
    const required = groupRequired && !optional;
    // An object with an example is one fact (suitable_for: { sme, vcse }); without, a group of facts.
    if (node.type === 'object' && meta.example === undefined) {
      out.push({ row: 'group', path, meta, required });
      walk(inner, path, required, true, out);
      continue;
    }
    out.push({
      row: 'field',
      path,
      meta,
      ...kindOf(inner, meta),
      required,
      requiredInGroup: inGroup && !optional && defaultValue === undefined,
      ...(node.type === 'number' ? numberBounds(inner) : {}),
      ...(defaultValue !== undefined ? { defaultValue } : {}),
    });
  }
}

function buildTable(): TableRow[] {
  const out: TableRow[] = [];
  walk(ProcurementSchema, [], true, false, out);
  return out;
}

// Made on first use, not at start-up: a report of a valid file never needs the table.
let table: readonly TableRow[] | undefined;
let fields: readonly FieldEntry[] | undefined;

/** Every group and field of `procurement`, in file order. */
export function procurementTable(): readonly TableRow[] {
  return (table ??= buildTable());
}

/** Only the fields (the leaves), in file order. */
export function procurementFields(): readonly FieldEntry[] {
  return (fields ??= procurementTable().filter((r): r is { row: 'field' } & FieldEntry => r.row === 'field'));
}

/** The field at a path (inside procurement), if there is one. */
export function fieldAt(path: readonly (string | number)[]): FieldEntry | undefined {
  const key = path.join('.');
  return procurementFields().find((f) => f.path.join('.') === key);
}

/** The label for a choice's value ("sub-central" -> "A council or other local authority"). */
export function choiceLabel(field: FieldEntry, value: string): string {
  return field.meta.choices?.[value] ?? value;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the text already says the unit: "Days bidders have...", "...in pounds", "...as a multiple of the annual value". */
export function saysUnit(text: string, unit: string): boolean {
  const t = text.toLowerCase();
  const u = unitClass(unit);
  switch (u.kind) {
    case 'none':
      return true;
    case 'pounds':
      return /\bpounds?\b|£/.test(t);
    case 'percent':
      return /%|\bper ?cent\b|\bpercentage\b/.test(t);
    case 'multiple':
      return /\bmultiple\b|\btimes\b/.test(t) || t.includes(unit.replace(/^[×x]\s*/i, '').toLowerCase());
    case 'time':
      return new RegExp(`\\b${u.unit}s?\\b`).test(t);
    case 'word': {
      const noun = escape(u.word.replace(/s$/, ''));
      return new RegExp(`\\b${noun}s?\\b`).test(t) || /^(how many|number of)\b/.test(t);
    }
  }
}

/**
 * A label or prompt with its unit said once, where it reads naturally: "Initial contract length,
 * in months", "Minimum turnover, as a multiple of the annual value", "Number of local VCSEs
 * engaged"; unchanged when it already says it ("Days bidders have to respond"). Before a closing
 * "?" when it is a question.
 */
export function withUnitSaid(text: string, unit: string | undefined): string {
  if (unit === undefined || saysUnit(text, unit)) return text;
  const u = unitClass(unit);
  const question = text.endsWith('?');
  if (u.kind === 'word' && !question) return `Number of ${text.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())}`;
  const phrase =
    u.kind === 'multiple' ? `as a multiple of the ${unit.replace(/^[×x]\s*/i, '')}` : u.kind === 'word' ? `as a number of ${u.word}` : `in ${u.kind === 'pounds' ? 'pounds' : unit}`;
  return question ? `${text.slice(0, -1)}, ${phrase}?` : `${text}, ${phrase}`;
}

/** What the interview asks for a field: its prompt (or label) with the unit said once. */
export function promptOf(f: FieldEntry): string {
  return withUnitSaid(f.meta.prompt ?? f.meta.label, f.meta.unit);
}

/** The field's label with the unit said once: for the template's comments and the rubric help. */
export function labelOf(f: FieldEntry): string {
  return withUnitSaid(f.meta.label, f.meta.unit);
}

/**
 * A missing fact ("procurement.local_bidders", "procurement.lots[].value") in words, for a person
 * deciding what to find out: the field's label ("local organisations that could bid alone for the
 * largest lot"), a group by its first field, else the path as it is.
 */
export function factInWords(path: string): string {
  const parts = path.replace(/^procurement\./, '').replace(/\[\]/g, '').split('.');
  const key = parts.join('.');
  const field = fieldAt(parts) ?? procurementFields().find((f) => f.path.join('.').startsWith(`${key}.`));
  // A part of a fact that is one block (suitable_for.sme): the block's label, and which part.
  const block = field ? undefined : fieldAt(parts.slice(0, -1));
  if (block) return `${factInWords(parts.slice(0, -1).join('.'))} (${parts.at(-1)!.toUpperCase()})`;
  if (!field) return path;
  const label = labelOf(field);
  // "Days bidders..." reads "days bidders..." mid-sentence; acronyms (VCSEs) stay as they are.
  return label.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
}

/**
 * A missing fact as the object of "Find out ...": "the value", but "how the provider is paid"
 * ("Find out the how the provider is paid" was said), and "whether it is said to suit SMEs".
 */
export function factToFindOut(path: string): string {
  const words = factInWords(path);
  if (/^(how|what|whether|when|which|who|where)\b/i.test(words)) return words;
  if (/^said\b/i.test(words)) return `whether it is ${words}`;
  return `the ${words}`;
}

/** A field of an action in the action plan (actions: in a contract file). */
export interface ActionField {
  key: string;
  meta: FieldMeta;
  kind: FieldKind;
  required: boolean;
  /** A choice's allowed values. */
  values?: readonly string[];
  /** What kil uses when the field is left out (status: planned). */
  defaultValue?: unknown;
}

/** The fields of an action, in file order, read from its schema and metadata as the facts are. */
export function actionFields(): readonly ActionField[] {
  return fieldsOf(ActionSchema).map(([key, schema]) => {
    const { inner, optional, defaultValue } = unwrapOptional(schema);
    const meta = nodeOf(inner).meta;
    if (!meta) throw new Error(`actions.${key} has no field metadata: add it with fact() in model/contract.ts`);
    const { kind, values } = kindOf(inner, meta);
    return { key, meta, kind, required: !optional, ...(values ? { values } : {}), ...(defaultValue !== undefined ? { defaultValue } : {}) };
  });
}
