import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/helpers/build-once.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PDF and DOCX rendering is CPU-bound; two workers match the 2-core machines we run on.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
