/**
 * Odd input that kil 0.1.0 crashed on or got wrong (issue "Nothing crashes, nothing is lost"):
 * rubric fact names that are Object.prototype members, impossible SOURCE_DATE_EPOCH values,
 * absurd money, paths with table syntax or control characters, several problems in one file,
 * and messages that spoke the YAML library's language.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { EXAMPLES_DIR, MINIMAL_CONTRACT, RUBRICS_DIR, runCli, tempDir } from './helpers.js';

const noStackTrace = (stderr: string) => {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('internal error');
};

describe('a rubric naming an inherited property as its fact', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('derive: %s is an unknown fact for validate, assess and batch', (name) => {
    const dir = join(tempDir(), 'rubrics');
    cpSync(RUBRICS_DIR, dir, { recursive: true });
    const file = join(dir, 'five-steps.yaml');
    const text = readFileSync(file, 'utf8');
    // The first derived question now names the inherited property.
    const edited = text.replace(/derive: [a-z_]+/, `derive: ${name}`);
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    for (const args of [['rubric', 'validate', '--rubrics', dir], ['assess', 'examples/small-vcse-grant.yaml', '-o', '-', '--rubrics', dir], ['batch', 'examples', '--rubrics', dir]]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      noStackTrace(r.stderr);
      // __proto__ is not even a well-formed fact name; the others are unknown facts.
      expect(r.stderr).toMatch(name === '__proto__' ? /five-steps\.yaml:\d+:\d+: areas\[\d\]\.questions\[\d\]\.derive must start with a letter/ : new RegExp(`five-steps\\.yaml:\\d+:\\d+: unknown fact "${name}"`));
    }
  });
});

describe('SOURCE_DATE_EPOCH and --date', () => {
  it.each(['99999999999999999', '253402300800', '1e9', '-1', '12.5', 'soon'])('SOURCE_DATE_EPOCH=%s is refused with a clear message', (epoch) => {
    const r = runCli(['assess', 'examples/small-vcse-grant.yaml', '-o', '-', '-q'], { env: { SOURCE_DATE_EPOCH: epoch } });
    expect(r.code).toBe(2);
    noStackTrace(r.stderr);
    expect(r.stderr).toBe(`kil: SOURCE_DATE_EPOCH must be whole seconds since 1970 giving a date up to 9999-12-31 (at most 253402300799), not "${epoch}"\n`);
  });

  it('the last second of 9999 is a plain date', () => {
    const r = runCli(['assess', 'examples/small-vcse-grant.yaml', '-o', '-', '-q'], { env: { SOURCE_DATE_EPOCH: '253402300799' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('9999-12-31');
  });

  it.each(['1969-12-31', '10000-01-01', '2026-02-30'])('--date %s is refused', (date) => {
    const r = runCli(['assess', 'examples/small-vcse-grant.yaml', '-o', '-', '-q', '--date', date]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--date must be a real date from 1970-01-01 to 9999-12-31');
  });
});

describe('money beyond any real contract', () => {
  it.each(['1.7e308', '1e13'])('value %s is refused at its line, not shown as Infinity or null', (amount) => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, MINIMAL_CONTRACT.replace('  contract_type: services\n', `  contract_type: services\n  value: { amount: ${amount}, currency: GBP, vat: excluded, includes_extensions: true }\n  lots: [{ id: a, value: ${amount} }, { id: b, value: ${amount} }]\n`));
    const r = runCli(['assess', file, '-o', '-', '--format', 'json']);
    expect(r.code).toBe(2);
    // The JSON says what is wrong, with codes, instead of a result.
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, diagnostics: [{ line: 6, col: 20, code: 'out-of-range' }, {}, {}] });
    expect(r.stderr).toContain(`${file}:6:20: procurement.value.amount is larger than any public contract (over £1 trillion); check the number\n`);
    expect(r.stderr + r.stdout).not.toMatch(/Infinity|null/);
  });

  it('the sum of many large lots stays finite in the report', () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    const lots = Array.from({ length: 50 }, (_, i) => `{ id: l${i}, value: 1000000000000 }`).join(', ');
    writeFileSync(file, MINIMAL_CONTRACT.replace('  contract_type: services\n', `  contract_type: services\n  lots: [${lots}]\n`));
    const r = runCli(['assess', file, '-o', '-', '--format', 'json', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/Infinity|NaN/);
  });
});

describe('paths with table syntax or control characters', () => {
  it('portfolio.md, the CSV and the terminal table each show the real path', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'c'));
    const odd = ['a|b`c.yaml', 'new\nline\u001b[31mred.yaml'];
    for (const name of odd) cpSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), join(dir, 'c', name));
    const r = runCli(['batch', 'c', '--out-dir', 'out', '--format', 'csv', '-q'], { cwd: dir });
    expect(r.code).toBe(0);
    // CSV: exactly the paths on disk.
    const rows = parse(r.stdout, { columns: true }) as { path: string }[];
    expect(rows.map((row) => row.path).sort()).toEqual(odd.map((n) => `c/${n}`).sort());
    // portfolio.md: the table keeps its columns and the reader sees each path, controls made visible.
    const md = readFileSync(join(dir, 'out', 'portfolio.md'), 'utf8');
    const html = new MarkdownIt().render(md);
    const cells = [...html.matchAll(/<tr>\s*((?:<td[^>]*>.*?<\/td>\s*)+)<\/tr>/gs)].map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => c[1]!));
    const ranking = cells.filter((c) => c.length === 7 && c[6]!.startsWith('c/'));
    expect(ranking).toHaveLength(2);
    expect(ranking.map((c) => c[6]).sort()).toEqual(['c/a|b`c.yaml', 'c/new\\nline\\e[31mred.yaml'].sort());
    // The terminal table: no control characters at all.
    const table = runCli(['batch', 'c', '-q'], { cwd: dir });
    // eslint-disable-next-line no-control-regex
    expect(table.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(table.stdout).toContain('c/new\\nline\\e[31mred.yaml');
  });
});

describe('every problem in the file, in one run', () => {
  it('errors in procurement do not hide errors in answers', () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, MINIMAL_CONTRACT.replace('  contract_type: services\n', '  contract_type: services\n  tender_window_day: 30\n').replace('answers: {}', 'answers:\n  S1.2: maybe\n  P4.77: yes\n  S1.1: { value: 2, note: fine }'));
    const r = runCli(['assess', file, '-o', '-']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${file}:6:3: unknown field "tender_window_day" in procurement; did you mean "tender_window_days"?`,
      `${file}:8:9: answer to S1.2 is "maybe"; use yes, partly or no`,
      `${file}:9:3: unknown question id "P4.77"; did you mean "P4.1"?`,
    ]);
  });
});

describe('messages in kil\'s words', () => {
  it('several YAML documents in one file', () => {
    const r = runCli(['assess', '-'], { input: `${MINIMAL_CONTRACT}---\n${MINIMAL_CONTRACT}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('<stdin>:7:1: the file holds more than one YAML document (a line "---" starts another); keep one document (one contract or rubric) per file\n');
  });
});

describe('reading a file as text', () => {
  // readTextFile reads text directly (fast) and falls back to bytes only when Node had to put a
  // U+FFFD in: what it gives must be exactly what a strict UTF-8 decoder gives, or its refusal.
  it('gives what a strict decoder gives, byte order mark dropped, and refuses bytes that are not UTF-8', async () => {
    const { readTextFile } = await import('../src/cli/files.js');
    const { UserError } = await import('../src/cli/user-error.js');
    const fc = (await import('fast-check')).default;
    const strict = new TextDecoder('utf-8', { fatal: true });
    const dir = tempDir();
    const piece = fc.oneof(
      fc.string({ unit: 'binary' }).map((t) => Buffer.from(t, 'utf8')),
      fc.constantFrom(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\uFFFD'), Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('kil: 1\n')),
    );
    let refused = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const bytes = Buffer.concat(pieces);
        const file = join(dir, 'f.yaml');
        writeFileSync(file, bytes);
        let expected: string | undefined;
        try {
          expected = strict.decode(bytes);
        } catch {
          expected = undefined;
        }
        if (expected === undefined) {
          refused++;
          expect(() => readTextFile(file)).toThrow(UserError);
          expect(() => readTextFile(file)).toThrow(/not UTF-8 text/);
        } else expect(readTextFile(file)).toBe(expected);
      }),
      { numRuns: 400, seed: 8 },
    );
    expect(refused).toBeGreaterThan(40);
  });
});
