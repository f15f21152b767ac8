import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, type CliRun } from '../helpers/cli.js';
import { PNG_SIGNATURE, pngChunk } from '../helpers/png.js';

/**
 * Hostile input files (issue 12, items 3, 5, 6, 7): FIFOs, devices and folders
 * where a file belongs, a decompression bomb as the logo, something that is
 * not a font in style.yaml, a config planted in the temp folder. Each is a
 * positioned error, exit 1, answered in seconds: the CLI runs with a time
 * limit, as a file that blocks would otherwise hang the test run.
 */

const MINIMAL = readFileSync(join(ROOT, 'test/fixtures/valid/minimal.yaml'), 'utf8');
const LIMIT_MS = 20_000;

/** The real CLI with a time limit: a hang ends as code -1 and a message, not a stuck test. */
function run(args: string[], cwd: string, env: Record<string, string> = {}): CliRun & { ms: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/jdgen.js'), ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr || (result.error ? String(result.error) : ''), ms: Date.now() - started };
}

function project(files: Record<string, string> = {}): string {
  const dir = tempDir('jdgen-special-');
  writeFileSync(join(dir, 'role.yaml'), MINIMAL);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const mkfifo = (path: string): void => void execFileSync('mkfifo', [path]);
const withExtends = (base: string): string => MINIMAL.replace('jdgen: 1\n', `jdgen: 1\nextends: ${base}\n`);

/** Exit 1 with one error at file:line:column, quickly. */
function expectPositioned(result: ReturnType<typeof run>, where: string, message: string | RegExp): void {
  expect(result.ms).toBeLessThan(LIMIT_MS);
  expect(result.stderr).toMatch(new RegExp(`${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `));
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toContain('bug in jdgen');
  expect(result.code).toBe(1);
}

describe('special files named by a role', () => {
  it('refuses a FIFO base (extends:) at the extends entry, without blocking', () => {
    const dir = project({ 'child.yaml': withExtends('base.yaml') });
    mkfifo(join(dir, 'base.yaml'));
    expectPositioned(run(['validate', 'child.yaml'], dir), 'child.yaml', /extends: `base.yaml` is a FIFO \(named pipe\), not a regular file/);
  });

  it('refuses a FIFO clause library (use:) at the use entry', () => {
    const dir = project({ 'child.yaml': MINIMAL.replace('  - Registers incoming and outgoing correspondence.', '  - use: lib.yaml#a') });
    mkfifo(join(dir, 'lib.yaml'));
    expectPositioned(run(['validate', 'child.yaml'], dir), 'child.yaml', /use: `lib.yaml` is a FIFO/);
  });

  it('refuses /dev/zero and a folder as the base', () => {
    const dir = project({
      'zero-child.yaml': withExtends('zero.yaml'),
      'dir-child.yaml': withExtends('folder.yaml'),
      'jdgen.config.yaml': 'jdgen: 1\nallow_paths: [/dev]\n',
    });
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    mkdirSync(join(dir, 'folder.yaml'));
    expectPositioned(run(['validate', 'zero-child.yaml'], dir), 'zero-child.yaml', /`zero.yaml` is a character device, not a regular file/);
    expectPositioned(run(['validate', 'dir-child.yaml'], dir), 'dir-child.yaml', /`folder.yaml` is a folder, not a regular file/);
  });

  it("refuses a FIFO and /dev/zero as the logo, at the config's logo entry", () => {
    const dir = project();
    mkfifo(join(dir, 'fifo.png'));
    symlinkSync('/dev/zero', join(dir, 'zero.png'));
    writeFileSync(join(dir, 'jdgen.config.yaml'), 'jdgen: 1\nallow_paths: [/dev]\norganization:\n  logo: fifo.png\n');
    expectPositioned(run(['build', 'role.yaml', '-o', 'out'], dir), 'jdgen.config.yaml', /logo: `fifo.png` is a FIFO/);
    writeFileSync(join(dir, 'jdgen.config.yaml'), 'jdgen: 1\nallow_paths: [/dev]\norganization:\n  logo: zero.png\n');
    expectPositioned(run(['build', 'role.yaml', '-o', 'out'], dir), 'jdgen.config.yaml', /logo: `zero.png` is a character device/);
  });

  it('refuses a FIFO in a templates folder', () => {
    const dir = project();
    mkdirSync(join(dir, 'templates/partials'), { recursive: true });
    mkfifo(join(dir, 'templates/partials/header.hbs'));
    const result = run(['validate', 'role.yaml', '--templates', 'templates'], dir);
    expect(result.ms).toBeLessThan(LIMIT_MS);
    expect(result.stderr).toMatch(/templates\/partials\/header\.hbs: error: template: the file is a FIFO/);
    expect(result.code).toBe(1);
  });
});

/** A PNG whose header claims width × height pixels, with a few bytes of compressed data. */
function pngBomb(width: number, height: number, { interlaced = false, data = deflateSync(Buffer.alloc(64)) } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  header[12] = interlaced ? 1 : 0;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', data), pngChunk('IEND', Buffer.alloc(0))]);
}

describe('pictures', () => {
  it('refuses a decompression bomb (a small PNG of 16000×16000 pixels) at the logo entry, before decoding it', () => {
    const dir = project({ 'jdgen.config.yaml': 'jdgen: 1\norganization:\n  logo: bomb.png\n' });
    writeFileSync(join(dir, 'bomb.png'), pngBomb(16_000, 16_000));
    const validated = run(['validate', 'role.yaml'], dir);
    expectPositioned(validated, 'jdgen.config.yaml', /16000×16000 pixels .*the limit is 10 megapixels/);
    expect(validated.ms).toBeLessThan(LIMIT_MS);
    expectPositioned(run(['build', 'role.yaml', '-o', 'out', '-f', 'docx'], dir), 'jdgen.config.yaml', /16000×16000 pixels/);
  });

  it('refuses an interlaced PNG whose data inflates far beyond its header (pngjs does not bound those)', () => {
    const dir = project({ 'jdgen.config.yaml': 'jdgen: 1\norganization:\n  logo: bomb.png\n' });
    // 100×100 pixels promise about 30 KB; the data inflates to 400 MB of zeros (about 400 KB on disk).
    writeFileSync(join(dir, 'bomb.png'), pngBomb(100, 100, { interlaced: true, data: deflateSync(Buffer.alloc(400 * 1024 * 1024), { level: 9 }) }));
    const validated = run(['validate', 'role.yaml'], dir);
    expectPositioned(validated, 'jdgen.config.yaml', /compressed data holds more than the 100×100 pixels its header gives/);
    expect(validated.ms).toBeLessThan(LIMIT_MS);
  });

  it('refuses a PNG that is damaged after its header, so validate OK means build OK', () => {
    const dir = project({ 'jdgen.config.yaml': 'jdgen: 1\norganization:\n  logo: broken.png\n' });
    writeFileSync(join(dir, 'broken.png'), pngBomb(100, 100));
    expectPositioned(run(['validate', 'role.yaml'], dir), 'jdgen.config.yaml', /the PNG image is damaged/);
  });
});

describe('fonts in style.yaml', () => {
  const style = readFileSync(join(ROOT, 'templates/style.yaml'), 'utf8');

  it('refuses a text file, a PNG and a truncated font at the font entry', () => {
    const dir = project();
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates/notes.ttf'), 'not a font at all\n');
    writeFileSync(join(dir, 'templates/picture.ttf'), pngBomb(10, 10));
    const font = readFileSync(join(ROOT, 'node_modules/@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'));
    writeFileSync(join(dir, 'templates/cut.ttf'), font.subarray(0, font.length - 1000));
    const cases: Array<[string, string, RegExp]> = [
      ['regular', 'notes.ttf', /fonts\.pdf\.regular: font `notes.ttf` is not a TrueType or OpenType font/],
      ['italic', 'picture.ttf', /fonts\.pdf\.italic: font `picture.ttf` is not a TrueType or OpenType font/],
      ['bold', 'cut.ttf', /fonts\.pdf\.bold: font `cut.ttf` is truncated or damaged/],
    ];
    for (const [face, file, message] of cases) {
      writeFileSync(join(dir, 'templates/style.yaml'), style.replace(new RegExp(`^(    ${face}): .*$`, 'm'), `$1: ${file}`));
      expectPositioned(run(['build', 'role.yaml', '-o', 'out', '--templates', 'templates'], dir), 'templates/style.yaml', message);
    }
  });
});

describe("a revision's config", () => {
  it('diff --from does not apply a jdgen.config.yaml planted above the unpacked tree (in the temp folder)', () => {
    const dir = tempDir('jdgen-planted-');
    const [repo, temp] = [join(dir, 'repo'), join(dir, 'tmp')];
    mkdirSync(repo);
    mkdirSync(temp);
    writeFileSync(join(repo, 'role.yaml'), MINIMAL);
    // The revision is unpacked into $TMPDIR/jdgen-rev-…; a config just above it must not count.
    writeFileSync(join(temp, 'jdgen.config.yaml'), 'jdgen: 1\nagreed_by:\n  - { position: Planted Position, name: P. Lanted }\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    git('add', 'role.yaml');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'role');
    const result = run(['diff', 'role.yaml', '--from', 'HEAD'], repo, { TMPDIR: temp });
    expect(result.stdout + result.stderr).not.toContain('Planted');
    expect(result.code).toBe(0);
  });

  it('a config above the repository does not apply to its roles (the search stops at the folder holding .git)', () => {
    const dir = tempDir('jdgen-above-');
    writeFileSync(join(dir, 'jdgen.config.yaml'), 'jdgen: 1\nbogus: planted\n');
    mkdirSync(join(dir, 'repo/.git'), { recursive: true });
    copyFileSync(join(ROOT, 'test/fixtures/valid/minimal.yaml'), join(dir, 'repo/role.yaml'));
    const result = run(['validate', 'role.yaml'], join(dir, 'repo'));
    expect(result.stderr).not.toContain('bogus');
    expect(result.code).toBe(0);
  });
});
