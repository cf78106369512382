/**
 * The worker pool with stand-in workers: a worker that ends without an error must fail the
 * batch at once instead of leaving it waiting forever.
 */
import { describe, expect, it } from 'vitest';
import type { FileJob, FileResult } from '../src/cli/batch-file.js';
import type { WorkerSetup } from '../src/cli/batch-worker.js';
import { runOnWorkers } from '../src/cli/worker-pool.js';

const EXITING = new URL('./fixtures/exiting-worker.mjs', import.meta.url);
const ECHO = new URL('./fixtures/echo-worker.mjs', import.meta.url);

const jobs = (n: number): FileJob[] => Array.from({ length: n }, (_, i) => ({ file: `c${i}.yaml`, report: null }));
const setup = (test?: { when: 'start' | 'chunk'; code: number }) => ({ settings: { meta: { date: '2026-11-22', toolVersion: 'test' } }, test }) as WorkerSetup;

/** The pool's promise, or a rejection saying it hung. */
function withinSeconds<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${seconds} s: the pool hung`)), seconds * 1000);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

describe('the worker pool', () => {
  it.each([
    ['on its first chunk, exit code 0', 'chunk', 0],
    ['on its first chunk, exit code 3', 'chunk', 3],
    ['as it starts, exit code 0', 'start', 0],
  ] as const)('fails with a clear error when a worker ends %s', async (_name, when, code) => {
    const results: FileResult[] = [];
    const run = runOnWorkers(jobs(200), 2, setup({ when, code }), (r) => results.push(r), undefined, EXITING);
    await expect(withinSeconds(run, 3)).rejects.toThrow(new RegExp(`^a batch worker stopped \\(exit code ${code}\\) with \\d+ chunks? of files not done$`));
    expect(results).toEqual([]);
  });

  it('passes every result on in job order, also across recycled workers', async () => {
    // 3,000 files are 94 chunks: one worker is replaced after 80, and that exit is no failure.
    const results: FileResult[] = [];
    await withinSeconds(runOnWorkers(jobs(3000), 1, setup(), (r) => results.push(r), undefined, ECHO), 3);
    expect(results.map((r) => ('failed' in r ? r.failed.path : ''))).toEqual(jobs(3000).map((j) => j.file));
  });
});
