#!/usr/bin/env node
/** The `kil` executable: real process streams in, exit code out. */
import { fstatSync } from 'node:fs';
import { run } from './cli/main.js';
import { UserError } from './cli/user-error.js';
import { EXIT } from './cli/exit-codes.js';
import { terminalSafe } from './cli/terminal-safe.js';

// Writing the product can fail after kil has done its work: a full disk, or a reader that went away.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0); // e.g. "kil ... | head": not an error
  const reason = error.code === 'ENOSPC' ? 'the disk is full' : error.message;
  process.stderr.write(`kil: cannot write to standard output (${reason}); free some space, or send the output to a file on another disk\n`);
  process.exit(EXIT.input);
});

// Messages and progress can be lost without harm: a reader of stderr that went away ("kil ... 2>&1 |
// head") must not turn into exit 1, the --fail-under code, when the work itself succeeded.
process.stderr.on('error', () => undefined);

try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    // Messages may quote file names, field names and answers: nothing in them may drive the terminal.
    stderr: (text) => void process.stderr.write(terminalSafe(text)),
    stdinIsTTY: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    // Touched only when a command reads stdin: the stream copes with slow and non-blocking pipes.
    stdin: () => {
      // A folder given as standard input (kil assess - < folder) reads as nothing at all: say what it is.
      if (fstatSync(0).isDirectory()) throw new UserError('standard input is a folder, not a file; give a contract file, or pipe its text in (kil assess - < contract.yaml)');
      return process.stdin;
    },
    now: () => performance.now(),
  });
} catch (error) {
  // Only a bug in kil gets here: say so plainly and keep the stack for the bug report.
  process.stderr.write(`kil: internal error, please report it with the command you ran:\n${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = EXIT.internal;
}
