/**
 * Nothing reaches the terminal that could drive it (issue 23 item 7): escape sequences, control
 * characters and bidirectional overrides in field names, question ids, answers and file names are
 * shown as visible escapes on stderr; kil's own colours and progress-line erase pass.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../src/cli/terminal-safe.js';
import { runCli, tempDir } from './helpers.js';

// eslint-disable-next-line no-control-regex
const DRIVES_TERMINAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminalSafe', () => {
  it('keeps colours, the progress erase, newlines and tabs', () => {
    const own = '\u001b[1mBold\u001b[22m \u001b[32m70\u001b[39m\r\u001b[2K12 files\n\tnext';
    expect(terminalSafe(own)).toBe(own);
  });

  it('shows every other escape, control and bidi override as a visible escape', () => {
    expect(terminalSafe('a\u001b]0;title\u0007\u001b[2Jb\u009b31mc\u202ed\u2066e\u0000')).toBe('a\\e]0;title\\x07\\e[2Jb\\x9b31mc\\u202ed\\u2066e\\x00');
  });
});

describe('the CLI on stderr', () => {
  const hostile = 'x\u001b]0;owned\u0007\u001b[2J\u009b31m\u202e';

  it('an unknown field, an unknown question id and an answer value cannot drive the terminal', () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    const text = `kil: 1\nprocurement:\n  title: T\n  buyer: { name: B, type: sub-central, nation: england }\n  contract_type: services\n  "${hostile}": 1\nanswers:\n  "S1.1${hostile}": yes\n  S1.2: "${hostile}"\n`;
    const r = runCli(['assess', '-', '-o', '-'], { input: text, cwd: dir });
    expect(file).toBeDefined();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown field "x\\e]0;owned\\x07\\e[2J\\x9b31m\\u202e"');
    expect(r.stderr).not.toMatch(DRIVES_TERMINAL);
  });

  it("kil init's \"Wrote\" line shows a hostile file name as escapes", () => {
    const dir = tempDir();
    const name = `new${'\u001b'}[2J.yaml`;
    const r = runCli(['init', name], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toContain(name);
    expect(r.stderr).toContain('new\\e[2J.yaml');
    expect(r.stderr).not.toMatch(DRIVES_TERMINAL);
  });
});
