/**
 * The durable writer (src/cli/durable-writer.ts): many files, each whole or not at all, with
 * their fsyncs grouped, or (`together`) one flush of the file system per commit. kil batch
 * --out-dir writes its reports with it, kil import ocds its contract files.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableWriter } from '../src/cli/durable-writer.js';
import { openTemp, TEMP_NAME, tempPath, WriteError } from '../src/cli/atomic-write.js';
import { ROOT, tempDir } from './helpers.js';

const TEMP_NAME_IN = new RegExp(`/${TEMP_NAME.source.slice(1)}`);
const temporaries = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('DurableWriter', () => {
  it('writes every file added, says so in order, and leaves no temporary file', async () => {
    const dir = tempDir();
    const writer = new DurableWriter({ concurrency: 3 });
    for (let i = 0; i < 20; i++) writer.add(join(dir, `f${i}.md`), i % 2 ? `text ${i}\n` : [`pieces `, `of ${i}`, '\n']);
    expect(writer.size).toBe(20);
    expect(readdirSync(dir).filter((n) => n.endsWith('.md'))).toEqual([]); // nothing in place before commit
    const outcomes = await writer.commit();
    expect(outcomes).toEqual(Array.from({ length: 20 }, (_, i) => ({ path: join(dir, `f${i}.md`) })));
    for (let i = 0; i < 20; i++) expect(readFileSync(join(dir, `f${i}.md`), 'utf8')).toBe(i % 2 ? `text ${i}\n` : `pieces of ${i}\n`);
    expect(temporaries(dir)).toEqual([]);
    expect(writer.size).toBe(0);
  });

  it('keeps the mode of a file it replaces, and writes through a symlink unless told not to', async () => {
    const dir = tempDir();
    const kept = join(dir, 'kept.md');
    writeFileSync(kept, 'old');
    chmodSync(kept, 0o640);
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'target.md'), 'old');
    symlinkSync(join(dir, 'real', 'target.md'), join(dir, 'through.md'));
    symlinkSync(join(dir, 'real', 'target.md'), join(dir, 'replaced.md'));
    const writer = new DurableWriter();
    writer.add(kept, 'new');
    writer.add(join(dir, 'through.md'), 'through');
    writer.add(join(dir, 'replaced.md'), 'link replaced', { replaceLinks: true });
    expect((await writer.commit()).every((o) => o.error === undefined)).toBe(true);
    expect(readFileSync(kept, 'utf8')).toBe('new');
    expect(statSync(kept).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'real', 'target.md'), 'utf8')).toBe('through');
    expect(readFileSync(join(dir, 'replaced.md'), 'utf8')).toBe('link replaced');
  });

  it('an exclusive file is created only where none exists: an existing one is untouched and said', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'taken.yaml'), 'mine');
    const writer = new DurableWriter();
    writer.add(join(dir, 'taken.yaml'), 'theirs', { exclusive: true });
    writer.add(join(dir, 'free.yaml'), 'new', { exclusive: true });
    const [taken, free] = await writer.commit();
    expect(taken!.error).toBeInstanceOf(WriteError);
    expect(taken!.error!.code).toBe('EEXIST');
    expect(free!.error).toBeUndefined();
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'free.yaml'), 'utf8')).toBe('new');
    expect(temporaries(dir)).toEqual([]);
  });

  it('discard leaves every target as it was and no temporary file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), 'old');
    const writer = new DurableWriter();
    writer.add(join(dir, 'a.md'), 'new');
    writer.add(join(dir, 'b.md'), 'new');
    await writer.discard();
    expect(readdirSync(dir)).toEqual(['a.md']);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('old');
  });

  it('a temporary name another thread of kil took is skipped, not an error', () => {
    const dir = tempDir();
    const seen = tempPath(dir); // .kil-PID-XXXXXXXX.tmp, counted from here on in this thread
    const hex = /-([0-9a-f]{8})\.tmp$/.exec(seen)![1]!;
    const next = seen.replace(`-${hex}.tmp`, `-${((parseInt(hex, 16) + 1) >>> 0).toString(16).padStart(8, '0')}.tmp`);
    writeFileSync(next, 'taken');
    const { tmp, fd } = openTemp(dir, 0o666);
    closeSync(fd);
    expect(tmp).not.toBe(next);
    expect(readFileSync(next, 'utf8')).toBe('taken');
    expect(tmp).toMatch(TEMP_NAME_IN);
  });

  it('a file that cannot be written throws at once and leaves nothing', () => {
    const dir = tempDir();
    const writer = new DurableWriter();
    expect(() => writer.add(join(dir, 'missing', 'a.md'), 'x')).toThrow(WriteError);
    expect(writer.size).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('together: files are named only at commit, an existing one is kept, no temporary file is left', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mine.yaml'), 'answers the user typed');
    const writer = new DurableWriter({ together: true });
    for (let i = 0; i < 30; i++) writer.add(join(dir, `f${i}.yaml`), `text ${i}`, { exclusive: true });
    writer.add(join(dir, 'mine.yaml'), 'imported', { exclusive: true });
    expect(readdirSync(dir)).toContain('mine.yaml');
    expect(readdirSync(dir).filter((n) => n.startsWith('f'))).toEqual([]);
    const outcomes = await writer.commit();
    expect(outcomes.filter((o) => o.error).map((o) => o.error!.code)).toEqual(['EEXIST']);
    for (let i = 0; i < 30; i++) expect(readFileSync(join(dir, `f${i}.yaml`), 'utf8')).toBe(`text ${i}`);
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('answers the user typed');
    expect(temporaries(dir)).toEqual([]);
  });

  it('together, where `sync -f` cannot run, fsyncs each file instead and still writes them all', async () => {
    const dir = tempDir();
    const script = `
      const { DurableWriter } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'durable-writer.js'))});
      const w = new DurableWriter({ together: true });
      for (let i = 0; i < 5; i++) w.add(${JSON.stringify(dir)} + '/g' + i + '.yaml', 'text ' + i);
      const outcomes = await w.commit();
      process.stdout.write(JSON.stringify(outcomes.map((o) => o.error?.code ?? 'ok')));`;
    // No PATH: the sync program cannot be found, as on a system without coreutils.
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: '' } });
    let said = '';
    child.stdout.on('data', (d: Buffer) => (said += d.toString()));
    const code = await new Promise((r) => child.once('close', r));
    expect(code).toBe(0);
    expect(JSON.parse(said)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    for (let i = 0; i < 5; i++) expect(readFileSync(join(dir, `g${i}.yaml`), 'utf8')).toBe(`text ${i}`);
    expect(temporaries(dir)).toEqual([]);
  });

  it.each([false, true])('killed with -9 at any moment, every file is its old text or its new text, never part of one (together: %s)', async (together) => {
    const dir = tempDir();
    const files = Array.from({ length: 40 }, (_, i) => join(dir, `r${i}.md`));
    const a = `${'A'.repeat(200 * 1024)}\n`;
    const b = `${'B'.repeat(150 * 1024)}\n`;
    for (const f of files) writeFileSync(f, a);
    // Rounds of 40 files in groups of 8: b for all, then a for all..., saying each round done.
    const writer = `
      const { DurableWriter } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'durable-writer.js'))});
      const files = ${JSON.stringify(files)};
      const a = 'A'.repeat(200 * 1024) + '\\n', b = 'B'.repeat(150 * 1024) + '\\n';
      const w = new DurableWriter({ together: ${together} });
      process.stdout.write('ready\\n');
      for (let round = 0; ; round++) {
        for (const [i, f] of files.entries()) { w.add(f, round % 2 ? a : b); if (i % 8 === 7) await w.commit(); }
        process.stdout.write(round % 2 ? 'a' : 'b');
      }`;
    const seen = new Set<string>();
    for (let i = 0; i < 15; i++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', writer]);
      const closed = new Promise((r) => child.once('close', r));
      let said = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          said += d.toString();
          if (said.startsWith('ready\n') && said.length - 'ready\n'.length >= i % 3) resolve();
        });
        child.once('close', () => resolve());
      });
      await new Promise((r) => setTimeout(r, (i * 37) % 40));
      expect(child.exitCode, `the writer stopped by itself: ${said.slice(0, 200)}`).toBeNull();
      child.kill('SIGKILL');
      await closed;
      for (const f of files) {
        const now = readFileSync(f, 'utf8');
        expect(now === a || now === b, `after kill ${i + 1}, ${f} is ${now.length} bytes of neither version`).toBe(true);
        seen.add(now === a ? 'old' : 'new');
      }
    }
    // Both versions were seen: the writer really wrote, and was stopped mid-way.
    expect([...seen].sort()).toEqual(['new', 'old']);
  }, 60_000);
});
