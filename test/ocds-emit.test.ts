/**
 * The import's YAML emitter (src/import/ocds/emit-yaml.ts) against the yaml Document renderer it
 * replaced (test/ocds-render-reference.ts): the same text for every real notice and fixture, and
 * for any facts, hostile text included, a document that reads back as exactly the facts, with
 * each fact's comment on the line above its key. `npm run fuzz` can raise KIL_FUZZ_RUNS.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, LineCounter, parse, parseDocument, type Pair } from 'yaml';
import { CommentedMap, emitYaml, yamlString } from '../src/import/ocds/emit-yaml.js';
import { importedContract, importOcds, renderImported } from '../src/import/ocds/index.js';
import type { How, Imported, ImportedFact } from '../src/import/ocds/map.js';
import { loadContract } from '../src/load/contract.js';
import { parseYamlSource } from '../src/load/yaml-source.js';
import { ContractSchema } from '../src/model/contract.js';
import { plainText } from '../src/render/text.js';
import { builtInLibrary, ROOT } from './helpers.js';
import { renderImportedWithDocument } from './ocds-render-reference.js';

const RUNS = Number(process.env.KIL_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.KIL_FUZZ_SEED ?? 20261122);
const library = builtInLibrary();

const fixtureDirs = ['ocds', 'ocds-hostile'].map((d) => join(ROOT, 'test', 'fixtures', d));
const fixtures = fixtureDirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') })));
const realImports = fixtures.flatMap(({ file, text }) => importOcds(file, text).imported.map((imported) => ({ file, imported })));

const HOW: Record<How, string> = { field: 'from', text: 'read from text in', default: 'default:', heuristic: 'kil heuristic:' };
const clone = <T>(v: T): T => structuredClone(v);

/** The facts whose key and comment are in the file: no later fact sets the same path or one above it. */
const standing = (facts: readonly ImportedFact[]): ImportedFact[] =>
  facts.filter((f, i) => !facts.slice(i + 1).some((g) => g.path.length <= f.path.length && g.path.every((k, j) => f.path[j] === k)));

/** Every key a value holds (the keys of its objects, at any depth). */
function keysIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysIn(v, out);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), keysIn(v, out));
  return out;
}

/**
 * The line each standing fact's key is on, and the line above it, which must be the fact's
 * comment: "# <how> <from>" at the key's indent, the from text one line however it was written.
 */
function checkComments(text: string, imported: Imported): void {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const all = text.split('\n');
  const facts = standing(imported.facts);
  for (const fact of facts) {
    const parent = doc.getIn(['procurement', ...fact.path.slice(0, -1)], true);
    if (!isMap(parent)) throw new Error(`no map at ${fact.path.join('.')}`);
    const pair = parent.items.find((p): p is Pair => isScalar(p.key) && p.key.value === fact.path.at(-1));
    if (!pair || !isScalar(pair.key) || !pair.key.range) throw new Error(`no key ${fact.path.join('.')}`);
    const { line, col } = lines.linePos(pair.key.range[0]);
    const from = plainText(fact.from)
      .replace(/[\u0085\u2028\u2029]/g, ' ')
      .replace(/[\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/gu, '\uFFFD');
    expect(all[line - 2], `comment above ${fact.path.join('.')}`).toBe(`${' '.repeat(col - 1)}# ${HOW[fact.how]} ${from}`);
  }
  // No other comment lines in the body: every "#" line after the header is a fact's.
  const body = all.slice(all.indexOf('') + 1);
  expect(body.filter((l) => l.trimStart().startsWith('#'))).toHaveLength(facts.length);
  for (const l of all) expect(l).not.toMatch(/[\r\u0085\u2028\u2029]/);
}

describe('the import emitter writes what the yaml Document renderer wrote', () => {
  it('for every real notice and fixture, byte for byte', () => {
    expect(realImports.length).toBeGreaterThan(20);
    for (const { file, imported } of realImports) {
      expect(renderImported(clone(imported), file), file).toBe(renderImportedWithDocument(clone(imported), file));
    }
  });

  it('keys are the contract format\'s own identifiers, never text from a notice', () => {
    for (const { imported } of realImports) {
      for (const f of imported.facts) for (const k of [...f.path, ...keysIn(f.value)]) expect(k).toMatch(/^[a-z][a-z0-9_]*$/);
    }
    // The emitter refuses any other key rather than write it unquoted.
    for (const key of ['a b', 'Title', 'true', 'null', '', '__proto__', 'a: b', '#', '1']) {
      expect(() => emitYaml([], new CommentedMap([[key, { value: 1 }]]))).toThrow(/not a contract key/);
      expect(() => emitYaml([], new CommentedMap([['a', { value: { [key]: 1 } }]]))).toThrow(/not a contract key/);
    }
  });

  it('refuses what a contract file cannot hold: non-finite numbers and non-plain values', () => {
    for (const value of [NaN, Infinity, -Infinity, [1, undefined], new Date(0), new Map(), 1n, () => 1, Symbol('s')]) {
      expect(() => emitYaml([], new CommentedMap([['a', { value }]]))).toThrow(/emit-yaml/);
    }
  });
});

describe('strings', () => {
  const cases: [string, string][] = [
    ['Royal Borough of Greenwich', 'Royal Borough of Greenwich'],
    ['Helensburgh & Lomond', 'Helensburgh & Lomond'],
    ['2025-04-01', '2025-04-01'], // a date is a string in the YAML 1.2 core schema kil reads with
    ['yes', 'yes'], // so is "yes"
    ['http://x.y/a?b=c#d', 'http://x.y/a?b=c#d'],
    ['a:b', 'a:b'],
    ['-x', '-x'],
    ['', '""'],
    [' a', '" a"'],
    ['a ', '"a "'],
    ['15300000', '"15300000"'],
    ['1.5', '"1.5"'],
    ['1e3', '"1e3"'],
    ['0x1F', '"0x1F"'],
    ['.inf', '".inf"'],
    ['true', '"true"'],
    ['NULL', '"NULL"'],
    ['~', '"~"'],
    ['- a', '"- a"'],
    ['-', '"-"'],
    ['a: b', '"a: b"'],
    ['a #b', '"a #b"'],
    ['a:', '"a:"'],
    ['#a', '"#a"'],
    ['"a" b', `'"a" b'`],
    ['"a" \'b\'', '"\\"a\\" \'b\'"'],
    ["'a'", `"'a'"`],
    ['a\nb', '"a\\nb"'],
    ['a\tb', '"a\\tb"'],
    ['a\r\n', '"a\\r\\n"'],
    ['\u0000\u0007\u001b\u007f\u0085\u009f', '"\\0\\a\\e\\x7f\\N\\x9f"'],
    ['a\u2028b\u2029', '"a\\Lb\\P"'],
    ['\uFEFFa\uFFFE\uFFFF', '"\\ufeffa\\ufffe\\uffff"'],
    ['\uD800 \uDC00', '"\\ud800 \\udc00"'],
    ['😀 é', '😀 é'], // a pair of surrogates is one character, written as it is
    ['\\', '\\'],
    ['\\ "', '\\ "'], // a backslash or a quote inside a plain scalar is only text
  ];
  it.each(cases)('%j is written %s and read back as itself', (value, written) => {
    expect(yamlString(value)).toBe(written);
    expect(parse(`a: ${written}`)).toEqual({ a: value });
  });

  it('a very long string stays on one line', () => {
    const long = 'word '.repeat(20_000).trim();
    expect(emitYaml([], new CommentedMap([['a', { value: long }]]))).toBe(`a: ${long}\n`);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Pieces a hostile string is made of: YAML syntax, look-alikes of other types, characters YAML cannot print. */
const PIECES = [
  ...['null', 'Null', 'NULL', '~', 'true', 'False', 'TRUE', 'yes', 'no', 'on', 'off', 'y', 'n'],
  ...['0', '-1', '+1', '007', '1.5', '.5', '1.', '1e3', '1E-3', '0x1F', '0o17', '0b1', '1_000', '.inf', '-.Inf', '.nan', '12:30', '2025-01-01', '2025-01-01T00:00:00Z'],
  ...['-', '- ', '?', '? ', ':', ': ', ' #', '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '\\', '---', '...', '<<'],
  ...[' ', '  ', '\t', '\n', '\r', '\r\n', '\u000b', '\f', '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0080', '\u0085', '\u009f', '\u00a0', '\u2028', '\u2029', '\u3000'],
  ...['\uFEFF', '\uFFFE', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '😀', 'é', 'e\u0301', '\u202e', 'a', 'Z', 'word'],
];
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)); // lone surrogates too
const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom(...PIECES), codeUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30, size: 'max' }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PIECES), fc.string({ minLength: 1000, maxLength: 5000 }), fc.constantFrom(...PIECES)).map(([a, b, c]) => a + b + c) },
);

const KEYS = ['title', 'buyer', 'name', 'value', 'lots', 'source', 'amount', 'x', 'y_2'];
const key = fc.oneof(fc.constantFrom(...KEYS), fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/)).filter((k) => !(k in Object.prototype) && !['true', 'false', 'null'].includes(k));
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e21, 5e-7, 2 ** 53 + 2, 0.1 + 0.2));
const { data } = fc.letrec<{ data: unknown }>((tie) => ({
  data: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostile,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('data'), { maxLength: 4 }),
    fc.dictionary(key, tie('data'), { maxKeys: 4 }),
  ),
}));
const fact: fc.Arbitrary<ImportedFact> = fc.record({
  path: fc.array(key, { minLength: 1, maxLength: 3 }),
  value: data,
  how: fc.constantFrom<How>('field', 'text', 'default', 'heuristic'),
  from: hostile,
});

/** Facts whose paths run only through maps: a later one may add to or replace an earlier one, as the mapping never does but setIn allows. */
function throughMaps(facts: ImportedFact[]): ImportedFact[] {
  const kept: ImportedFact[] = [];
  for (const f of facts) {
    const tree = importedContract({ ocid: '', facts: clone(kept), flags: [] }).procurement;
    let at: unknown = tree;
    let ok = true;
    for (const k of f.path.slice(0, -1)) {
      const next: unknown = (at as Record<string, unknown>)[k];
      if (next === undefined) break;
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        ok = false;
        break;
      }
      at = next;
    }
    if (ok) kept.push(f);
  }
  return kept;
}

const imported: fc.Arbitrary<{ imported: Imported; input: string }> = fc.record({
  imported: fc.record({ ocid: hostile, facts: fc.array(fact, { maxLength: 8, size: 'max' }).map(throughMaps), flags: fc.array(hostile, { maxLength: 3 }) }),
  input: hostile,
});

/** The real imports with every text fact's strings made hostile (still text: something left when trimmed), so the file must still load. */
const TEXT_AT = /^(title|service|buyer\.(name|postcode)|delivery_locations\.\d+|cpv\.\d+\.description|lots\.\d+\.(id|title)|suppliers\.\d+\.(name|postcode)|award_criteria\.\d+\.name|source\.(ocid|notice|published))$/;
const validHostile = fc
  .tuple(fc.nat({ max: realImports.length - 1 }), fc.array(hostile.filter((s) => s.trim() !== ''), { minLength: 1, maxLength: 30, size: 'max' }))
  .map(([i, strings]) => {
    const it = clone(realImports[i]!.imported);
    let n = 0;
    const replace = (v: unknown, at: string): unknown =>
      typeof v === 'string' && TEXT_AT.test(at) ? strings[n++ % strings.length]
      : Array.isArray(v) ? v.map((x, j) => replace(x, `${at}.${j}`))
      : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x, `${at}.${k}`)]))
      : v;
    for (const f of it.facts) f.value = replace(f.value, f.path.join('.'));
    return it;
  });

describe('any facts, however hostile their text', () => {
  it('read back as exactly the facts, with each comment on the line above its key', () => {
    fc.assert(
      fc.property(imported, ({ imported: i, input }) => {
        const text = renderImported(clone(i), input);
        const expected = importedContract(clone(i));
        expect(parse(text)).toEqual(expected);
        // As kil reads a contract file: strict, unique keys, YAML 1.2 core schema, no warnings made errors.
        const source = parseYamlSource('f.yaml', text);
        if (!source.ok) throw new Error(JSON.stringify(source.diagnostics));
        expect(source.source.doc.warnings).toEqual([]);
        expect(source.source.data).toEqual(expected);
        // The header is its own comment lines, one for each line written, then one blank line.
        const headerLines = 4 + (i.flags.length > 0 ? 1 + i.flags.length : 0);
        expect(text.split('\n').slice(0, headerLines).every((l) => l.startsWith('#'))).toBe(true);
        expect(text.split('\n')[headerLines]).toBe('');
        checkComments(text, i);
        // And it reads as what the yaml Document renderer wrote.
        expect(parse(text)).toEqual(parse(renderImportedWithDocument(clone(i), input)));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);

  it('ordinary text is written byte for byte as the yaml Document renderer wrote it', () => {
    const ordinary = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,.&()/'"£:#-]{0,40}$/);
    const plainFact: fc.Arbitrary<ImportedFact> = fc.record({
      path: fc.array(key, { minLength: 1, maxLength: 3 }),
      value: fc.oneof(ordinary, number, fc.array(fc.oneof(ordinary, fc.dictionary(key, fc.oneof(ordinary, number, fc.array(ordinary, { maxLength: 2 })), { maxKeys: 3 })), { maxLength: 3 })),
      how: fc.constantFrom<How>('field', 'text', 'default', 'heuristic'),
      from: ordinary,
    });
    fc.assert(
      fc.property(fc.array(plainFact, { maxLength: 8 }).map(throughMaps), ordinary, (facts, input) => {
        const i: Imported = { ocid: input, facts, flags: [input] };
        expect(renderImported(clone(i), input)).toBe(renderImportedWithDocument(clone(i), input));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);

  it('in the real facts: the file loads with kil\'s contract loader, each text as written', () => {
    fc.assert(
      fc.property(validHostile, (i) => {
        const text = renderImported(clone(i), 'n.json');
        const loaded = loadContract({ file: 'n.yaml', text }, library);
        expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(loaded.contract).toEqual(ContractSchema.parse(importedContract(clone(i))));
        checkComments(text, i);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);

  it('comments given straight to the emitter stay on their line, whatever they hold', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, hostile, data), { maxLength: 6 }), fc.array(hostile, { maxLength: 3 }), (entries, header) => {
        const map = new CommentedMap(entries.map(([k, comment, value]) => [k, { value, comment }]));
        const text = emitYaml(header, map);
        const want = Object.fromEntries([...map].map(([k, { value }]) => [k, value]));
        expect(parse(text) ?? {}).toEqual(want);
        const lines = text.split('\n');
        expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(header.length + map.size);
        for (const l of lines) expect(l).not.toMatch(/[\r\u0085\u2028\u2029]/);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
