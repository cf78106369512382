/**
 * Text kept in order to be written out later, in memory up to a limit and past it in a
 * temporary file, so that a batch's JSON (whose contracts come after the portfolio figures,
 * which need every contract first) does not hold every contract in memory.
 *
 * The file is removed from its folder as soon as it is open: only the open descriptor keeps it,
 * so nothing is left behind however kil ends. Where an open file cannot be removed (Windows), it
 * is removed when the spool is closed.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { gathered } from '../render/chunks.js';
import { fsCause } from './files.js';
import { UserError } from './user-error.js';

/** Kept in memory up to this many UTF-16 units (about as many bytes): a few hundred contracts never touch the disk. */
const IN_MEMORY = 2 * 1024 * 1024;
/** The file is read back in blocks of this many bytes. */
const READ_BLOCK = 1024 * 1024;

export class Spool {
  private pieces: string[] = [];
  private held = 0;
  private file: { fd: number; path?: string; dir?: string; size: number } | undefined;

  private readonly where: string;
  private readonly inMemory: number;

  /** `where`: the folder for the temporary file (default: the system's); `inMemory`: how much text to hold before using it. */
  constructor(options: { where?: string; inMemory?: number } = {}) {
    this.where = options.where ?? tmpdir();
    this.inMemory = options.inMemory ?? IN_MEMORY;
  }

  append(text: string): void {
    this.pieces.push(text);
    this.held += text.length;
    if (this.held >= this.inMemory) this.spill();
  }

  /** Everything appended, in order, in pieces of about a megabyte; the spool is then empty and closed. */
  *drain(): Generator<string> {
    if (this.file) {
      this.spill();
      const { fd } = this.file;
      const buffer = Buffer.alloc(READ_BLOCK);
      const decoder = new StringDecoder('utf8');
      for (let position = 0; ; ) {
        const n = readSync(fd, buffer, 0, READ_BLOCK, position);
        if (n === 0) break;
        position += n;
        const text = decoder.write(buffer.subarray(0, n));
        if (text !== '') yield text;
      }
      const rest = decoder.end();
      if (rest !== '') yield rest;
      this.close();
    } else {
      const pieces = this.pieces;
      this.pieces = [];
      this.held = 0;
      yield* gathered(pieces, READ_BLOCK);
    }
  }

  /** Let go of the temporary file, if any (also when the batch stops early). */
  close(): void {
    if (!this.file) return;
    const { fd, path, dir } = this.file;
    this.file = undefined;
    closeSync(fd);
    if (path) removeQuietly(() => unlinkSync(path));
    if (dir) removeQuietly(() => rmdirSync(dir));
  }

  private spill(): void {
    try {
      if (!this.file) this.file = openHidden(this.where);
      const text = this.pieces.join('');
      this.pieces = [];
      this.held = 0;
      const bytes = Buffer.from(text, 'utf8');
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(this.file.fd, bytes, offset, bytes.length - offset, this.file.size + offset);
      this.file.size += bytes.length;
    } catch (error) {
      // A missing, read-only or full temporary folder is the user's to fix: say which and how.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new UserError(`cannot keep the batch's JSON in a temporary file in ${this.where} (${fsCause(code)}); set TMPDIR to a folder with space, or use --format csv`);
    }
  }
}

/** A new file in a private folder, both removed at once where the system allows it. */
function openHidden(where: string): { fd: number; path?: string; dir?: string; size: number } {
  const dir = mkdtempSync(join(where, 'kil-spool-'));
  const path = join(dir, 'contracts.json');
  const fd = openSync(path, 'wx+', 0o600);
  try {
    unlinkSync(path);
    rmdirSync(dir);
    return { fd, size: 0 };
  } catch {
    return { fd, path, dir, size: 0 };
  }
}

function removeQuietly(remove: () => void): void {
  try {
    remove();
  } catch {
    // Already gone.
  }
}
