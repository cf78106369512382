/**
 * Running kil in a real pseudo-terminal, as a person would: `script` (util-linux) gives the
 * process a terminal; we type into it and read what the screen shows.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]|\u001b[=>]/g;

export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', ctrlC: '\u0003' } as const;

export class Terminal {
  private readonly child: ChildProcessWithoutNullStreams;
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
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Everything shown so far, without colours and cursor movement. */
  text(): string {
    return this.raw.replace(ANSI, '').replace(/\r/g, '');
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
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Signal the kil process itself (script does not pass signals on); `match` picks it out. */
  kill(signal: NodeJS.Signals, match: string): void {
    spawn('pkill', [`-${signal.replace('SIG', '')}`, '-f', `^node .*kil\\.js ${match}`]);
  }
}
