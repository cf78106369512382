/**
 * Running batch jobs on worker threads, one per core, handing out chunks as workers free up.
 * Results are passed on strictly in job order, so output does not depend on timing.
 */
import { Worker } from 'node:worker_threads';
import type { FileJob, FileResult } from './batch-file.js';
import type { ChunkRequest, WorkerSetup } from './batch-worker.js';

/** Beside this module both in dist/cli (tsc) and dist/bin (the bundle). */
const WORKER_URL = new URL('./batch-worker.js', import.meta.url);
const CHUNK = 32;
/** Chunks queued per worker, so a worker never waits for the main thread between chunks. */
const IN_FLIGHT = 2;
/**
 * A worker is replaced after this many chunks (2,560 files): V8 lets a busy heap grow before
 * it collects, so recycling keeps peak memory the same for 10,000 files as for 1,000.
 */
const RECYCLE_AFTER = 80;
/** A small young generation makes workers collect short-lived garbage often. */
const YOUNG_GENERATION_MB = 8;

interface Slot {
  worker: Worker;
  inFlight: number;
  sent: number;
}

/**
 * Resolves when every result has been passed on, or (when `stop` is aborted) as soon as the
 * workers have been stopped: results already passed on are complete, the rest are not run.
 * Rejects if a worker fails, or stops with files still to do (the batch must never hang).
 * `workerUrl` is the batch worker; tests give a stand-in.
 */
export async function runOnWorkers(
  jobs: readonly FileJob[],
  workers: number,
  setup: WorkerSetup,
  onResult: (result: FileResult) => void,
  stop?: AbortSignal,
  workerUrl: URL = WORKER_URL,
): Promise<void> {
  const chunks: FileJob[][] = [];
  for (let i = 0; i < jobs.length; i += CHUNK) chunks.push(jobs.slice(i, i + CHUNK));
  if (chunks.length === 0) return;
  const waiting = new Map<number, FileResult[]>();
  let nextToSend = 0;
  let nextToEmit = 0;

  await new Promise<void>((resolve, reject) => {
    const slots = new Set<Slot>();
    let finished = false;
    const stopAll = () => {
      finished = true;
      return Promise.all([...slots].map((slot) => slot.worker.terminate()));
    };
    stop?.addEventListener('abort', () => {
      if (!finished) void stopAll().then(() => resolve());
    });
    const feed = (slot: Slot) => {
      while (slot.inFlight < IN_FLIGHT && slot.sent < RECYCLE_AFTER && nextToSend < chunks.length) {
        const request: ChunkRequest = { index: nextToSend, jobs: chunks[nextToSend]! };
        nextToSend++;
        slot.inFlight++;
        slot.sent++;
        slot.worker.postMessage(request);
      }
      if (slot.inFlight === 0 && slot.sent >= RECYCLE_AFTER && nextToSend < chunks.length) {
        slots.delete(slot);
        void slot.worker.terminate();
        start();
      }
    };
    const start = () => {
      const slot: Slot = {
        worker: new Worker(workerUrl, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
        inFlight: 0,
        sent: 0,
      };
      slots.add(slot);
      slot.worker.on('message', (message: { index: number; results: FileResult[] }) => {
        if (finished) return;
        slot.inFlight--;
        waiting.set(message.index, message.results);
        for (let ready = waiting.get(nextToEmit); ready; ready = waiting.get(nextToEmit)) {
          waiting.delete(nextToEmit);
          ready.forEach(onResult);
          nextToEmit++;
        }
        if (nextToEmit === chunks.length) {
          void stopAll();
          resolve();
        } else feed(slot);
      });
      slot.worker.on('error', (error) => {
        if (finished) return;
        void stopAll();
        reject(error);
      });
      // A worker that ends without an error (process.exit in it, say) would leave its chunks
      // unanswered and the batch waiting forever. Recycled workers have left `slots` already.
      slot.worker.on('exit', (code) => {
        if (finished || !slots.has(slot)) return;
        slots.delete(slot);
        if (slot.inFlight === 0) return;
        void stopAll();
        reject(new Error(`a batch worker stopped (exit code ${code}) with ${slot.inFlight} chunk${slot.inFlight === 1 ? '' : 's'} of files not done`));
      });
      feed(slot);
    };
    for (let i = 0; i < Math.min(workers, chunks.length); i++) start();
  });
}
