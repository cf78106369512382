/**
 * The one place kil reads zod's schema internals. A schema node is described as plain data (what
 * it is, the schemas inside it, its checks, its field metadata) and the few walks kil makes over
 * schemas are here: the facts table, the messages' field hints and "did you mean" names, and the
 * JSON Schema's titles all go through this module, so a change in zod's internals is met once.
 * Pure: nothing here changes a schema.
 *
 * zod 4's own way to read a schema (zod.dev/library-authors): treat it as one of the first-party
 * schema types (`$ZodTypes`) and switch on `_zod.def.type`, which narrows the definition.
 */
import * as z from 'zod/mini';
import type { $ZodCheck, $ZodType, $ZodTypes } from 'zod/v4/core';
import { fieldMeta, type FieldMeta } from './field-meta.js';

export type Schema = $ZodType;

/** zod's name for what a schema is: "object", "array", "string", "optional", ... */
export type SchemaType = $ZodTypes['_zod']['def']['type'];

/** Wrappers: one schema inside, changing only whether or how the value may be left out or fail. */
export type WrapperType = 'optional' | 'nullable' | 'default' | 'prefault' | 'nonoptional' | 'readonly' | 'catch' | 'success' | 'promise';

type Shared = {
  /** The checks on the schema (min, max, regex, refine, ...), as zod keeps them: compared by identity. */
  checks: readonly $ZodCheck<never>[];
  /** What a person needs to know about the field (field-meta.ts), if kil attached any. */
  meta?: FieldMeta;
};

/** A schema described as plain data: its type, and the schemas inside it (not described: call nodeOf). */
export type SchemaNode = Shared &
  (
    | { type: 'object'; shape: Readonly<Record<string, Schema>> }
    | { type: 'array'; element: Schema }
    | { type: 'record'; value: Schema }
    | { type: 'union'; options: readonly Schema[] }
    | { type: 'pipe'; in: Schema; out: Schema }
    | { type: WrapperType; inner: Schema; defaultValue?: unknown }
    /** The allowed values, in the schema's order. */
    | { type: 'enum'; values: readonly unknown[] }
    /** The value(s) the literal allows. */
    | { type: 'literal'; values: readonly unknown[] }
    | { type: Exclude<SchemaType, 'object' | 'array' | 'record' | 'union' | 'pipe' | WrapperType | 'enum' | 'literal'> }
  );

/** What the schema is, as plain data. */
export function nodeOf(schema: Schema): SchemaNode {
  const def = (schema as $ZodTypes)._zod.def;
  const meta = fieldMeta.get(schema);
  const shared: Shared = { checks: def.checks ?? [], ...(meta ? { meta } : {}) };
  switch (def.type) {
    case 'object':
      return { ...shared, type: def.type, shape: def.shape };
    case 'array':
      return { ...shared, type: def.type, element: def.element };
    case 'record':
      return { ...shared, type: def.type, value: def.valueType };
    case 'union':
      return { ...shared, type: def.type, options: def.options };
    case 'pipe':
      return { ...shared, type: def.type, in: def.in, out: def.out };
    case 'default':
    case 'prefault':
      return { ...shared, type: def.type, inner: def.innerType, defaultValue: def.defaultValue };
    case 'optional':
    case 'nullable':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
    case 'success':
    case 'promise':
      return { ...shared, type: def.type, inner: def.innerType };
    case 'enum':
      return { ...shared, type: def.type, values: Object.values(def.entries) };
    case 'literal':
      return { ...shared, type: def.type, values: def.values };
    default:
      return { ...shared, type: def.type };
  }
}

/** An object's field by name: its own fields only ("constructor" is no field of a contract). */
const fieldOf = (node: SchemaNode, key: PropertyKey): Schema | undefined =>
  node.type === 'object' && Object.hasOwn(node.shape, String(key)) ? node.shape[String(key)] : undefined;

/**
 * The schema with its `optional` and `default` wrappers off: the schema that says what the value
 * is, whether it may be left out, and what kil uses then (extension_months: 0).
 */
export function unwrapOptional(schema: Schema): { inner: Schema; optional: boolean; defaultValue?: unknown } {
  let inner = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const node = nodeOf(inner);
    if (node.type === 'optional') optional = true;
    else if (node.type === 'default') {
      optional = true;
      defaultValue = node.defaultValue;
    } else break;
    inner = node.inner;
  }
  return { inner, optional, ...(defaultValue !== undefined ? { defaultValue } : {}) };
}

/**
 * The schema at one step of a file's path, strictly: a field of an object (a text key) or the
 * element of a list (a number), with `optional` and `default` wrappers looked through.
 */
export function childAt(schema: Schema, key: PropertyKey): Schema | undefined {
  const node = nodeOf(unwrapOptional(schema).inner);
  if (typeof key === 'number') return node.type === 'array' ? node.element : undefined;
  return fieldOf(node, key);
}

/** A number's bounds and whether it must be whole, as zod's JSON Schema converter reads them. */
export function numberBounds(schema: Schema): { min?: number; max?: number; integer?: boolean } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { type?: string; minimum?: number; maximum?: number };
  return {
    ...(json.minimum !== undefined ? { min: json.minimum } : {}),
    // z.int()'s own bound (the largest safe integer) is no bound a person set.
    ...(json.maximum !== undefined && json.maximum < Number.MAX_SAFE_INTEGER ? { max: json.maximum } : {}),
    ...(json.type === 'integer' ? { integer: true } : {}),
  };
}

/**
 * Calls `visit` with each schema that can hold the value at `path` of a file: every wrapper,
 * pipe (its output) and union option is looked through; a text or number key steps into an
 * object's field, and any key into a list's element or a record's value. Stops at 64 levels,
 * whatever the schema.
 */
export function visitAt(schema: Schema, path: readonly PropertyKey[], visit: (node: SchemaNode, schema: Schema) => void, depth = 0): void {
  if (depth > 64) return;
  const node = nodeOf(schema);
  switch (node.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return visitAt(node.inner, path, visit, depth + 1);
    case 'pipe':
      return visitAt(node.out, path, visit, depth + 1);
    case 'union':
      for (const option of node.options) visitAt(option, path, visit, depth + 1);
      return;
  }
  const [head, ...rest] = path;
  if (head === undefined) return visit(node, schema);
  const next = node.type === 'object' ? fieldOf(node, head) : node.type === 'array' ? node.element : node.type === 'record' ? node.value : undefined;
  if (next) visitAt(next, rest, visit, depth + 1);
}

/**
 * Calls `visit` with the schema and every schema nested in it through wrappers, object fields and
 * list elements, parents first; unions, records and pipes are not entered.
 */
export function eachNested(schema: Schema, visit: (schema: Schema, node: SchemaNode) => void): void {
  const node = nodeOf(schema);
  visit(schema, node);
  const nested = node.type === 'object' ? Object.values(node.shape) : node.type === 'array' ? [node.element] : 'inner' in node ? [node.inner] : [];
  for (const child of nested) eachNested(child, visit);
}
