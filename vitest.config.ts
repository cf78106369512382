import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built CLI; give them room on a 2-core machine.
    testTimeout: 20_000,
    // One test file per core and one more, and at least three: the terminal tests mostly wait on
    // keystrokes and the end-to-end tests on the CLI they spawn, so a 2-core machine runs the suite
    // in 105 s with three workers, 115 s with two, and about twice that with vitest's default (one).
    maxWorkers: Math.max(2, availableParallelism()) + 1,
  },
});
