/**
 * Running batch jobs in chunks on the main thread and on worker threads, handing out chunks as
 * each frees up. Results are passed on strictly in job order, so output does not depend on
 * timing; chunks are handed out only a bounded window ahead of the oldest unfinished one, so the
 * results waiting to be passed on stay few however large the batch and however slow one thread.
 */
import { Worker } from 'node:worker_threads';
import type { FileJob, FileResult } from './batch-file.js';
import type { ChunkRequest, ChunkResponse, WorkerReady, WorkerSetup } from './batch-worker.js';

/** Beside this module both in dist/cli (tsc) and dist/bin (the bundle). */
const WORKER_URL = new URL('./batch-worker.js', import.meta.url);
/** Files per chunk: enough that a chunk's reports share their fsyncs, few enough to balance the threads at the end. */
export const CHUNK = 32;
/** Chunks queued per worker, so a worker never waits for the main thread between chunks. */
const IN_FLIGHT = 2;
/** Chunks the main thread assesses while its last chunk's reports are still being committed. */
const INLINE_IN_FLIGHT = 2;
/** A small young generation makes workers collect short-lived garbage often. */
const YOUNG_GENERATION_MB = 8;

export interface ChunkRun {
  /** Worker threads to start. */
  workers: number;
  setup: WorkerSetup;
  /** The main thread's own way to assess a chunk: with it the main thread takes chunks too. */
  inline?: (jobs: FileJob[]) => Promise<FileResult[]>;
  /** Each chunk's results, in job order, with its jobs. */
  onResults: (results: FileResult[], jobs: readonly FileJob[]) => void;
  /** When aborted, no more chunks are started; resolves once the workers are stopped. */
  stop?: AbortSignal;
  /** The batch worker; tests give a stand-in. */
  workerUrl?: URL;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  /** Set once the worker has loaded: only then is it sent chunks, so none wait behind its start-up. */
  ready: boolean;
}

/**
 * Resolves when every result has been passed on, or (when `stop` is aborted) as soon as the
 * threads have stopped: results already passed on are complete, the rest are not passed on.
 * Rejects if a worker fails, or stops with files still to do (the batch must never hang).
 */
export async function runChunks(jobs: readonly FileJob[], run: ChunkRun): Promise<void> {
  const chunkCount = Math.ceil(jobs.length / CHUNK);
  if (chunkCount === 0) return;
  const chunkAt = (index: number): FileJob[] => jobs.slice(index * CHUNK, (index + 1) * CHUNK);
  const threads = run.workers + (run.inline ? 1 : 0);
  // How far ahead of the oldest unfinished chunk chunks may be handed out.
  const window = Math.max(8, 4 * threads);
  const waiting = new Map<number, FileResult[]>();
  let nextToSend = 0;
  let nextToEmit = 0;
  const inlineRuns = new Set<Promise<void>>();

  await new Promise<void>((resolve, reject) => {
    const slots = new Set<Slot>();
    let finished = false;
    let wake: (() => void) | undefined;
    const changed = () => {
      wake?.();
      wake = undefined;
    };
    const stopAll = () => {
      finished = true;
      changed();
      return Promise.all([...slots].map((slot) => slot.worker.terminate()));
    };
    const fail = (error: unknown) => {
      if (finished) return;
      void stopAll();
      reject(error);
    };
    const mayHandOut = () => !finished && nextToSend < chunkCount && nextToSend < nextToEmit + window;
    const deliver = (index: number, results: FileResult[]) => {
      if (finished) return;
      waiting.set(index, results);
      for (let ready = waiting.get(nextToEmit); ready; ready = waiting.get(nextToEmit)) {
        waiting.delete(nextToEmit);
        // An error handling results (a full disk, say) ends the batch through its caller, never as
        // an uncaught exception from a worker's message (which exited 1, the --fail-under code).
        try {
          run.onResults(ready, chunkAt(nextToEmit));
        } catch (error) {
          fail(error);
          return;
        }
        nextToEmit++;
      }
      if (nextToEmit === chunkCount) {
        void stopAll();
        resolve();
        return;
      }
      for (const slot of slots) feed(slot);
      changed();
    };

    run.stop?.addEventListener('abort', () => {
      if (!finished) void stopAll().then(() => resolve());
    });

    // Workers live for the whole batch: replacing them to bound their memory (kil 0.1.0) left the
    // peak higher, not lower (each new thread's memory came on top); they collect their own garbage.
    const feed = (slot: Slot) => {
      while (slot.ready && slot.inFlight < IN_FLIGHT && mayHandOut()) {
        const request: ChunkRequest = { index: nextToSend, jobs: chunkAt(nextToSend) };
        nextToSend++;
        slot.inFlight++;
        slot.worker.postMessage(request);
      }
    };
    const start = () => {
      const slot: Slot = {
        worker: new Worker(run.workerUrl ?? WORKER_URL, { workerData: run.setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
        inFlight: 0,
        ready: run.inline === undefined, // with no main thread to go on meanwhile, queue chunks at once
      };
      slots.add(slot);
      slot.worker.on('message', (message: ChunkResponse | WorkerReady) => {
        if (finished) return;
        if ('ready' in message) slot.ready = true;
        else {
          slot.inFlight--;
          deliver(message.index, message.results);
        }
        if (!finished) feed(slot);
      });
      slot.worker.on('error', fail);
      // A worker that ends without an error (process.exit in it, say) would leave its chunks
      // unanswered and the batch waiting forever.
      slot.worker.on('exit', (code) => {
        if (finished || !slots.has(slot)) return;
        slots.delete(slot);
        if (slot.inFlight === 0) return;
        fail(new Error(`a batch worker stopped (exit code ${code}) with ${slot.inFlight} chunk${slot.inFlight === 1 ? '' : 's'} of files not done`));
      });
      feed(slot);
    };
    for (let i = 0; i < Math.min(run.workers, chunkCount); i++) start();

    // The main thread takes a chunk whenever it is free: between chunks it lets worker messages,
    // commits and signals be handled.
    const inline = run.inline;
    if (inline) {
      void (async () => {
        while (!finished) {
          if (inlineRuns.size >= INLINE_IN_FLIGHT || !mayHandOut()) {
            if (nextToSend >= chunkCount && inlineRuns.size === 0) return;
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          const index = nextToSend++;
          const done = inline(chunkAt(index)).then(
            (results) => deliver(index, results),
            (error: unknown) => fail(error),
          );
          const tracked = done.finally(() => {
            inlineRuns.delete(tracked);
            changed();
          });
          inlineRuns.add(tracked);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
    }
  });
  // Chunks the main thread had started finish their writes before the batch says what it did.
  await Promise.all(inlineRuns);
}
