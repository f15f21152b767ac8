import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, compile, createContext, diff, validate, type VirtualFiles } from '../../src/index.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/*
 * The library as a service embeds it (issue 13, items 10-12): roles given as
 * text or data, bases, libraries, the config and the logo from memory, bytes
 * instead of files, and no state shared between calls.
 */

const PROJECT = join(ROOT, 'examples/organization');
const ROLE = 'roles/sales-manager.yaml';

/** Every file of a folder, by path relative to it: what a service would hold in its database. */
function filesOf(dir: string): Record<string, string | Uint8Array> {
  const out: Record<string, string | Uint8Array> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path).split('\\').join('/')] = name.endsWith('.png') ? new Uint8Array(readFileSync(path)) : readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** The example project in memory, without the role itself (given as text). */
function inMemoryProject(): { role: string; files: Record<string, string | Uint8Array> } {
  const { [ROLE]: role, ...files } = filesOf(PROJECT);
  return { role: role as string, files };
}

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b));

describe('embedding: roles, bases, libraries, config and logo from memory', () => {
  it('compiles a role given as text with an in-memory base, library, config and logo into the same bytes as from disk', async () => {
    const { role, files } = inMemoryProject();
    // A cwd that does not exist: nothing may be read from the disk but jdgen's own templates and fonts.
    const virtual = await compile({ yaml: role, name: ROLE }, { cwd: '/nonexistent/project', files, formats: ['md', 'pdf', 'docx'] });
    expect(virtual.diagnostics).toEqual([]);
    const disk = await compile(join(PROJECT, ROLE), { cwd: PROJECT, formats: ['md', 'pdf', 'docx'] });
    expect(disk.diagnostics).toEqual([]);
    // The base, the library clause, the config's organisation and the logo all arrived.
    const markdown = Buffer.from(virtual.outputs!.md!).toString('utf8');
    expect(markdown).toContain('Harbour Point Distribution Ltd');
    expect(JSON.stringify(virtual.model)).toContain('"type":"image"');
    for (const format of ['md', 'pdf', 'docx'] as const) expect(same(virtual.outputs![format], disk.outputs![format]), format).toBe(true);
  });

  it('builds without writing files: bytes per format, nothing in the output folder', async () => {
    const { role, files } = inMemoryProject();
    const out = tempDir();
    const report = await build({ yaml: role, name: ROLE }, { cwd: '/nonexistent/project', files, formats: ['md', 'json'], write: false, outDir: out });
    expect(report.ok).toBe(true);
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({ file: ROLE, status: 'built', outputs: [] });
    expect(Object.keys(report.files[0]!.bytes!).sort()).toEqual(['json', 'md']);
    expect(readdirSync(out)).toEqual([]);
  });

  it('takes a role as data and the files through a callback', async () => {
    const { files } = inMemoryProject();
    const asked: string[] = [];
    const read: VirtualFiles = async (path) => {
      asked.push(path);
      return files[path];
    };
    const data = {
      jdgen: 1,
      extends: 'bases/manager.yaml',
      document: { number: 'X-1', date: '2026-11-02' },
      position: { title: 'Buyer', reports_to: 'Head of Purchasing' },
      duties: ['Buys goods.', { use: 'clauses/common.yaml#confidentiality' }],
    };
    const result = await compile({ data, name: 'buyer.yaml' }, { cwd: '/srv/roles', files: read, formats: ['md'] });
    expect(result.diagnostics).toEqual([]);
    const markdown = Buffer.from(result.outputs!.md!).toString('utf8');
    expect(markdown).toContain('Buyer');
    expect(markdown).toContain('Buys goods.');
    expect(asked).toEqual(expect.arrayContaining(['jdgen.config.yaml', 'bases/manager.yaml', 'clauses/common.yaml', 'logo.png']));
  });

  it('names an in-memory role in diagnostics, with line and column', async () => {
    const report = await validate({ yaml: 'jdgen: 1\nposition:\n  title: 5\n' }, { cwd: '/nonexistent', files: {} });
    expect(report.ok).toBe(false);
    const diagnostic = report.files[0]!.diagnostics.find((d) => d.path === 'position.title');
    expect(diagnostic).toMatchObject({ file: '<input>', line: 3, column: 10 });
    const named = await validate({ yaml: 'jdgen: 1\nextends: missing.yaml\n', name: 'hr/buyer.yaml' }, { cwd: '/nonexistent', files: {} });
    expect(named.files[0]!.diagnostics[0]).toMatchObject({ file: 'hr/buyer.yaml', line: 2, column: 10, code: 'resolve/extends' });
    expect(named.files[0]!.diagnostics[0]!.message).toContain('not found');
  });

  it('reads nothing outside the files given (no disk, no parent folders)', async () => {
    // The base exists on disk beside the cwd, but a caller's files are all there is.
    const result = await compile({ yaml: 'jdgen: 1\nextends: ../bases/manager.yaml\n' }, { cwd: join(PROJECT, 'roles'), files: {} });
    expect(result.model).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'resolve/extends', file: '<input>' });
  });

  it('compares two roles given in memory (diff is exported)', async () => {
    const { role, files } = inMemoryProject();
    const changed = role.replace('Finds and attracts new wholesale customers', 'Finds new wholesale customers');
    const outcome = await diff({ yaml: role, name: ROLE }, { yaml: changed, name: ROLE }, { cwd: '/nonexistent/project', files });
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.diff!.clauses.length).toBeGreaterThan(0);
  });
});

describe('embedding: no state shared between calls', () => {
  const minimal = join(ROOT, 'test/fixtures/valid/minimal.yaml');

  /** A templates folder that only overrides the approval title. */
  function layer(title: string): string {
    const dir = tempDir('jdgen-layer-');
    mkdirSync(join(dir, 'locales'));
    writeFileSync(join(dir, 'locales/en.yaml'), `phrases:\n  approval:\n    title: ${title}\n`);
    return dir;
  }

  it('two concurrent compile calls with different template layers each see their own', async () => {
    const [a, b] = [layer('APPROVED BY A'), layer('APPROVED BY B')];
    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => compile(minimal, { cwd: ROOT, templatesDir: i % 2 ? b : a, formats: ['md'] })));
    runs.forEach((run, i) => {
      const text = Buffer.from(run.outputs!.md!).toString('utf8');
      expect(text, `call ${i}`).toContain(i % 2 ? 'APPROVED BY B' : 'APPROVED BY A');
      expect(text, `call ${i}`).not.toContain(i % 2 ? 'APPROVED BY A' : 'APPROVED BY B');
    });
  });

  it('a new call sees a template edited after the last one; a context passed in keeps what it read', async () => {
    const dir = layer('FIRST');
    const title = async (options: { context?: ReturnType<typeof createContext> } = {}) =>
      JSON.stringify((await compile(minimal, { cwd: ROOT, templatesDir: dir, ...options })).model);
    const context = createContext();
    expect(await title({ context })).toContain('FIRST');
    writeFileSync(join(dir, 'locales/en.yaml'), 'phrases:\n  approval:\n    title: SECOND\n');
    expect(await title()).toContain('SECOND');
    // Reused for speed: the context read the locale once and keeps it.
    expect(await title({ context })).toContain('FIRST');
    expect(context.locales.size).toBe(1);
  });
});
