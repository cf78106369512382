/** The full collections a long batch makes, so that its peak memory does not grow with its length. */
import { describe, expect, it } from 'vitest';
import { collectGarbage, garbageCollector } from '../src/cli/heap.js';

describe('garbage collection on demand', () => {
  it('collects what is no longer held, at once', () => {
    let junk: object[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i, text: `item ${i}` }));
    const held = process.memoryUsage().heapUsed;
    junk = undefined;
    collectGarbage();
    expect(junk).toBeUndefined();
    expect(process.memoryUsage().heapUsed).toBeLessThan(held - 10 * 1024 * 1024);
  });

  it('collects after every so many files, not before', () => {
    const collect = garbageCollector(100);
    let junk: object[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i }));
    const held = process.memoryUsage().heapUsed;
    junk = undefined;
    collect(60); // 60 files: no collection yet
    expect(junk).toBeUndefined();
    expect(process.memoryUsage().heapUsed).toBeGreaterThan(held - 1024 * 1024);
    collect(60); // 120: a collection
    expect(process.memoryUsage().heapUsed).toBeLessThan(held - 5 * 1024 * 1024);
  });
});
