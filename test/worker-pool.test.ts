/**
 * The chunk runner with stand-in workers: results come back in job order whichever thread
 * assessed them; a worker that ends without an error fails the batch at once instead of leaving
 * it waiting forever; a slow thread does not let the others run far ahead.
 */
import { describe, expect, it } from 'vitest';
import type { FileJob, FileResult } from '../src/cli/batch-file.js';
import type { WorkerSetup } from '../src/cli/batch-worker.js';
import { CHUNK, runChunks } from '../src/cli/worker-pool.js';

const EXITING = new URL('./fixtures/exiting-worker.mjs', import.meta.url);
const ECHO = new URL('./fixtures/echo-worker.mjs', import.meta.url);

const jobs = (n: number): FileJob[] => Array.from({ length: n }, (_, i) => ({ file: `c${i}.yaml`, report: null }));
const setup = (test?: object) => ({ settings: { meta: { date: '2026-11-22', toolVersion: 'test' }, rowText: 'none', reportFormat: 'md' }, test }) as WorkerSetup;
const echoed = (chunk: readonly FileJob[]): FileResult[] => chunk.map((job) => ({ failed: { path: job.file, errors: [], diagnostics: [] }, text: '' }));
const pathOf = (r: FileResult) => ('failed' in r ? r.failed.path : '');

/** The runner's promise, or a rejection saying it hung. */
function withinSeconds<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${seconds} s: the runner hung`)), seconds * 1000);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

describe('the chunk runner', () => {
  it.each([
    ['on its first chunk, exit code 0', 'chunk', 0],
    ['on its first chunk, exit code 3', 'chunk', 3],
    ['as it starts, exit code 0', 'start', 0],
  ] as const)('fails with a clear error when a worker ends %s', async (_name, when, code) => {
    const results: FileResult[] = [];
    const run = runChunks(jobs(200), { workers: 2, setup: setup({ when, code }), onResults: (r) => results.push(...r), workerUrl: EXITING });
    await expect(withinSeconds(run, 5)).rejects.toThrow(new RegExp(`^a batch worker stopped \\(exit code ${code}\\) with \\d+ chunks? of files not done$`));
    expect(results).toEqual([]);
  });

  it('passes every result on in job order', async () => {
    const results: FileResult[] = [];
    await withinSeconds(runChunks(jobs(3000), { workers: 1, setup: setup(), onResults: (r) => results.push(...r), workerUrl: ECHO }), 5);
    expect(results.map(pathOf)).toEqual(jobs(3000).map((j) => j.file));
  });

  it('keeps job order when the main thread and a worker share the chunks, the main thread slower', async () => {
    const answered = new Int32Array(new SharedArrayBuffer(4));
    const results: FileResult[] = [];
    const byMain: number[] = [];
    // The main thread answers its chunks late and out of turn (a later chunk before an earlier
    // one), and from its third chunk on only once the worker, started meanwhile, has answered one.
    const inline = async (chunk: FileJob[]) => {
      byMain.push(Number(chunk[0]!.file.replace(/\D/g, '')) / CHUNK);
      for (let i = 0; i < (byMain.length % 3) * 5; i++) await new Promise((resolve) => setImmediate(resolve));
      while (byMain.length >= 3 && Atomics.load(answered, 0) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      return echoed(chunk);
    };
    await withinSeconds(runChunks(jobs(2000), { workers: 1, setup: setup({ answered }), inline, onResults: (r) => results.push(...r), workerUrl: ECHO }), 5);
    expect(results.map(pathOf)).toEqual(jobs(2000).map((j) => j.file));
    expect(byMain.length).toBeGreaterThan(0); // the main thread did take chunks...
    expect(byMain.length).toBeLessThan(Math.ceil(2000 / CHUNK)); // ...and so did the worker
  });

  it('sends a worker no chunk before it has loaded: the main thread goes on meanwhile', async () => {
    const answered = new Int32Array(new SharedArrayBuffer(4));
    const results: FileResult[] = [];
    const inline = async (chunk: FileJob[]) => echoed(chunk);
    await withinSeconds(runChunks(jobs(500), { workers: 1, setup: setup({ answered, neverReady: true }), inline, onResults: (r) => results.push(...r), workerUrl: ECHO }), 5);
    expect(Atomics.load(answered, 0)).toBe(0);
    expect(results.map(pathOf)).toEqual(jobs(500).map((j) => j.file));
  });

  it('hands out chunks only a bounded window past one that is not finished', async () => {
    const answered = new Int32Array(new SharedArrayBuffer(4));
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The main thread holds the first chunk it takes until the test lets it go; the worker answers at once.
    let first: string | undefined;
    let taken = 0;
    const inline = async (chunk: FileJob[]) => {
      taken++;
      first ??= chunk[0]!.file;
      if (chunk[0]!.file === first) await held;
      return echoed(chunk);
    };
    const results: FileResult[] = [];
    const run = runChunks(jobs(200 * CHUNK), { workers: 1, setup: setup({ answered }), inline, onResults: (r) => results.push(...r), workerUrl: ECHO });
    const deadline = Date.now() + 5000;
    while (Atomics.load(answered, 0) + taken < 8 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 300)); // time enough for threads without a bound to take all 200
    // At most the window for two threads (8 chunks) from the held chunk on, plus the chunks before it.
    expect(Atomics.load(answered, 0) + taken).toBeLessThanOrEqual(Number(first!.replace(/\D/g, '')) / CHUNK + 8);
    // Nothing passed on from the held chunk onwards.
    expect(results.map(pathOf)).toEqual(jobs(200 * CHUNK).map((j) => j.file).slice(0, Number(first!.replace(/\D/g, ''))));
    release!();
    await withinSeconds(run, 5);
    expect(results.map(pathOf)).toEqual(jobs(200 * CHUNK).map((j) => j.file));
  });
});
