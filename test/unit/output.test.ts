import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAllAtomic, writeFileAtomic } from '../../src/output/atomic.js';
import { outputPath } from '../../src/output/paths.js';
import { tempDir } from '../helpers/cli.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('atomic output', () => {
  it('replaces a file and leaves no temporary files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'role.md'), 'old');
    await writeFileAtomic(join(dir, 'role.md'), bytes('new'));
    expect(readFileSync(join(dir, 'role.md'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['role.md']);
  });

  it('creates missing output folders', async () => {
    const dir = tempDir();
    await writeFileAtomic(join(dir, 'a', 'b', 'role.md'), bytes('x'));
    expect(readFileSync(join(dir, 'a', 'b', 'role.md'), 'utf8')).toBe('x');
  });

  it('keeps the previous file and cleans up when the rename fails', async () => {
    const dir = tempDir();
    // A non-empty folder where the file should go: rename fails after the bytes were written.
    mkdirSync(join(dir, 'role.pdf'));
    writeFileSync(join(dir, 'role.pdf', 'keep'), 'previous');
    await expect(writeAllAtomic([{ path: join(dir, 'role.pdf'), bytes: bytes('new') }])).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['role.pdf']);
    expect(readFileSync(join(dir, 'role.pdf', 'keep'), 'utf8')).toBe('previous');
  });

  it('names outputs after the input, keeping its folders below the base', () => {
    expect(outputPath('dist', 'kam.yaml', 'pdf')).toBe(join('dist', 'kam.pdf'));
    expect(outputPath('out', 'sales/role.yml', 'docx')).toBe(join('out', 'sales', 'role.docx'));
  });
});
