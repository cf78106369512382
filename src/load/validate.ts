/**
 * Validating parsed YAML against a zod schema and turning every issue into a
 * `file:line:col: what is wrong; what to do` diagnostic (all of them, not just the first).
 */
import type { $ZodIssue, $ZodType, output } from 'zod/v4/core';
import type { Diagnostic } from './diagnostic.js';
import { listOf, nearestName } from './suggest.js';
import { isScalar } from 'yaml';
import { diagnosticAt, nodeAt, type Path, type YamlSource } from './yaml-source.js';

export type Validated<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

export function validateSource<S extends $ZodType>(source: YamlSource, schema: S): Validated<output<S>> {
  // zod/mini schemas have safeParse as a method; core ones would need z.safeParse.
  const parse = (schema as unknown as { safeParse(data: unknown): { success: true; data: output<S> } | { success: false; error: { issues: $ZodIssue[] } } }).safeParse;
  const result = parse.call(schema, source.data);
  if (result.success) return { ok: true, value: result.data };
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) diagnostics.push(...issueDiagnostics(source, schema, issue));
  return { ok: false, diagnostics };
}

/** "procurement.value.amount" or `answers["S1.1"]`, the way a user would look for it. */
export function showPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || 'the document';
}

function valueAt(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, key) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (ArrayBuffer.isView(v)) return 'binary data';
  if (typeof v === 'object') return 'a block of fields';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'not a number (.nan)';
    if (!Number.isFinite(v)) return 'too large to be a number (such as 1e400 or .inf)';
    return `the number ${v}`;
  }
  return `${typeof v} ${String(v)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a block of fields',
  array: 'a list',
};

function issueDiagnostics(source: YamlSource, schema: $ZodType, issue: $ZodIssue): Diagnostic[] {
  const path = issue.path as Path;
  const where = showPath(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path, source.data);
      return issue.keys.map((key) => {
        const hint = nearestName(key, known);
        const todo = hint
          ? `did you mean "${hint}"?`
          : known.length > 0
            ? `known fields here are ${listOf(known.map((k) => `"${k}"`))}`
            : 'remove it';
        return diagnosticAt(source, path, `unknown field "${key}" in ${where}; ${todo}`, 'error', key);
      });
    }
    case 'invalid_type': {
      const found = valueAt(source.data, path);
      if (found === undefined) {
        return [diagnosticAt(source, path, `missing required field ${where}; add it (see the README for its meaning)`)];
      }
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      const written = nodeAt(source, path);
      const asTyped = isScalar(written) && typeof written.source === 'string' ? written.source : String(found);
      const todo = issue.expected === 'string' && (typeof found === 'number' || typeof found === 'boolean') ? `put it in quotes, e.g. "${asTyped}"` : 'correct the value';
      return [diagnosticAt(source, path, `${where} must be ${expected}, but it is ${describeValue(found)}; ${todo}`)];
    }
    case 'invalid_value': {
      const found = valueAt(source.data, path);
      if (found === undefined) return [diagnosticAt(source, path, `missing required field ${where}; add it (see the README for its meaning)`)];
      if (!issue.message.startsWith('Invalid')) return [diagnosticAt(source, path, `${where} ${issue.message}; correct the value`)];
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const hint = typeof found === 'string' ? nearestName(found, issue.values.map(String)) : undefined;
      const todo = hint ? `did you mean "${hint}"?` : `use ${listOf(allowed)}`;
      return [diagnosticAt(source, path, `${where} is ${describeValue(found)}, which is not allowed; ${todo}`)];
    }
    case 'invalid_union': {
      const found = valueAt(source.data, path);
      const message = issue.message !== 'Invalid input' ? issue.message : 'is not in a form kil understands';
      return [diagnosticAt(source, path, `${where} ${message} (it is ${describeValue(found)}); see the README for the format`)];
    }
    case 'too_small':
    case 'too_big': {
      const message = isCustom(issue.message) ? issue.message : sizeMessage(issue);
      // A message that already says what to do ("...; check the number") needs no second hint.
      return [diagnosticAt(source, path, `${where} ${message}${message.includes('; ') ? '' : '; correct the value'}`)];
    }
    default: {
      // custom refinements and formats carry kil's own wording; anything else gets a plain one.
      const message = isCustom(issue.message) ? issue.message : 'is not valid here';
      return [diagnosticAt(source, path, `${where} ${message}; correct the value`)];
    }
  }
}

/** zod/mini loads no message locale, so its own messages are generic ("Invalid input"). */
const isCustom = (message: string): boolean => message !== '' && !message.startsWith('Invalid') && !message.startsWith('Too ');

function sizeMessage(issue: Extract<$ZodIssue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
    case 'set':
      return small ? `needs at least ${limit} entr${Number(limit) === 1 ? 'y' : 'ies'}` : `allows at most ${limit} entries`;
    case 'string':
      return small ? (Number(limit) === 1 ? 'must not be empty' : `must be at least ${limit} characters`) : `must be at most ${limit} characters`;
    default:
      return small ? `must be ${inclusive ? 'at least' : 'more than'} ${limit}` : `must be ${inclusive ? 'at most' : 'less than'} ${limit}`;
  }
}

/**
 * The field names the schema allows at a path, for "did you mean" hints. Walks zod 4's
 * definition objects; wrapper types are unwrapped and unions merged.
 */
export function knownKeysAt(schema: $ZodType, path: Path, data: unknown): string[] {
  const keys = new Set<string>();
  collectKeys(schema, path, data, keys, 0);
  return [...keys];
}

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
  in?: unknown;
  out?: unknown;
  schema?: unknown;
}

function collectKeys(schema: unknown, path: Path, data: unknown, keys: Set<string>, depth: number): void {
  if (depth > 64 || schema === null || typeof schema !== 'object') return;
  const def = (schema as { def?: Def }).def;
  if (!def) return;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return collectKeys(def.innerType, path, data, keys, depth + 1);
    case 'pipe':
      return collectKeys(def.out ?? def.in, path, data, keys, depth + 1);
    case 'union':
      for (const option of def.options ?? []) collectKeys(option, path, data, keys, depth + 1);
      return;
    case 'object': {
      const [head, ...rest] = path;
      if (head === undefined) {
        for (const k of Object.keys(def.shape ?? {})) keys.add(k);
        return;
      }
      const child = def.shape?.[String(head)];
      const childData = valueAt(data, [head]);
      return collectKeys(child, rest, childData, keys, depth + 1);
    }
    case 'array':
    case 'record': {
      const [head, ...rest] = path;
      if (head === undefined) return;
      return collectKeys(def.element ?? def.valueType, rest, valueAt(data, [head]), keys, depth + 1);
    }
    default:
      return;
  }
}
