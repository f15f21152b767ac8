import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

/**
 * Compares text with a golden file. `UPDATE_GOLDEN=1 npm test` rewrites the
 * golden files instead; review the git diff before committing them.
 * A missing golden file fails the test (it is never created silently in CI).
 */
export function expectGolden(actual: string, file: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npm test and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
