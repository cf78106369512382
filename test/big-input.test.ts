/**
 * Input far larger than anyone types still gives a result, never a crashed stack (issue 23 items
 * 2, 9 and the symlink loop of 10): a list of 130,000 paths on stdin, lists of 150,000 questions in
 * a report, paths with spaces, and a file reached through many links counted once.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { HTML_REPORT_SECTIONS, renderHtmlReport } from '../src/render/html-report.js';
import { renderReport } from '../src/render/report.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, contractFrom, exampleText, runCli, tempDir } from './helpers.js';

const library = builtInLibrary();

describe('kil batch - with a very long list of paths', () => {
  it('reads 130,000 lines (the same file, so each real file is assessed once) without overflowing the stack', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.yaml'), exampleText('small-vcse-grant.yaml'));
    const r = runCli(['batch', '-', '--format', 'csv'], { cwd: dir, input: 'c.yaml\n'.repeat(130_000) });
    expect(r.stderr).not.toMatch(/RangeError|internal error/);
    expect(r.code).toBe(0);
    expect(parse(r.stdout, { columns: true })).toHaveLength(1);
  });

  it('keeps spaces in a listed path: "a.yaml " is its own file, not "a.yaml"', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), exampleText('small-vcse-grant.yaml'));
    writeFileSync(join(dir, 'a.yaml '), exampleText('regional-outsourcing.yaml'));
    const r = runCli(['batch', '-', '--format', 'csv'], { cwd: dir, input: 'a.yaml\na.yaml \n\n' });
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as { path: string; overall_score: string }[];
    expect(rows.map((x) => x.path).sort()).toEqual(['a.yaml', 'a.yaml ']);
  });

  it('counts a contract reached through links and a looping folder once', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'c'));
    writeFileSync(join(dir, 'c', 'one.yaml'), exampleText('small-vcse-grant.yaml'));
    symlinkSync('one.yaml', join(dir, 'c', 'two.yaml'));
    symlinkSync('.', join(dir, 'c', 'loop'));
    const r = runCli(['batch', 'c', '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(parse(r.stdout, { columns: true })).toHaveLength(1);
  });
});

describe('reports with very long lists', () => {
  it('render 150,000 questions to answer in markdown and HTML without overflowing the stack', () => {
    const a = assess(library, contractFrom(exampleText('draft-youth-services.yaml')));
    expect(a.overall.provisional).toBe(true);
    const many = Array.from({ length: 150_000 }, (_, i) => `Q${i}`);
    const big = { ...a, overall: { ...a.overall, toAnswer: many }, unanswered: many.map((id) => ({ id, rubricId: 'r', areaTitle: 'Area', prompt: 'Q?' })) };
    const md = renderReport(big, library, { date: '2026-12-05', toolVersion: 'test' });
    expect(md.split('\n').filter((l) => l.startsWith('- **Q')).length).toBeGreaterThanOrEqual(300_000);
    const html = renderHtmlReport(big, library, { date: '2026-12-05', toolVersion: 'test' }, HTML_REPORT_SECTIONS);
    expect(html.split('<li>').length).toBeGreaterThan(300_000);
  });
});

describe('a contract with tens of thousands of keys', () => {
  const keys = (n: number, extra = '') =>
    `kil: 1\nprocurement:\n  title: T\n  buyer: { name: B, type: sub-central, nation: england }\n  contract_type: services\nanswers:\n${Array.from({ length: n }, (_, i) => `  k${i}: yes\n`).join('')}${extra}`;

  it('64,000 unknown keys are each reported, in seconds (the parser\'s duplicate check and the lookups were quadratic: 72-112 s)', () => {
    const started = Date.now();
    const r = runCli(['assess', '-', '-o', '-'], { input: keys(64_000) });
    expect(r.code).toBe(2);
    expect(r.stderr.match(/unknown question id/g)).toHaveLength(64_000);
    expect(r.stderr).toMatch(/^<stdin>:7:3: unknown question id "k0"/m);
    expect(r.stderr).toMatch(/^<stdin>:64006:3: unknown question id "k63999"/m);
    // runCli gives up after 15 s; this took 2.4 s on a 2-core machine.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a repeated key among 30,000 is still an error, at the repeat', () => {
    const r = runCli(['assess', '-', '-o', '-'], { input: keys(30_000, '  k5: no\n') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('<stdin>:30007:3: Map keys must be unique; a key appears twice in the same block, keep only one\n');
  });
});

describe('a file whose size the system does not know', () => {
  it('/proc/self/pagemap (size 0, never ends) is read only up to the limit: exit 2 at once, as a contract or a council profile', () => {
    const direct = runCli(['assess', '/proc/self/pagemap', '-o', '-']);
    expect(direct).toMatchObject({ code: 2, stderr: '/proc/self/pagemap:1:1: the file is over the 2 MiB limit; check you chose the right file\n' });
    const council = runCli(['assess', '-', '-o', '-'], { input: 'kil: 1\ncouncil: /proc/self/pagemap\nprocurement:\n  title: T\n  buyer: { name: B, type: sub-central, nation: england }\n  contract_type: services\nanswers: {}\n' });
    expect(council.code).toBe(2);
    expect(council.stderr).toMatch(/the council profile named here cannot be read \(\/proc\/self\/pagemap: the file is over the 2 MiB limit/);
  });
});

describe('a temporary folder that is missing', () => {
  it('kil batch --format json whose JSON outgrows memory says so and exits 2 (was exit 1, the --fail-under code, with a stack)', () => {
    const dir = tempDir();
    // Fifty contracts with a 60,000-character title each: more JSON than the spool keeps in memory (2 MiB).
    const text = exampleText('small-vcse-grant.yaml').replace(/^ {2}title: .*$/m, `  title: "${'T'.repeat(60_000)}"`);
    for (let i = 0; i < 50; i++) writeFileSync(join(dir, `c${i}.yaml`), text);
    for (const jobs of ['1', '2']) {
      const r = runCli(['batch', '.', '--format', 'json', '--jobs', jobs], { cwd: dir, env: { TMPDIR: join(dir, 'missing') } });
      expect(r.stderr).not.toMatch(/ at |Node\.js/);
      expect(r.stderr).toContain(`kil: cannot keep the batch's JSON in a temporary file in ${join(dir, 'missing')} (the folder does not exist); set TMPDIR to a folder with space, or use --format csv\n`);
      expect(r.code).toBe(2);
    }
  });
});
