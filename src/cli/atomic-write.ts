/**
 * Writing a file whole or not at all, without harming what was there: a temporary file in the
 * target's folder, every byte written, fsync, then rename (or link, for a file that must be
 * new), then fsync of the folder so the rename itself survives a power cut. A replaced file
 * keeps its mode and owner; a symlink is written through to its target. For many files at once,
 * durable-writer.ts keeps the same promise with fewer waits for the disk.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants as fsConstants,
  copyFileSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface AtomicWriteOptions {
  /** The file must not exist yet: checking and creating are one step (link), never a replacement. */
  exclusive?: boolean;
  /** Replace a symlink itself rather than write to its target (kil's own output folders). */
  replaceLinks?: boolean;
  /**
   * false: the caller fsyncs the folder once after many files (a batch), since one folder
   * fsync per file costs ~3 ms each. Default true.
   */
  syncFolder?: boolean;
}

/** An error from the file system, with the path the user named (not the temporary one). */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`${path}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'WriteError';
  }
}

/**
 * Short, recognisable temporary names: `.kil-PID-RANDOM.tmp`. Short, so that a target name
 * near the file system's 255-byte limit still has a temporary name; the pid, so that a later
 * run can tell a temporary file left by a killed kil from one still being written.
 */
export const TEMP_NAME = /^\.kil-(\d+)-[0-9a-f]{8}\.tmp$/;

/**
 * Random once per thread, then counted: a random draw per file showed in batches of thousands.
 * Threads of one process share its pid, so a name another thread took is skipped (see openTemp).
 */
let tempCounter = randomBytes(4).readUInt32BE(0);
export const tempPath = (dir: string): string => join(dir, `.kil-${process.pid}-${(tempCounter++ >>> 0).toString(16).padStart(8, '0')}.tmp`);

/** A new temporary file beside the target, open for writing; a name already taken is skipped. */
export function openTemp(dir: string, mode: number): { tmp: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const tmp = tempPath(dir);
    try {
      return { tmp, fd: openSync(tmp, 'wx', mode) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
      tempCounter = randomBytes(4).readUInt32BE(0); // another thread's range: jump elsewhere
    }
  }
}

/** Follow symlinks (up to a limit) to the file that would be written; a dangling link's target too. */
export function linkTarget(path: string): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats | undefined;
    try {
      st = lstatSync(current, { throwIfNoEntry: false });
    } catch {
      return current;
    }
    if (!st || !st.isSymbolicLink()) return current; // none (yet): this is the file to create
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new WriteError(path, 'ELOOP', new Error('too many levels of symbolic links'));
}

export function existingStats(path: string): Stats | undefined {
  try {
    // Without an exception for a file that does not exist: most targets of a batch are new.
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** link() is refused on file systems without hard links (some network and FUSE mounts). */
export const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * The target made from the finished, fsynced temporary file only if it does not exist: link()
 * checks and creates in one step (EEXIST if it exists). Without hard links, an exclusive copy
 * does the same, fsynced, and a failed copy removes its own half-written file.
 */
export function createFromTemp(tmp: string, target: string): void {
  try {
    linkSync(tmp, target);
    unlinkSync(tmp);
    return;
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  try {
    copyFileSync(tmp, target, fsConstants.COPYFILE_EXCL);
    const fd = openSync(target, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') removeIfThere(target);
    throw error;
  }
  unlinkSync(tmp);
}

/** Remove a file that may never have been made, or be gone already. */
export function removeIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never made, or already gone.
  }
}

/** writeSync may write less than asked (a full disk, a signal): loop until every byte is out. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Make a rename or link durable: without this a power cut can undo it on some file systems. */
export function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the file's own data is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeAtomically(path: string, text: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const target = options.replaceLinks || options.exclusive ? path : linkTarget(path);
  const dir = dirname(target);
  const before = options.exclusive ? undefined : existingStats(target);
  let tmp: string | undefined;
  let fd: number | undefined;
  try {
    // A new file gets the usual mode (0666 less the umask); a replaced one keeps its own.
    ({ tmp, fd } = openTemp(dir, before ? before.mode & 0o7777 : 0o666));
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    writeAll(fd, bytes);
    if (before) keepOwnership(fd, before);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (options.exclusive) {
      createFromTemp(tmp, target);
    } else if (before && before.nlink > 1) {
      rewriteInPlace(tmp, target, bytes);
    } else {
      renameSync(tmp, target);
    }
    if (options.syncFolder !== false) fsyncFolder(dir);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      if (tmp !== undefined) unlinkSync(tmp);
    } catch {
      // The temporary file may never have been created.
    }
    throw new WriteError(path, (error as NodeJS.ErrnoException).code, error);
  }
}

/**
 * A file with other hard links is rewritten in place, so that every name keeps showing it (a
 * rename would leave the other names on the old text). The finished, fsynced temporary file stays
 * until the rewrite is on disk: should kil be killed halfway, the whole new text is in it.
 */
function rewriteInPlace(tmp: string, target: string, bytes: Uint8Array): void {
  const fd = openSync(target, 'r+');
  try {
    ftruncateSync(fd, 0);
    writeAll(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(tmp);
}

export function keepOwnership(fd: number, before: Stats): void {
  // The umask may have narrowed the mode given to open; set it exactly.
  fchmodSync(fd, before.mode & 0o7777);
  const now = fstatSync(fd);
  if (now.uid !== before.uid || now.gid !== before.gid) {
    try {
      fchownSync(fd, before.uid, before.gid);
    } catch {
      // Only root may give a file away; the user's own file stays theirs either way.
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temporary files that kil left in a folder: those of processes that are gone (a kill -9,
 * a power cut) and, with `own`, this process's (after its writers were stopped). Returns how many.
 * Only names this version makes: kil 0.1.0's `.TARGET.PID.RANDOM.tmp` also fits a user's
 * `.minutes.20231231.deadbeef.tmp`, which is not kil's to remove.
 */
export const removeKilTempFiles = (dir: string, own = false): number => removeLeftBehind(dir, TEMP_NAME, own, (path) => unlinkSync(path));

/**
 * What kil processes left in a folder under names `pattern` matches (its first group the process
 * id): removed when that process is gone, or is this one and `own` says so. Returns how many.
 */
export function removeLeftBehind(dir: string, pattern: RegExp, own: boolean, remove: (path: string) => void): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid ? !own : processAlive(pid)) continue;
    try {
      remove(join(dir, name));
      removed++;
    } catch {
      // Already gone, or not ours to remove: leave it.
    }
  }
  return removed;
}
