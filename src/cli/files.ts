/**
 * The file system, with user-facing errors: reading inputs, and writing outputs atomically
 * (temporary file in the same folder, fsync, rename) so a crash never leaves half a file.
 */
import { constants as bufferConstants } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SourceText } from '../load/rubrics.js';
import { MAX_SOURCE_BYTES } from '../load/yaml-source.js';
import { UserError } from './user-error.js';

function describeFsError(error: unknown, path: string, action: string): UserError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or folder; check the path',
    EISDIR: 'it is a folder, not a file; give the path of a file',
    ENOTDIR: 'a part of the path is not a folder; check the path',
    EACCES: 'permission denied; check the file permissions',
    EPERM: 'permission denied; check the file permissions',
    ENOSPC: 'the disk is full; free some space and try again',
    EROFS: 'the file system is read-only; write somewhere else with -o',
    ENAMETOOLONG: 'the path is too long',
  };
  return UserError.at(path, `cannot ${action}: ${reasons[code ?? ''] ?? (error as Error).message}`);
}

// One decoder for every file: constructing one per file shows up in batches of thousands.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Read a UTF-8 text file, refusing folders, huge files and bytes that are not UTF-8. */
export function readTextFile(path: string, maxBytes = MAX_SOURCE_BYTES): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    // A device, pipe or socket could be endless (/dev/zero) or never end (a FIFO with no writer).
    if (!st.isFile()) throw UserError.at(path, 'it is not a regular file (a device, pipe or socket); give the path of a contract file');
    size = st.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw describeFsError(error, path, 'read it');
  }
  if (size > maxBytes) throw tooLarge(path, size, maxBytes);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw describeFsError(error, path, 'read it');
  }
  return decodeText(path, bytes);
}

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

type What = 'file' | 'input';

/** `size` is undefined for a stream, which is not read past the limit. */
function tooLarge(name: string, size: number | undefined, maxBytes: number, what: What = 'file'): UserError {
  return UserError.at(name, `the ${what} is ${size === undefined ? '' : `${MiB(size)}, `}over the ${maxBytes / 1024 / 1024} MiB limit; check you chose the right ${what}`);
}

/**
 * Bytes to text, by the same rules for files and stdin: UTF-8 only, and no more than one
 * JavaScript string can hold (V8's limit, about 512 MiB), which is said as such.
 */
export function decodeText(name: string, bytes: Uint8Array, what: What = 'file'): string {
  if (bytes.length > bufferConstants.MAX_STRING_LENGTH) {
    throw UserError.at(name, `the ${what} is ${MiB(bytes.length)}, more than kil can read as one text (${MiB(bufferConstants.MAX_STRING_LENGTH)}); split it into smaller files`);
  }
  try {
    return UTF8.decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) throw UserError.at(name, `the ${what} is not UTF-8 text; save it as UTF-8 (in Excel or Word: "Save as", UTF-8)`);
    throw error;
  }
}

/**
 * Read a whole stream (standard input) as text with the same limits as a file. A stream, not
 * readFileSync(0): a pipe can be non-blocking, and then a slow writer gives EAGAIN.
 */
export async function readStreamText(name: string, stream: AsyncIterable<Uint8Array>, maxBytes = MAX_SOURCE_BYTES): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(name, undefined, maxBytes, 'input');
    chunks.push(chunk);
  }
  return decodeText(name, Buffer.concat(chunks, size), 'input');
}

/** Every *.yaml / *.yml file directly in a folder, in name order. */
export function readYamlFolder(dir: string): SourceText[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw describeFsError(error, dir, 'read the rubric folder');
  }
  return names
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => ({ file: join(dir, n), text: readTextFile(join(dir, n)) }));
}

/** Write a whole file or nothing: temp file in the same folder, fsync, then rename over. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // The temporary file may never have been created.
    }
    throw describeFsError(error, path, 'write it');
  }
}

/** Whether a file exists; the start of it, for telling kil's own outputs from the user's. */
export function peekFile(path: string, bytes = 256): string | undefined {
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const n = readSync(fd, buffer);
      return buffer.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw UserError.at(path, 'the output path is a folder; give a file path with -o');
    throw describeFsError(error, path, 'check the existing file');
  }
}

/** The same file, even through links or different spellings of the path. */
export function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** kil's own outputs start with its marker (markdown) or generator field (JSON). */
export function isKilOutput(start: string, marker: string): boolean {
  return start.startsWith(marker) || /^\{\s*"generator": "kil"/.test(start);
}

/**
 * Write an output file atomically, refusing to replace a file kil did not write (unless
 * forced) or any of the inputs (ever).
 */
export function writeOutput(target: string, text: string, opts: { force?: boolean; inputs: readonly string[]; marker: string }): void {
  const input = opts.inputs.find((i) => sameFile(target, i));
  if (input !== undefined) throw new UserError(`${target}: the output would overwrite the input file ${input}; choose another path`);
  const existing = peekFile(target);
  if (existing !== undefined && !isKilOutput(existing, opts.marker) && !opts.force) {
    throw new UserError(`${target} already exists and was not written by kil; use --force to replace it, or write elsewhere`);
  }
  writeFileAtomic(target, text);
}
