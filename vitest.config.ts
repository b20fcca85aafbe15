import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.prop.test.ts'],
    // vitest's default is one worker fewer than the cores (one on 2 cores); many suites wait on
    // subprocesses, sockets and z3 workers, so one per core keeps both busy (10.4 min instead of 13).
    maxWorkers: Math.max(2, os.availableParallelism()),
    reporters: ['default', './test/support/summary-reporter.ts'],
    // A far-away backstop only (a hang must not stall CI forever); verdicts never depend on time.
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
  },
});
