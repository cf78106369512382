/**
 * Turning batch arguments into a sorted list of contract files: files as given, folders
 * searched recursively for *.yaml and *.yml, globs expanded, "-" read from stdin.
 */
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { formatDiagnostic, type Diagnostic, type DiagnosticCode } from '../load/diagnostic.js';
import { byCodeUnit } from '../model/order-text.js';
import type { FailedFile } from '../portfolio/contract-row.js';
import { readStreamText } from './files.js';
import { UserError } from './user-error.js';

export interface BatchInputs {
  files: string[];
  /** Arguments that named nothing: reported as failed, the rest of the batch goes on. */
  missing: FailedFile[];
}

const IGNORE = ['**/node_modules/**', '**/.git/**'];

/** A list of paths on stdin: a million long paths is still far below this. */
const MAX_PATH_LIST_BYTES = 256 * 1024 * 1024;

/**
 * The contract files a command's arguments name (kil batch, kil profile), with stdin read for
 * "-"; none at all is an error. With `outDir`, that folder is made first, so a folder that cannot
 * be made stops the command before any file is read.
 */
export async function listContractFiles(paths: readonly string[], stdin: () => AsyncIterable<Uint8Array>, outDir?: string): Promise<BatchInputs> {
  const listed = paths.includes('-') ? await readStreamText('<stdin>', stdin(), MAX_PATH_LIST_BYTES) : '';
  const inputs = resolveInputs(paths, listed);
  if (inputs.files.length === 0 && inputs.missing.length === 0) throw new UserError(`no *.yaml or *.yml files found in ${paths.join(', ')}`);
  if (outDir) {
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (error) {
      throw new UserError(`${outDir}: cannot create the output folder (${(error as Error).message}); choose another with --out-dir`);
    }
  }
  return inputs;
}

/** `listed` is the text of standard input, read by the caller when an argument is "-". */
export function resolveInputs(args: readonly string[], listed: string): BatchInputs {
  const expanded: string[] = [];
  for (const arg of args) {
    if (arg !== '-') {
      expanded.push(arg);
      continue;
    }
    // One path a line, exactly as written: spaces are part of a name ("a.yaml " is not "a.yaml").
    // A loop, not push(...lines): a list of 130,000 paths overflowed the call stack.
    for (const line of listed.split(/\r?\n/)) if (line.trim() !== '') expanded.push(line);
  }
  const found = new Map<string, string>(); // resolved path -> path as shown
  const missing: FailedFile[] = [];
  const add = (path: string) => {
    const shown = normalize(path);
    // Each real file once, however many links or looping folders lead to it.
    const key = realKey(shown);
    if (!found.has(key)) found.set(key, shown);
  };
  for (const arg of expanded) {
    let isDir = false;
    let exists = true;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      exists = false;
    }
    if (exists && isDir) {
      for (const f of globSync(['**/*.yaml', '**/*.yml'], { cwd: arg, ignore: IGNORE, dot: false, caseSensitiveMatch: false })) add(join(arg, f));
    } else if (exists) {
      add(arg);
    } else if (isDynamicPattern(arg)) {
      const matches = globSync([arg], { ignore: IGNORE });
      if (matches.length === 0) missing.push(failedArgument(arg, 'no-match', 'the pattern matches no files; check it (quote it so that kil, not the shell, expands it)'));
      matches.forEach(add);
    } else {
      missing.push(failedArgument(arg, 'not-found', 'no such file or folder; check the path'));
    }
  }
  const files = [...found.values()].sort(byCodeUnit);
  return { files, missing };
}

function realKey(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** An argument that names nothing, listed with the files that failed. */
function failedArgument(arg: string, code: DiagnosticCode, message: string): FailedFile {
  const d: Diagnostic = { file: arg, line: 1, col: 1, severity: 'error', code, message };
  return { path: arg, errors: [formatDiagnostic(d)], diagnostics: [d] };
}
