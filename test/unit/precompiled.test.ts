import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
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
import { loadStyle } from '../../src/render/style.js';
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

  for (const name of ['role', 'role-part'] as const) {
    it(`report exactly what ajv compiled at run time reports (${name})`, () => {
      const runtime = createAjv().getSchema(VALIDATOR_IDS[name])!;
      const built = load(name).validate;
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
    for (const face of [style.pdfFonts.regular, style.pdfFonts.bold]) {
      const hash = createHash('sha256').update(readFileSync(face)).digest('hex');
      const deflated = readFileSync(join('dist', `docx-font-${hash}.deflated`));
      expect(deflated.length, face).toBeGreaterThan(100_000);
      expect(compiled.indexOf(deflated), face).toBeGreaterThan(0);
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
