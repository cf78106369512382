/**
 * Parsing YAML text into plain data while keeping enough of the document to say where a
 * value came from (file:line:col). Pure: takes text, returns data or diagnostics.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic, DiagnosticCode } from './diagnostic.js';

/** Larger files are refused before parsing: no real contract or rubric is near this size. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** Aliases beyond this are an attack ("billion laughs"), not a contract. */
const MAX_ALIAS_COUNT = 100;

export type Path = readonly PropertyKey[];

/** A file's name and text, as read (kil's loaders are pure: the caller reads the files). */
export interface SourceText {
  file: string;
  text: string;
}

const TOO_DEEP = 'the YAML is nested too deeply to read (no contract or rubric nests more than a few levels); flatten the structure';

export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

export type ParseOutcome = { ok: true; source: YamlSource } | { ok: false; diagnostics: Diagnostic[] };

export function parseYamlSource(file: string, text: string): ParseOutcome {
  const fail = (code: DiagnosticCode, message: string, line = 1, col = 1): ParseOutcome => ({
    ok: false,
    diagnostics: [{ file, line, col, severity: 'error', code, message }],
  });
  if (Buffer.byteLength(text, 'utf8') > MAX_SOURCE_BYTES) {
    return fail('too-large', `file is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB; a contract or rubric file should be far smaller, check you chose the right file`);
  }
  if (text.includes('\u0000')) {
    return fail('binary', 'file contains NUL bytes, so it is binary, not YAML; choose the contract or rubric .yaml file');
  }
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text.replace(/^\uFEFF/, ''), {
      lineCounter: lines,
      prettyErrors: true, // fills in linePos; the message is cut to its first line below
      // The parser's own check compares each key with every earlier one: a file of 200,000 keys ran
      // for over 25 minutes. duplicateKeys() below does the same check in one pass.
      uniqueKeys: false,
      strict: true,
    });
  } catch (error) {
    // Pathologically deep nesting can exhaust the parser's stack.
    if (error instanceof RangeError) return fail('too-deep', TOO_DEEP);
    throw error;
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => {
        const at = e.linePos?.[0] ?? { line: 1, col: 1 };
        // The parser reports its own stack overflow as an ordinary error.
        const { code, message } = /call stack/i.test(e.message) ? { code: 'too-deep' as const, message: TOO_DEEP } : yamlError(e.code, e.message);
        return { file, line: at.line, col: at.col, severity: 'error', code, message };
      }),
    };
  }
  const duplicates = duplicateKeys(doc, lines);
  if (duplicates.length > 0) return { ok: false, diagnostics: duplicates.map(({ line, col }) => ({ file, line, col, severity: 'error', code: 'duplicate-key', message: DUPLICATE_KEY })) };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return fail('empty-file', 'file is empty; write the YAML document into it ("kil init" writes a contract template; docs/ has every format)');
  }
  const warningsAsErrors = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED' || w.code === 'BAD_ALIAS');
  if (warningsAsErrors.length > 0) {
    return {
      ok: false,
      diagnostics: warningsAsErrors.map((w) => {
        const at = w.linePos?.[0] ?? { line: 1, col: 1 };
        const code = w.code === 'BAD_ALIAS' ? 'bad-alias' : 'yaml-tag';
        return { file, line: at.line, col: at.col, severity: 'error', code, message: `${firstLine(w.message)}; remove the tag or alias` };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError) {
      return fail('too-many-aliases', 'the YAML expands too many aliases (possible "billion laughs" file); write the values out instead of using aliases');
    }
    if (error instanceof RangeError) return fail('too-deep', TOO_DEEP);
    throw error;
  }
  return { ok: true, source: { file, doc, lines, data } };
}

const DUPLICATE_KEY = 'Map keys must be unique; a key appears twice in the same block, keep only one';

/** Every key that repeats an earlier key of the same map (as the parser's uniqueKeys would find), in one pass. */
function duplicateKeys(doc: Document.Parsed, lines: LineCounter): { line: number; col: number }[] {
  const found: { line: number; col: number }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        // Only scalar keys can be compared by their text; kil's files have no other kind.
        if (!isScalar(pair.key)) continue;
        const key = `${typeof pair.key.value}:${String(pair.key.value)}`;
        if (seen.has(key)) found.push(lines.linePos(pair.key.range?.[0] ?? 0));
        seen.add(key);
      }
    },
  });
  return found;
}

/** Parse a file that must be a block of fields (contract, council profile): `notABlock` says what it should hold. */
export function parseBlockSource(file: string, text: string, notABlock: string): ParseOutcome {
  const parsed = parseYamlSource(file, text);
  if (!parsed.ok) return parsed;
  const { data } = parsed.source;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) return parsed;
  return { ok: false, diagnostics: [diagnosticAt(parsed.source, [], 'not-a-block', notABlock)] };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlError(code: string, message: string): { code: DiagnosticCode; message: string } {
  const text = firstLine(message);
  switch (code) {
    case 'DUPLICATE_KEY':
      return { code: 'duplicate-key', message: `${text}; a key appears twice in the same block, keep only one` };
    case 'TAB_AS_INDENT':
      return { code: 'tab-indent', message: `${text}; indent with spaces, not tabs` };
    case 'MULTIPLE_DOCS':
      // yaml's own text advises an API call ("use YAML.parseAllDocuments()"): say it for people.
      return {
        code: 'multiple-documents',
        message: 'the file holds more than one YAML document (a line "---" starts another); keep one document (one contract or rubric) per file',
      };
    default:
      return { code: 'yaml-syntax', message: `YAML syntax error: ${text}; check the indentation and quoting on this line` };
  }
}

/** The node at a path, or the nearest ancestor that exists (a missing key points at its parent). */
export function nodeAt(source: YamlSource, path: Path): Node | undefined {
  let node: unknown = source.doc.contents;
  for (const key of path) {
    const next = childOf(node, key);
    if (next === undefined) break;
    node = next;
  }
  return node as Node | undefined;
}

/** The key node of `key` in the map at `path`, for pointing at an unknown or misspelt key. */
export function keyNodeAt(source: YamlSource, path: Path, key: string): Node | undefined {
  const map = nodeAt(source, path);
  if (!isMap(map)) return undefined;
  const pair = pairsOf(map).get(key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/**
 * A map's pairs by key text, made once per map: a file with thousands of unknown keys gets a
 * diagnostic for each, and finding each by a scan of the map was quadratic.
 */
const PAIRS = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairsOf(map: YAMLMap): Map<string, Pair> {
  let pairs = PAIRS.get(map);
  if (!pairs) {
    pairs = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !pairs.has(String(p.key.value))) pairs.set(String(p.key.value), p);
    PAIRS.set(map, pairs);
  }
  return pairs;
}

function childOf(node: unknown, key: PropertyKey): unknown {
  if (isMap(node)) {
    const pair = pairsOf(node).get(String(key));
    return pair?.value ?? (pair ? pair.key : undefined);
  }
  if (isSeq(node) && typeof key === 'number') return node.items[key];
  return undefined;
}

export function positionOf(source: YamlSource, node: Node | undefined): { line: number; col: number } {
  const offset = node?.range?.[0] ?? 0;
  return source.lines.linePos(offset);
}

export function diagnosticAt(
  source: YamlSource,
  path: Path,
  code: DiagnosticCode,
  message: string,
  severity: Diagnostic['severity'] = 'error',
  key?: string,
): Diagnostic {
  const node = key !== undefined ? (keyNodeAt(source, path, key) ?? nodeAt(source, path)) : nodeAt(source, path);
  const { line, col } = positionOf(source, node);
  return { file: source.file, line, col, severity, code, message };
}
