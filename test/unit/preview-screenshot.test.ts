import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INPUTS_FILE, inputsHash } from '../../scripts/screenshot-preview.js';

/**
 * The README's picture of the preview (docs/preview.png) is made by
 * scripts/screenshot-preview.ts, which stores the hash of what it was made
 * from beside it. A change to the example, the templates, the HTML writer or
 * the preview's code makes this fail until the picture is taken again.
 */
describe('docs/preview.png', () => {
  it('is current: its inputs have not changed since it was taken (else: npm run screenshot)', () => {
    expect(readFileSync(INPUTS_FILE, 'utf8').trim(), 'docs/preview.png is stale: run `npm run screenshot` and commit the picture').toBe(inputsHash());
  });
});
