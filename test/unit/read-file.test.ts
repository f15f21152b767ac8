import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryProblem } from '../../src/load/font-file.js';
import { oversized } from '../../src/load/image.js';
import { FileRefused, READ_LIMITS, readRegularFile, readRegularFileSync } from '../../src/load/read-file.js';
import { findConfig } from '../../src/resolve/config.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/** The one reading function of input files (issue 12, item 5) and the checks built on it. */

async function refusal(read: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await read();
  } catch (error) {
    expect(error).toBeInstanceOf(FileRefused);
    return (error as FileRefused).reason;
  }
  throw new Error('expected the file to be refused');
}

describe('readRegularFile', () => {
  const dir = tempDir('jdgen-read-');
  execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
  mkdirSync(join(dir, 'folder.yaml'));
  writeFileSync(join(dir, 'plain.yaml'), 'a: 1\n');

  it('reads a regular file, sync or not', async () => {
    expect((await readRegularFile(join(dir, 'plain.yaml'), 'yaml')).toString()).toBe('a: 1\n');
    expect(readRegularFileSync(join(dir, 'plain.yaml'), 'yaml').toString()).toBe('a: 1\n');
  });

  it('refuses a FIFO without waiting for a writer, and devices and folders', async () => {
    for (const read of [readRegularFile, readRegularFileSync]) {
      expect(await refusal(() => read(join(dir, 'fifo.yaml'), 'yaml'))).toBe('is a FIFO (named pipe), not a regular file');
      expect(await refusal(() => read('/dev/zero', 'image'))).toBe('is a character device, not a regular file');
      expect(await refusal(() => read(join(dir, 'folder.yaml'), 'yaml'))).toBe('is a folder, not a regular file');
      expect(await refusal(() => read(join(dir, 'missing.yaml'), 'yaml'))).toBe('not found');
    }
  });

  it('refuses a file over the limit of its kind, with both sizes', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, READ_LIMITS.yaml + 1);
    expect(await refusal(() => readRegularFile(big, 'yaml'))).toBe('is 1.0 MB, the limit is 1 MB');
    truncateSync(big, 12 * 1024 * 1024);
    expect(await refusal(() => readRegularFileSync(big, 'yaml'))).toBe('is 12 MB, the limit is 1 MB');
    // The same size is within a font's limit.
    expect(readRegularFileSync(big, 'font').length).toBe(12 * 1024 * 1024);
  });
});

describe('font files', () => {
  const font = readFileSync(join(ROOT, 'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'));

  it('accepts a real TrueType font and refuses text, a truncated font and a collection', () => {
    expect(directoryProblem(font, font.length)).toBeUndefined();
    expect(directoryProblem(Buffer.from('hello, I am text\n'), 17)).toBe('is not a TrueType or OpenType font');
    expect(directoryProblem(font, Math.floor(font.length / 2))).toMatch(/^is truncated or damaged: its `\w+` table ends at byte \d+, the file has \d+$/);
    expect(directoryProblem(Buffer.from('ttcf\0\0\0\0\0\0\0\0'), 12)).toMatch(/font collection/);
  });
});

describe('picture limits', () => {
  it('refuses more pixels than the limit, or a side longer than it', () => {
    expect(oversized(3000, 3000)).toBeUndefined();
    expect(oversized(16_000, 16_000)).toMatch(/16000×16000 pixels \(256\.0 megapixels\); the limit is 10 megapixels/);
    expect(oversized(12_000, 10)).toMatch(/10,000 pixels a side/);
    expect(oversized(4000, 3000)).toMatch(/12\.0 megapixels/);
  });
});

describe('config search', () => {
  it('stops at the folder holding .git, or at the given top', () => {
    const dir = tempDir('jdgen-search-');
    mkdirSync(join(dir, 'repo/.git'), { recursive: true });
    mkdirSync(join(dir, 'repo/roles'));
    writeFileSync(join(dir, 'jdgen.config.yaml'), 'jdgen: 1\n');
    expect(findConfig(join(dir, 'repo/roles/role.yaml'))).toBeUndefined();
    writeFileSync(join(dir, 'repo/jdgen.config.yaml'), 'jdgen: 1\n');
    expect(findConfig(join(dir, 'repo/roles/role.yaml'))).toBe(join(dir, 'repo/jdgen.config.yaml'));
    // Outside a repository the search goes up; `top` bounds it (an unpacked revision).
    mkdirSync(join(dir, 'plain/roles'), { recursive: true });
    expect(findConfig(join(dir, 'plain/roles/role.yaml'))).toBe(join(dir, 'jdgen.config.yaml'));
    expect(findConfig(join(dir, 'plain/roles/role.yaml'), join(dir, 'plain'))).toBeUndefined();
  });

  it('outside a repository, never searches a folder every user may write to (a config planted in /tmp)', () => {
    const shared = tempDir('jdgen-shared-');
    mkdirSync(join(shared, 'project/roles'), { recursive: true });
    writeFileSync(join(shared, 'jdgen.config.yaml'), 'jdgen: 1\n');
    expect(findConfig(join(shared, 'project/roles/role.yaml'))).toBe(join(shared, 'jdgen.config.yaml'));
    chmodSync(shared, 0o1777);
    expect(findConfig(join(shared, 'project/roles/role.yaml'))).toBeUndefined();
    // A role kept right in such a folder still gets the config beside it: the user put both there.
    expect(findConfig(join(shared, 'role.yaml'))).toBe(join(shared, 'jdgen.config.yaml'));
  });
});
