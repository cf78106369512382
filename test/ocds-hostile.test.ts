/**
 * Hostile OCDS through the built CLI: each case crashed (exit 70), hung or gave a wrong result
 * in kil 0.1.0. A bad release is the bad input: kil reports or flags it, skips the bad fact
 * (or release) and imports the rest; never exit 70, a stack trace or a hang.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createFile } from '../src/cli/files.js';
import { CLI, ROOT, tempDir } from './helpers.js';

const HOSTILE = join(ROOT, 'test', 'fixtures', 'ocds-hostile');
const REAL = join(ROOT, 'test', 'fixtures', 'ocds');
const MAX_CONTRACT_BYTES = 2 * 1024 * 1024;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The built CLI with no stdin, a fixed date and a timeout (a hang shows as code null, SIGTERM). */
function kil(args: string[], options: { timeout?: number; nodeArgs?: string[]; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', SOURCE_DATE_EPOCH: '1795000000', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: options.timeout ?? 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Finished, with exit 0 or 2, no stack trace and no "internal error". */
function expectHandled(r: Run, codes: number[] = [0, 2]): void {
  expect(r.signal, `hung or was killed; stderr: ${r.stderr.slice(0, 500)}`).toBeNull();
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr).not.toMatch(/^ {4}at /m);
  expect(codes, `exit ${r.code}; stderr: ${r.stderr.slice(0, 800)}`).toContain(r.code);
}

const files = (dir: string): string[] => readdirSync(dir).sort();
const readYaml = (path: string) => parse(readFileSync(path, 'utf8')) as { procurement: Record<string, unknown> };
/** The contract imported for an ocid (file named from the ocid). */
const contractFor = (dir: string, ocid: string) => readYaml(join(dir, `${ocid}.yaml`));
const header = (path: string) => readFileSync(path, 'utf8').split('\nkil: 1\n')[0]!;

function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}
const release = (ocid: string, tender: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, date: unknown = '2025-01-01T00:00:00Z') => ({
  ocid,
  id: `${ocid}-r`,
  date,
  tag: ['tender'],
  tender: { title: `Title of ${ocid.slice(0, 30)}`, ...tender },
  ...extra,
});

/** Every file under a folder, recursively, relative to it. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name))]));
}

describe('kil import ocds on hostile input', () => {
  it('case 2: two ocids sharing their first 120 characters get two short, distinct names (hung)', () => {
    const dir = tempDir();
    const long = `ocds-b5fd17-${'a'.repeat(130)}`;
    const input = writeJson(dir, 'long.json', { releases: [1, 2, 3, 4, 5, 6].map((n) => release(`${long}-${n}`)) });
    const r = kil(['import', 'ocds', input, '--out-dir', join(dir, 'out')], { timeout: 10_000 });
    expectHandled(r, [0]);
    const names = files(join(dir, 'out'));
    expect(names).toHaveLength(6); // six processes whose ocids share their first 120 characters
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(6);
    for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(200);
    expect(r.stderr).toMatch(/6 contract files written/);
  });

  it('case 3: impossible numbers are flagged and left out, the rest imported (exit 70)', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const inputs = ['negative-amounts', 'max-lots-fraction', 'amount-400-digits', 'awards-overflow', 'duration-1e300', 'amount-1e400-literal', 'amount-over-100bn', 'amount-string-comma', 'weights-junk'].map((n) => join(HOSTILE, `${n}.json`));
    const r = kil(['import', 'ocds', ...inputs, '--out-dir', out]);
    expectHandled(r, [0]);
    const p = (ocid: string) => contractFor(out, ocid).procurement as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const flags = (ocid: string) => header(join(out, `${ocid}.yaml`));

    expect(p('ocds-hostile-neg-tender').value).toBeUndefined();
    expect(p('ocds-hostile-neg-tender').title).toBe('Hostile ocds-hostile-neg-tender'); // the rest is imported
    expect(flags('ocds-hostile-neg-tender')).toMatch(/tender\.value\.amount is -5000: negative; not imported/);
    expect(p('ocds-hostile-neg-award').awarded_value).toBeUndefined();
    expect(p('ocds-hostile-neg-award').value.amount).toBe(5000);
    expect(flags('ocds-hostile-neg-award')).toMatch(/awards\[0\]\.value\.amount is -3000: negative; not imported/);
    expect(p('ocds-hostile-neg-lot').lots).toEqual([{ id: '1', title: 'North' }, { id: '2', title: 'South', value: 2000 }]);
    expect(flags('ocds-hostile-neg-lot')).toMatch(/tender\.lots\[0\]\.value\.amount is -2000: negative; not imported/);
    expect(p('ocds-hostile-neg-gross').value).toEqual({ amount: 5000, currency: 'GBP', vat: 'excluded', includes_extensions: true });
    expect(flags('ocds-hostile-neg-gross')).toMatch(/tender\.value\.amountGross is -1: negative; not imported/);
    expect(p('ocds-hostile-max-lots').max_lots_per_bidder).toBeUndefined();
    expect(p('ocds-hostile-max-lots').lots).toHaveLength(2);
    expect(flags('ocds-hostile-max-lots')).toMatch(/maximumLotsBidPerSupplier is 2\.5: not a whole number; not imported/);
    expect(p('ocds-hostile-400-digits').value).toBeUndefined();
    expect(flags('ocds-hostile-400-digits')).toMatch(/tender\.value\.amount is "9{20}.*": over £100bn, more than any real contract; not imported/);
    expect(p('ocds-hostile-overflow').awarded_value).toBeUndefined();
    expect(p('ocds-hostile-overflow').value.amount).toBe(5000);
    expect(flags('ocds-hostile-overflow')).toMatch(/awards\[0\]\.value\.amount is 1e\+308: over £100bn/);
    expect(p('ocds-hostile-duration').duration).toBeUndefined();
    expect(flags('ocds-hostile-duration')).toMatch(/durationInDays is 1e\+300: over 100 years; not imported/);
    expect(p('ocds-hostile-1e400').value).toBeUndefined();
    expect(p('ocds-hostile-100bn').value).toBeUndefined();
    expect(p('ocds-hostile-100bn').awarded_value).toBeUndefined(); // 2 x 60bn: each plausible, the sum is not
    expect(flags('ocds-hostile-100bn')).toMatch(/the awards add up to 120000000000: over £100bn/);
    expect(p('ocds-hostile-comma').value).toBeUndefined();
    expect(flags('ocds-hostile-comma')).toMatch(/tender\.value\.amount is "1,000": not a number; not imported/);
    expect(p('ocds-hostile-weights').evaluation).toBeUndefined();
    // Every number kil wrote is finite and every file is a contract kil reads.
    const batch = kil(['batch', out, '--format', 'csv', '-q']);
    expect([0, 1]).toContain(batch.code);
    expect(batch.stdout).not.toMatch(/,failed,/);
  });

  it('case 4: an object 5,000 levels deep under a repeated ocid merges without overflowing the stack (exit 70)', () => {
    const dir = tempDir();
    const r = kil(['import', 'ocds', join(HOSTILE, 'deep-nesting-repeated-ocid.json'), '--out-dir', join(dir, 'out')]);
    expectHandled(r, [0]);
    expect(contractFor(join(dir, 'out'), 'ocds-hostile-deep').procurement.title).toBe('Deep new');
    expect(header(join(dir, 'out', 'ocds-hostile-deep.yaml'))).toMatch(/nested more than 64 levels deep at planning\.x\.x\.x.*: the newer release's value is taken whole/);
  });

  it('case 4: JSON nested 1,000,000 deep is read without overflowing the stack', () => {
    const dir = tempDir();
    const input = join(dir, 'deeper.json');
    writeFileSync(input, `{"releases":[{"ocid":"ocds-deeper","tender":{"title":"T","description":${'['.repeat(1e6)}${']'.repeat(1e6)}}}]}`);
    const r = kil(['import', 'ocds', input, input, '--out-dir', join(dir, 'out')]);
    expectHandled(r, [0]);
    // The same input twice: releases of one process are grouped across inputs, into one file.
    expect(files(join(dir, 'out'))).toEqual(['ocds-deeper.yaml']);
  });

  it('case 14: a 600 MiB file that is not JSON is said so at once, without reading it all (0.1.0 said "not UTF-8")', () => {
    const dir = tempDir();
    const big = join(dir, 'big.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 600 * 1024 * 1024); // sparse: no disk used
    closeSync(fd);
    // Report the child's peak memory: it must not read 600 MiB to say this.
    const rss = join(dir, 'rss.cjs');
    writeFileSync(rss, `process.on('exit', () => require('fs').writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);
    const r = kil(['import', 'ocds', big, join(REAL, 'uk-cf-2025-martock-parish-recreation-ground-maintenance.json'), '--out-dir', join(dir, 'out')], {
      nodeArgs: ['--require', rss],
      env: { RSS_FILE: join(dir, 'rss.txt') },
    });
    expectHandled(r, [2]);
    expect(r.stderr).toMatch(/big\.json:1:1: not valid JSON \(it starts with "\\u0000"\)/);
    expect(r.stderr).not.toMatch(/UTF-8/);
    expect(files(join(dir, 'out'))).toHaveLength(1); // the other input is still imported
    const maxRssKiB = Number(readFileSync(join(dir, 'rss.txt'), 'utf8'));
    expect(maxRssKiB).toBeLessThan(300 * 1024);
  });

  it('case 15: a 3 MB title and description are cut and flagged; the file is one kil reads (over the 2 MiB limit)', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const title = `${'Grounds maintenance '.repeat(150_000)}😀`;
    const description = `${'😀'.repeat(750_000)} 24 month extension option`;
    const suppliers = Array.from({ length: 3000 }, (_, i) => ({ id: `s${i}`, name: `Supplier ${i} ${'x'.repeat(1000)}`, roles: ['supplier'] }));
    const input = writeJson(dir, 'big.json', {
      releases: [
        release('ocds-big-text', { title, description, items: [{ deliveryAddresses: [{ postalCode: 'y'.repeat(100_000) }] }] }, { awards: [{ id: 'a', suppliers: suppliers.map((s) => ({ id: s.id })) }], parties: suppliers }),
        release('x'.repeat(3_000_000)),
      ],
    });
    const r = kil(['import', 'ocds', input, '--out-dir', out]);
    expectHandled(r, [0]);
    const written = files(out);
    expect(written).toHaveLength(2);
    for (const f of written) expect(statSync(join(out, f)).size).toBeLessThan(MAX_CONTRACT_BYTES);
    const p = contractFor(out, 'ocds-big-text').procurement as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(p.title.length).toBeLessThanOrEqual(300);
    expect(p.title).toMatch(/^Grounds maintenance .*…$/);
    expect(p.service.length).toBeLessThanOrEqual(200);
    expect(p.service).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // not cut inside a surrogate pair
    const top = header(join(out, 'ocds-big-text.yaml'));
    expect(top).toMatch(/tender\.title cut to 300 characters/);
    expect(top).toMatch(/only the first 500 of 3000 suppliers imported/);
    for (const f of written) {
      const a = kil(['assess', join(out, f), '--no-input', '-o', '-']);
      expect(a.code, a.stderr).toBe(0);
    }
  });

  it('case 16: a release dated "not-a-date" (or undated) is the oldest, so the valid release wins the merge', () => {
    const dir = tempDir();
    const r = kil(['import', 'ocds', join(HOSTILE, 'date-not-a-date.json'), '--out-dir', join(dir, 'out')]);
    expectHandled(r, [0]);
    const p = contractFor(join(dir, 'out'), 'ocds-hostile-date').procurement as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(p.title).toBe('Good title');
    expect(p.value.amount).toBe(50000);
    expect(p.service).toBe('The valid release');
  });

  it('every hostile file at once beside a real notice: reported or flagged, never a crash, and all written files are contracts inside --out-dir', () => {
    const dir = tempDir();
    const out = join(dir, 'a', 'b', 'out');
    const hostile = files(HOSTILE).filter((f) => f.endsWith('.json')).map((f) => join(HOSTILE, f));
    const good = join(REAL, 'uk-s2w-2025-cardiff-royal-infirmary-security.json');
    const r = kil(['import', 'ocds', ...hostile, good, '--out-dir', out]);
    expectHandled(r, [2]);
    // Problems that are errors are located and say what was skipped.
    expect(r.stderr).toMatch(/empty\.json:1:1: /);
    expect(r.stderr).toMatch(/not-json\.json:\d+:\d+: not valid JSON/);
    expect(r.stderr).toMatch(/release-number-and-null\.json:1:1: releases\[0\] is not a release object; skipped/);
    expect(r.stderr).toMatch(/releases-not-array\.json:1:1: "releases" is not a list/);
    expect(r.stderr).toMatch(/ocid-not-string\.json:1:1: releases\[0\] has no ocid/);
    for (const line of r.stderr.trim().split('\n').slice(0, -2)) expect(line).toMatch(/^\S.*:\d+:\d+: /);
    // The real notice and the survivors of the hostile files are imported.
    expect(files(out)).toContain('ocds-kuma6s-148381.yaml');
    for (const ocid of ['ocds-hostile-survivor', 'ocds-hostile-ocid-ok', 'ocds-hostile-rec', 'ocds-hostile-rec-2', 'ocds-hostile-proto', 'ocds-hostile-tostring', 'ocds-hostile-text', 'ocds-hostile-dates', 'ocds-hostile-lists', 'ocds-hostile-awards-object']) {
      expect(files(out), ocid).toContain(`${ocid}.yaml`);
    }
    // Nothing was written outside --out-dir.
    const everything = walk(dir);
    expect(everything.filter((f) => !f.startsWith(join('a', 'b', 'out') + sep))).toEqual([]);
    for (const f of files(out)) {
      expect(f).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*\.yaml$/);
      expect(Buffer.byteLength(f)).toBeLessThanOrEqual(200);
      const text = readFileSync(join(out, f), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThan(MAX_CONTRACT_BYTES);
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/); // eslint-disable-line no-control-regex
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The prototype keys stayed data: no title from __proto__.
    expect(contractFor(out, 'ocds-hostile-proto').procurement.title).toBe('Proto keys');
    expect(header(join(out, 'ocds-hostile-awards-object.yaml'))).toMatch(/awards is not a list: not read/);
    expect(contractFor(out, 'ocds-hostile-text').procurement.title).toBe('Meals &constructor; &__proto__; red \uFFFD lone');
    const batch = kil(['batch', out, '--format', 'csv', '-q']);
    expect([0, 1], batch.stderr).toContain(batch.code);
    expect(batch.stdout.split('\n').filter((l) => /,failed,/.test(l))).toEqual([]);
  });
});

describe('two kil import ocds at once into one folder', () => {
  /** Start a CLI run; resolves with its exit code and stderr. */
  const start = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', SOURCE_DATE_EPOCH: '1795000000' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => (clearTimeout(timer), resolve({ code, stderr })));
    });

  it('case 11: createFileExclusive creates a whole new file and never replaces one, leaving no temporary file', () => {
    const dir = tempDir();
    const target = join(dir, 'a.yaml');
    const text = `kil: 1\n${'é😀'.repeat(300_000)}\n`; // over a megabyte, multi-byte
    expect(createFile(target, text)).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(text);
    expect(createFile(target, 'other\n')).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe(text);
    mkdirSync(join(dir, 'folder.yaml'));
    expect(createFile(join(dir, 'folder.yaml'), 'x')).toBe(false); // a folder is there
    expect(files(dir)).toEqual(['a.yaml', 'folder.yaml']);
    expect(() => createFile(join(dir, 'missing', 'b.yaml'), 'x')).toThrow(/b\.yaml:1:1: cannot write it: no such file or folder; check the path/);
  });

  it('case 11: each file is created by exactly one of them; none is replaced after the other created it', async () => {
    const dir = tempDir();
    // A bare release (the Sell2Wales sample has no package), cloned under 300 ocids.
    const base = JSON.parse(readFileSync(join(REAL, 'uk-s2w-2025-cardiff-royal-infirmary-security.json'), 'utf8')) as Record<string, unknown>;
    const pkg = { releases: Array.from({ length: 300 }, (_, i) => ({ ...base, ocid: `ocds-kuma6s-race-${i}` })) };
    // The same releases under two names: each file's header says which run wrote it.
    writeFileSync(join(dir, 'first.json'), JSON.stringify(pkg));
    writeFileSync(join(dir, 'second.json'), JSON.stringify(pkg));
    const out = join(dir, 'out');
    mkdirSync(out);
    const [a, b] = await Promise.all([start(['import', 'ocds', join(dir, 'first.json'), '--out-dir', out]), start(['import', 'ocds', join(dir, 'second.json'), '--out-dir', out])]);
    const writtenBy = (r: { stderr: string }) => Number(/(\d+) contract files? written/.exec(r.stderr)?.[1]);
    const refused = (r: { stderr: string }) => (r.stderr.match(/already exists .*not replaced/g) ?? []).length;
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/internal error|^ {4}at /m);
      expect([0, 2]).toContain(r.code);
    }
    expect(writtenBy(a) + writtenBy(b)).toBe(300);
    expect(refused(a) + refused(b)).toBe(300);
    const names = files(out);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]); // no temporary file left
    expect(names).toHaveLength(300);
    // Each run's files are exactly as many as it says it wrote.
    const byFirst = names.filter((n) => readFileSync(join(out, n), 'utf8').includes('(' + join(dir, 'first.json') + ')')).length;
    expect(byFirst).toBe(writtenBy(a));
    expect(300 - byFirst).toBe(writtenBy(b));
  }, 90_000);
});
