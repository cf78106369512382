/**
 * The facts table seen from a contract file: what the field at a path of the file is (kind,
 * unit, bounds, example) and which fields of a group must add up to 100. Messages about wrong
 * values are made from these (see advice.ts). Pure.
 */
import { ProcurementSchema } from '../model/contract.js';
import { actionFields, fieldAt, procurementFields, procurementTable } from '../model/field-table.js';
import { childAt, nodeOf, numberBounds, unwrapOptional, type Schema } from '../model/schema-walk.js';
import type { FieldInfo } from './advice.js';
import type { Path } from './yaml-source.js';

/** The field at a path of a contract file (['procurement', 'value', 'amount']), if it is a fact. */
export function contractFieldAt(path: Path): FieldInfo | undefined {
  // An action's field (actions.S4.1.due): its kind and example, from the action schema's metadata.
  if (path[0] === 'actions' && path.length === 3) {
    const f = actionFields().find((x) => x.key === path[2]);
    return f && { kind: f.kind, meta: f.meta };
  }
  if (path[0] !== 'procurement') return undefined;
  const inner = path.slice(1);
  if (inner.every((k): k is string => typeof k === 'string')) return fieldAt(inner);
  return recordFieldAt(inner);
}

/**
 * A field inside a list of records (lots[0].value): the table lists the list as one fact, so the
 * record's field is read from the schema and its metadata, as the table reads every other field.
 */
function recordFieldAt(path: Path): FieldInfo | undefined {
  let schema: Schema = ProcurementSchema;
  for (const key of path) {
    const next = childAt(schema, key);
    if (!next) return undefined;
    schema = next;
  }
  const leaf = unwrapOptional(schema).inner;
  const { type, meta } = nodeOf(leaf);
  if (!meta) return undefined;
  if (type === 'string') return { kind: meta.date ? 'date' : 'text', meta };
  if (type === 'boolean') return { kind: 'yes_no', meta };
  if (type !== 'number') return undefined;
  return { kind: 'number', meta, ...numberBounds(leaf) };
}

/**
 * The fields of a group that must add up to 100, in file order: a group with a rule whose
 * required fields are percentages (evaluation: price_pct, quality_pct, social_value_pct).
 */
export function contractSumTo100(path: Path): readonly string[] | undefined {
  if (path[0] !== 'procurement') return undefined;
  const key = path.slice(1).join('.');
  const group = procurementTable().find((r) => r.row === 'group' && r.path.join('.') === key);
  if (!group?.meta.rule) return undefined;
  const parts = procurementFields().filter(
    (f) => f.path.length === group.path.length + 1 && f.path.join('.').startsWith(`${key}.`) && f.requiredInGroup && f.kind === 'number' && f.meta.unit === '%',
  );
  return parts.length >= 2 ? parts.map((f) => f.path[f.path.length - 1]!) : undefined;
}
