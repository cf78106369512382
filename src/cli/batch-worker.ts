/** A batch worker thread: loads the rubrics once, then assesses the chunks of files it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { AppliedCouncil } from '../model/council.js';
import { jobContext, processChunk, type FileJob, type FileResult, type JobSettings } from './batch-file.js';
import { loadLibrary } from './context.js';
import { CouncilProfiles } from './council.js';
import { garbageCollector } from './heap.js';

export interface WorkerSetup {
  rubrics?: string;
  settings: JobSettings;
  /** --council, as the main thread read and checked it. */
  council?: AppliedCouncil;
}
export interface ChunkRequest {
  index: number;
  jobs: FileJob[];
}
export interface ChunkResponse {
  index: number;
  results: FileResult[];
}
/** Sent once, when the worker has loaded and can take chunks. */
export interface WorkerReady {
  ready: true;
}

const setup = workerData as WorkerSetup;
// The main thread has already loaded (and reported on) the same rubric folder.
const library = await loadLibrary(setup.rubrics, () => undefined);
const ctx = jobContext(library, setup.settings, CouncilProfiles.withFlag(library, setup.settings.meta.date, setup.council));
const collect = garbageCollector();
// A chunk's reports are committed while the next chunk is assessed; its results go back once they are on disk.
parentPort!.on('message', (request: ChunkRequest) => {
  const done = processChunk(request.jobs, ctx);
  collect(request.jobs.length);
  void done.then((results) => parentPort!.postMessage({ index: request.index, results } satisfies ChunkResponse));
});
parentPort!.postMessage({ ready: true } satisfies WorkerReady);
