#!/usr/bin/env node
/** The `kil` executable: real process streams in, exit code out. */
import { readFileSync } from 'node:fs';
import { run } from './cli/main.js';
import { EXIT } from './cli/exit-codes.js';

try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdinIsTTY: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    readStdin: () => readFileSync(0, 'utf8'),
    now: () => performance.now(),
  });
} catch (error) {
  // Only a bug in kil gets here: say so plainly and keep the stack for the bug report.
  process.stderr.write(`kil: internal error, please report it with the command you ran:\n${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = EXIT.internal;
}
