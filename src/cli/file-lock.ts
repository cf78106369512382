/**
 * A short lock around read-modify-write of a user's file, so that two kil processes saving the
 * same contract file take turns. The lock is a file created exclusively beside the target,
 * holding the owner's pid; a lock whose owner is gone (kill -9) is taken over.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { linkTarget } from './atomic-write.js';
import { UserError } from './user-error.js';

/** A save takes milliseconds; a lock older than this belongs to a process that hung or died. */
const STALE_AFTER_MS = 30_000;
const GIVE_UP_AFTER_MS = 10_000;

/** Short and fixed-length, whatever the target's name: the folder may be near the name limit. */
export function lockPath(file: string): string {
  const target = linkTarget(file);
  const digest = createHash('sha256').update(basename(target)).digest('hex').slice(0, 12);
  return join(dirname(target), `.kil-lock-${digest}`);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function ownerGone(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (Date.now() - statSync(lock).mtimeMs > STALE_AFTER_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written: wait
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function withFileLock<T>(file: string, run: () => T): T {
  const lock = lockPath(file);
  const started = Date.now();
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx', 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') break; // a folder we cannot create files in: the write itself will say so
      if (ownerGone(lock)) {
        try {
          unlinkSync(lock);
        } catch {
          // Another process took it over first.
        }
        continue;
      }
      if (Date.now() - started > GIVE_UP_AFTER_MS) {
        throw UserError.at(file, `another kil process has been saving this file for over ${GIVE_UP_AFTER_MS / 1000} s (lock ${lock}); try again, or remove the lock if no kil is running`, 'file-locked');
      }
      sleep(20);
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return run();
    } finally {
      try {
        unlinkSync(lock);
      } catch {
        // Taken over as stale by another process: nothing to remove.
      }
    }
  }
  return run();
}
