/**
 * Validating parsed YAML against a zod schema and turning every issue into a
 * `file:line:col: what is wrong; what to do` diagnostic (all of them, not just the first).
 */
import type { $ZodIssue, $ZodType, output } from 'zod/v4/core';
import { IsoDate } from '../model/iso-date.js';
import { nodeOf, visitAt } from '../model/schema-walk.js';
import { adviceForText, exampleOf, formOf, yamlFlow, type FieldInfo } from './advice.js';
import type { Diagnostic, DiagnosticCode } from './diagnostic.js';
import { listOf, nearestName } from './suggest.js';
import { isScalar } from 'yaml';
import { diagnosticAt, nodeAt, type Path, type YamlSource } from './yaml-source.js';

export type Validated<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

/**
 * What the file format knows about its fields, for messages that say what to write. The contract
 * loader passes the facts table's view (field-info.ts); rubric files have none.
 */
export interface FieldHints {
  /** The field at a path: kind, unit, bounds and example. */
  field(path: Path): FieldInfo | undefined;
  /** The fields of the group at a path that must add up to 100, in file order. */
  sumTo100(path: Path): readonly string[] | undefined;
  /** The page that documents this kind of file, named where a message can only point to it. */
  docs: string;
}

/** For files with no facts table (rubric, policy, council profile): only where they are documented. */
export const docsOnly = (docs: string): FieldHints => ({ field: () => undefined, sumTo100: () => undefined, docs });

export function validateSource<S extends $ZodType>(source: YamlSource, schema: S, hints: FieldHints): Validated<output<S>> {
  // zod/mini schemas have safeParse as a method; core ones would need z.safeParse.
  const parse = (schema as unknown as { safeParse(data: unknown): { success: true; data: output<S> } | { success: false; error: { issues: $ZodIssue[] } } }).safeParse;
  const result = parse.call(schema, source.data);
  if (result.success) return { ok: true, value: result.data };
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) diagnostics.push(...issueDiagnostics(source, schema, issue, hints));
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

/** A number shown as people read it: 110, 99.9 (not 99.89999999999999). */
const showNumber = (n: number): string => String(Number(n.toFixed(9)));

function issueDiagnostics(source: YamlSource, schema: $ZodType, issue: $ZodIssue, hints: FieldHints): Diagnostic[] {
  const path = issue.path as Path;
  const where = showPath(path);
  const at = (code: DiagnosticCode, message: string): Diagnostic[] => [diagnosticAt(source, path, code, message)];
  const field = hints.field(path);
  const missing = (): Diagnostic[] => {
    const key = path[path.length - 1];
    const todo = field?.meta.example !== undefined && typeof key === 'string' ? `add it, e.g. ${key}: ${yamlFlow(field.meta.example)}` : `add it (see ${hints.docs} for its meaning)`;
    return at('missing-field', `missing required field ${where}; ${todo}`);
  };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => {
        const hint = nearestName(key, known);
        const todo = hint
          ? `did you mean "${hint}"?`
          : known.length > 0
            ? `known fields here are ${listOf(known.map((k) => `"${k}"`))}`
            : 'remove it';
        return diagnosticAt(source, path, 'unknown-field', `unknown field "${key}" in ${where}; ${todo}`, 'error', key);
      });
    }
    case 'invalid_type': {
      const found = valueAt(source.data, path);
      if (found === undefined) return missing();
      if (issue.expected === 'int' && typeof found === 'number' && Number.isFinite(found)) {
        const todo = field ? `write ${formOf(field)}${exampleOf(field)}` : 'correct the value';
        return at('not-whole-number', `${where} must be a whole number, but it is ${describeValue(found)}; ${todo}`);
      }
      if (field && typeof found === 'string') {
        const advice = adviceForText(found, field);
        if (advice) return at('wrong-type', `${where} ${advice}`);
      }
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      const written = nodeAt(source, path);
      const asTyped = isScalar(written) && typeof written.source === 'string' ? written.source : String(found);
      const todo =
        issue.expected === 'string' && (typeof found === 'number' || typeof found === 'boolean')
          ? `put it in quotes, e.g. "${asTyped}"`
          : field?.kind === 'number' || field?.kind === 'yes_no'
            ? `write ${formOf(field)}${exampleOf(field)}`
            : `correct the value${exampleOf(field)}`;
      return at('wrong-type', `${where} must be ${expected}, but it is ${describeValue(found)}; ${todo}`);
    }
    case 'invalid_value': {
      const found = valueAt(source.data, path);
      if (found === undefined) return missing();
      if (!issue.message.startsWith('Invalid')) return at('not-allowed-value', `${where} ${issue.message}; correct the value`);
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const hint = typeof found === 'string' ? nearestName(found, issue.values.map(String)) : undefined;
      const todo = hint ? `did you mean "${hint}"?` : `use ${listOf(allowed)}`;
      return at('not-allowed-value', `${where} is ${describeValue(found)}, which is not allowed; ${todo}`);
    }
    case 'invalid_union': {
      const found = valueAt(source.data, path);
      const message = issue.message !== 'Invalid input' ? issue.message : 'is not in a form kil understands';
      return at('wrong-type', `${where} ${message} (it is ${describeValue(found)}); see ${hints.docs} for the format`);
    }
    case 'too_small':
    case 'too_big': {
      const message = isCustom(issue.message) ? issue.message : sizeMessage(issue);
      // A message that already says what to do ("...; check the number") needs no second hint.
      return at(sizeCode(issue), `${where} ${message}${message.includes('; ') ? '' : '; correct the value'}`);
    }
    case 'invalid_format': {
      const found = valueAt(source.data, path);
      if (isDateSchema(schema, path)) {
        const advice = typeof found === 'string' && field ? adviceForText(found, field) : undefined;
        if (advice) return at('bad-date', `${where} ${advice}`);
        return at('bad-date', `${where} ${isCustom(issue.message) ? issue.message : 'must be a date written YYYY-MM-DD'}; correct the value`);
      }
      return at('bad-format', `${where} ${isCustom(issue.message) ? issue.message : 'is not in the right form'}; correct the value`);
    }
    case 'custom': {
      const parts = hints.sumTo100(path);
      const group = valueAt(source.data, path);
      if (parts) {
        const values = parts.map((k) => valueAt(group, [k]));
        if (values.every((v): v is number => typeof v === 'number')) {
          const total = values.reduce((a, b) => a + b, 0);
          const terms = parts.map((k, i) => `${k} ${showNumber(values[i]!)}`).join(' + ');
          return at('sum-not-100', `${where}: ${terms} add up to ${showNumber(total)}; they must add up to 100`);
        }
      }
      if (isDateSchema(schema, path)) return at('bad-date', `${where} ${isCustom(issue.message) ? issue.message : 'is not a real date'}; correct the value${exampleOf(field)}`);
      return at('rule-broken', `${where} ${isCustom(issue.message) ? issue.message : 'is not valid here'}; correct the value`);
    }
    default: {
      // anything else gets a plain message, or kil's own wording where the schema gives one.
      const message = isCustom(issue.message) ? issue.message : 'is not valid here';
      return at('not-valid', `${where} ${message}; correct the value`);
    }
  }
}

function sizeCode(issue: Extract<$ZodIssue, { code: 'too_small' | 'too_big' }>): DiagnosticCode {
  switch (issue.origin) {
    case 'array':
    case 'set':
      return 'wrong-count';
    case 'string':
      return issue.code === 'too_small' ? 'empty-text' : 'too-long';
    default:
      return 'out-of-range';
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
 * The field names the schema allows at a path, for "did you mean" hints: wrappers are looked
 * through and unions merged (schema-walk.ts).
 */
export function knownKeysAt(schema: $ZodType, path: Path): string[] {
  const keys = new Set<string>();
  visitAt(schema, path, (node) => {
    if (node.type === 'object') for (const k of Object.keys(node.shape)) keys.add(k);
  });
  return [...keys];
}

// A date field is IsoDate or a copy of it (.clone() keeps its checks), wherever it is used.
const DATE_CHECKS: readonly unknown[] = nodeOf(IsoDate).checks;

/** Whether the field at `path` is a date (YYYY-MM-DD), by its schema, not by any message. */
function isDateSchema(schema: $ZodType, path: Path): boolean {
  let date = false;
  visitAt(schema, path, (node) => {
    if (node.checks.some((c) => DATE_CHECKS.includes(c))) date = true;
  });
  return date;
}
