import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built CLI; give them room on a 2-core machine.
    testTimeout: 20_000,
    // One test file per core, and at least two: the terminal tests mostly wait on keystrokes, so a
    // 2-core machine runs the suite in about half the time of vitest's default there (one worker).
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
