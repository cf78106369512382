/**
 * Crash safety, seen from the system calls (issue 23's audit: "fsync before rename" and "the group
 * writer renaming before its fsyncs finish" went unseen). kil runs under strace; every temporary
 * file it renames or links into place must have been made durable first: an fsync of its own
 * descriptor, or a syncfs of the file system, finished before the rename began. Needs strace (CI
 * installs it); without it the tests say so and are skipped.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLES_DIR, ROOT, tempDir } from './helpers.js';

const hasStrace = spawnSync('strace', ['-V']).status === 0;
if (!hasStrace) console.warn('durability.test.ts skipped: strace is not installed (apt-get install strace)');

const TEMP = /\.kil-\d+-[0-9a-f]{8}\.tmp$/;

/** What went into place without being made durable first, from an `strace -f` log. */
function notDurable(trace: string): string[] {
  const problems: string[] = [];
  const unfinished = new Map<string, string>(); // thread -> the call's start, until it resumes
  const openAt = new Map<number, string>(); // descriptor -> the path it was opened on
  const written: string[] = [];
  const durable = new Set<string>();
  const settle = (call: string, args: string, result: number) => {
    const paths = [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
    if (call === 'openat' && result >= 0) {
      openAt.set(result, paths[0]!);
      if (TEMP.test(paths[0]!)) written.push(paths[0]!);
    } else if ((call === 'fsync' || call === 'fdatasync') && result === 0) {
      const path = openAt.get(Number(args.trim().split(/[ ,]/)[0]));
      if (path !== undefined) durable.add(path);
    } else if (call === 'syncfs' && result === 0) {
      for (const path of written) durable.add(path);
    } else if (/^(rename|renameat2?|link|linkat)$/.test(call) && result === 0) {
      const from = paths[0]!;
      if (TEMP.test(from) && !durable.has(from)) problems.push(`${call} of ${from} before it was made durable`);
    }
  };
  for (const line of trace.split('\n')) {
    const m = /^(\d+) +(.*)$/.exec(line);
    if (!m) continue;
    const [, thread, rest] = m as unknown as [string, string, string];
    const resumed = /^<\.\.\. (\w+) resumed>(.*)= (-?\d+)/.exec(rest);
    if (resumed) {
      settle(resumed[1]!, `${unfinished.get(thread) ?? ''}${resumed[2]}`, Number(resumed[3]));
      unfinished.delete(thread);
      continue;
    }
    const started = /^(\w+)\((.*)$/.exec(rest);
    if (!started) continue;
    if (rest.includes('<unfinished ...>')) {
      unfinished.set(thread, started[2]!.replace('<unfinished ...>', ''));
      continue;
    }
    const done = /^(.*)\) += (-?\d+)/.exec(started[2]!);
    if (done) settle(started[1]!, done[1]!, Number(done[2]));
  }
  return problems;
}

function traced(args: string[], cwd: string, input?: string): { trace: string; status: number | null } {
  const log = join(cwd, 'strace.log');
  const r = spawnSync('strace', ['-f', '-o', log, '-e', 'trace=openat,fsync,fdatasync,syncfs,rename,renameat,renameat2,link,linkat', process.execPath, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    input: input ?? '',
  });
  return { trace: readFileSync(log, 'utf8'), status: r.status };
}

describe('the strace checker', () => {
  it('finds a rename before the fsync, and accepts fsync or syncfs first', () => {
    const tmp = '"out/.kil-1-0badf00d.tmp"';
    const open = `1 openat(AT_FDCWD, ${tmp}, O_WRONLY|O_CREAT|O_EXCL, 0666) = 7`;
    const rename = `1 rename(${tmp}, "out/a.md") = 0`;
    expect(notDurable([open, rename].join('\n'))).toEqual(['rename of out/.kil-1-0badf00d.tmp before it was made durable']);
    expect(notDurable([open, '2 fsync(7 <unfinished ...>', rename, '2 <... fsync resumed>) = 0'].join('\n'))).toHaveLength(1);
    expect(notDurable([open, '2 fsync(7 <unfinished ...>', '2 <... fsync resumed>) = 0', rename].join('\n'))).toEqual([]);
    expect(notDurable([open, '3 syncfs(9) = 0', rename].join('\n'))).toEqual([]);
  });
});

describe.skipIf(!hasStrace)('kil under strace', () => {
  it('kil assess makes the report and chart durable before renaming them into place', () => {
    const dir = tempDir();
    copyFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), join(dir, 'c.yaml'));
    const { trace, status } = traced(['assess', 'c.yaml', '-q'], dir);
    expect(status).toBe(0);
    expect(trace).toMatch(/rename\("\.kil-\d+-[0-9a-f]{8}\.tmp", "c\.report\.md"\)/);
    expect(notDurable(trace)).toEqual([]);
  });

  it('kil batch --out-dir makes each group durable before any of it is renamed', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    for (let i = 0; i < 40; i++) copyFileSync(join(EXAMPLES_DIR, 'small-vcse-grant.yaml'), join(dir, 'in', `c${i}.yaml`));
    const { trace, status } = traced(['batch', 'in', '--out-dir', 'out', '-q', '--jobs', '1'], dir);
    expect(status).toBe(0);
    expect(trace.match(/rename\("out\/\.kil-/g)?.length).toBeGreaterThanOrEqual(44);
    expect(notDurable(trace)).toEqual([]);
  });

  it('kil import ocds makes its files durable (one syncfs a group) before linking them into place', () => {
    const dir = tempDir();
    const release = readFileSync(join(ROOT, 'test', 'fixtures', 'ocds', 'uk-cf-2019-sunderland-welfare-rights-advice.json'), 'utf8');
    const { trace, status } = traced(['import', 'ocds', '-', '--out-dir', 'out'], dir, release);
    expect(status).toBe(0);
    expect(trace).toMatch(/(link|rename)\w*\(.*\.kil-\d+-[0-9a-f]{8}\.tmp/);
    expect(notDurable(trace)).toEqual([]);
  });
});
