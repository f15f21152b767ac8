import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.js';
import { OutputWriteError, writeFileAtomic, writeRoleAtomic } from '../../src/output/atomic.js';
import { dependencyKey, fileHash, JDGEN_ROOT, UNUSABLE } from '../../src/output/fingerprint.js';
import { recoverJournals, removeLeftovers } from '../../src/output/journal.js';
import { isUpToDate, readManifest } from '../../src/output/manifest.js';
import { outputKeyProblem } from '../../src/output/manifest-read.js';
import { outputPath } from '../../src/output/paths.js';
import { DependencyScope } from '../../src/output/trust.js';
import { tempDir } from '../helpers/cli.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const DEAD = deadPid();

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

  it('writes a role all or nothing: a folder in the way of one output leaves every output old', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'role.md'), 'old md');
    // A non-empty folder where the second output should go: its rename would fail after the first one's.
    mkdirSync(join(dir, 'role.pdf'));
    writeFileSync(join(dir, 'role.pdf', 'keep'), 'previous');
    const write = writeRoleAtomic(dir, [
      { path: 'role.md', bytes: bytes('new md') },
      { path: 'role.pdf', bytes: bytes('new pdf') },
    ]);
    await expect(write).rejects.toBeInstanceOf(OutputWriteError);
    expect(readFileSync(join(dir, 'role.md'), 'utf8')).toBe('old md');
    expect(readdirSync(dir).sort()).toEqual(['role.md', 'role.pdf']);
    expect(readFileSync(join(dir, 'role.pdf', 'keep'), 'utf8')).toBe('previous');
  });

  it('writes all outputs of a role and leaves neither journal nor temporary file', async () => {
    const dir = tempDir();
    await writeRoleAtomic(dir, [
      { path: 'sales/kam.md', bytes: bytes('md') },
      { path: 'sales/kam.json', bytes: bytes('{}') },
    ]);
    expect(readdirSync(dir)).toEqual(['sales']);
    expect(readdirSync(join(dir, 'sales')).sort()).toEqual(['kam.json', 'kam.md']);
  });

  it('names outputs after the input, keeping its folders below the base', () => {
    expect(outputPath('dist', 'kam.yaml', 'pdf')).toBe(join('dist', 'kam.pdf'));
    expect(outputPath('out', 'sales/role.yml', 'docx')).toBe(join('out', 'sales', 'role.docx'));
  });
});

describe('recovery after a killed build', () => {
  /** What a build killed between the two renames of a role leaves: one output new, the journal, one temporary file. */
  function halfRenamed(pid: number): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'kam.md'), 'new md');
    writeFileSync(join(dir, 'kam.pdf'), 'old pdf');
    const temp = `.kam.pdf.jdgen-tmp-${pid}-0123456789ab`;
    writeFileSync(join(dir, temp), 'new pdf');
    writeFileSync(
      join(dir, `.jdgen-journal-${pid}-abcdef012345.json`),
      JSON.stringify({
        renames: [
          { from: '.kam.md.jdgen-tmp-1-00', to: 'kam.md' },
          { from: temp, to: 'kam.pdf' },
        ],
      }),
    );
    return dir;
  }

  it('finishes the renames of a dead build, so the role ends all new', async () => {
    const dir = halfRenamed(DEAD);
    await recoverJournals(dir);
    expect(readFileSync(join(dir, 'kam.pdf'), 'utf8')).toBe('new pdf');
    expect(readdirSync(dir).sort()).toEqual(['kam.md', 'kam.pdf']);
  });

  it('never renames what a journal names outside the output folder or onto a non-output', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'victim.txt'), 'victim');
    writeFileSync(join(dir, 'out', '.x.jdgen-tmp-1-00'), 'evil');
    const pid = DEAD;
    writeFileSync(
      join(dir, 'out', `.jdgen-journal-${pid}-00.json`),
      JSON.stringify({
        renames: [
          { from: '.x.jdgen-tmp-1-00', to: '../victim.txt' },
          { from: '.x.jdgen-tmp-1-00', to: 'x.sh' },
        ],
      }),
    );
    await recoverJournals(join(dir, 'out'));
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('victim');
    expect(readdirSync(join(dir, 'out'))).toEqual(['.x.jdgen-tmp-1-00']);
  });

  it('removes temporary files of dead or older builds, not those of a running one or other files', async () => {
    const dir = tempDir();
    const names = [`.a.md.jdgen-tmp-${DEAD}-0a`, '.b.pdf.jdgen-tmp-0123456789ab', `.c.md.jdgen-tmp-${process.ppid}-0c`, 'd.md', '.jdgen-tmp-notours'];
    for (const name of names) writeFileSync(join(dir, name), 'x');
    mkdirSync(join(dir, `.e.md.jdgen-tmp-${DEAD}-0e`));
    await removeLeftovers([dir]);
    expect(readdirSync(dir).sort()).toEqual([`.c.md.jdgen-tmp-${process.ppid}-0c`, `.e.md.jdgen-tmp-${DEAD}-0e`, '.jdgen-tmp-notours', 'd.md'].sort());
  });
});

describe('manifest as untrusted input', () => {
  const hash = sha256('x');

  it.each([
    ['null', 'null'],
    ['a string', '"inputs"'],
    ['an array', '[1, 2]'],
    ['a number', '42'],
    ['inputs null', '{"inputs": null}'],
    ['inputs a string', '{"inputs": "x"}'],
    ['an entry null', '{"inputs": {"../r.yaml": null}}'],
    ['outputs a string', `{"inputs": {"../r.yaml": {"settings": "s", "dependencies": {}, "outputs": "r.md"}}}`],
    ['a hash not a string', `{"inputs": {"../r.yaml": {"settings": "s", "dependencies": {"../r.yaml": 1}, "outputs": {}}}}`],
    ['an output hash not a sha256', `{"inputs": {"../r.yaml": {"settings": "s", "dependencies": {}, "outputs": {"r.md": "abc"}}}}`],
    ['broken JSON', '{"inputs": {'],
  ])('reads %s as no entry, with a problem, never throwing', (_, text) => {
    const dir = tempDir();
    writeFileSync(join(dir, '.jdgen-manifest.json'), text);
    const read = readManifest(dir);
    expect(Object.keys(read.manifest.inputs)).toEqual([]);
    expect(read.problems.length).toBeGreaterThan(0);
  });

  it('keeps good entries and drops only the one naming a path outside the output folder', () => {
    const dir = tempDir();
    const entry = (output: string) => ({ settings: 's', dependencies: {}, outputs: { [output]: hash } });
    writeFileSync(join(dir, '.jdgen-manifest.json'), JSON.stringify({ inputs: { '../a.yaml': entry('a.md'), '../b.yaml': entry('../victim/file.md') } }));
    const read = readManifest(dir);
    expect(Object.keys(read.manifest.inputs)).toEqual(['../a.yaml']);
    expect(read.problems.map((p) => p.segments)).toEqual([['inputs', '../b.yaml', 'outputs', '../victim/file.md']]);
  });

  it.each(['../victim/file.txt', '../x.md', '/etc/passwd.md', 'a/../../x.md', 'a//b.md', './a.md', 'C:/x.md', 'a\\..\\x.md', 'notes.txt', '.git/config', ''])(
    'refuses %j as an output',
    (key) => {
      expect(outputKeyProblem(key)).toBeDefined();
    },
  );

  it.each(['kam.md', 'sales/kam.pdf', 'a b/ключ.docx', 'x.json'])('accepts %j as an output', (key) => {
    expect(outputKeyProblem(key)).toBeUndefined();
  });

  it('does not read a FIFO, a device or a folder as a manifest, and says so', () => {
    for (const make of [mkfifo, (path: string) => mkdirSync(path), (path: string) => symlinkSync('/dev/zero', path)]) {
      const dir = tempDir();
      make(join(dir, '.jdgen-manifest.json'));
      const read = readManifest(dir);
      expect(read.problems[0]?.message).toMatch(/not a regular file/);
    }
  });
});

describe('dependencies named by the manifest', () => {
  it('are not read when they are not regular files: a FIFO or /dev/zero counts as changed, at once', () => {
    const dir = tempDir();
    mkfifo(join(dir, 'fifo'));
    expect(fileHash(join(dir, 'fifo'))).toBe(UNUSABLE);
    expect(fileHash('/dev/zero')).toBe(UNUSABLE);
    expect(fileHash(dir)).toBe(UNUSABLE);
    expect(fileHash(join(dir, 'missing'))).toBeUndefined();
  });

  it('outside the project or behind a symlink leading out are refused, with a problem, and the role is rebuilt', () => {
    const root = tempDir();
    const outDir = join(root, 'project', 'out');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(root, 'secret.yaml'), 'secret');
    symlinkSync(root, join(root, 'project', 'link'));
    writeFileSync(join(outDir, 'r.md'), 'md');
    const scope = new DependencyScope([join(root, 'project'), JDGEN_ROOT]);
    for (const key of ['../../secret.yaml', '../link/secret.yaml', '/etc/hostname', 'jdgen:../../etc/hostname']) {
      const problems: string[][] = [];
      const entry = { settings: 's', dependencies: { [key]: sha256('secret') }, outputs: { 'r.md': sha256('md') } };
      expect(isUpToDate(entry, 's', ['r.md'], outDir, { scope, input: '../r.yaml', problem: (p) => problems.push(p.segments) })).toBe(false);
      expect(problems).toEqual([['inputs', '../r.yaml', 'dependencies', key]]);
    }
    // The same file inside the project is fine.
    writeFileSync(join(root, 'project', 'base.yaml'), 'secret');
    const inside = {
      settings: 's',
      dependencies: { [dependencyKey(join(root, 'project', 'base.yaml'), outDir)]: sha256('secret') },
      outputs: { 'r.md': sha256('md') },
    };
    expect(isUpToDate(inside, 's', ['r.md'], outDir, { scope })).toBe(true);
  });
});

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** A pid no process has now: a child that has exited. */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
}
