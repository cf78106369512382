/**
 * YAML text for the one shape an import writes: comment lines, then block maps whose keys may
 * carry a comment line above them, holding plain data (strings, numbers, booleans, null, arrays
 * and plain objects). Pure. It writes what the `yaml` library's Document API wrote for the same
 * data with `lineWidth: 0`, byte for byte wherever the text is ordinary, in a tenth of the time
 * (0.05 ms a process against 0.5 ms, scripts/bench-render.mjs): the Document was the largest
 * single cost of importing a process.
 *
 * kil reads contract files with `yaml` and its default YAML 1.2 core schema (src/load/yaml-source.ts),
 * so a plain scalar is quoted exactly when that schema, or the YAML grammar, would read it as
 * something else. Where this differs from the `yaml` library's output, it is in how a string
 * that must be quoted is written, never in the value read back (test/ocds-emit.test.ts checks
 * both):
 * - line breaks, tabs and other characters YAML does not print (C0 and C1 controls, DEL,
 *   U+2028/U+2029, U+FEFF, U+FFFE/U+FFFF, unpaired surrogates) are escaped inside one
 *   double-quoted line; `yaml` wrote some of them raw, split long quoted strings with line
 *   breaks, and wrote multi-line strings as block scalars;
 * - a comment can never end its line: line breaks, including those of YAML 1.1 (U+0085,
 *   U+2028, U+2029), become spaces, and other characters a comment may not hold become U+FFFD.
 */

/** The map of an import's document: its order is the file's order; a key may have a comment line above it. */
export class CommentedMap extends Map<string, { value: unknown; comment?: string }> {}

/** A key the emitter writes plain: the fixed identifiers of the contract format. */
const KEY = /^[a-z][a-z0-9_]*$/;

// Characters written as an escape in a double-quoted string: C0 controls (tab and line breaks
// too), DEL, C1 controls, the YAML 1.1 line breaks U+2028/U+2029, the byte-order mark, the
// noncharacters U+FFFE/U+FFFF, and (with the u flag a pair is one code point) unpaired surrogates.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/u;
// eslint-disable-next-line no-control-regex
const ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/gu;
const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\u0000': '\\0',
  '\u0007': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\u001b': '\\e',
  '\u0085': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

// A plain scalar the YAML grammar would misread (the `yaml` library's own rule, less the line
// breaks and tabs UNPRINTABLE has already sent to double quotes): an indicator first, "-" or "?"
// alone or before a space, ": " or " #" inside, a space or ":" last.
const NOT_PLAIN = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #|[ :]$/;
// A plain scalar the YAML 1.2 core schema reads as null, a boolean or a number (its tags' own
// tests); the empty string too. Dates are strings in this schema, so they stay plain.
const NOT_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))?$/;

const hex = (c: string, digits: number): string => c.charCodeAt(0).toString(16).padStart(digits, '0');

/** A string as YAML reads it back: plain when that is safe, else quoted. */
export function yamlString(s: string): string {
  if (UNPRINTABLE.test(s)) return doubleQuoted(s);
  if (!NOT_PLAIN.test(s) && !NOT_STRING.test(s)) return s;
  // Single quotes spare escaping a '"', as `yaml` chose; nothing else needs escaping here.
  return s.includes('"') && !s.includes("'") ? `'${s}'` : doubleQuoted(s);
}

function doubleQuoted(s: string): string {
  return `"${s.replace(ESCAPE, (c) => ESCAPES[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`))}"`;
}

/** A scalar, or undefined for a value that is not one. */
function scalar(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return yamlString(value);
    case 'number':
      // The import refuses non-finite numbers, so one here is a bug; YAML's .inf would not load as a fact.
      if (!Number.isFinite(value)) throw new Error(`emit-yaml: ${value} is not a finite number`);
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value === null ? 'null' : undefined;
  }
}

// Characters a comment may not hold, and the line breaks (YAML 1.1's too) that would end it.
// eslint-disable-next-line no-control-regex
const NOT_COMMENT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/gu;
const LINE_BREAK = /\r\n?|[\n\u0085\u2028\u2029]/g;

/** One comment line at `indent`: whatever the text holds, it cannot end the line early. */
function commentLine(indent: string, text: string): string {
  const safe = text.replace(LINE_BREAK, ' ').replace(NOT_COMMENT, '\uFFFD');
  return safe === '' ? `${indent}#` : `${indent}# ${safe}`;
}

function checkKey(key: string): string {
  // Keys come from the contract format, never from a notice: anything else is a bug, and would need quoting.
  if (!KEY.test(key) || NOT_STRING.test(key)) throw new Error(`emit-yaml: ${JSON.stringify(key)} is not a contract key`);
  return key;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * `key: value` at `indent` into `out`, the line starting with `lead` (the indent, or "- " for the
 * first key of a map in a list). Collections go on the lines below, indented as `yaml` does.
 */
function entry(key: string, value: unknown, indent: string, lead: string, out: string[]): void {
  const s = scalar(value);
  if (s !== undefined) out.push(`${lead}${key}: ${s}`);
  else if (Array.isArray(value) ? value.length === 0 : isPlainObject(value) && isEmpty(value)) out.push(`${lead}${key}: ${Array.isArray(value) ? '[]' : '{}'}`);
  else {
    out.push(`${lead}${key}:`);
    block(value, `${indent}  `, `${indent}  `, out);
  }
}

function isEmpty(o: Record<string, unknown>): boolean {
  for (const k in o) if (o[k] !== undefined) return false;
  return true;
}

/** A non-empty list or map of plain data at `indent`, its first line starting with `lead`. */
function block(value: unknown, indent: string, lead: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      const s = scalar(item);
      if (s !== undefined) out.push(`${lead}- ${s}`);
      else if (Array.isArray(item) ? item.length === 0 : isPlainObject(item) && isEmpty(item)) out.push(`${lead}- ${Array.isArray(item) ? '[]' : '{}'}`);
      else if (Array.isArray(item) || isPlainObject(item)) block(item, `${indent}  `, `${lead}- `, out);
      else throw new Error(`emit-yaml: a list holds ${describe(item)}`);
      lead = indent;
    }
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === undefined) continue; // left out, as yaml's createNode left it out
      entry(checkKey(key), v, indent, lead, out);
      lead = indent;
    }
  } else throw new Error(`emit-yaml: cannot write ${describe(value)}`);
}

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? `a ${v.constructor?.name ?? 'null-prototype'} object` : typeof v);

/** The entries of a commented map at `indent`, each with its comment line above its key. */
function commentedMap(map: CommentedMap, indent: string, out: string[]): void {
  for (const [key, { value, comment }] of map) {
    if (value === undefined) continue; // left out, as in a plain object
    if (comment !== undefined) out.push(commentLine(indent, comment));
    if (value instanceof CommentedMap && value.size > 0) {
      out.push(`${indent}${checkKey(key)}:`);
      commentedMap(value, `${indent}  `, out);
    } else entry(checkKey(key), value instanceof CommentedMap ? {} : value, indent, indent, out);
  }
}

/**
 * A YAML document: the header's comment lines and a blank line (when there is a header), then
 * the root map. Every line ends with "\n".
 */
export function emitYaml(header: readonly string[], root: CommentedMap): string {
  const out: string[] = header.map((line) => commentLine('', line));
  if (out.length > 0) out.push('');
  commentedMap(root, '', out);
  out.push('');
  return out.join('\n');
}
