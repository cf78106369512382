/**
 * Standard input is read like a file, however it arrives: slowly, in small pieces, or larger than
 * a pipe's buffer (64 KiB). kil 0.1.0 read it with readFileSync(0), which fails with EAGAIN on a
 * non-blocking pipe whose writer pauses.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLES_DIR, ROOT, tempDir } from './helpers.js';

const WRITER = join(ROOT, 'test', 'fixtures', 'slow-writer.mjs');
const OCDS_DIR = join(ROOT, 'test', 'fixtures', 'ocds');

/** `writer | kil ARGS` in a real shell pipe, as a user types it. */
function piped(file: string, args: string[], writer: { chunk?: number; pause?: number; first?: number } = {}) {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = `${q(process.execPath)} ${q(WRITER)} ${q(file)} ${writer.chunk ?? 4096} ${writer.pause ?? 20} ${writer.first ?? 0} | ${q(process.execPath)} ${q(CLI)} ${args.map(q).join(' ')}`;
  const r = spawnSync('sh', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', SOURCE_DATE_EPOCH: '1795000000' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A valid contract over 64 KiB: the small example with a long comment tail. */
function bigContract(dir: string): string {
  const file = join(dir, 'big.yaml');
  const padding = Array.from({ length: 3000 }, (_, i) => `# padding line ${i} to pass the 64 KiB of a pipe buffer\n`).join('');
  writeFileSync(file, readFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), 'utf8') + padding);
  expect(readFileSync(file).length).toBeGreaterThan(128 * 1024);
  return file;
}

describe('stdin arrives slowly or in pieces', () => {
  it('kil assess - with a writer that pauses before and between pieces', () => {
    const r = piped(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), ['assess', '-', '-q'], { first: 700, chunk: 200, pause: 30 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Keep it Local assessment: Eastfield community food and advice hub');
  });

  it('kil assess - with more than 64 KiB, slowly: the same report as from the file', () => {
    const dir = tempDir();
    const file = bigContract(dir);
    const r = piped(file, ['assess', '-', '-q', '--format', 'json'], { first: 300, chunk: 16384, pause: 20 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const fromFile = spawnSync(process.execPath, [CLI, 'assess', file, '-q', '--format', 'json'], { encoding: 'utf8', env: { SOURCE_DATE_EPOCH: '1795000000' } });
    const scoreOf = (json: string) => (JSON.parse(json) as { overall: { score: number } }).overall.score;
    expect(scoreOf(r.stdout)).toBe(scoreOf(fromFile.stdout));
  });

  it('kil batch - with a list of paths that arrives late', () => {
    const dir = tempDir();
    const list = join(dir, 'list.txt');
    writeFileSync(list, readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => join(EXAMPLES_DIR, f)).join('\n') + '\n');
    const r = piped(list, ['batch', '-', '--format', 'csv', '-q'], { first: 1000, chunk: 30, pause: 10 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(5); // header + 4 contracts
  });

  it('kil import ocds - with a notice that arrives slowly and over 64 KiB', () => {
    const dir = tempDir();
    // A real release padded past 64 KiB with a long (but legal) description.
    const release = JSON.parse(readFileSync(join(OCDS_DIR, 'uk-cf-2025-greenwich-stray-dog-kennelling.json'), 'utf8')) as { tender?: { description?: string } };
    release.tender = { ...release.tender, description: `${release.tender?.description ?? ''} ${'word '.repeat(20_000)}` };
    const input = join(dir, 'notice.json');
    writeFileSync(input, JSON.stringify({ releases: [release] }));
    const r = piped(input, ['import', 'ocds', '-', '--out-dir', join(dir, 'out')], { first: 500, chunk: 8192, pause: 15 });
    expect(r.stderr).not.toMatch(/EAGAIN|internal error/);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toHaveLength(1);
  });
});

describe('stdin follows the same rules as a file', () => {
  it('bytes that are not UTF-8 are refused, as in a file', () => {
    const dir = tempDir();
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from(readFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), 'utf8').replace('Eastfield', 'Caf\u00e9'), 'latin1')]));
    const viaPipe = piped(file, ['assess', '-', '-q']);
    expect(viaPipe.code).toBe(2);
    expect(viaPipe.stderr).toBe('<stdin>:1:1: the input is not UTF-8 text; save it as UTF-8 (in Excel or Word: "Save as", UTF-8)\n');
    const direct = spawnSync(process.execPath, [CLI, 'assess', file, '-q'], { encoding: 'utf8' });
    expect(direct.status).toBe(2);
    expect(direct.stderr).toContain('the file is not UTF-8 text');
  });

  it('non-UTF-8 OCDS on stdin is refused, not imported as mojibake', () => {
    const dir = tempDir();
    const file = join(dir, 'latin1.json');
    writeFileSync(file, Buffer.from(JSON.stringify({ releases: [{ ocid: 'ocds-x-1', date: '2025-01-01', tender: { title: 'Caf\u00e9 services' } }] }), 'latin1'));
    const r = piped(file, ['import', 'ocds', '-', '--out-dir', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('standard input:1:1: the input is not UTF-8 text');
  });

  it('a contract over the 2 MiB limit is refused on stdin as in a file', () => {
    const dir = tempDir();
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, `${readFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), 'utf8')}${'# x\n'.repeat(700_000)}`);
    const r = piped(file, ['assess', '-', '-q'], { chunk: 65536, pause: 0 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('<stdin>:1:1: the input is over the 2 MiB limit; check you chose the right input\n');
  });
});

describe('a folder as standard input', () => {
  it('is called a folder, not an empty file (issue 23 item 10)', () => {
    const dir = tempDir();
    const fd = openSync(dir, 'r');
    try {
      for (const args of [['assess', '-', '-o', '-'], ['batch', '-']]) {
        const r = spawnSync(process.execPath, [CLI, ...args], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
        expect(r.status).toBe(2);
        expect(r.stderr).toBe('kil: standard input is a folder, not a file; give a contract file, or pipe its text in (kil assess - < contract.yaml)\n');
      }
    } finally {
      closeSync(fd);
    }
  });
});

describe('a contract on standard input that names a council profile', () => {
  it('finds it from the current folder, and says so when it is not there (it said "relative to this contract file", which has no folder)', () => {
    const dir = tempDir();
    const plan = readFileSync(join(EXAMPLES_DIR, 'community-mental-health.yaml'), 'utf8').replace(/^kil: 1$/m, 'kil: 1\ncouncil: council.yaml');
    writeFileSync(join(dir, 'plan.yaml'), plan);
    writeFileSync(join(dir, 'council.yaml'), 'kil: 1\nkind: council\ncouncil: { name: Example Borough Council, reviewed: 2026-06-01 }\nanswers: {}\n');
    const run = (cwd: string) => spawnSync(process.execPath, [CLI, 'compare', '-', join(dir, 'plan.yaml')], { cwd, input: plan, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    const elsewhere = run(tempDir());
    expect(elsewhere.status).toBe(2);
    expect(elsewhere.stderr).toContain("read from standard input, its path is taken from the current folder, so run kil from the contract's folder");
    expect(elsewhere.stderr).not.toContain('relative to this contract file');
    expect(run(dir).status).toBe(0);
  });
});
