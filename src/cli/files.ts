/**
 * The file system, with user-facing errors: reading inputs, and writing outputs atomically
 * (temporary file in the same folder, fsync, rename) so a crash never leaves half a file.
 */
import { constants as bufferConstants } from 'node:buffer';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceText } from '../load/rubrics.js';
import { MAX_SOURCE_BYTES } from '../load/yaml-source.js';
import { writeAtomically, WriteError, type AtomicWriteOptions } from './atomic-write.js';
import type { DurableWriter } from './durable-writer.js';
import { UserError } from './user-error.js';

/** A file-system error's cause in a few words, for a message that says what kil was doing. */
export function fsCause(code: string): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'the folder does not exist';
  if (code === 'EMFILE' || code === 'ENFILE') return 'too many files are open';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'kil may not write there';
  return code;
}

function describeFsError(code: string | undefined, path: string, action: string, message: string, otherwise: 'cannot-read' | 'cannot-write'): UserError {
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or folder; check the path',
    EISDIR: 'it is a folder, not a file; give the path of a file',
    ENOTDIR: 'a part of the path is not a folder; check the path',
    EACCES: 'permission denied; check the file permissions',
    EPERM: 'permission denied; check the file permissions',
    ENOSPC: 'the disk is full; free some space and try again',
    EDQUOT: 'the disk quota is used up; free some space and try again',
    EROFS: 'the file system is read-only; write somewhere else (another -o or --out-dir)',
    ENAMETOOLONG: 'the path is too long',
    ELOOP: 'too many levels of symbolic links; check the links in the path',
  };
  const kind = code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : code === 'EISDIR' ? 'not-a-file' : otherwise;
  return UserError.at(path, `cannot ${action}: ${reasons[code ?? ''] ?? message}`, kind);
}

export function fsError(error: unknown, path: string, action: string, otherwise: 'cannot-read' | 'cannot-write' = 'cannot-read'): UserError {
  return describeFsError((error as NodeJS.ErrnoException | undefined)?.code, path, action, (error as Error)?.message ?? String(error), otherwise);
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
    if (!st.isFile()) throw UserError.at(path, 'it is not a regular file (a device, pipe or socket); give the path of a contract file', 'not-a-file');
    size = st.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw fsError(error, path, 'read it');
  }
  if (size > maxBytes) throw tooLarge(path, size, maxBytes);
  try {
    // A size of 0 may be a file whose size the system does not know (/proc/self/pagemap), which
    // reading to its end would never finish: read it up to the limit and no further.
    if (size === 0) return decodeText(path, readAtMost(path, maxBytes, () => tooLarge(path, undefined, maxBytes)));
    // Read as text first: reading bytes and decoding them cost a batch about 0.5 ms a file
    // (12% of its CPU, measured at 1,000 files). Node puts U+FFFD where bytes are not UTF-8, so
    // only a text with one in it is read again as bytes, to be refused or, if the U+FFFD is really
    // there, kept. Either way the text is what a strict decoder gives, byte order mark dropped.
    if (size <= bufferConstants.MAX_STRING_LENGTH) {
      const text = readFileSync(path, 'utf8');
      if (!text.includes('\uFFFD')) return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    return decodeText(path, readFileSync(path));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw fsError(error, path, 'read it');
  }
}

/** The file's bytes, read in blocks until its end; past `maxBytes` read, `over()` is thrown. */
/**
 * The first `bytes` of a regular file as text (lenient UTF-8), and whether that is all of it;
 * undefined for anything that is not a regular file or cannot be read (reading it properly later
 * says why). For a quick look before the real read, such as the rubric set a contract names.
 */
export function readHead(path: string, bytes: number): { text: string; whole: boolean } | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      let total = 0;
      for (let n = -1; n !== 0 && total < bytes; total += n) n = readSync(fd, buffer, total, bytes - total, null);
      const whole = total < bytes || readSync(fd, Buffer.alloc(1), 0, 1, null) === 0;
      return { text: buffer.subarray(0, total).toString('utf8'), whole };
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

function readAtMost(path: string, maxBytes: number, over: () => Error): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      total += n;
      if (total > maxBytes) throw over();
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
  } finally {
    closeSync(fd);
  }
}

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

type What = 'file' | 'input';

/** `size` is undefined for a stream, which is not read past the limit. */
function tooLarge(name: string, size: number | undefined, maxBytes: number, what: What = 'file'): UserError {
  return UserError.at(name, `the ${what} is ${size === undefined ? '' : `${MiB(size)}, `}over the ${maxBytes / 1024 / 1024} MiB limit; check you chose the right ${what}`, 'too-large');
}

/**
 * Bytes to text, by the same rules for files and stdin: UTF-8 only, and no more than one
 * JavaScript string can hold (V8's limit, about 512 MiB), which is said as such.
 */
export function decodeText(name: string, bytes: Uint8Array, what: What = 'file'): string {
  if (bytes.length > bufferConstants.MAX_STRING_LENGTH) {
    throw UserError.at(name, `the ${what} is ${MiB(bytes.length)}, more than kil can read as one text (${MiB(bufferConstants.MAX_STRING_LENGTH)}); split it into smaller files`, 'too-large');
  }
  try {
    return UTF8.decode(bytes);
  } catch (error) {
    // A NUL byte means a binary file (a spreadsheet renamed .yaml), whatever else it holds: say so
    // with the code scripts key on, not "save it as UTF-8", which only fits a text file.
    if (error instanceof TypeError && bytes.includes(0)) throw UserError.at(name, `the ${what} contains NUL bytes, so it is binary, not YAML; choose the contract or rubric .yaml file`, 'binary');
    if (error instanceof TypeError) throw UserError.at(name, `the ${what} is not UTF-8 text; save it as UTF-8 (in Excel or Word: "Save as", UTF-8)`, 'not-utf8');
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
    throw fsError(error, dir, 'read the rubric folder');
  }
  return names
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => ({ file: join(dir, n), text: readTextFile(join(dir, n)) }));
}

/**
 * Write a whole file or nothing (see atomic-write.ts): mode, owner and symlinks are kept, and
 * with `exclusive` an existing file is never replaced. Errors are the user's to fix.
 */
/** A failed write as the one clear message a user gets (disk full, permission denied, ...). */
export const writeErrorMessage = (error: WriteError): UserError => describeFsError(error.code, error.path, 'write it', error.message, 'cannot-write');

export function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions = {}): void {
  try {
    writeAtomically(path, text, options);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    throw writeFailure(error);
  }
}

/** A write that failed (see atomic-write.ts, durable-writer.ts), as the person is told it. */
export function writeFailure(error: WriteError): UserError {
  if (error.code === 'EEXIST') return UserError.at(error.path, 'the file already exists (it appeared while kil was working); it was not replaced', 'file-exists');
  return describeFsError(error.code, error.path, 'write it', error.message, 'cannot-write');
}

/**
 * Create a new file, whole or not at all, never replacing one (see writeAtomically): false when
 * the file exists, even if it appeared a moment ago (another kil writing the same folder).
 */
export function createFile(path: string, text: string, options: Pick<AtomicWriteOptions, 'syncFolder'> = {}): boolean {
  try {
    writeAtomically(path, text, { exclusive: true, ...options });
    return true;
  } catch (error) {
    if (error instanceof WriteError && error.code === 'EEXIST') return false;
    if (error instanceof WriteError) throw describeFsError(error.code, path, 'write it', error.message, 'cannot-write');
    throw error;
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
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw folderInTheWay(path);
    throw fsError(error, path, 'check the existing file');
  }
}

/** Real path -> the path as given: checking thousands of outputs against thousands of inputs. */
export type InputIndex = ReadonlyMap<string, string>;

export function inputIndex(paths: readonly string[]): InputIndex {
  const index = new Map<string, string>();
  for (const p of paths) {
    const real = realPath(p);
    if (real !== undefined) index.set(real, p);
  }
  return index;
}

const isIndex = (inputs: readonly string[] | InputIndex): inputs is InputIndex => inputs instanceof Map;

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** The same file, even through links or different spellings of the path. */
export function sameFile(a: string, b: string): boolean {
  const real = realPath(a);
  return real !== undefined && real === realPath(b);
}

/** kil's own outputs start with its marker (markdown) or generator field (JSON). */
export function isKilOutput(start: string, marker: string): boolean {
  return start.startsWith(marker) || /^\{\s*"generator": "kil"/.test(start);
}

export interface OutputOptions {
  force?: boolean;
  /**
   * The input files (never to be overwritten): a list, or for many, an index from inputIndex, or
   * a function making that index, called only when the target exists.
   */
  inputs: readonly string[] | InputIndex | (() => InputIndex);
  marker: string;
  /**
   * The file is in a folder kil writes many files to (--out-dir): a symlink there is a conflict,
   * not a way through, and the caller fsyncs the folder once at the end.
   */
  kilFolder?: boolean;
}

/**
 * Why an output path must not be written, or undefined when it may be: it is an input (never),
 * a file kil did not write (unless forced), or in kil's own folder, a symlink (unless forced).
 */
export function outputConflict(target: string, opts: OutputOptions): string | undefined {
  const inputs = typeof opts.inputs === 'function' ? opts.inputs() : opts.inputs;
  const input = isIndex(inputs) ? realPath(target) && inputs.get(realPath(target)!) : inputs.find((i) => sameFile(target, i));
  if (input !== undefined) return `${target}: the output would overwrite the input file ${input}; choose another path`;
  // Not even --force writes over a folder: said now, before any other output is written.
  if (isFolder(target, !opts.kilFolder)) throw folderInTheWay(target);
  if (opts.force) return undefined;
  if (opts.kilFolder && isSymlink(target)) return `${target} is a symbolic link, which kil did not write; remove it, use --force to replace the link, or choose another folder`;
  if (isDevice(target)) return undefined;
  const existing = peekFile(target);
  if (existing !== undefined && !isKilOutput(existing, opts.marker)) {
    return `${target} already exists and was not written by kil; use --force to replace it, or write elsewhere`;
  }
  return undefined;
}

/** An output path that is a folder (the outputs of --out-dir have fixed names, so no -o to suggest). */
const folderInTheWay = (path: string): UserError => UserError.at(path, 'the output path is a folder, not a file; move or rename the folder, or write elsewhere', 'not-a-file');

/** A folder, or with followLinks a link to one (a write follows it, except in kil's own folder, where it replaces the link). */
function isFolder(path: string, followLinks: boolean): boolean {
  try {
    return (followLinks ? statSync(path) : lstatSync(path)).isDirectory();
  } catch {
    return false;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** /dev/null, /dev/stdout, a pipe: written as a stream; there is no file to replace. */
export function isDevice(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Add an output file to a DurableWriter (written when it commits), after the checks writeOutput
 * makes: never an input, never a file kil did not write (unless forced). A target that does not
 * exist, as in a new output folder, costs one lstat.
 */
export function queueOutput(writer: DurableWriter, target: string, text: string | Iterable<string>, opts: OutputOptions): void {
  if (lstatSync(target, { throwIfNoEntry: false }) !== undefined) {
    const conflict = outputConflict(target, opts);
    if (conflict !== undefined) throw new UserError(conflict);
    if (isDevice(target)) {
      writeOutput(target, typeof text === 'string' ? text : [...text].join(''), opts);
      return;
    }
  }
  try {
    writer.add(target, text, { replaceLinks: opts.kilFolder });
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    throw writeFailure(error);
  }
}

/**
 * Write an output file atomically, refusing to replace a file kil did not write (unless
 * forced) or any of the inputs (ever).
 */
export function writeOutput(target: string, text: string, opts: OutputOptions): void {
  const conflict = outputConflict(target, opts);
  if (conflict !== undefined) throw new UserError(conflict);
  if (isDevice(target)) {
    try {
      writeFileSync(target, text);
    } catch (error) {
      throw fsError(error, target, 'write to it', 'cannot-write');
    }
    return;
  }
  writeFileAtomic(target, text, { replaceLinks: opts.kilFolder, syncFolder: !opts.kilFolder });
}
