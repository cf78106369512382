/**
 * Writing many files, each whole or not at all, without an fsync round trip per file.
 *
 * The promise is the one writeAtomically keeps for a single file: after a crash or power cut each
 * target holds its old content or its new content, never part of either, and a file kil reports as
 * written is on disk. The cost is lower: a file's bytes are fsynced before it is renamed into
 * place (so a rename can never expose a file whose bytes were lost), but the fsyncs of a group run
 * concurrently, at most `concurrency` at once, so the file system commits them together; the
 * renames follow, and each folder is fsynced once per group rather than once per file.
 *
 *   const writer = new DurableWriter();          // { concurrency } fsyncs at once (default 8)
 *   new DurableWriter({ together: true })        // one flush of the file system per commit instead
 *   writer.add(path, text);                      // temporary file beside path, written now; its fsync starts
 *   writer.add(other, text, { exclusive: true }); // create only: an existing file is never replaced
 *   const outcomes = await writer.commit();      // fsyncs done, then renames (links), then folder fsyncs
 *   for (const o of outcomes) if (o.error) ...;  // one per add, in order; o.error.code 'EEXIST' for an exclusive target that exists
 *   await writer.discard();                      // instead of commit (interrupted): temporary files removed, no target touched
 *
 * add() throws a WriteError when the temporary file cannot be written (nothing is left behind);
 * commit() never throws for one file's failure, it reports it in that file's outcome. Each
 * pending file holds an open descriptor until commit, so commit every few hundred files. After
 * commit or discard the writer is empty and can be used again. Temporary files are named as
 * atomic-write.ts names them (`.kil-PID-RANDOM.tmp`), so removeKilTempFiles cleans up after a kill.
 * A replaced file keeps its mode and owner; a symlink target is written through unless
 * `replaceLinks` (kil's own output folders) or `exclusive`.
 *
 * `together` suits writers of thousands of files in a row (kil import ocds): no fsync per file,
 * but at commit one syncfs(2) of each file system holding the files (`sync -f FOLDER`,
 * coreutils, Linux), which flushes them all in one journal commit: 1,000 files of 3 KB took
 * 0.1 s this way and 0.25-0.39 s as concurrent fsyncs (8 or 32 at once), measured side by side.
 * It costs a process start per commit, so it pays only for large commits; where `sync -f` is
 * missing or fails, the files are fsynced as usual. The promise is the same either way: nothing
 * is renamed into place before its bytes are on disk.
 */
import { execFile } from 'node:child_process';
import { close, closeSync, fsync, open, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { gathered } from '../render/chunks.js';
import { createFromTemp, existingStats, keepOwnership, linkTarget, openTemp, removeIfThere, writeAll, WriteError } from './atomic-write.js';

export interface DurableAddOptions {
  /** The file must not exist yet: it is created (checking and creating are one step), never replaced. */
  exclusive?: boolean;
  /** Replace a symlink itself rather than write to its target (kil's own output folders). */
  replaceLinks?: boolean;
}

export interface DurableOutcome {
  /** The path as given to add. */
  path: string;
  /** Why the file was not written (then nothing of it is left); undefined when it was. */
  error?: WriteError;
}

interface Pending {
  path: string;
  target: string;
  tmp: string;
  /** Open until commit for its fsync; undefined with `together`, which closes each file once written. */
  fd: number | undefined;
  exclusive: boolean;
  /** Settles when the temporary file's fsync is done: with its error, if any (`together`: started at commit). */
  synced?: Promise<unknown>;
}

/** Pieces of text are gathered to about this size before each write. */
const WRITE_BLOCK = 64 * 1024;

export class DurableWriter {
  private pending: Pending[] = [];
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly together: boolean;

  constructor(options: { concurrency?: number; together?: boolean } = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.together = options.together === true;
  }

  /** How many files are added and not yet committed or discarded. */
  get size(): number {
    return this.pending.length;
  }

  /** Write the text to a temporary file beside `path` and start its fsync. Throws a WriteError. */
  add(path: string, text: string | Uint8Array | Iterable<string>, options: DurableAddOptions = {}): void {
    const exclusive = options.exclusive === true;
    let target = path;
    let tmp: string | undefined;
    let fd: number | undefined;
    try {
      target = options.replaceLinks || exclusive ? path : linkTarget(path);
      const before = exclusive ? undefined : existingStats(target);
      // A new file gets the usual mode (0666 less the umask); a replaced one keeps its own.
      ({ tmp, fd } = openTemp(dirname(target), before ? before.mode & 0o7777 : 0o666));
      writeText(fd, text);
      if (before) keepOwnership(fd, before);
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      if (tmp !== undefined) removeIfThere(tmp);
      throw error instanceof WriteError ? error : new WriteError(path, (error as NodeJS.ErrnoException).code, error);
    }
    if (this.together) {
      // Closed at once: a thousand descriptors held till commit ran out of them under `ulimit -n 256` (a test).
      closeSync(fd);
      this.pending.push({ path, target, tmp, fd: undefined, exclusive });
      return;
    }
    const opened = fd;
    this.pending.push({ path, target, tmp, fd: opened, exclusive, synced: this.limited(() => fsyncAsync(opened)) });
  }

  /**
   * Make every added file durable and put it in place: one outcome per add, in order. Resolves
   * once the folders holding them are fsynced too.
   */
  async commit(): Promise<DurableOutcome[]> {
    const batch = this.pending;
    this.pending = [];
    if (this.together && batch.length > 0 && !(await syncFileSystems(new Set(batch.map((p) => dirname(p.target)))))) {
      for (const p of batch) p.synced = this.limited(() => fsyncPathAsync(p.tmp));
    }
    const syncErrors = await Promise.all(batch.map((p) => p.synced));
    const outcomes: DurableOutcome[] = [];
    const folders = new Set<string>();
    batch.forEach((p, i) => {
      let error: unknown = syncErrors[i];
      try {
        if (p.fd !== undefined) closeSync(p.fd);
      } catch (closing) {
        error ??= closing; // a close can report a write that failed late (NFS)
      }
      if (error === undefined) {
        try {
          if (p.exclusive) createFromTemp(p.tmp, p.target);
          else renameSync(p.tmp, p.target);
          folders.add(dirname(p.target));
          outcomes.push({ path: p.path });
          return;
        } catch (placing) {
          error = placing;
        }
      }
      removeIfThere(p.tmp);
      outcomes.push({ path: p.path, error: new WriteError(p.path, (error as NodeJS.ErrnoException)?.code, error) });
    });
    await Promise.all([...folders].map((dir) => this.limited(() => fsyncFolderAsync(dir))));
    return outcomes;
  }

  /** Give up every file added since the last commit: temporary files removed, targets untouched. */
  async discard(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    // An fsync still running holds its descriptor: wait for it before closing.
    await Promise.all(batch.map((p) => p.synced));
    for (const p of batch) {
      try {
        if (p.fd !== undefined) closeSync(p.fd);
      } catch {
        // Being given up anyway.
      }
      removeIfThere(p.tmp);
    }
  }

  /** Run `task` when fewer than `concurrency` tasks run; settles with its error (never rejects). */
  private limited(task: () => Promise<unknown>): Promise<unknown> {
    const start = (): Promise<unknown> => {
      this.running++;
      return task().finally(() => {
        this.running--;
        this.waiting.shift()?.();
      });
    };
    if (this.running < this.concurrency) return start();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(start);
  }
}

/** Whether `sync -f` works here: unknown until tried, and never tried off Linux. */
let syncfsWorks: boolean | undefined = process.platform === 'linux' ? undefined : false;

/** syncfs(2) of the file system holding each folder; false when that cannot be done here. */
async function syncFileSystems(folders: Set<string>): Promise<boolean> {
  if (syncfsWorks === false) return false;
  const syncOne = (dir: string) =>
    new Promise<boolean>((resolve) => execFile('sync', ['-f', dir], { timeout: 120_000 }, (error) => resolve(error === null)));
  const ok = (await Promise.all([...folders].map(syncOne))).every(Boolean);
  syncfsWorks ??= ok;
  return ok;
}

/** Resolves with the error (or undefined): callers collect errors per file. */
const fsyncAsync = (fd: number): Promise<unknown> => new Promise((resolve) => fsync(fd, (error) => resolve(error ?? undefined)));

/** The fsync of a file already closed: opened again for it (an fsync reaches the file, not the descriptor). */
function fsyncPathAsync(path: string): Promise<unknown> {
  return new Promise((resolve) => {
    open(path, 'r', (error, fd) => {
      if (error) return resolve(error);
      fsync(fd, (syncError) => close(fd, (closeError) => resolve(syncError ?? closeError ?? undefined)));
    });
  });
}

/** A folder's fsync makes the renames in it durable; a file system that refuses it is let be. */
function fsyncFolderAsync(dir: string): Promise<unknown> {
  return new Promise((resolve) => {
    open(dir, 'r', (error, fd) => {
      if (error) return resolve(undefined);
      fsync(fd, () => close(fd, () => resolve(undefined)));
    });
  });
}

function writeText(fd: number, text: string | Uint8Array | Iterable<string>): void {
  if (typeof text === 'string') return writeAll(fd, Buffer.from(text, 'utf8'));
  if (text instanceof Uint8Array) return writeAll(fd, text);
  for (const block of gathered(text, WRITE_BLOCK)) writeAll(fd, Buffer.from(block, 'utf8'));
}
