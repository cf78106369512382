/**
 * The promises in docs/promises.md ("What kil promises"), each held by a test here (or named there):
 * hostile files end in a clear message and exit 2, writes are atomic under kill -9, output
 * failures are reported, and text from contract files cannot reach a spreadsheet or terminal
 * as anything but text.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../src/load/contract.js';
import { builtInLibrary, CLI, EXAMPLES_DIR, MINIMAL_CONTRACT, ROOT, RUBRICS_DIR, runCli, tempDir } from './helpers.js';

const NO_STACK = /\n\s+at .+:\d+:\d+|node:internal|Error: /;

/** Files that come from many hands, exports and the web, at their worst. */
function hostileCorpus(dir: string): Record<string, string | Buffer> {
  const base = MINIMAL_CONTRACT.replace('answers: {}\n', '');
  let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 10; i++) bomb += `l${i}: &l${i} [${Array(10).fill(`*${i === 1 ? 'a' : `l${i - 1}`}`).join(', ')}]\n`;
  let deepBlock = 'a:\n';
  for (let i = 1; i < 1500; i++) deepBlock += `${' '.repeat(i)}b:\n`;
  const corpus: Record<string, string | Buffer> = {
    'alias-bomb.yaml': bomb,
    'deep-flow.yaml': `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    'deep-block.yaml': deepBlock,
    'too-big.yaml': `kil: 1\n# ${'x'.repeat(3 * 1024 * 1024)}\n`,
    'proto.yaml': `${base}  __proto__: { polluted: yes }\nanswers:\n  __proto__: { polluted: yes }\n`,
    'constructor.yaml': `${base}  constructor: { prototype: { polluted: yes } }\n`,
    'duplicate-key.yaml': `${base}  contract_type: works\n`,
    'custom-tag.yaml': base.replace('title: Test service', 'title: !custom Test'),
    'binary-tag.yaml': base.replace('title: Test service', 'title: !!binary aGVsbG8='),
    'binary.yaml': Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)),
    'latin1.yaml': Buffer.from('kil: 1\nprocurement:\n  title: caf\xe9\n', 'latin1'),
    'tabs.yaml': 'kil: 1\nprocurement:\n\ttitle: T\n',
    'huge-number.yaml': `${base}  tender_window_days: 1e400\n`,
    'nan.yaml': `${base}  tender_window_days: .nan\n`,
    'inf.yaml': `${base}  expected_local_spend_pct: .inf\n`,
    'negative-money.yaml': `${base}  value: { amount: -100, currency: GBP, vat: included, includes_extensions: true }\n`,
    'odd-date.yaml': `${base}  start_date: 01/03/2026\n`,
    'impossible-date.yaml': `${base}  start_date: 2026-02-30\n`,
    'empty.yaml': '',
    'only-comments.yaml': '# nothing here\n',
    'two-documents.yaml': `${base}---\n${base}`,
    'a-list.yaml': '- kil: 1\n',
    'unknown-answer.yaml': `${base}answers:\n  S9.9: yes\n`,
  };
  for (const [name, content] of Object.entries(corpus)) writeFileSync(join(dir, name), content);
  mkdirSync(join(dir, 'a-folder.yaml'));
  return corpus;
}

describe('hostile files', () => {
  const dir = tempDir();
  const corpus = hostileCorpus(dir);
  const names = [...Object.keys(corpus), 'a-folder.yaml'].sort();

  it.each(names)('kil assess %s: one clear located message, exit 2, no stack trace', (name) => {
    const r = runCli(['assess', join(dir, name), '-o', '-']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${join(dir, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: \\S`));
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('kil batch assesses the good files among them and lists every hostile one as failed', () => {
    copyFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), join(dir, 'good.yaml'));
    const r = runCli(['batch', dir, '--format', 'csv', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(NO_STACK);
    const rows = parseCsv(r.stdout, { columns: true }) as { path: string; status: string }[];
    expect(rows.find((x) => x.path.endsWith('good.yaml'))?.status).toBe('assessed');
    expect(rows.filter((x) => x.status === 'failed')).toHaveLength(Object.keys(corpus).length);
  });

  it('kil rubric validate reports each of them and exits 2', () => {
    const files = Object.keys(corpus).map((n) => join(dir, n));
    const r = runCli(['rubric', 'validate', ...files]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).toContain(`${files.length} of ${files.length} files have errors.`);
  });

  it('refuses devices and pipes at once instead of reading forever or hanging', () => {
    const fifo = join(dir, 'pipe.yaml');
    spawnSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', '/dev/urandom', fifo]) {
      const r = runCli(['assess', path, '-o', '-']);
      expect(r.code, path).toBe(2);
      expect(r.stderr).toBe(`${path}:1:1: it is not a regular file (a device, pipe or socket); give the path of a contract file\n`);
    }
  });

  it('never pollutes prototypes', () => {
    for (const name of ['proto.yaml', 'constructor.yaml']) loadContract({ file: name, text: corpus[name] as string }, builtInLibrary());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a byte-order mark and CRLF line endings', () => {
    const file = join(dir, 'windows.yaml');
    writeFileSync(file, `\uFEFF${readFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), 'utf8').replace(/\n/g, '\r\n')}`);
    expect(runCli(['assess', file, '-o', '-', '-q']).code).toBe(0);
  });
});

describe('nothing lost', () => {
  it('a writer killed with -9 at any moment leaves the old file or the new one, never half', async () => {
    const dir = tempDir();
    const target = join(dir, 'report.md');
    const a = `${'A'.repeat(4 * 1024 * 1024)}\n`;
    const b = `${'B'.repeat(3 * 1024 * 1024)}\n`;
    writeFileSync(target, a);
    // The writer says each write it finished (b, then a, then b...), so rounds can kill it
    // before its first write, during its second, and so on.
    const writer = `
      const { writeFileAtomic } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'files.js'))});
      const a = 'A'.repeat(4 * 1024 * 1024) + '\\n', b = 'B'.repeat(3 * 1024 * 1024) + '\\n';
      process.stdout.write('ready\\n');
      for (;;) { writeFileAtomic(${JSON.stringify(target)}, b); process.stdout.write('b'); writeFileAtomic(${JSON.stringify(target)}, a); process.stdout.write('a'); }`;
    const seen = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', writer]);
      const closed = new Promise((r) => child.once('close', r));
      const finishedBeforeKill = i % 3;
      let said = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          said += d.toString();
          if (said.startsWith('ready\n') && said.length - 'ready\n'.length >= finishedBeforeKill) resolve();
        });
        child.once('close', () => resolve());
      });
      await new Promise((r) => setTimeout(r, (i * 37) % 40));
      expect(child.exitCode, `the writer stopped by itself: ${said.slice(0, 200)}`).toBeNull();
      child.kill('SIGKILL');
      await closed;
      const now = readFileSync(target, 'utf8');
      expect(now === a || now === b, `after kill ${i + 1} the file is ${now.length} bytes of neither version`).toBe(true);
      seen.add(now === a ? 'old' : 'new');
    }
    // Both versions were there after some kill: the writer really wrote, and was stopped mid-way.
    expect([...seen].sort()).toEqual(['new', 'old']);
  }, 60_000);

  it('kil batch killed with -9 leaves only complete reports', async () => {
    const dir = tempDir();
    const contracts = join(dir, 'contracts');
    mkdirSync(contracts);
    // Reports are committed 32 at a time: enough files that a kill after the first ones lands mid-run.
    const count = 300;
    for (let i = 0; i < count; i++) copyFileSync(join(EXAMPLES_DIR, 'community-mental-health.yaml'), join(contracts, `c${String(i).padStart(3, '0')}.yaml`));
    const lastLine = 'run `kil rubric show` to read them.\n';
    const reportsIn = (out: string) => (existsSync(out) ? readdirSync(out).filter((n) => n.endsWith('.report.md')) : []);
    for (let round = 0; round < 10; round++) {
      const out = join(dir, `out${round}`);
      const child = spawn(process.execPath, [CLI, 'batch', contracts, '--out-dir', out, '--format', 'csv', '--jobs', '1'], { stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
      // Kill mid-run: once the first report is there, after a different short wait each round.
      while (reportsIn(out).length === 0 && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, (round * 23) % 60));
      expect(child.exitCode, `round ${round}: the batch finished before the kill`).toBeNull();
      child.kill('SIGKILL');
      expect(await exited, `round ${round}: the batch was not killed mid-run`).toBe('SIGKILL');
      const reports = reportsIn(out);
      expect(reports.length, `round ${round}: reports written before the kill`).toBeGreaterThan(0);
      expect(reports.length, `round ${round}: reports written before the kill`).toBeLessThan(count);
      expect(existsSync(join(out, 'portfolio.md')), `round ${round}: the portfolio was written, so the batch had finished`).toBe(false);
      for (const f of readdirSync(out).filter((n) => n.endsWith('.md'))) {
        const text = readFileSync(join(out, f), 'utf8');
        expect(text.endsWith(lastLine) || text.endsWith('None.\n'), `${f} ends with ${JSON.stringify(text.slice(-80))}`).toBe(true);
      }
    }
  }, 60_000);

  it('an output that cannot be written gives a clear error and leaves the inputs untouched', () => {
    const dir = tempDir();
    const file = join(dir, 'plan.yaml');
    copyFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), file);
    const before = readFileSync(file);
    const r = runCli(['assess', file, '-o', join(dir, 'no', 'such', 'folder', 'r.md')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/r\.md:1:1: cannot write it: no such file or folder/);
    expect(readFileSync(file)).toEqual(before);
  });

  it('a full disk on standard output gives a clear error, exit 2, no stack trace', () => {
    // The advice fits every command: batch and profile have no -o (0.1.0 told them to use one).
    for (const args of [['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', '-', '-q'], ['batch', EXAMPLES_DIR, '--format', 'csv', '-q'], ['profile', EXAMPLES_DIR, '-q']]) {
      const full = openSync('/dev/full', 'w');
      const r = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      closeSync(full);
      expect(r.status).toBe(2);
      expect(r.stderr, args[0]).toBe('kil: cannot write to standard output (the disk is full); free some space, or send the output to a file on another disk\n');
    }
  });

  it('a reader of standard error that goes away changes nothing: the work is done and the exit code is the real one ("kil ... 2>&1 | head" exited 1, the --fail-under code)', async () => {
    const dir = tempDir();
    const runs: [string[], number][] = [
      [['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', join(dir, 'report.md')], 0],
      [['assess', join(EXAMPLES_DIR, 'regional-outsourcing.yaml'), '-o', join(dir, 'low.md'), '--fail-under', '90'], 1],
    ];
    for (const [args, code] of runs) {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '', FORCE_COLOR: '0' } });
      child.stderr.destroy(); // gone before kil writes its first message
      const exit = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(exit, args.join(' ')).toBe(code);
    }
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('## Overall: ');
  });
});

describe('text from contract files stays text', () => {
  const hostile = MINIMAL_CONTRACT.replace('title: Test service', 'title: "=HYPERLINK(\\"http://x\\") \\u001b[2J\\u001b]0;pwned\\u0007 | <b>"').replace(
    'name: Test Council',
    'name: "+SUM(A1) \\u001b[31mred"',
  );

  it('spreadsheet formulas are neutralised in the CSV', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.yaml'), hostile);
    const rows = parseCsv(runCli(['batch', dir, '--format', 'csv', '-q']).stdout, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.title!.startsWith("'=HYPERLINK")).toBe(true);
    expect(rows[0]!.buyer!.startsWith("'+SUM")).toBe(true);
    expect(rows[0]!.title).not.toContain('\u001b');
  });

  it('escape sequences never reach the terminal, even with colour on', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.yaml'), hostile);
    const r = runCli(['assess', join(dir, 'x.yaml'), '-o', '-'], { env: { FORCE_COLOR: '1' } });
    // kil's own colours are SGR codes (ESC [ ... m); nothing else may appear.
    expect(r.stderr.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr).not.toContain('\u001b[2J');
    expect(r.stderr).not.toContain('pwned\u0007');
  });

  it('report names never leave the output folder', () => {
    const dir = tempDir();
    const deep = join(dir, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    copyFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), join(deep, 'x.yaml'));
    const out = join(dir, 'a', 'out');
    const r = spawnSync(process.execPath, [CLI, 'batch', '../b/x.yaml', '--out-dir', out, '-q'], { cwd: deep, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['portfolio-bands.svg', 'portfolio-heatmap.svg', 'portfolio.html', 'portfolio.md', 'up__b__x.report.md']);
    expect(readdirSync(dir).sort()).toEqual(['a']);
  });

  it('the rubric folder is never written to', () => {
    // Every file, the published-record set's folder included.
    const files = () => readdirSync(RUBRICS_DIR, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
    const contents = () => files().map((f) => [f, readFileSync(f, 'utf8')]);
    const before = contents();
    expect(before.length).toBeGreaterThan(5);
    runCli(['assess', join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), '-o', '-', '-q']);
    expect(contents()).toEqual(before);
  });
});
