/**
 * Running kil in a real pseudo-terminal, as a person would: `script` (util-linux) gives the
 * process a terminal; we type into it and read what the screen shows.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]|\u001b[=>]/g;

export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', ctrlC: '\u0003' } as const;

/** The processes whose parent is `pid`, from /proc (script is util-linux, so Linux only). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and brackets, so read after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // It ended while we looked.
    }
  }
  return out;
}

function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  for (let queue = childrenOf(pid); queue.length > 0; ) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...childrenOf(next));
  }
  return out;
}

function argsOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

export class Terminal {
  /** Every terminal not yet closed, so a test that fails half-way can end what it started. */
  private static readonly open = new Set<Terminal>();
  private readonly child: ChildProcessWithoutNullStreams;
  private closed = false;
  private raw = '';
  /** Where the next waitFor starts looking, so each wait sees only new output. */
  private mark = 0;
  readonly exited: Promise<number | null>;

  constructor(command: string, cwd: string, env: Record<string, string> = {}) {
    this.child = spawn('script', ['-q', '-f', '-e', '-c', command, '/dev/null'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, TERM: 'xterm-256color', SOURCE_DATE_EPOCH: '1795000000', ...env },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.raw += d.toString('utf8')));
    this.child.stderr.on('data', (d: Buffer) => (this.raw += d.toString('utf8')));
    Terminal.open.add(this);
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => {
        this.closed = true;
        Terminal.open.delete(this);
        resolve(code);
      }),
    );
  }

  /** Whether script, and so the command in it, is still running. */
  get running(): boolean {
    return !this.closed;
  }

  /** Everything shown so far, without colours and cursor movement. */
  text(): string {
    return this.raw.replace(ANSI, '').replace(/\r/g, '');
  }

  /** What has been shown since the last match, without moving past it. */
  peek(): string {
    return this.text().slice(this.mark);
  }

  /** Wait until new output matches; returns the match. */
  async waitFor(pattern: RegExp | string, timeoutMs = 10_000): Promise<RegExpExecArray> {
    const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.text().slice(this.mark);
      const m = re.exec(fresh);
      if (m) {
        this.mark += m.index + m[0].length;
        return m;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${fresh.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Type keys, one chunk at a time, as a person would. */
  async type(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.child.stdin.write(k);
      await new Promise((r) => setTimeout(r, 12));
    }
  }

  /**
   * Signal the kil process itself (script does not pass signals on): the node process running
   * kil.js among script's own descendants, by pid, so no other kil on the machine is touched.
   */
  kill(sig: NodeJS.Signals): void {
    const kil = descendantsOf(this.child.pid!).find((pid) => argsOf(pid).some((a) => a.endsWith('kil.js')));
    if (kil === undefined) throw new Error(`no kil process under script (pid ${this.child.pid}) to send ${sig} to`);
    signal(kil, sig);
  }

  /** End script and everything it started, by pid. */
  end(): void {
    if (this.closed) return;
    const pids = descendantsOf(this.child.pid!);
    signal(this.child.pid!, 'SIGKILL');
    for (const pid of pids) signal(pid, 'SIGKILL');
  }

  /** End every terminal a test left running (for afterEach). */
  static endAll(): void {
    for (const t of Terminal.open) t.end();
  }
}
