import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compile as compileFromDist } from '../../dist/index.js';
import { compile } from '../../src/api.js';
import { createContext } from '../../src/context.js';
import { parseYamlText } from '../../src/load/load.js';
import { compileRole } from '../../src/pipeline.js';
import { BUNDLED_TEMPLATES } from '../../src/render/layers.js';
import { loadPatterns, PATTERN_NAMES } from '../../src/theme/hyphenation.js';
import { loadStyle } from '../../src/render/style.js';
import { codeCacheFile, requireCached, scriptOf } from '../../src/validate/code-cache.js';
import { createAjv, schemaHash, VALIDATOR_IDS } from '../../src/validate/schema.js';
import { docxPartsKeyFor } from '../../src/write/docx.js';
import { constantEntry, partHash, type DeflatedParts } from '../../src/write/docx/deflated.js';
import { docxParts, docxPartsId, type DocxPartsKey } from '../../src/write/docx/skeleton.js';
import { deflatedEntry } from '../../src/write/docx/zip.js';
import { deflateSync, inflateSync, strFromU8, unzipSync } from 'fflate';

/*
 * `npm run build` precompiles the schema validators and the bundled templates
 * (src/build.ts, run by scripts/build.mjs); vitest's global setup ran it, so
 * dist/ holds both files, beside the bundle that reads them.
 * The unit tests elsewhere import src/, which compiles at run time: these
 * tests prove both ways give the same answers.
 */
const INVALID = 'test/fixtures/invalid';
const require = createRequire(import.meta.url);

describe('precompiled validators', () => {
  const load = (name: string) => require(resolve(`dist/schemas.precompiled.${name}.cjs`)) as { validate: ValidateFunction; schemaHash: string };
  const samples = [
    ...readdirSync(INVALID)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(INVALID, f)),
    ...readdirSync('examples/en').map((f) => join('examples/en', f)),
    'examples/organization/bases/manager.yaml',
  ];

  it('were made from the schemas on disk, one file per schema', () => {
    for (const name of ['role', 'role-part', 'config', 'library']) expect(load(name).schemaHash, name).toBe(schemaHash());
  });

  it("carry V8's code for this Node.js, which V8 accepts", () => {
    for (const name of ['role', 'role-part', 'config', 'library']) {
      const file = resolve(`dist/schemas.precompiled.${name}.cjs`);
      const script = scriptOf(file, readFileSync(codeCacheFile(file)));
      expect(script.cachedDataRejected, name).toBe(false);
      expect(requireCached(file).schemaHash, name).toBe(schemaHash());
    }
    // js-yaml's file in dist/vendor/ too (lazy-packages.ts).
    const jsYaml = resolve('dist/vendor/js-yaml.cjs');
    expect(scriptOf(jsYaml, readFileSync(codeCacheFile(jsYaml))).cachedDataRejected).toBe(false);
    expect(Object.keys(requireCached(jsYaml)['js-yaml'] as object)).toContain('FAILSAFE_SCHEMA');
    // Without a cache for this V8 (another Node.js), the file is required as before.
    const dir = mkdtempSync(join(tmpdir(), 'jdgen-code-cache-'));
    const copy = join(dir, 'schemas.precompiled.library.cjs');
    writeFileSync(copy, readFileSync('dist/schemas.precompiled.library.cjs'));
    expect(requireCached(copy).schemaHash).toBe(schemaHash());
    expect(require.cache[copy]).toBeDefined();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['role', 'role-part'] as const) {
    it(`report exactly what ajv compiled at run time reports (${name}), required or run from the code cache`, () => {
      const runtime = createAjv().getSchema(VALIDATOR_IDS[name])!;
      const cached = requireCached(resolve(`dist/schemas.precompiled.${name}.cjs`)).validate as ValidateFunction;
      expect(cached).not.toBe(load(name).validate);
      for (const built of [load(name).validate, cached]) {
        let failing = 0;
        for (const file of samples) {
          const loaded = parseYamlText(file, readFileSync(file, 'utf8'));
          if (loaded.data === undefined) continue;
          const expected = runtime(loaded.data) ? [] : runtime.errors!;
          const actual = built(loaded.data) ? [] : built.errors!;
          if (expected.length) failing++;
          const shape = (errors: readonly ErrorObject[]) =>
            errors.map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
          expect(shape(actual), file).toEqual(shape(expected));
        }
        expect(failing).toBeGreaterThan(3);
      }
    });
  }
});

describe('precompiled templates, locales and style', () => {
  const examples = ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az'].flatMap((locale) =>
    readdirSync(join('examples', locale)).map((f) => join('examples', locale, f)),
  );

  it('render every example exactly as templates compiled at run time do', async () => {
    for (const file of [...examples, 'examples/organization/roles/sales-manager.yaml']) {
      const built = await compileFromDist(file, { cwd: process.cwd() });
      const compiled = await compileRole(createContext(), file, { cwd: process.cwd() });
      expect(built.diagnostics, file).toEqual([]);
      expect(JSON.stringify(built.model), file).toBe(JSON.stringify(compiled.model));
    }
    // …and the build's copy really came from the precompiled files (templates, locales and style as data).
    expect(Object.keys(require.cache).some((path) => path.endsWith('templates.precompiled.cjs'))).toBe(true);
    expect(Object.keys(require.cache).some((path) => path.endsWith('bundled-data.precompiled.json'))).toBe(true);
  });
});

describe('precompiled DOCX skeleton parts', () => {
  const file = JSON.parse(readFileSync('dist/docx-parts.precompiled.json', 'utf8')) as { texts: string[]; keys: Record<string, Record<string, number>> };

  it('are the parts the docx library writes for each key', async () => {
    const ids = Object.keys(file.keys);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      const [fontFamily, textWidth, trackRevisions, theme] = JSON.parse(id) as [string, number, boolean, DocxPartsKey['theme']];
      const key = { fontFamily, textWidth, trackRevisions, theme };
      expect(docxPartsId(key)).toBe(id);
      const stored = Object.fromEntries(Object.entries(file.keys[id]!).map(([name, index]) => [name, file.texts[index]]));
      expect(stored, id).toEqual(await docxParts(key));
    }
  });

  it('cover the documents of every bundled locale, with and without tracked changes', async () => {
    const font = loadStyle(createContext(), BUNDLED_TEMPLATES).docxFont;
    for (const locale of ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az']) {
      const example = join('examples', locale, readdirSync(join('examples', locale))[0]!);
      const { model } = await compileRole(createContext(), example, { cwd: process.cwd() });
      for (const tracked of [false, true]) expect(file.keys[docxPartsId(docxPartsKeyFor(model!, font, tracked))], example).toBeDefined();
    }
  });
});

describe('precompiled DOCX font faces', () => {
  it('are the bytes deflating the faces at run time gives', async () => {
    // src/ (beside which no such file is) deflates the faces itself; the build's DOCX reads them.
    const file = 'examples/en/key-account-manager.yaml';
    const compiled = Buffer.from((await compile(file, { cwd: process.cwd(), formats: ['docx'] })).outputs!.docx!);
    const built = Buffer.from((await compileFromDist(file, { cwd: process.cwd(), formats: ['docx'] })).outputs!.docx!);
    expect(built.equals(compiled)).toBe(true);
    const style = loadStyle(createContext(), BUNDLED_TEMPLATES);
    const entries = unzipSync(compiled);
    for (const [index, face] of [style.pdfFonts.regular, style.pdfFonts.bold].entries()) {
      const hash = createHash('sha256').update(readFileSync(face)).digest('hex');
      const file = readFileSync(join('dist', `docx-font-${hash}.deflated`));
      // The CRC-32 of the obfuscated face (big endian), then the face deflated.
      const deflated = file.subarray(4);
      expect(deflated.length, face).toBeGreaterThan(100_000);
      expect(compiled.indexOf(deflated), face).toBeGreaterThan(0);
      const embedded = entries[`word/fonts/font${index + 1}.odttf`]!;
      expect(Buffer.from(inflateSync(deflated)).equals(embedded), face).toBe(true);
      expect(file.readUInt32BE(0), face).toBe(crc32(embedded) >>> 0);
    }
  });
});

describe('precomputed deflated DOCX parts', () => {
  const stored = JSON.parse(readFileSync('dist/docx-parts.deflated.json', 'utf8')) as DeflatedParts;

  it('are what fflate gives at run time, each named by the SHA-256 of its bytes', () => {
    const hashes = Object.keys(stored);
    expect(hashes.length).toBeGreaterThan(20);
    for (const hash of hashes) {
      const data = Buffer.from(stored[hash]!, 'base64');
      const bytes = inflateSync(data);
      expect(partHash(bytes)).toBe(hash);
      expect(Buffer.from(deflateSync(bytes, { level: 6 })).equals(data), hash).toBe(true);
      // Used through constantEntry, a stored part is the entry deflatedEntry makes.
      const text = strFromU8(bytes);
      const entry = constantEntry('part.xml', text, stored);
      expect(Buffer.from(entry.data).equals(data), hash).toBe(true);
      expect({ ...entry, data: [...entry.data] }).toEqual({ ...deflatedEntry('part.xml', text), data: [...data] });
    }
  });

  it('are used for a part stored, and a part not stored is deflated now', () => {
    const [hash, base64] = Object.entries(stored)[0]!;
    const text = strFromU8(inflateSync(Buffer.from(base64, 'base64')));
    // A table whose one entry is marked: only a lookup that hits gives the mark back.
    const marked = { [hash]: Buffer.from('mark').toString('base64') };
    expect(Buffer.from(constantEntry('part.xml', text, marked).data).toString()).toBe('mark');
    const other = `${text} `;
    expect(constantEntry('part.xml', other, marked)).toEqual(deflatedEntry('part.xml', other));
    expect(constantEntry('part.xml', other, null)).toEqual(deflatedEntry('part.xml', other));
  });

  it("cover every part of the bundled locales' documents but their own text", async () => {
    const own = /^(word\/document\.xml|docProps\/core\.xml|word\/(header|footer)\d+\.xml|word\/fonts\/.*\.odttf)$/;
    for (const locale of ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az']) {
      for (const name of readdirSync(join('examples', locale))) {
        const example = join('examples', locale, name);
        const docx = (await compileFromDist(example, { cwd: process.cwd(), formats: ['docx'] })).outputs!.docx!;
        // src/ (beside which no such file is) deflates every part itself: the bytes are the same.
        expect(Buffer.from(docx).equals(Buffer.from((await compile(example, { cwd: process.cwd(), formats: ['docx'] })).outputs!.docx!)), example).toBe(true);
        for (const [entry, bytes] of Object.entries(unzipSync(docx))) {
          if (!own.test(entry)) expect(stored[partHash(bytes)], `${example}: ${entry}`).toBeDefined();
        }
      }
    }
  });
});

describe('precompiled hyphenation patterns', () => {
  it('are the hyphen package’s pattern sets, marked with its version', () => {
    const version = (require('hyphen/package.json') as { version: string }).version;
    for (const name of PATTERN_NAMES) {
      const stored = JSON.parse(readFileSync(join('dist', `hyphen-patterns.${name}.json`), 'utf8')) as { hyphen: string; patterns: unknown };
      expect(stored.hyphen, name).toBe(version);
      expect(stored.patterns, name).toStrictEqual(require(`hyphen/patterns/${name}.js`));
    }
  });

  it('are read when made from the installed version, and ignored otherwise', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'jdgen-hyphen-'));
    try {
      // Russian patterns stored under the English name: whether they are read shows in a Russian word.
      const russian = JSON.parse(readFileSync(join('dist', 'hyphen-patterns.ru.json'), 'utf8')) as { hyphen: string };
      const file = join(scratch, 'en-gb.json');
      writeFileSync(file, JSON.stringify(russian));
      const options = { hyphenChar: '-', minWordLength: 5 };
      expect(loadPatterns('en-gb', file)('ответственность', options)).toBe('от-вет-ствен-ность');
      writeFileSync(file, JSON.stringify({ ...russian, hyphen: '0.0.0' }));
      expect(loadPatterns('en-gb', file)('ответственность', options)).toBe('ответственность');
      expect(loadPatterns('en-gb', file)('organisation', options)).toBe('or-gan-isa-tion');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('hyphenate every word of the examples as the package’s own files do', () => {
    const words = new Set<string>();
    for (const locale of ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az']) {
      for (const f of readdirSync(join('examples', locale)))
        for (const word of readFileSync(join('examples', locale, f), 'utf8').match(/\p{L}+/gu) ?? []) words.add(word);
    }
    expect(words.size).toBeGreaterThan(1000);
    const options = { hyphenChar: '-', minWordLength: 5 };
    let hyphenated = 0;
    for (const name of PATTERN_NAMES) {
      const fromPackage = (require(`hyphen/${name}`) as { hyphenateSync: (text: string, o: typeof options) => string }).hyphenateSync;
      const precompiled = loadPatterns(name, join('dist', `hyphen-patterns.${name}.json`));
      for (const word of words) {
        const expected = fromPackage(word, options);
        if (expected !== word) hyphenated += 1;
        expect(precompiled(word, options), `${name} ${word}`).toBe(expected);
      }
    }
    expect(hyphenated).toBeGreaterThan(1000);
  });
});

describe('the bundle', () => {
  it('is ASCII JavaScript (a character above U+00FF would make Node hold a whole file as a two-byte string)', () => {
    const dist = resolve('dist');
    const scripts = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? scripts(join(dir, entry.name)) : /\.(c|m)?js$/.test(entry.name) ? [join(dir, entry.name)] : [],
      );
    const files = scripts(dist);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((file) => /[^\x00-\x7f]/.test(readFileSync(file, 'utf8')))).toEqual([]);
  });
});
