/**
 * An import worker thread: drains the buckets of set-aside releases it is sent (read back,
 * grouped by process), maps each process and renders its contract file, and sends the files'
 * bytes back; the main thread names and writes them, in bucket order (import-files.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportRules } from '../import/ocds/index.js';
import { drainBucket } from './process-store.js';
import { importedFile, type ImportedFile } from './imported-file.js';

export interface ImportWorkerSetup {
  rules: ImportRules;
  budgetBytes: number;
}
export interface BucketRequest {
  index: number;
  path: string;
  inputs: readonly string[];
}
export type BucketResponse =
  | { index: number; files: ImportedFile[] }
  /** What went wrong, as plain data: `code` when it was the file system's (the main thread says it as the user's to fix). */
  | { index: number; error: { message: string; stack?: string; code?: string } };

const setup = workerData as ImportWorkerSetup;
parentPort!.on('message', (request: BucketRequest) => {
  let response: BucketResponse;
  try {
    const files: ImportedFile[] = [];
    for (const process of drainBucket(request.path, request.inputs, setup.budgetBytes)) files.push(importedFile(process, setup.rules));
    response = { index: request.index, files };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    response = { index: request.index, error: { message: String(e?.message ?? error), stack: e?.stack, code: e?.code } };
  }
  // The files' bytes are handed over, not copied.
  parentPort!.postMessage(response, 'files' in response ? response.files.map((f) => f.bytes.buffer as ArrayBuffer) : []);
});
