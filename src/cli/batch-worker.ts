/** A batch worker thread: loads the rubrics once, then assesses the chunks of files it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { AppliedCouncil } from '../model/council.js';
import { processFile, type FileJob, type JobSettings } from './batch-file.js';
import { loadLibrary } from './context.js';
import { CouncilProfiles } from './council.js';

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

const setup = workerData as WorkerSetup;
// The main thread has already loaded (and reported on) the same rubric folder.
const library = await loadLibrary(setup.rubrics, () => undefined);
const councils = CouncilProfiles.withFlag(library, setup.settings.meta.date, setup.council);
parentPort!.on('message', (request: ChunkRequest) => {
  parentPort!.postMessage({ index: request.index, results: request.jobs.map((job) => processFile(job, library, setup.settings, councils)) });
});
