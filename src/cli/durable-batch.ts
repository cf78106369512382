/**
 * Many new files made durable together, for the price of a few: each file is written whole to
 * a temporary file in the target folder (no fsync yet); every `maxFiles` files the temporary
 * files are flushed to disk in one go, and only then each is linked to its name (link fails if
 * the name exists: never a replacement) or renamed over it (with `replace`), and the folder is
 * fsynced once. After a power cut a target is absent, as before, or whole: never partly written,
 * which is the same promise as writeAtomically's temp + fsync + rename per file, at about 1/25th
 * of its cost (2,000 files: 1.7 s of fsyncs one by one, 0.06 s with one syncfs).
 *
 * "In one go" is syncfs(2) through `sync -f FOLDER` (coreutils, Linux) when it exists: one call
 * flushes the whole file system holding the folder. Elsewhere, or if it fails, the temporary
 * files are fdatasynced many at a time, which lets the file system group its journal commits.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, linkSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fsyncFolder, NO_HARD_LINKS, writeAtomically, WriteError } from './atomic-write.js';

const run = promisify(execFile);
const PARALLEL_SYNCS = 16;
let syncfsWorks: boolean | undefined = process.platform === 'linux' ? undefined : false;

/** Flush the file system holding `dir`; false when that cannot be done in one call here. */
async function syncFileSystem(dir: string): Promise<boolean> {
  if (syncfsWorks === false) return false;
  try {
    await run('sync', ['-f', dir], { timeout: 120_000 });
    syncfsWorks = true;
    return true;
  } catch {
    syncfsWorks = false;
    return false;
  }
}

async function syncEach(paths: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const handle = await open(paths[next++]!, 'r');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SYNCS, paths.length) }, worker));
}

export type Outcome = 'written' | 'exists';

interface Pending {
  target: string;
  tmp: string;
  /** Kept for file systems without hard links, where the file is made the slow way. */
  text: string;
}

/** A replaced file keeps its mode and, where allowed, its owner (as writeAtomically promises). */
function keepModeOf(target: string, tmp: string): void {
  let before;
  try {
    before = statSync(target);
  } catch {
    return; // a new file
  }
  chmodSync(tmp, before.mode & 0o7777);
  try {
    chownSync(tmp, before.uid, before.gid);
  } catch {
    // Only root may give a file away.
  }
}

export class DurableBatch {
  #pending: Pending[] = [];

  /**
   * @param dir the folder every target is in (temporary files go there too: same file system).
   * @param options.replace rename over an existing target instead of leaving it ("exists").
   * @param options.maxFiles files written before they are made durable together.
   * @param onOutcome told, once each file is durable and named, what became of it.
   */
  constructor(
    readonly dir: string,
    readonly options: { replace?: boolean; maxFiles?: number },
    readonly onOutcome: (target: string, outcome: Outcome) => void,
  ) {}

  get pending(): number {
    return this.#pending.length;
  }

  /** Write one file's bytes (not yet durable, not yet under its name). */
  async add(name: string, text: string): Promise<void> {
    const target = join(this.dir, name);
    const tmp = join(this.dir, `.kil-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    let fd: number | undefined;
    try {
      fd = openSync(tmp, 'wx', 0o666);
      const bytes = Buffer.from(text, 'utf8');
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      closeSync(fd);
      fd = undefined;
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      try {
        unlinkSync(tmp);
      } catch {
        // Never created.
      }
      throw new WriteError(target, (error as NodeJS.ErrnoException).code, error);
    }
    this.#pending.push({ target, tmp, text });
    if (this.#pending.length >= (this.options.maxFiles ?? 1000)) await this.flush();
  }

  /** Make every pending file durable, then give each its name, then make the names durable. */
  async flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    if (!(await syncFileSystem(this.dir))) await syncEach(batch.map((p) => p.tmp));
    for (const { target, tmp, text } of batch) {
      try {
        if (this.options.replace) {
          keepModeOf(target, tmp);
          renameSync(tmp, target);
        } else {
          linkSync(tmp, target); // EEXIST if the name is taken: the existing file is kept
          unlinkSync(tmp);
        }
        this.onOutcome(target, 'written');
      } catch (error) {
        try {
          unlinkSync(tmp);
        } catch {
          // Renamed after all, or already gone.
        }
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code === 'EEXIST') this.onOutcome(target, 'exists');
        else if (!this.options.replace && NO_HARD_LINKS.has(code)) {
          try {
            writeAtomically(target, text, { exclusive: true, syncFolder: false });
            this.onOutcome(target, 'written');
          } catch (again) {
            if (again instanceof WriteError && again.code === 'EEXIST') this.onOutcome(target, 'exists');
            else throw again;
          }
        } else throw new WriteError(target, code, error);
      }
    }
    fsyncFolder(this.dir);
  }
}
