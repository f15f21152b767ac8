import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/load/inputs.js';
import { sha256 } from '../../src/hash.js';
import { ABSENT, dependencyKey, JDGEN_ROOT, type FileHashes } from '../../src/output/fingerprint.js';
import { isUpToDate, type InputEntry, type UpToDateCheck } from '../../src/output/manifest.js';
import { DependencyScope } from '../../src/output/trust.js';
import { ChunkedQueue } from '../../src/output/pool.js';
import { Turns } from '../../src/output/job.js';
import { inShard, parseShard, type Shard } from '../../src/output/shard.js';
import { BUNDLED_TEMPLATES } from '../../src/render/layers.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/** The shards (1-based) a name lands in, out of n. */
const shardsOf = (name: string, count: number): number[] => Array.from({ length: count }, (_, i) => i + 1).filter((index) => inShard(name, { index, count }));

const NAMES = Array.from({ length: 400 }, (_, i) => `roles/${['sales', 'hr', 'it', 'finance'][i % 4]}/role-${i}.yaml`);

describe('--shard i/n', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    ['3/3', { index: 3, count: 3 }],
    [' 1/5 ', { index: 1, count: 5 }],
    ['10/12', { index: 10, count: 12 }],
  ])('parses %j', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each(['0/3', '4/3', '1/0', '0/0', 'x', '', '1/', '/3', '1', '-1/3', '1.5/3', '1/3/4', '1 / 3', 'a/b', '1/3x'])('rejects %j', (text) => {
    expect(parseShard(text)).toBeUndefined();
  });

  it.each([1, 2, 3, 4, 5])('puts every name in exactly one of %i shards', (count) => {
    for (const name of NAMES) expect(shardsOf(name, count), name).toHaveLength(1);
    // Complete and disjoint as sets: the parts' sizes add up to the whole.
    const parts = Array.from({ length: count }, (_, i) => NAMES.filter((n) => inShard(n, { index: i + 1, count })));
    expect(parts.reduce((sum, part) => sum + part.length, 0)).toBe(NAMES.length);
    expect(new Set(parts.flat())).toEqual(new Set(NAMES));
  });

  it('spreads names over the shards (no part empty or more than twice its share)', () => {
    for (const count of [2, 3, 4, 5]) {
      for (let index = 1; index <= count; index++) {
        const size = NAMES.filter((n) => inShard(n, { index, count })).length;
        expect(size, `${index}/${count}`).toBeGreaterThan(NAMES.length / count / 2);
        expect(size, `${index}/${count}`).toBeLessThan((NAMES.length / count) * 2);
      }
    }
  });

  it('keeps a role in its shard when other roles are added or removed', () => {
    const before = new Map(NAMES.map((n) => [n, shardsOf(n, 3)[0]]));
    const more = [...NAMES.slice(0, 150), ...Array.from({ length: 300 }, (_, i) => `roles/new/extra-${i}.yaml`)];
    for (const name of more) if (before.has(name)) expect(shardsOf(name, 3)[0], name).toBe(before.get(name));
  });

  it('is a function of the path alone, for any name and any n (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (name, count) => {
        const hits = shardsOf(name, count);
        expect(hits).toHaveLength(1);
        expect(shardsOf(name, count)).toEqual(hits);
      }),
    );
  });

  it('treats ./roles/x.yaml, roles/x.yaml and roles\\x.yaml as the same role', () => {
    for (const count of [2, 3, 5, 7]) {
      for (const name of NAMES.slice(0, 50)) {
        const shard: Shard = { index: shardsOf(name, count)[0]!, count };
        expect(inShard(`./${name}`, shard)).toBe(true);
        expect(inShard(name.split('/').join('\\'), shard)).toBe(true);
      }
    }
  });
});

const ROLE = 'jdgen: 1\ndocument:\n  number: X-1\n  date: 2026-01-01\nposition:\n  title: Somebody\n';

/** A project tree with roles, bases, libraries, a config and other files. */
function tree(): string {
  const root = tempDir('jdgen-inputs-');
  const files: Record<string, string> = {
    'jdgen.config.yaml': 'jdgen: 1\norganization:\n  name: Org\n',
    'bases/manager.yaml': 'jdgen: 1\nposition:\n  category: manager\n',
    'clauses/common.yaml': 'jdgen: 1\nclauses:\n  a: { text: A }\n',
    'roles/a.yaml': ROLE,
    'roles/sales/b.yaml': ROLE,
    'roles/sales/deep/c.yml': ROLE,
    'roles/sales/base.yaml': 'jdgen: 1\nduties: [x]\n',
    'roles/list.yaml': '- 1\n- 2\n',
    'roles/empty.yaml': '',
    'roles/document-only.yaml': 'document:\n  number: X\n',
    'roles/broken.yaml': 'jdgen: 1\ndocument: [\n',
    'roles/notes.txt': ROLE,
    // A config is never a role, whatever it holds.
    'roles/jdgen.config.yaml': ROLE,
    // The keys past the first bytes the search reads (a long comment in Cyrillic, two bytes a letter): read whole.
    'long/late.yaml': `# ${'опис посади '.repeat(400)}\n${ROLE}`,
    // Long, with `document:` only nested: not a role, however far the search reads.
    'long/base.yaml': `jdgen: 1\n# ${'x'.repeat(6000)}\nposition:\n  document: X\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(join(root, 'empty'));
  return root;
}

describe('handing out jobs to workers (ChunkedQueue)', () => {
  /** Drains a queue with workers taking turns in a random order, as threads finishing at random would. */
  const drain = (length: number, workers: number, turns: number[]): number[][] => {
    const queue = new ChunkedQueue(length, workers);
    const taken: number[][] = Array.from({ length: workers }, () => []);
    const done = new Set<number>();
    for (let t = 0; done.size < workers; t += 1) {
      let worker = turns.length ? turns[t % turns.length]! % workers : t % workers;
      while (done.has(worker)) worker = (worker + 1) % workers;
      const index = queue.take(worker);
      if (index === undefined) done.add(worker);
      else taken[worker]!.push(index);
    }
    return taken;
  };

  it('gives every job exactly once, whatever the order the workers ask in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.nat(), { maxLength: 30 }), (length, workers, turns) => {
        const all = drain(length, workers, turns)
          .flat()
          .sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length }, (_, i) => i));
      }),
    );
  });

  it('starts each worker on its own contiguous run of neighbouring inputs', () => {
    // Workers taking strict turns: each keeps to its own half, in order.
    const [first, second] = drain(10, 2, []);
    expect(first).toEqual([0, 1, 2, 3, 4]);
    expect(second).toEqual([5, 6, 7, 8, 9]);
    // A worker that is done steals from the far end of the longest remaining run.
    const queue = new ChunkedQueue(10, 2);
    for (let i = 0; i < 5; i += 1) expect(queue.take(0)).toBe(i);
    expect(queue.take(1)).toBe(5);
    expect(queue.take(0)).toBe(9);
    expect(queue.take(0)).toBe(8);
    expect(queue.take(1)).toBe(6);
    expect(queue.take(1)).toBe(7);
    expect(queue.take(1)).toBeUndefined();
    expect(queue.take(0)).toBeUndefined();
  });
});

describe('expanding inputs', () => {
  const cwd = tree();
  const expand = (...args: string[]) => expandInputs(args, cwd);

  it('searches a folder recursively for role files and keeps the structure below it', async () => {
    const roles = [
      { file: 'roles/a.yaml', name: 'a.yaml' },
      // Unparseable YAML is handed to the build, which reports it precisely.
      { file: 'roles/broken.yaml', name: 'broken.yaml' },
      { file: 'roles/sales/b.yaml', name: 'sales/b.yaml' },
      { file: 'roles/sales/deep/c.yml', name: 'sales/deep/c.yml' },
    ];
    expect(await expand('roles')).toEqual({ inputs: roles, unmatched: [] });
    expect(await expand('roles/')).toEqual({ inputs: roles, unmatched: [] });
    expect(await expand('./roles')).toEqual({ inputs: roles, unmatched: [] });
  });

  it('keeps only role files: no bases, clause libraries, configs or other YAML', async () => {
    const { inputs } = await expand('.');
    expect(inputs.map((i) => i.file)).toEqual(['long/late.yaml', 'roles/a.yaml', 'roles/broken.yaml', 'roles/sales/b.yaml', 'roles/sales/deep/c.yml']);
    expect(inputs.map((i) => i.name)).toEqual(['long/late.yaml', 'roles/a.yaml', 'roles/broken.yaml', 'roles/sales/b.yaml', 'roles/sales/deep/c.yml']);
  });

  it('finds the keys of a role past its first bytes, and not nested ones in a long file', async () => {
    expect((await expand('long')).inputs).toEqual([{ file: 'long/late.yaml', name: 'late.yaml' }]);
  });

  it('expands a glob and keeps the structure below its fixed part', async () => {
    expect((await expand('roles/**/*.yaml')).inputs).toEqual([
      { file: 'roles/a.yaml', name: 'a.yaml' },
      { file: 'roles/broken.yaml', name: 'broken.yaml' },
      { file: 'roles/sales/b.yaml', name: 'sales/b.yaml' },
    ]);
    expect((await expand('roles/sales/**/*.{yaml,yml}')).inputs).toEqual([
      { file: 'roles/sales/b.yaml', name: 'b.yaml' },
      { file: 'roles/sales/deep/c.yml', name: 'deep/c.yml' },
    ]);
    expect((await expand('**/*.yaml')).inputs.map((i) => i.name)).toEqual(['long/late.yaml', 'roles/a.yaml', 'roles/broken.yaml', 'roles/sales/b.yaml']);
    expect((await expand('roles/*.yaml')).inputs.map((i) => i.name)).toEqual(['a.yaml', 'broken.yaml']);
  });

  it('takes a named file as it is, even one that is not a role (the build reports it)', async () => {
    expect((await expand('roles/sales/b.yaml')).inputs).toEqual([{ file: 'roles/sales/b.yaml', name: 'b.yaml' }]);
    expect((await expand('bases/manager.yaml')).inputs).toEqual([{ file: 'bases/manager.yaml', name: 'manager.yaml' }]);
    // A missing file is not "unmatched" (a usage error): the build reports it as file not found.
    expect(await expand('roles/missing.yaml')).toEqual({ inputs: [{ file: 'roles/missing.yaml', name: 'missing.yaml' }], unmatched: [] });
  });

  it('reports folders and globs that match no role', async () => {
    expect(await expand('empty')).toEqual({ inputs: [], unmatched: ['empty'] });
    expect(await expand('bases')).toEqual({ inputs: [], unmatched: ['bases'] });
    expect(await expand('roles/**/*.json', 'roles/a.yaml')).toEqual({ inputs: [{ file: 'roles/a.yaml', name: 'a.yaml' }], unmatched: ['roles/**/*.json'] });
  });

  it('lists a file named twice once, as first named', async () => {
    const { inputs } = await expand('roles/sales/b.yaml', 'roles', 'roles/**/*.yaml');
    expect(inputs.map((i) => i.file)).toEqual(['roles/sales/b.yaml', 'roles/a.yaml', 'roles/broken.yaml', 'roles/sales/deep/c.yml']);
    expect(inputs[0]!.name).toBe('b.yaml');
  });

  it('accepts absolute folders and globs', async () => {
    const absolute = await expand(join(cwd, 'roles'));
    expect(absolute.inputs.map((i) => i.name)).toEqual(['a.yaml', 'broken.yaml', 'sales/b.yaml', 'sales/deep/c.yml']);
    expect(absolute.inputs.map((i) => resolve(cwd, i.file))).toEqual(
      ['a.yaml', 'broken.yaml', 'sales/b.yaml', 'sales/deep/c.yml'].map((n) => join(cwd, 'roles', n)),
    );
    const globbed = await expand(`${cwd}/roles/sales/**/*.yaml`);
    expect(globbed.inputs.map((i) => i.name)).toEqual(['b.yaml']);
    expect(resolve(cwd, globbed.inputs[0]!.file)).toBe(join(cwd, 'roles', 'sales', 'b.yaml'));
  });
});

describe('manifest: isUpToDate', () => {
  /** An output folder with two outputs and two dependencies, and the entry a build would record. */
  function recorded(): { outDir: string; entry: InputEntry; outputs: string[]; check: UpToDateCheck } {
    const root = tempDir('jdgen-manifest-');
    const outDir = join(root, 'out');
    mkdirSync(join(outDir, 'sales'), { recursive: true });
    writeFileSync(join(root, 'role.yaml'), 'role v1');
    writeFileSync(join(root, 'base.yaml'), 'base v1');
    writeFileSync(join(outDir, 'sales', 'kam.md'), '# KAM');
    writeFileSync(join(outDir, 'sales', 'kam.pdf'), '%PDF');
    const style = join(BUNDLED_TEMPLATES, 'style.yaml');
    const entry: InputEntry = {
      settings: 'S',
      dependencies: {
        [dependencyKey(join(root, 'role.yaml'), outDir)]: sha256('role v1'),
        [dependencyKey(join(root, 'base.yaml'), outDir)]: sha256('base v1'),
        [dependencyKey(style, outDir)]: sha256(readFileSync(style)),
        [dependencyKey(join(root, 'templates', 'locales', 'en.yaml'), outDir)]: ABSENT,
      },
      outputs: { 'sales/kam.md': sha256('# KAM'), 'sales/kam.pdf': sha256('%PDF') },
    };
    const hashes: FileHashes = new Map();
    // The project is `root` (role, base and output folder inside it), plus jdgen itself.
    return { outDir, entry, outputs: ['sales/kam.md', 'sales/kam.pdf'], check: { scope: new DependencyScope([root, JDGEN_ROOT]), hashes } };
  }

  it('names dependencies relative to the output folder, and files of jdgen by `jdgen:`', () => {
    const { entry } = recorded();
    expect(Object.keys(entry.dependencies)).toEqual(['../role.yaml', '../base.yaml', 'jdgen:templates/style.yaml', '../templates/locales/en.yaml']);
  });

  it('is true when settings, dependencies and outputs are all as recorded', () => {
    const { outDir, entry, outputs, check } = recorded();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(true);
  });

  it('is false without an entry, or with other settings', () => {
    const { outDir, entry, outputs, check } = recorded();
    expect(isUpToDate(undefined, 'S', outputs, outDir, check)).toBe(false);
    expect(isUpToDate(entry, 'T', outputs, outDir, check)).toBe(false);
  });

  it('is false when the outputs asked for are not the ones recorded (formats changed)', () => {
    const { outDir, entry, outputs, check } = recorded();
    expect(isUpToDate(entry, 'S', ['sales/kam.md'], outDir, check)).toBe(false);
    expect(isUpToDate(entry, 'S', [...outputs, 'sales/kam.docx'], outDir, check)).toBe(false);
    expect(isUpToDate(entry, 'S', ['sales/kam.md', 'sales/kam.docx'], outDir, check)).toBe(false);
  });

  it('is false when an output was deleted or edited by hand (outputs are never cached)', () => {
    const { outDir, entry, outputs, check } = recorded();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(true);
    writeFileSync(join(outDir, 'sales', 'kam.md'), '# KAM, edited');
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(false);
    writeFileSync(join(outDir, 'sales', 'kam.md'), '# KAM');
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(true);
    rmSync(join(outDir, 'sales', 'kam.pdf'));
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(false);
  });

  it('is false when a dependency changed or disappeared (seen by the next batch)', () => {
    const { outDir, entry, outputs, check } = recorded();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(true);
    writeFileSync(join(outDir, '..', 'base.yaml'), 'base v2');
    check.hashes!.clear();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(false);
    writeFileSync(join(outDir, '..', 'base.yaml'), 'base v1');
    check.hashes!.clear();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(true);
    rmSync(join(outDir, '..', 'role.yaml'));
    check.hashes!.clear();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(false);
  });

  it('is false once a dependency recorded as absent exists (a new override in a templates folder)', () => {
    const { outDir, entry, outputs, check } = recorded();
    mkdirSync(join(outDir, '..', 'templates', 'locales'), { recursive: true });
    writeFileSync(join(outDir, '..', 'templates', 'locales', 'en.yaml'), 'phrases: {}\n');
    check.hashes!.clear();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(false);
  });

  it('hashes a shared dependency once per batch', () => {
    const { outDir, entry, outputs, check } = recorded();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(true);
    // Within one batch the hash is cached: a thousand roles share one base.
    writeFileSync(join(outDir, '..', 'base.yaml'), 'base v2');
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(true);
    check.hashes!.clear();
    expect(isUpToDate(entry, 'S', outputs, outDir, check)).toBe(false);
  });
});

describe('build() called again in the same process', () => {
  it('sees the files edited in between (hashes are cached per batch, not per process)', async () => {
    const { build, initProject } = await import('../../src/api.js');
    const cwd = tempDir('jdgen-rebuild-');
    await initProject(cwd);
    const run = () => build(['roles/'], { cwd, outDir: 'out', formats: ['md'], jobs: 1 });
    expect((await run()).summary).toMatchObject({ built: 2, unchanged: 0 });
    expect((await run()).summary).toMatchObject({ built: 0, unchanged: 2 });
    const base = join(cwd, 'bases', 'manager.yaml');
    writeFileSync(base, readFileSync(base, 'utf8').replace('belongs to the category of managers', 'is one of the managers'));
    expect((await run()).summary).toMatchObject({ built: 2, unchanged: 0 });
    expect(readFileSync(join(cwd, 'out', 'sales-manager.md'), 'utf8')).toContain('The Sales Manager is one of the managers.');
  });

  it('renders with the templates as they are now, not as an earlier build() read them', async () => {
    const { build, initProject } = await import('../../src/api.js');
    const cwd = tempDir('jdgen-rebuild-');
    await initProject(cwd);
    mkdirSync(join(cwd, 'tpl', 'locales'), { recursive: true });
    const locale = (title: string) => writeFileSync(join(cwd, 'tpl', 'locales', 'en.yaml'), `phrases:\n  approval:\n    title: ${title}\n`);
    const run = () => build(['roles/'], { cwd, outDir: 'out', formats: ['md'], jobs: 1, templatesDir: 'tpl' });
    locale('CONFIRMED (v1)');
    expect((await run()).summary).toMatchObject({ built: 2 });
    locale('CONFIRMED (v2)');
    expect((await run()).summary).toMatchObject({ built: 2 });
    expect(readFileSync(join(cwd, 'out', 'sales-manager.md'), 'utf8')).toContain('CONFIRMED (v2)');
    // And the manifest recorded what the outputs were made from: nothing is stale afterwards.
    expect((await build(['roles/'], { cwd, outDir: 'out', formats: ['md'], jobs: 1, templatesDir: 'tpl', check: true })).summary).toMatchObject({
      upToDate: 2,
      stale: 0,
    });
  });
});

describe('PDFs rendered one after another in a thread (a batch)', () => {
  /** The ToUnicode maps of a PDF (inflated): what text extraction, search and copy-paste read. */
  function toUnicodeMaps(bytes: Uint8Array): string {
    const raw = Buffer.from(bytes).toString('latin1');
    const maps: string[] = [];
    for (const match of raw.matchAll(/stream\r?\n/g)) {
      const start = match.index + match[0].length;
      try {
        const text = inflateSync(Buffer.from(bytes).subarray(start, raw.indexOf('endstream', start))).toString('latin1');
        if (text.includes('begincmap')) maps.push(text);
      } catch {
        // not a Flate stream
      }
    }
    return maps.join('\n');
  }

  it('map every glyph back to its text, whatever the thread rendered before (Cyrillic composites of Latin glyphs)', async () => {
    const { compile } = await import('../../src/api.js');
    const { writePdf } = await import('../../src/write/pdf.js');
    const { createContext } = await import('../../src/context.js');
    // One context, as one thread of a batch has: its fonts keep what earlier documents created.
    const context = createContext();
    const render = async (file: string) => {
      const { model, style } = await compile(join(ROOT, file), { context });
      return writePdf(model!, { fonts: style!.pdfFonts, fontFamily: style!.docxFont, context });
    };
    // Subsetting these creates the Latin glyphs their Cyrillic letters are composed of, without characters.
    await render('examples/ru/key-account-manager.yaml');
    await render('examples/uk/sales-manager.yaml');
    const after = await render('examples/en/key-account-manager.yaml');
    const maps = toUnicodeMaps(after);
    expect(maps).toContain('beginbfrange');
    // An empty destination, `<>`, is a glyph that extracts to nothing.
    expect(maps).not.toContain('<>');
  });
});

describe('Turns: the jobs a thread has in hand render one at a time', () => {
  it('runs each piece of work after the ones given before have ended, a failure included', async () => {
    const turns = new Turns();
    const log: string[] = [];
    let running = 0;
    const work =
      (name: string, fail = false) =>
      async (): Promise<string> => {
        running += 1;
        expect(running).toBe(1);
        log.push(`${name} start`);
        await new Promise((done) => setTimeout(done, 5));
        await Promise.resolve();
        log.push(`${name} end`);
        running -= 1;
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([turns.take(work('a')), turns.take(work('b', true)), turns.take(work('c'))]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<string>).value).toBe('c');
  });
});
