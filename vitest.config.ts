import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    // Builds keep a stat cache in $XDG_CACHE_HOME/jdgen (src/output/stat-cache.ts): the tests' builds
    // (library calls and the CLI they start) keep theirs in a temporary folder, not the user's home.
    env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'jdgen-test-cache-')) },
  },
});
