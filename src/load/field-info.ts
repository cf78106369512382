/**
 * The facts table seen from a contract file: what the field at a path of the file is (kind,
 * unit, bounds, example) and which fields of a group must add up to 100. Messages about wrong
 * values are made from these (see advice.ts). Pure.
 */
import * as z from 'zod/mini';
import { ProcurementSchema } from '../model/contract.js';
import { fieldMeta } from '../model/field-meta.js';
import { actionFields, fieldAt, procurementFields, procurementTable } from '../model/field-table.js';
import type { FieldInfo } from './advice.js';
import type { Path } from './yaml-source.js';

interface Def {
  type: string;
  innerType?: z.ZodMiniType;
  shape?: Record<string, z.ZodMiniType>;
  element?: z.ZodMiniType;
}
const defOf = (s: z.ZodMiniType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodMiniType): z.ZodMiniType {
  let s = schema;
  while (defOf(s).type === 'optional' || defOf(s).type === 'default') s = defOf(s).innerType!;
  return s;
}

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
  let schema: z.ZodMiniType = ProcurementSchema;
  for (const key of path) {
    const def = defOf(unwrap(schema));
    const next = typeof key === 'number' ? (def.type === 'array' ? def.element : undefined) : def.type === 'object' ? def.shape?.[String(key)] : undefined;
    if (!next) return undefined;
    schema = next;
  }
  const leaf = unwrap(schema);
  const meta = fieldMeta.get(leaf);
  if (!meta) return undefined;
  const type = defOf(leaf).type;
  if (type === 'string') return { kind: meta.date ? 'date' : 'text', meta };
  if (type === 'boolean') return { kind: 'yes_no', meta };
  if (type !== 'number') return undefined;
  const json = z.toJSONSchema(leaf, { io: 'input', unrepresentable: 'any' }) as { type?: string; minimum?: number; maximum?: number };
  return {
    kind: 'number',
    meta,
    ...(json.minimum !== undefined ? { min: json.minimum } : {}),
    ...(json.maximum !== undefined && json.maximum < Number.MAX_SAFE_INTEGER ? { max: json.maximum } : {}),
    ...(json.type === 'integer' ? { integer: true } : {}),
  };
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
