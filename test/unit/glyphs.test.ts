import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_TEMPLATES, compile } from '../../src/api.js';
import { createContext } from '../../src/context.js';
import { loadStyle } from '../../src/render/style.js';
import { fontHash, rangesOf, readCharacterSet } from '../../src/validate/coverage.js';
import { allDrawable, coverageOf, needsNoGlyph } from '../../src/validate/glyphs.js';
import { tempDir } from '../helpers/cli.js';

const MINIMAL = readFileSync('test/fixtures/valid/minimal.yaml', 'utf8');

function roleWith(text: string, edit: (yaml: string) => string = (y) => y): { cwd: string; file: string } {
  const cwd = tempDir('jdgen-glyphs-');
  writeFileSync(join(cwd, 'role.yaml'), edit(MINIMAL.replace('Registers incoming and outgoing correspondence.', text)));
  return { cwd, file: 'role.yaml' };
}

describe('glyph coverage', () => {
  const faces = loadStyle(createContext(), BUNDLED_TEMPLATES).pdfFonts;
  const facePaths = [faces.regular, faces.bold, faces.italic, faces.boldItalic];

  it("records the bundled fonts' coverage as HarfBuzz reads it (UPDATE_GOLDEN=1 rewrites it)", async () => {
    const entries = await Promise.all(
      facePaths.map(async (path) => `  // ${relative('node_modules', path)}\n  '${fontHash(path)}':\n    '${rangesOf(await readCharacterSet(path))}',`),
    );
    const file = 'src/validate/known-coverage.ts';
    const header = readFileSync(file, 'utf8').split('export const')[0]!;
    const expected = `${header}export const KNOWN_COVERAGE: Readonly<Record<string, string>> = {\n${entries.join('\n')}\n};\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, expected);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });

  it('reads a font it does not know with HarfBuzz, with the same answer', async () => {
    const dir = tempDir('jdgen-font-');
    const copies = facePaths.map((path, i) => {
      const copy = join(dir, `face-${i}.ttf`);
      // A trailing byte changes the file's hash but not what HarfBuzz reads from it.
      writeFileSync(copy, Buffer.concat([readFileSync(path), Buffer.from([0])]));
      return copy;
    });
    const [regular, bold, italic, boldItalic] = copies as [string, string, string, string];
    const known = await coverageOf(createContext(), faces);
    const read = await coverageOf(createContext(), { family: 'Copy', regular, bold, italic, boldItalic });
    const sample = Array.from({ length: 0x2200 }, (_, c) => c).concat([0x20bc, 0x4e2d, 0x1d504]);
    expect(sample.filter((c) => known(c) !== read(c))).toEqual([]);
    expect(sample.filter((c) => known(c)).length).toBeGreaterThan(2000);
    expect(read(0x4e2d)).toBe(false);
  });

  it('scans a text with one regular expression that agrees with the per-character check on every code point', async () => {
    const covered = await coverageOf(createContext(), faces);
    const disagree: number[] = [];
    for (let c = 0; c < 0x110000; c++) {
      // Lone surrogates too: String.fromCodePoint makes them as String.fromCharCode does.
      if (allDrawable(String.fromCodePoint(c), covered) !== (covered(c) || needsNoGlyph(c))) disagree.push(c);
    }
    expect(disagree).toEqual([]);
    expect(allDrawable('Prüft Verträge\t\u00a0\u3000№ 5 — “ok”\n', covered)).toBe(true);
    expect(allDrawable('Files the 𝔄-series', covered)).toBe(false);
    expect(allDrawable('a \ud835 b', covered)).toBe(false);
    expect([0x20, 0x7e, 0xa0, 0x377, 0x378, 0x4e2d, 0x1d504, -1, 0x110000].map((c) => covered(c))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('covers every letter of the target languages and the manat sign', async () => {
    const covered = await coverageOf(createContext(), loadStyle(createContext(), BUNDLED_TEMPLATES).pdfFonts);
    const letters = 'ăâîșțȘȚāēīūčģķļņšžĀĒĪŪČĢĶĻŅŠŽëçËÇəğıöşüƏĞİÖŞÜїєґіЇЄҐІёъыэЁЪЫЭ₼€№«»„”’';
    expect([...letters].filter((c) => !covered(c.codePointAt(0)!))).toEqual([]);
  });

  it('warns with role, field, position and character when the font lacks a glyph', async () => {
    const { cwd, file } = roleWith('Files the 𝔄-series forms and the 中 stamp.');
    const { model, diagnostics } = await compile(file, { cwd });
    expect(model).toBeDefined();
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: 'font/missing-glyph', file: 'role.yaml', line: 10, column: 5, path: 'duties[0]' });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'the font Noto Sans has no glyph for “𝔄” (U+1D504): it would not print',
      'the font Noto Sans has no glyph for “中” (U+4E2D): it would not print',
    ]);
  });

  it("finds a character written as an escape, which the file's own text does not contain", async () => {
    const { cwd, file } = roleWith('"Files the \\u4E2D stamp."');
    const { diagnostics } = await compile(file, { cwd });
    expect(diagnostics.map((d) => [d.line, d.path, d.message])).toEqual([
      [10, 'duties[0]', 'the font Noto Sans has no glyph for “中” (U+4E2D): it would not print'],
    ]);
  });

  it('warns about a phrase of the locale the font cannot draw, naming the locale file', async () => {
    const templates = tempDir('jdgen-glyph-templates-');
    cpSync(BUNDLED_TEMPLATES, templates, { recursive: true });
    const localeFile = join(templates, 'locales', 'en.yaml');
    writeFileSync(localeFile, readFileSync(localeFile, 'utf8').replace('title: APPROVED', 'title: APPROVED ✠'));
    const { diagnostics } = await compile('test/fixtures/valid/minimal.yaml', { templatesDir: templates });
    expect(diagnostics).toMatchObject([{ severity: 'warning', file: localeFile, path: 'phrases.approval.title', message: expect.stringContaining('U+2720') }]);
  });

  it('uses the fonts named in the templates folder, relative to it', async () => {
    const templates = tempDir('jdgen-style-');
    cpSync(BUNDLED_TEMPLATES, templates, { recursive: true });
    const regular = loadStyle(createContext(), BUNDLED_TEMPLATES).pdfFonts.regular;
    copyFileSync(regular, join(templates, 'Body.ttf'));
    const styleFile = join(templates, 'style.yaml');
    writeFileSync(
      styleFile,
      readFileSync(styleFile, 'utf8')
        .replace(/regular: .*/, 'regular: Body.ttf')
        .replace('docx: Noto Sans', 'docx: Times New Roman'),
    );
    const style = loadStyle(createContext(), templates);
    expect(style.pdfFonts.regular).toBe(join(templates, 'Body.ttf'));
    expect(style.docxFont).toBe('Times New Roman');
  });

  it('reports a font file that does not exist, naming style.yaml', async () => {
    const templates = tempDir('jdgen-style-');
    cpSync(BUNDLED_TEMPLATES, templates, { recursive: true });
    const styleFile = join(templates, 'style.yaml');
    writeFileSync(styleFile, readFileSync(styleFile, 'utf8').replace(/bold: .*/, 'bold: fonts/Missing-Bold.ttf'));
    const { model, diagnostics } = await compile('test/fixtures/valid/minimal.yaml', { templatesDir: templates });
    expect(model).toBeUndefined();
    expect(diagnostics).toMatchObject([{ severity: 'error', code: 'style/font', file: styleFile, message: 'font file `fonts/Missing-Bold.ttf` not found' }]);
  });
});
