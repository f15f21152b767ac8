import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/* The README's embedding example is examples/api/embed.mjs, quoted whole, and it runs. */
describe('README: API example', () => {
  const example = readFileSync(join(ROOT, 'examples/api/embed.mjs'), 'utf8');

  it('quotes examples/api/embed.mjs as it is', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`js\n${example}\`\`\``);
  });

  it('runs: a PDF and Markdown from a role, base, library and config in memory', () => {
    // Imports `jdgen` by package name, as a user's service does (self-reference through "exports").
    const out = execFileSync(process.execPath, [join(ROOT, 'examples/api/embed.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/^PDF: \d+ bytes, starts %PDF-1\.7\n\*\*Warehouse Clerk\*\*\n$/);
  });
});
