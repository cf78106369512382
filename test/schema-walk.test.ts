/**
 * src/model/schema-walk.ts is the one reader of zod's schema internals: what it says of a schema,
 * and that no other file of src/ reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ActionSchema, ContractSchema, LotSchema, ProcurementSchema } from '../src/model/contract.js';
import { fact } from '../src/model/field-meta.js';
import { IsoDate } from '../src/model/iso-date.js';
import { childAt, eachNested, nodeOf, numberBounds, unwrapOptional, visitAt, type Schema, type SchemaNode } from '../src/model/schema-walk.js';

const ROOT = resolve(import.meta.dirname, '..');

describe('nodeOf', () => {
  it('describes a schema as plain data, with the schemas inside it', () => {
    const name = z.string();
    const obj = z.strictObject({ name, tags: z.array(name) });
    const node = nodeOf(obj);
    expect(node.type).toBe('object');
    expect(node.type === 'object' && node.shape.name).toBe(name);
    const tags = childAt(obj, 'tags')!;
    expect(nodeOf(tags)).toMatchObject({ type: 'array', element: name });
    expect(nodeOf(z.enum(['a', 'b']))).toMatchObject({ type: 'enum', values: ['a', 'b'] });
    expect(nodeOf(z.literal(1))).toMatchObject({ type: 'literal', values: [1] });
    expect(nodeOf(z.record(z.string(), name))).toMatchObject({ type: 'record', value: name });
    expect(nodeOf(z.union([name, z.number()]))).toMatchObject({ type: 'union', options: [name, expect.anything()] });
    expect(nodeOf(z._default(name, 'x'))).toMatchObject({ type: 'default', inner: name, defaultValue: 'x' });
    expect(nodeOf(z.nullable(name))).toMatchObject({ type: 'nullable', inner: name });
    expect(nodeOf(z.boolean())).toEqual({ type: 'boolean', checks: [] });
  });

  it('carries the checks, compared by identity, and the field metadata', () => {
    expect(nodeOf(IsoDate.clone()).checks).toEqual(nodeOf(IsoDate).checks);
    expect(nodeOf(IsoDate).checks.length).toBeGreaterThan(0);
    const amount = fact(z.number(), { label: 'Amount', unit: 'pounds' });
    expect(nodeOf(amount).meta).toEqual({ label: 'Amount', unit: 'pounds' });
    expect(nodeOf(z.number()).meta).toBeUndefined();
  });
});

describe('the walks', () => {
  it('takes optional and default wrappers off, saying whether the field may be left out and its default', () => {
    const inner = z.number();
    expect(unwrapOptional(z.optional(z._default(inner, 0)))).toEqual({ inner, optional: true, defaultValue: 0 });
    expect(unwrapOptional(inner)).toEqual({ inner, optional: false });
    // nullable is no way to leave a field out: it stays on.
    expect(unwrapOptional(z.nullable(inner)).inner).not.toBe(inner);
  });

  it('steps strictly along a path: a text key into an object, a number into a list, nothing else', () => {
    expect(childAt(ProcurementSchema, 'lots')).toBe(ProcurementSchema.shape.lots);
    expect(childAt(childAt(ProcurementSchema, 'lots')!, 0)).toBe(LotSchema);
    expect(childAt(childAt(ProcurementSchema, 'lots')!, 'x')).toBeUndefined();
    expect(childAt(ProcurementSchema, 0)).toBeUndefined();
    expect(childAt(ProcurementSchema, 'constructor')).toBeUndefined();
  });

  it('visits every schema that can hold the value at a path, through wrappers, pipes, unions and records', () => {
    const keysAt = (schema: Schema, path: readonly PropertyKey[]) => {
      const keys: string[] = [];
      visitAt(schema, path, (node) => node.type === 'object' && keys.push(...Object.keys(node.shape)));
      return keys;
    };
    expect(keysAt(ContractSchema, ['answers', 'S1.1'])).toEqual(['value', 'note', 'evidence']);
    expect(keysAt(ContractSchema, ['actions', 'S1.1'])).toEqual(Object.keys(ActionSchema.shape));
    expect(keysAt(z.union([z.strictObject({ a: z.string() }), z.strictObject({ b: z.string() })]), [])).toEqual(['a', 'b']);
    expect(keysAt(ContractSchema, ['procurement', '__proto__'])).toEqual([]);
  });

  it('visits nested schemas through wrappers, object fields and list elements, not records', () => {
    const seen: SchemaNode['type'][] = [];
    eachNested(z.strictObject({ a: z.optional(z.array(z.string())), r: z.record(z.string(), z.number()) }), (_s, node) => seen.push(node.type));
    expect(seen).toEqual(['object', 'optional', 'array', 'string', 'record']);
  });

  it('reads a number field\'s bounds as zod\'s JSON Schema converter does', () => {
    expect(numberBounds(z.int().check(z.gte(0)))).toEqual({ min: 0, integer: true });
    expect(numberBounds(z.number().check(z.gte(0), z.lte(100)))).toEqual({ min: 0, max: 100 });
  });
});

describe('zod internals', () => {
  it('are read in src/model/schema-walk.ts only', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const readers = files(join(ROOT, 'src'))
      .filter((f) => /\._zod\b|\.def\b|\binnerType\b|\bvalueType\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(readers).toEqual(['src/model/schema-walk.ts']);
  });
});
