import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.prop.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // A far-away backstop only (a hang must not stall CI forever); verdicts never depend on time.
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
  },
});
