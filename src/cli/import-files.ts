/**
 * The contract files of an import's second pass, in order: one per contracting process, mapped
 * and rendered. A small input (held in memory) is done on the main thread; one set aside on disk
 * is done bucket by bucket on worker threads (import-worker.ts), which read the buckets back,
 * map and render, while the main thread writes the files they send: mapping a process costs
 * more than writing its file, and the two run side by side. (The main thread mapping buckets
 * too, whenever it had no file to write, made the import slower on two cores: its writing is
 * the other half of the work.) Files are passed on strictly in bucket order, as one thread
 * would give them, so the output never depends on timing.
 */
import { Worker } from 'node:worker_threads';
import type { ImportRules } from '../import/ocds/index.js';
import { importedFile, type ImportedFile } from './imported-file.js';
import type { BucketRequest, BucketResponse, ImportWorkerSetup } from './import-worker.js';
import type { ProcessStore } from './process-store.js';

export type { ImportedFile } from './imported-file.js';

/** Beside this module both in dist/cli (tsc) and dist/bin (the bundle). */
const WORKER_URL = new URL('./import-worker.js', import.meta.url);
/** Buckets queued per worker, so a worker never waits for the main thread between buckets. */
const IN_FLIGHT = 4;

interface Slot {
  worker: Worker;
  inFlight: number;
}

/**
 * The import's worker threads, started as soon as the input is set aside on disk, so that their
 * start-up overlaps the reading rather than delaying the second pass.
 */
export class ImportWorkers {
  readonly slots: Slot[] = [];
  /** Why the workers cannot go on (an error in one, or one that ended with buckets not done). */
  failure: unknown;
  /** Called on every answer or failure. */
  onAnswer: (slot: Slot, response: BucketResponse | undefined) => void = () => undefined;
  #stopping = false;

  constructor(count: number, setup: ImportWorkerSetup, url: URL = WORKER_URL) {
    for (let i = 0; i < count; i++) {
      const slot: Slot = { worker: new Worker(url, { workerData: setup }), inFlight: 0 };
      this.slots.push(slot);
      slot.worker.on('message', (response: BucketResponse) => {
        slot.inFlight--;
        this.onAnswer(slot, response);
      });
      slot.worker.on('error', (error) => {
        this.failure ??= error;
        this.onAnswer(slot, undefined);
      });
      // A worker that ends without an error would leave its buckets unanswered and the import waiting forever.
      slot.worker.on('exit', (code) => {
        if (this.#stopping || slot.inFlight === 0) return;
        this.failure ??= new Error(`an import worker stopped (exit code ${code}) with ${slot.inFlight} bucket${slot.inFlight === 1 ? '' : 's'} of releases not done`);
        this.onAnswer(slot, undefined);
      });
    }
  }

  /** Stop every worker (each once), whatever it is doing; resolves when they are gone. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}

export interface ImportedFilesOptions {
  /** Worker threads (or their number) for a store set aside on disk; 0: everything on the main thread. */
  workers: number | ImportWorkers;
  /** The import worker; tests give the built one. */
  workerUrl?: URL;
}

/** The workers' setup for a store. */
export const workerSetup = (store: ProcessStore, rules: ImportRules): ImportWorkerSetup => ({ rules, budgetBytes: store.budgetBytes });

/**
 * Every process of the store as its contract file, in the store's order. Errors (a bucket that
 * cannot be read back, a bug in the mapping) are thrown from next(), a file-system error with its
 * `code`. Ending early (return()) stops the workers before it resolves; so does the end.
 */
export async function* importedFiles(store: ProcessStore, rules: ImportRules, options: ImportedFilesOptions): AsyncGenerator<ImportedFile> {
  const buckets = options.workers !== 0 ? store.buckets() : undefined;
  if (buckets === undefined) {
    if (options.workers instanceof ImportWorkers) await options.workers.stop();
    for (const process of store.processes()) yield importedFile(process, rules);
    return;
  }
  const pool = options.workers instanceof ImportWorkers ? options.workers : new ImportWorkers(options.workers, workerSetup(store, rules), options.workerUrl);
  const inputs = [...store.inputs];
  // How far ahead of the bucket being passed on buckets may be handed out: results held back stay few.
  const window = 8 + IN_FLIGHT * pool.slots.length;
  const done = new Map<number, BucketResponse>();
  let nextToSend = 0;
  let passedOn = 0;
  let wake: (() => void) | undefined;
  const feed = (slot: Slot) => {
    while (slot.inFlight < IN_FLIGHT && nextToSend < buckets.length && nextToSend < passedOn + window) {
      const request: BucketRequest = { index: nextToSend, path: buckets[nextToSend]!, inputs };
      nextToSend++;
      slot.inFlight++;
      slot.worker.postMessage(request);
    }
  };
  pool.onAnswer = (slot, response) => {
    if (response) {
      done.set(response.index, response);
      feed(slot);
    }
    wake?.();
    wake = undefined;
  };
  try {
    for (const slot of pool.slots) feed(slot);
    for (; passedOn < buckets.length; passedOn++) {
      let response = done.get(passedOn);
      while (response === undefined) {
        if (pool.failure !== undefined) throw pool.failure;
        await new Promise<void>((resolve) => (wake = resolve));
        response = done.get(passedOn);
      }
      done.delete(passedOn);
      if ('error' in response) throw Object.assign(new Error(response.error.message), response.error);
      for (const slot of pool.slots) feed(slot);
      yield* response.files;
    }
  } finally {
    await pool.stop();
  }
}
