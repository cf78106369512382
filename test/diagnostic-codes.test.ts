/**
 * Diagnostics carry stable codes: every code is listed in docs/commands.md, the JSON outputs carry
 * them for files that could not be assessed, and kil's own decisions use codes, not message text.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContract } from '../src/load/contract.js';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../src/load/diagnostic.js';
import { loadRubricFile } from '../src/load/rubrics.js';
import { builtInLibrary, CLI, exampleText, ROOT, runCli, tempDir } from './helpers.js';
import { KEY, Terminal } from './pty.js';

const commandsPage = readFileSync(join(ROOT, 'docs', 'commands.md'), 'utf8');

/** The codes in docs/commands.md's "Diagnostic codes" table, in order. */
function documentedCodes(): string[] {
  const section = commandsPage.split('\n## Diagnostic codes\n')[1]!.split(/\n#{1,3} /)[0]!;
  return [...section.matchAll(/^\| `([^`]+)` \| .+ \|$/gm)].map((m) => m[1]!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const DIAGNOSTIC_KEYS = ['file', 'line', 'col', 'severity', 'code', 'message'];

describe('diagnostic codes', () => {
  it('are kebab-case and unique', () => {
    for (const code of DIAGNOSTIC_CODES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(DIAGNOSTIC_CODES).size).toBe(DIAGNOSTIC_CODES.length);
  });

  it('are all listed in docs/commands.md, each with what it means, and nothing else is', () => {
    expect(documentedCodes()).toEqual([...DIAGNOSTIC_CODES]);
  });

  it('are each emitted somewhere in the code (the list holds no code kil never gives)', () => {
    // Diagnostic.code is typed as one of DIAGNOSTIC_CODES, so the compiler keeps every emitted code in the list.
    const code = sourceFiles(join(ROOT, 'src'))
      .filter((f) => !f.endsWith(join('load', 'diagnostic.ts')))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const c of DIAGNOSTIC_CODES) expect(code, c).toContain(`'${c}'`);
  });

  it('come with every problem the loaders find', () => {
    const library = builtInLibrary();
    const bad = [
      '',
      'kil: 1\nkil: 1\n',
      '- a\n',
      'a: [1\n',
      'kil: 2\nprocurement: {}\nanswers: { X9.9: yes, S1.2: maybe }\n',
      'kil: 1\nprocurement:\n  title: ""\n  buyer: { name: B, type: sub-central, nation: england }\n  contract_type: services\n  titel: x\n  cpv: [{ code: "1" }]\n  tender_window_days: -1\n',
    ];
    const all: Diagnostic[] = bad.flatMap((text) => loadContract({ file: 'c.yaml', text }, library).diagnostics);
    all.push(...loadRubricFile({ file: 'r.yaml', text: 'kind: rubrik\n' }).diagnostics);
    expect(new Set(all.map((d) => d.code))).toEqual(
      new Set([
        'empty-file',
        'duplicate-key',
        'not-a-block',
        'yaml-syntax',
        'not-allowed-value',
        'missing-field',
        'unknown-question',
        'bad-answer',
        'empty-text',
        'unknown-field',
        'bad-format',
        'out-of-range',
        'unknown-kind',
      ]),
    );
    for (const d of all) expect(DIAGNOSTIC_CODES).toContain(d.code);
  });
});

describe('JSON output for a file that could not be assessed', () => {
  it('kil assess --format json prints the problems with their codes on stdout, and the messages on stderr, exit 2', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'kil: 1\nprocurement:\n  title: T\n  buyer: { name: B, type: sub-central, nation: England }\n  contract_type: services\n  tender_window_days: 4 weeks\n');
    const r = runCli(['assess', file, '--format', 'json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { generator: string; format: number; ok: boolean; diagnostics: Diagnostic[] };
    expect(Object.keys(out)).toEqual(['generator', 'format', 'ok', 'diagnostics']);
    expect(out).toMatchObject({ generator: 'kil', format: 1, ok: false });
    expect(out.diagnostics.map((d) => [d.line, d.col, d.severity, d.code])).toEqual([
      [4, 48, 'error', 'not-allowed-value'],
      [6, 23, 'error', 'wrong-type'],
    ]);
    for (const d of out.diagnostics) {
      expect(Object.keys(d)).toEqual(DIAGNOSTIC_KEYS);
      expect(d.file).toBe(file);
      expect(r.stderr).toContain(`${file}:${d.line}:${d.col}: ${d.message}`);
    }
  });

  it('covers files that cannot be read, and stdin; with -o FILE or --format md, stdout stays empty', () => {
    const dir = tempDir();
    const missing = runCli(['assess', join(dir, 'nope.yaml'), '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).diagnostics).toEqual([
      { file: join(dir, 'nope.yaml'), line: 1, col: 1, severity: 'error', code: 'not-found', message: expect.stringContaining('no such file') },
    ]);
    const stdin = runCli(['assess', '-', '--format', 'json'], { input: 'kil: 1\n---\nkil: 1\n' });
    expect(stdin.code).toBe(2);
    expect(JSON.parse(stdin.stdout).diagnostics).toMatchObject([{ file: '<stdin>', code: 'multiple-documents' }]);

    writeFileSync(join(dir, 'empty.yaml'), '');
    for (const args of [['--format', 'json', '-o', join(dir, 'out.json')], ['--format', 'md', '-o', '-']]) {
      const r = runCli(['assess', join(dir, 'empty.yaml'), ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('file is empty');
    }
    expect(readdirSync(dir)).toEqual(['empty.yaml']);
  });

  it('kil batch --format json lists each failed file with its errors and its diagnostics with codes', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.yaml'), exampleText('small-vcse-grant.yaml'));
    writeFileSync(
      join(dir, 'sums.yaml'),
      'kil: 1\nprocurement:\n  title: T\n  buyer: { name: B, type: sub-central, nation: england }\n  contract_type: services\n  evaluation: { price_pct: 40, quality_pct: 50, social_value_pct: 20 }\n',
    );
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x6b, 0x69, 0x6c, 0x3a, 0x20, 0xa3, 0x0a]));
    // A real binary (a spreadsheet renamed .yaml): NUL bytes and bytes that are not UTF-8; it was called not-utf8.
    writeFileSync(join(dir, 'sheet.yaml'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff, 0xfe, 0x00, 0x0a]));
    const r = runCli(['batch', dir, join(dir, 'absent.yaml'), join(dir, 'nothing-*.yaml'), '--format', 'json']);
    expect(r.code).toBe(2);
    const failures = (JSON.parse(r.stdout) as { portfolio: { failures: { path: string; errors: string[]; diagnostics: Diagnostic[] }[] } }).portfolio.failures;
    expect(failures.map((f) => [f.path, f.diagnostics.map((d) => d.code)])).toEqual([
      [join(dir, 'absent.yaml'), ['not-found']],
      [join(dir, 'latin1.yaml'), ['not-utf8']],
      [join(dir, 'nothing-*.yaml'), ['no-match']],
      [join(dir, 'sheet.yaml'), ['binary']],
      [join(dir, 'sums.yaml'), ['sum-not-100']],
    ]);
    for (const f of failures) {
      expect(Object.keys(f)).toEqual(['path', 'errors', 'diagnostics']);
      // errors stays as it was (file:line:col: message lines), beside the same problems with codes.
      expect(f.errors).toEqual(f.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`));
      for (const d of f.diagnostics) expect(Object.keys(d)).toEqual(DIAGNOSTIC_KEYS);
    }
  });
});

describe('kil acts on codes, not on message text', () => {
  afterEach(() => Terminal.endAll());

  it('offers the interview for a file whose only problems are missing facts', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'part.yaml'), 'kil: 1\nprocurement:\n  title: T\n  buyer: { name: B, type: sub-central }\n');
    const t = new Terminal(`node ${CLI} assess part.yaml`, dir);
    await t.waitFor('the file is not complete yet in part.yaml. Answer now?');
    await t.type(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  }, 30_000);

  it('reports a wrong value whose text reads like a missing field instead of offering the interview', async () => {
    const dir = tempDir();
    // The message quotes the text, so it holds ": missing required field "; its code is wrong-type.
    writeFileSync(join(dir, 'odd.yaml'), 'kil: 1\nprocurement:\n  title: T\n  buyer: { name: B, type: sub-central }\n  tender_window_days: ": missing required field x"\n');
    const t = new Terminal(`node ${CLI} assess odd.yaml`, dir);
    expect(await t.exited).toBe(2);
    expect(t.text()).toContain('procurement.tender_window_days must be a number');
    expect(t.text()).not.toContain('Answer now?');
  }, 30_000);
});
