import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import PDFDocument from 'pdfkit';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import type { Block, DocumentModel, ImageBlock, ParagraphBlock, Span } from '../../src/model/types.js';
import { bundledFonts } from '../helpers/fonts.js';
import { png, type Rgb } from '../helpers/png.js';
import { greyBetween, pixelArea, rasterize } from '../helpers/raster.js';
import { createContext } from '../../src/context.js';
import { writePdf } from '../../src/write/pdf.js';
import { LAYOUT_LIMIT, pdfCaches } from '../../src/write/pdf/caches.js';
import { guessedScript, loadHarfbuzz, ShapingFont } from '../../src/write/harfbuzz.js';
import { PdfDocument } from '../../src/write/pdf/file/document.js';
import { toUnicodeCMap, widthsArray } from '../../src/write/pdf/file/font.js';
import { Subsetter } from '../../src/write/pdf/file/subset.js';
import { docFace, loadFonts, type Pdf, registerFaces, textWidth, usedFonts } from '../../src/write/pdf/fonts.js';
import { showText } from '../../src/write/pdf/glyphs.js';
import { pngRaster } from '../../src/write/pdf/raster.js';
import { codePointsByClusters, codePointsOf } from '../../src/write/pdf/shaping.js';
import { layoutText } from '../../src/write/pdf/text.js';
import { blankDocument } from '../helpers/pdf-document.js';
import { pdfText } from '../helpers/pdf-text.js';
import { documentTimestamp } from '../../src/write/timestamp.js';

const fonts = bundledFonts();
/** One context for the file's documents, as a batch shares one: caches must not change what a document is. */
const context = createContext();
const caches = pdfCaches(context);
await loadFonts(caches);
const harfbuzz = await loadHarfbuzz();
/** A font parsed afresh from its file, nothing shared with the writer. */
const createFont = (data: Uint8Array): ShapingFont => new ShapingFont(harfbuzz, data);
const sample = JSON.parse(readFileSync(new URL('../fixtures/model/sample.json', import.meta.url), 'utf8')) as DocumentModel;

/** pdffonts and pdfinfo read files: a scratch directory for them. */
const work = mkdtempSync(join(tmpdir(), 'jdgen-pdf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function savePdf(bytes: Uint8Array, name: string): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

function pdfinfo(bytes: Uint8Array): string {
  return execFileSync('pdfinfo', ['-isodates', savePdf(bytes, 'info.pdf')], { encoding: 'utf8' });
}

const render = (model: DocumentModel): Promise<Uint8Array> => writePdf(model, { fonts, context });

/** Text of each page (pdf.js may detach the buffer it is given, so pass a copy). */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
}

/** Lines of a page's text without the footer (the last line). */
const bodyLines = (page: string): string[] => page.split('\n').slice(0, -1);

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Every piece of text a reader should find in the PDF, in reading order. */
function expectedTexts(blocks: Block[]): string[] {
  const join = (spans: Span[]): string => spans.map((s) => s.text).join('');
  return blocks.flatMap((block): string[] => {
    switch (block.type) {
      case 'paragraph':
        return [join(block.spans)];
      case 'heading':
        return [`${block.number} ${block.text}`];
      case 'clause':
        return [`${block.number} ${join(block.spans)}`];
      case 'signature':
        return [block.label, block.name, block.caption].filter((t) => t !== '');
      case 'table':
        return [...block.columns.map((c) => c.title), ...block.rows.flat().filter((t) => t !== '')];
      case 'keep':
      case 'box':
        return expectedTexts(block.blocks);
      default:
        return [];
    }
  });
}

const page = {
  size: 'A4',
  margins: { top: 20, right: 15, bottom: 20, left: 25 },
} as const;

function model(blocks: Block[], title = 'Generated test model'): DocumentModel {
  return {
    meta: {
      title,
      subject: 'Layout test',
      language: 'en',
      author: 'jdgen tests',
      keywords: ['test'],
      date: '2026-11-02',
    },
    page: { ...page, margins: { ...page.margins } },
    footer: { left: 'JD-TEST', right: 'Page {page} of {pages}' },
    blocks,
  };
}

const clause = (number: string, text: string, level = 1): Block => ({
  type: 'clause',
  level,
  number,
  spans: [{ text }],
});

/** A clause long enough to wrap over three lines. */
const longClause = (number: string): Block =>
  clause(
    number,
    `Follow-up ${number} keeps the employer informed about the state of every key account, ` +
      'prepares the quarterly reports, agrees discounts within the approved limits and ' +
      'records each agreement in the customer relationship system without delay.',
  );

const fillers = (count: number): Block[] => Array.from({ length: count }, (_, i) => clause(`1.${i + 1}.`, `Filler clause number ${i + 1}.`));

const table = (rows: number): Block => ({
  type: 'table',
  minRowHeight: 22,
  columns: [
    { title: 'No.', width: 7, align: 'center' },
    { title: 'Full name', width: 31, align: 'left' },
    { title: 'Position', width: 26, align: 'left' },
    { title: 'Date', width: 16, align: 'center' },
    { title: 'Signature', width: 20, align: 'center' },
  ],
  rows: Array.from({ length: rows }, (_, i) => [
    String(i + 1),
    // Every seventh name wraps over three lines: some of those rows meet a page end.
    i % 7 === 5 ? `Person ${i + 1} with a very long double-barrelled name that must wrap inside its cell` : `Person ${i + 1}`,
    'Specialist',
    '',
    '',
  ]),
});

/**
 * Many sections of varying length, then a table over several pages. With
 * these lengths a layout without keep-with-next strands the heading of one
 * section at the bottom of a page (checked by disabling it).
 */
function longModel(): DocumentModel {
  const blocks: Block[] = [];
  for (let s = 1; s <= 14; s += 1) {
    blocks.push({ type: 'heading', level: 1, number: `${s}.`, text: `Section ${s} heading` });
    for (let c = 1; c <= (s % 3) + 1; c += 1) blocks.push(longClause(`${s}.${c}.`));
  }
  blocks.push({ type: 'pageBreak' });
  blocks.push({
    type: 'paragraph',
    spans: [{ text: 'FAMILIARISATION SHEET', bold: true }],
    align: 'center',
    size: 'large',
    keepWithNext: true,
  });
  blocks.push(table(70));
  return model(blocks, 'Long model');
}

/** Index of the page (0-based) whose text contains `needle`, -1 if none. */
const pageOf = (pages: string[], needle: string): number => pages.findIndex((p) => squash(p).includes(needle));

describe('writePdf: the sample model', () => {
  it('shows every text of the model in reading order', async () => {
    const pages = await pageTexts(await render(sample));
    const all = squash(pages.join('\n'));
    let from = 0;
    for (const text of expectedTexts(sample.blocks)) {
      const at = all.indexOf(squash(text), from);
      expect(at, `"${text}" missing or out of order`).toBeGreaterThanOrEqual(0);
      from = at + squash(text).length;
    }
  });

  it('keeps the familiarisation sheet on its own page after the page break', async () => {
    const pages = await pageTexts(await render(sample));
    expect(pages).toHaveLength(2);
    expect(bodyLines(pages[1]!)[0]).toBe('FAMILIARISATION SHEET');
    expect(pageOf(pages, 'C. Davis')).toBe(0);
  });

  it('draws Latin-extended and Cyrillic letters that extract back as the same text', async () => {
    const pages = await pageTexts(await render(sample));
    expect(pages[0]).toContain('ș ț ā ģ ë ç ə ğ ı');
    expect(pages[0]).toContain('ї є ґ ё ы, ₼.');
  });

  it('writes the footer with page number and page count', async () => {
    const pages = await pageTexts(await render(sample));
    pages.forEach((text, i) => {
      expect(text.split('\n').at(-1)).toBe(`JD-014 · Key Account Manager Page ${i + 1} of 2`);
    });
  });

  it('places the APPROVED box top right and hangs clause text after the number', async () => {
    const pdf = await getDocumentProxy(await render(sample));
    const first = await pdf.getPage(1);
    const [, , width, height] = first.view as [number, number, number, number];
    const items = (await first.getTextContent()).items.flatMap((item) =>
      'str' in item ? [{ text: item.str, x: item.transform[4] as number, y: item.transform[5] as number }] : [],
    );
    const find = (prefix: string): { x: number; y: number } => {
      const item = items.find((i) => i.text.startsWith(prefix));
      if (!item) throw new Error(`no text item starts with "${prefix}"`);
      return item;
    };
    const left = (25 * 72) / 25.4;
    const textWidth = width - left - (15 * 72) / 25.4;
    // 45 % box at the right edge: starts at 55 % of the text width.
    expect(find('APPROVED').x).toBeCloseTo(left + 0.55 * textWidth, 0);
    expect(find('APPROVED').y).toBeGreaterThan(height * 0.8);
    expect(find('APPROVED').y).toBeGreaterThan(find('JOB DESCRIPTION').y);
    // Clause 2.2 wraps: its second line starts under the first word, not under the number.
    expect(find('with a long sentence').x).toBeCloseTo(find('Experience:').x, 1);
    expect(find('Experience:').x).toBeGreaterThan(find('2.2.').x + 10);
    // Deeper clause levels are indented further.
    expect(find('1.2.1.').x).toBeGreaterThan(find('1.2.').x + 10);
    expect(find('1.2.2.1.').x).toBeGreaterThan(find('1.2.1.').x + 10);
    // Printed names of the AGREED signatures line up.
    expect(find('A. Brown').x).toBeCloseTo(find('C. Davis').x, 1);
  });

  it('sets the document metadata and language', async () => {
    const bytes = await render(sample);
    const info = pdfinfo(bytes);
    expect(info).toMatch(/^Title:\s+JOB DESCRIPTION — Key Account Manager$/m);
    expect(info).toMatch(/^Subject:\s+Key Account Manager, Sales Department$/m);
    expect(info).toMatch(/^Author:\s+Northwind Trading LLC$/m);
    expect(info).toMatch(/^Keywords:\s+job description, JD-014$/m);
    expect(info).toMatch(/^Page size:.*\(A4\)$/m);
    expect(pdfText(bytes)).toContain('/Lang (en)');
    expect(info).toMatch(/^CreationDate:\s+2026-11-02T00:00:00Z$/m);
    expect(info).toMatch(/^ModDate:\s+2026-11-02T00:00:00Z$/m);
  });
});

describe('writePdf: fonts', () => {
  it('embeds subset Noto Sans with Unicode maps for all four faces, and nothing else', async () => {
    const bytes = await render(
      model([
        {
          type: 'paragraph',
          align: 'left',
          size: 'normal',
          spans: [
            { text: 'Regular ș ț ā ģ ', bold: false },
            { text: 'Bold ë ç ə ğ ı ', bold: true },
            { text: 'Italic ї є ґ ', italic: true },
            { text: 'Both ё ы', bold: true, italic: true },
          ],
        },
      ]),
    );
    const rows = execFileSync('pdffonts', [savePdf(bytes, 'fonts.pdf')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2)
      .map((line) => line.trim().split(/\s+/));
    expect(rows.map((r) => r[0]!.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSans-Bold', 'NotoSans-BoldItalic', 'NotoSans-Italic', 'NotoSans-Regular']);
    for (const row of rows) {
      // name, type (2 words), encoding, emb, sub, uni, object id, generation
      expect(row.slice(-5, -2), row.join(' ')).toEqual(['yes', 'yes', 'yes']);
    }
    const [text] = await pageTexts(bytes);
    expect(text).toContain('Regular ș ț ā ģ Bold ë ç ə ğ ı Italic ї є ґ Both ё ы');
  });
});

/** pdffonts' font names of a PDF: `TAGTAG+NotoSans-Bold`. */
function fontNames(bytes: Uint8Array, name: string): string[] {
  return execFileSync('pdffonts', [savePdf(bytes, name)], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/)[0]!);
}

const paragraphOf = (text: string, bold = false): ParagraphBlock => ({ type: 'paragraph', align: 'left', size: 'normal', spans: [{ text, bold }] });

describe('writePdf: subset tags', () => {
  it('gives every subset its own tag, made from its content, the same in every build', async () => {
    const a = fontNames(await render(model([paragraphOf('Alpha'), paragraphOf('Beta', true)])), 'tags-a.pdf');
    const b = fontNames(await render(model([paragraphOf('Gamma'), paragraphOf('Delta', true)])), 'tags-b.pdf');
    const again = fontNames(await render(model([paragraphOf('Alpha'), paragraphOf('Beta', true)])), 'tags-a2.pdf');
    const tag = (name: string): string => name.split('+')[0]!;
    for (const name of [...a, ...b]) expect(name).toMatch(/^[A-Z]{6}\+NotoSans-(Regular|Bold)$/);
    // pdfkit's own tags come from the font's resource id: BZZZZZ, CZZZZZ, ... in every file.
    for (const name of [...a, ...b]) expect(tag(name)).not.toMatch(/^[A-Z]Z{5}$/);
    expect(new Set([...a, ...b].map(tag)).size).toBe(4);
    expect(again).toEqual(a);
  });
});

/** The outline entries of a PDF as qpdf reads them: title and page (from 1). */
function outline(bytes: Uint8Array): Array<{ title: string; page: number }> {
  const json = execFileSync('qpdf', ['--json', '--json-key=outlines', savePdf(bytes, 'outline.pdf')], { encoding: 'utf8' });
  return (JSON.parse(json) as { outlines: Array<{ title: string; destpageposfrom1: number }> }).outlines.map((o) => ({
    title: o.title,
    page: o.destpageposfrom1,
  }));
}

describe('writePdf: outline', () => {
  it('bookmarks the section headings and the paragraphs marked as bookmarks, on the pages they are drawn', async () => {
    const bytes = await render(
      model([
        { ...paragraphOf('JOB DESCRIPTION', true), bookmark: true },
        paragraphOf('Not in the outline'),
        { type: 'heading', level: 1, number: '1.', text: 'General provisions' },
        { type: 'heading', level: 2, number: '', text: 'A subheading stays out' },
        { type: 'pageBreak' },
        { type: 'heading', level: 1, number: '2.', text: 'Duties' },
        { type: 'keep', blocks: [{ ...paragraphOf('AGREED', true), bookmark: true }] },
      ]),
    );
    expect(outline(bytes)).toEqual([
      { title: 'JOB DESCRIPTION', page: 1 },
      { title: '1. General provisions', page: 1 },
      { title: '2. Duties', page: 2 },
      { title: 'AGREED', page: 2 },
    ]);
    // Each destination keeps the left edge and the reader's zoom, at the height of its block.
    const dests = [...pdfText(bytes).matchAll(/\/Dest \[\d+ 0 R \/XYZ (\S+) (\S+) (\S+)\]/g)].map((m) => m.slice(1).map(Number));
    expect(dests).toHaveLength(4);
    for (const [left, top, zoom] of dests) {
      expect(left).toBe(0);
      expect(zoom).toBe(0);
      expect(top).toBeGreaterThan(0);
      expect(top).toBeLessThan(842);
    }
    expect(dests[0]![1]).toBeGreaterThan(dests[1]![1]!);
  });

  it('writes no outline for a document without headings or bookmarks', async () => {
    expect(outline(await render(model([paragraphOf('Plain')])))).toEqual([]);
  });
});

describe('writePdf: long documents', () => {
  it('numbers every page "Page i of N"', async () => {
    const pages = await pageTexts(await render(longModel()));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    pages.forEach((text, i) => {
      expect(text.split('\n').at(-1)).toBe(`JD-TEST Page ${i + 1} of ${pages.length}`);
    });
  });

  it('repeats the table header on every page the table spans and never splits a row', async () => {
    const pages = await pageTexts(await render(longModel()));
    const header = 'No. Full name Position Date Signature';
    const first = pageOf(pages, 'Person 1 ');
    const last = pageOf(pages, 'Person 70 ');
    expect(last).toBeGreaterThan(first);
    for (let p = first; p <= last; p += 1) {
      const lines = bodyLines(pages[p]!);
      const headerLine = lines.findIndex((l) => squash(l) === header);
      expect(headerLine, `header on page ${p + 1}`).toBeGreaterThanOrEqual(0);
      // The header comes before the first row of the page.
      expect(headerLine).toBeLessThan(lines.findIndex((l) => /^\d+ Person/.test(l)));
    }
    // A row split over two pages would leave the start of a wrapped name on
    // one page and its end on the next.
    for (const text of pages) {
      const starts = squash(text).match(/Person \d+ with a very long/g) ?? [];
      const ends = squash(text).match(/must wrap inside its cell/g) ?? [];
      expect(starts.length).toBe(ends.length);
    }
    // Every row number appears once, in order: no row drawn twice or lost.
    const rowNumbers = pages
      .slice(first, last + 1)
      .flatMap(bodyLines)
      .flatMap((l) => /^(\d+)(?: |$)/.exec(l)?.[1] ?? []);
    expect(rowNumbers.map(Number)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
  });

  it('never leaves a heading as the last line of a page', async () => {
    const pages = await pageTexts(await render(longModel()));
    const heading = /^\d+\. Section \d+ heading$/;
    let headings = 0;
    for (const text of pages) {
      const lines = bodyLines(text);
      lines.forEach((line, i) => {
        if (!heading.test(line)) return;
        headings += 1;
        // At least two lines of the following clause share the heading's page.
        expect(lines.length - i - 1, `"${line}" is stranded`).toBeGreaterThanOrEqual(2);
      });
    }
    expect(headings).toBe(14);
  });

  it('moves a heading that would be stranded to the next page', async () => {
    // Find the filler count where a heading followed by a clause no longer
    // fits with two lines of that clause at the bottom of page 1 ...
    const withFollower = (n: number): DocumentModel =>
      model([...fillers(n), { type: 'heading', level: 1, number: '2.', text: 'Moved heading' }, longClause('2.1.')]);
    let n = 20;
    let pages = await pageTexts(await render(withFollower(n)));
    while (pageOf(pages, 'Moved heading') === 0 && n < 80) {
      n += 1;
      pages = await pageTexts(await render(withFollower(n)));
    }
    expect(pageOf(pages, 'Moved heading')).toBe(1);
    expect(bodyLines(pages[1]!)[0]).toBe('2. Moved heading');
    // ... while the heading itself would still have fitted there: a naive
    // layout would have left it alone at the bottom of page 1.
    const alone = await pageTexts(await render(model([...fillers(n), { type: 'heading', level: 1, number: '2.', text: 'Moved heading' }])));
    expect(pageOf(alone, 'Moved heading')).toBe(0);
    expect(bodyLines(alone[0]!).at(-1)).toBe('2. Moved heading');
  });

  /** An AGREED group of two signatures, as the template writes it. */
  const agreedGroup = (): Block => ({
    type: 'keep',
    blocks: [
      { type: 'paragraph', spans: [{ text: 'AGREED:', bold: true }], align: 'left', size: 'normal' },
      { type: 'signature', label: 'Head of Legal', name: 'A. Brown', caption: '(signature)' },
      { type: 'signature', label: 'HR Manager', name: 'C. Davis', caption: '(signature)' },
    ],
  });

  it('keeps a keep group on one page', async () => {
    const agreed = agreedGroup();
    let moved = false;
    for (let n = 28; n <= 40; n += 1) {
      const pages = await pageTexts(await render(model([...fillers(n), agreed])));
      const at = pageOf(pages, 'AGREED:');
      expect(pageOf(pages, 'C. Davis'), `${n} fillers`).toBe(at);
      if (at === 1) {
        moved = true;
        expect(bodyLines(pages[1]!)[0]).toBe('AGREED:');
      }
    }
    expect(moved, 'no filler count pushed the group to page 2').toBe(true);
  });

  it('takes the last clause along when the group moves, so the signatures never stand alone on a page', async () => {
    const agreed = agreedGroup();
    let moved = false;
    for (let n = 28; n <= 40; n += 1) {
      // As the template ends the sections: the last clause is kept with what follows.
      const clauses = fillers(n).map((block, i) => (i === n - 1 ? { ...block, keepWithNext: true } : block));
      const pages = await pageTexts(await render(model([...clauses, agreed])));
      const at = pageOf(pages, 'AGREED:');
      expect(pageOf(pages, `Filler clause number ${n}.`), `${n} fillers`).toBe(at);
      if (at === 1) {
        moved = true;
        expect(bodyLines(pages[1]!)[0]).toMatch(/^1\.\d+\.\s+Filler clause number/);
      }
    }
    expect(moved, 'no filler count pushed the group to page 2').toBe(true);
  });
});

describe('writePdf: reproducible output', () => {
  it('writes byte-identical files for the same model', async () => {
    const a = await render(sample);
    await render(longModel()); // shared caches must not change later output
    const b = await render(sample);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('uses SOURCE_DATE_EPOCH for the file dates when it is set', async () => {
    const before = await render(sample);
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = '1700000000';
      const a = await render(sample);
      const b = await render(sample);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      expect(Buffer.from(a).equals(Buffer.from(before))).toBe(false);
      const info = pdfinfo(a);
      expect(info).toMatch(/^CreationDate:\s+2023-11-14T22:13:20Z$/m);
      expect(info).toMatch(/^ModDate:\s+2023-11-14T22:13:20Z$/m);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});

describe('documentTimestamp', () => {
  it('is the document date at midnight UTC', () => {
    expect(documentTimestamp({ date: '2026-11-02' }, {}).toISOString()).toBe('2026-11-02T00:00:00.000Z');
  });

  it('prefers SOURCE_DATE_EPOCH', () => {
    expect(documentTimestamp({ date: '2026-11-02' }, { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('rejects malformed values', () => {
    expect(() => documentTimestamp({ date: '2026-02-30' }, {})).toThrow(/real date/);
    expect(() => documentTimestamp({ date: '2026-11-02' }, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH/);
  });
});

const LOGO_BLUE: Rgb = [42, 92, 170];
/** 40 × 20 px, one opaque colour. */
const solidPng = png(40, 20, () => LOGO_BLUE);
/** 30 × 30 px with a transparent corner: its alpha channel becomes a soft mask. */
const alphaPng = png(
  30,
  30,
  (x) => [200, 40, Math.min(255, x * 8)],
  (x, y) => (x + y < 12 ? 0 : 255),
);

/** A 30 × 20 px baseline JPEG: page 1 of the sample rasterised by pdftoppm. */
async function jpeg(): Promise<Buffer> {
  const pdf = savePdf(await render(sample), 'for-jpeg.pdf');
  return execFileSync('pdftoppm', ['-jpeg', '-f', '1', '-l', '1', '-scale-to-x', '30', '-scale-to-y', '20', '-singlefile', pdf]);
}

function image(bytes: Buffer, format: 'png' | 'jpeg', size: [number, number], width: number, align: ImageBlock['align'] = 'left'): ImageBlock {
  return {
    type: 'image',
    format,
    data: bytes.toString('base64'),
    pixelWidth: size[0],
    pixelHeight: size[1],
    width,
    align,
    alt: 'Test logo',
  };
}

/** The sample with a 40 mm logo at the top left of page 1. */
const withLogo = (): DocumentModel => ({ ...sample, blocks: [image(solidPng, 'png', [40, 20], 40), ...sample.blocks] });

interface Placement {
  /** 1-based page number. */
  page: number;
  x: number;
  /** Top of the image in points from the top of the page. */
  y: number;
  width: number;
  height: number;
}

/** Renders a model and records where the writer was asked to draw each image. */
async function renderPlacements(m: DocumentModel): Promise<{ bytes: Uint8Array; placed: Placement[] }> {
  type ImageMethod = (this: PdfDocument, image: never, x: number, y: number, size: { width: number; height: number }) => void;
  const proto = PdfDocument.prototype as unknown as Record<'raster' | 'jpeg', ImageMethod>;
  const originals = { raster: proto.raster, jpeg: proto.jpeg };
  const placed: Placement[] = [];
  for (const method of ['raster', 'jpeg'] as const) {
    proto[method] = function (image, x, y, size) {
      placed.push({ page: this.bufferedPageRange().count, x, y, width: size.width, height: size.height });
      originals[method].call(this, image, x, y, size);
    };
  }
  try {
    return { bytes: await render(m), placed };
  } finally {
    Object.assign(proto, originals);
  }
}

/** `pdfimages -list` rows: [page, num, type, width, height, color, comp, bpc, enc, interp, object, id, x-ppi, y-ppi, ...]. */
function pdfimages(path: string): string[][] {
  return execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/));
}

/** Pixels of page `page` rasterised at `dpi` that have (nearly) the colour `rgb`, and their bounding box. */
function colourArea(pdfPath: string, page: number, dpi: number, rgb: Rgb): { count: number; left: number; top: number; right: number; bottom: number } {
  const { width, height, data } = rasterize(pdfPath, page, dpi);
  let count = 0;
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      if (rgb.every((c, k) => Math.abs((data[i + k] ?? 0) - c) <= 12)) {
        count += 1;
        [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
      }
    }
  }
  return { count, left, top, right, bottom };
}

describe('writePdf: PNG pictures', () => {
  it('decodes a PNG once per context, and draws it as pdfkit did: colour samples and a soft mask for its alpha', async () => {
    const data = alphaPng.toString('base64');
    const raster = pngRaster(data, caches.rasters);
    expect(pngRaster(data, caches.rasters)).toBe(raster);
    expect(raster).toMatchObject({ width: 30, height: 30 });
    expect(raster.alpha).toBeDefined();
    expect(pngRaster(solidPng.toString('base64'), caches.rasters).alpha).toBeUndefined();
    const file = savePdf(await render({ ...sample, blocks: [image(alphaPng, 'png', [30, 30], 15), ...sample.blocks] }), 'raster.pdf');
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    expect(pdfimages(file).map((r) => r.slice(2, 9))).toEqual([
      ['image', '30', '30', 'rgb', '3', '8', 'image'],
      ['smask', '30', '30', 'gray', '1', '8', 'image'],
    ]);
    // At 144 dpi (2 px per point): the transparent corner shows the white page, the far corner the picture's colour.
    const { width, data: rgb } = rasterize(file, 1, 144);
    const pixel = (xPt: number, yPt: number): number[] => [
      ...rgb.subarray((Math.round(yPt * 2) * width + Math.round(xPt * 2)) * 3, (Math.round(yPt * 2) * width + Math.round(xPt * 2)) * 3 + 3),
    ];
    const [left, top, side] = [mmPt(25), mmPt(20), mmPt(15)];
    expect(pixel(left + 2, top + 2)).toEqual([255, 255, 255]);
    const far = pixel(left + side - 2, top + side - 2);
    expect(Math.abs(far[0]! - 200) + Math.abs(far[1]! - 40) + Math.abs(far[2]! - 232)).toBeLessThan(30);
  });
});

describe('writePdf: images', () => {
  const left = mmPt(25);
  const top = mmPt(20);
  // pdfkit's A4 is 595.28 × 841.89 pt.
  const textWidth = 595.28 - mmPt(25) - mmPt(15);

  it('embeds a PNG as an image XObject of its pixel size, at the model width', async () => {
    const bytes = await render(model([image(solidPng, 'png', [40, 20], 20)]));
    const raw = pdfText(bytes);
    expect(raw).toMatch(/\/Subtype \/Image/);
    expect(raw).toMatch(/\/Width 40\b/);
    expect(raw).toMatch(/\/Height 20\b/);
    const rows = pdfimages(savePdf(bytes, 'png.pdf'));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.slice(0, 9)).toEqual(['1', '0', 'image', '40', '20', 'rgb', '3', '8', 'image']);
    // 40 px over 20 mm: 50.8 pixels per inch, which pdfimages rounds.
    expect(Number(row![12])).toBeCloseTo(50.8, -0.5);
    expect(Number(row![13])).toBeCloseTo(50.8, -0.5);
  });

  it('embeds a JPEG as it is, and a PNG with transparency with a soft mask', async () => {
    const bytes = await render(model([image(await jpeg(), 'jpeg', [30, 20], 30), image(alphaPng, 'png', [30, 30], 15)]));
    const rows = pdfimages(savePdf(bytes, 'jpeg.pdf')).map((r) => r.slice(2, 9));
    expect(rows).toEqual([
      ['image', '30', '20', 'rgb', '3', '8', 'jpeg'],
      ['image', '30', '30', 'rgb', '3', '8', 'image'],
      ['smask', '30', '30', 'gray', '1', '8', 'image'],
    ]);
  });

  it('sizes images by width with the aspect ratio, aligns them in the column, a box and a keep group', async () => {
    const { placed } = await renderPlacements(
      model([
        image(solidPng, 'png', [40, 20], 40, 'left'),
        image(solidPng, 'png', [40, 20], 40, 'center'),
        image(alphaPng, 'png', [30, 30], 30, 'right'),
        {
          type: 'box',
          align: 'right',
          width: 50,
          // The second is wider than the box: it shrinks to the box width.
          blocks: [image(solidPng, 'png', [40, 20], 20, 'left'), image(solidPng, 'png', [40, 20], 200, 'right')],
        },
        {
          type: 'keep',
          blocks: [
            { type: 'paragraph', spans: [{ text: 'Kept with the picture' }], align: 'left', size: 'normal' },
            image(solidPng, 'png', [40, 20], 30, 'center'),
          ],
        },
      ]),
    );
    expect(placed).toHaveLength(6);
    const [a, b, c, d, e, f] = placed as [Placement, Placement, Placement, Placement, Placement, Placement];
    const expectBox = (p: Placement, x: number, width: number, height: number): void => {
      expect(p.x).toBeCloseTo(x, 3);
      expect(p.width).toBeCloseTo(width, 3);
      expect(p.height).toBeCloseTo(height, 3);
    };
    expectBox(a, left, mmPt(40), mmPt(20));
    expectBox(b, left + (textWidth - mmPt(40)) / 2, mmPt(40), mmPt(20));
    expectBox(c, left + textWidth - mmPt(30), mmPt(30), mmPt(30));
    expectBox(d, left + textWidth / 2, mmPt(20), mmPt(10));
    expectBox(e, left + textWidth / 2, textWidth / 2, textWidth / 4);
    expectBox(f, left + (textWidth - mmPt(30)) / 2, mmPt(30), mmPt(15));
    // The first image sits on the top margin; 6 pt separate an image from the next block.
    expect(a.y).toBeCloseTo(top, 3);
    expect(b.y).toBeCloseTo(a.y + a.height + 6, 3);
    expect(c.y).toBeCloseTo(b.y + b.height + 6, 3);
    expect(d.y).toBeCloseTo(c.y + c.height + 6, 3);
    expect(e.y).toBeCloseTo(d.y + d.height + 6, 3);
    expect(placed.every((p) => p.page === 1)).toBe(true);
  });

  it('never splits an image: one that does not fit moves to the top of the next page', async () => {
    const bottom = 841.89 - mmPt(20);
    let moved = false;
    for (let n = 26; n <= 40; n += 1) {
      const tall = image(solidPng, 'png', [40, 20], 100); // 50 mm tall
      const { bytes, placed } = await renderPlacements(
        model([...fillers(n), tall, { type: 'paragraph', spans: [{ text: 'After the picture' }], align: 'left', size: 'normal' }]),
      );
      const [p] = placed;
      expect(placed).toHaveLength(1);
      expect(p!.y + p!.height, `${n} fillers`).toBeLessThanOrEqual(bottom + 0.01);
      const pages = await pageTexts(bytes);
      expect(pageOf(pages, 'After the picture'), `${n} fillers`).toBeGreaterThanOrEqual(p!.page - 1);
      if (p!.page === 2) {
        moved = true;
        expect(p!.y).toBeCloseTo(top, 3);
        // Page 1 ends with the last filler.
        expect(pageOf(pages, `Filler clause number ${n}.`)).toBe(0);
      }
    }
    expect(moved, 'no filler count pushed the image to page 2').toBe(true);
  });

  it('shows the logo whole at the top left of page 1', async () => {
    const path = savePdf(await render(withLogo()), 'logo.pdf');
    // At 72 dpi a point is a pixel: the logo covers 40 × 20 mm from the top left margin corner.
    const area = colourArea(path, 1, 72, LOGO_BLUE);
    expect(area.count).toBeGreaterThan(0.95 * mmPt(40) * mmPt(20));
    expect(area.left).toBeCloseTo(left, -0.5);
    expect(area.top).toBeCloseTo(top, -0.5);
    expect(area.right + 1).toBeCloseTo(left + mmPt(40), -0.5);
    expect(area.bottom + 1).toBeCloseTo(top + mmPt(20), -0.5);
    // The rest of the sample still reads in order on two pages.
    const pages = await pageTexts(await render(withLogo()));
    expect(pages).toHaveLength(2);
    expect(bodyLines(pages[0]!)[0]).toBe('Northwind Trading LLC');
  });

  it('writes byte-identical files for a model with images', async () => {
    const m = model([image(solidPng, 'png', [40, 20], 40), image(alphaPng, 'png', [30, 30], 20), image(await jpeg(), 'jpeg', [30, 20], 30)]);
    const a = await render(m);
    await render(withLogo());
    const b = await render(m);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

function mmPt(value: number): number {
  return (value * 72) / 25.4;
}

describe('writePdf: watermark', () => {
  const drafted = (m: DocumentModel, watermark = 'DRAFT'): DocumentModel => ({ ...m, watermark });

  it('marks every page, adds no page and keeps the footer last', async () => {
    const plain = await pageTexts(await render(longModel()));
    const pages = await pageTexts(await render(drafted(longModel())));
    expect(pages).toHaveLength(plain.length);
    pages.forEach((text, i) => {
      const lines = text.split('\n');
      expect(lines, `page ${i + 1}`).toContain('DRAFT');
      expect(lines.at(-1)).toBe(`JD-TEST Page ${i + 1} of ${pages.length}`);
      // Nothing else changed on the page.
      expect(lines.filter((line) => line !== 'DRAFT')).toEqual(plain[i]!.split('\n'));
    });
  });

  it('draws a Cyrillic mark with the embedded font', async () => {
    const bytes = await render(drafted(sample, 'ПРОЕКТ'));
    const pages = await pageTexts(bytes);
    expect(pages).toHaveLength(2);
    for (const text of pages) expect(text.split('\n')).toContain('ПРОЕКТ');
    const fonts = execFileSync('pdffonts', [savePdf(bytes, 'cyrillic-mark.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSans-Bold\s.*yes\s+yes\s+yes/);
  });

  it('draws the mark large, light grey and diagonal across the page centre, without hiding the text', async () => {
    const { bytes, calls } = await recordDrawing(drafted(sample));
    const marks = calls.filter((c): c is TextCall => c.kind === 'text' && c.text === 'DRAFT');
    expect(marks).toHaveLength(2);
    for (const mark of marks) {
      expect(mark.rotation).toBe(-45);
      // Read back from the file's 6-decimal matrix: the page centre to a hundredth of a point.
      expect(mark.origin?.[0]).toBeCloseTo(595.28 / 2, 2);
      expect(mark.origin?.[1]).toBeCloseTo(841.89 / 2, 2);
      expect(mark.opacity).toBeCloseTo(0.16, 5);
      expect(mark.size).toBeGreaterThan(100);
    }
    const marked = savePdf(bytes, 'mark.pdf');
    const unmarked = savePdf(await render(sample), 'no-mark.pdf');
    for (const page of [1, 2]) {
      // 16 % black over white paper: a grey of about 214, along the rising diagonal through the centre.
      const grey = pixelArea(marked, page, 36, greyBetween(205, 222));
      expect(grey.count, `page ${page}`).toBeGreaterThan(0.03 * grey.width * grey.height);
      expect(grey.cx).toBeCloseTo(0.5, 1);
      expect(grey.cy).toBeCloseTo(0.5, 1);
      expect(grey.correlation).toBeLessThan(-0.5);
      // Black text under the mark stays black: the mark only darkens (a few
      // anti-aliased glyph edges cross the threshold), it never lightens.
      const dark = pixelArea(marked, page, 72, greyBetween(0, 60)).count;
      const darkBefore = pixelArea(unmarked, page, 72, greyBetween(0, 60)).count;
      expect(dark, `page ${page}`).toBeGreaterThanOrEqual(darkBefore);
      expect(dark, `page ${page}`).toBeLessThan(1.05 * darkBefore);
    }
  });

  it('writes byte-identical files with a watermark', async () => {
    const a = await render(drafted(sample, 'ПРОЕКТ'));
    await render(drafted(longModel()));
    const b = await render(drafted(sample, 'ПРОЕКТ'));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

interface TextCall {
  kind: 'text';
  text: string;
  x: number;
  y: number;
  size: number;
  fill: string;
  opacity: number | undefined;
  rotation: number | undefined;
  origin: [number, number] | undefined;
}

interface LineCall {
  kind: 'line';
  colour: string;
  width: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The objects of a PDF this writer made, by number: dictionary text and (inflated) stream bytes. */
function pdfObjects(bytes: Uint8Array): Map<number, { dict: string; stream?: Buffer }> {
  const buffer = Buffer.from(bytes);
  const text = pdfText(bytes);
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  const header = /(\d+) 0 obj\n/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    const streamAt = text.indexOf('stream\n', start);
    if (streamAt < 0 || streamAt > end) {
      objects.set(Number(match[1]), { dict: text.slice(start, end) });
      continue;
    }
    const dict = text.slice(start, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const raw = buffer.subarray(streamAt + 7, streamAt + 7 + length);
    objects.set(Number(match[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
    header.lastIndex = streamAt + 7 + length;
  }
  return objects;
}

const refs = (dict: string, key: string): Map<string, number> => {
  const inner = new RegExp(`/${key} <<([^>]*)>>`).exec(dict)?.[1] ?? '';
  return new Map([...inner.matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [m[1]!, Number(m[2])]));
};

/** A font's ToUnicode CMap as code → text. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/g)) {
    const items = [...range[3]!.matchAll(/<([0-9a-f ]*)>/g)].map((m) => m[1]!.replace(/ /g, ''));
    items.forEach((hex, i) => {
      const units = hex.match(/.{4}/g) ?? [];
      map.set(parseInt(range[1]!, 16) + i, String.fromCharCode(...units.map((u) => parseInt(u, 16))));
    });
  }
  return map;
}

type Token = number | string | { name: string } | { bytes: number[] } | Token[];

/** The operands and operators of a content stream. */
function tokenize(content: Buffer): Token[] {
  const s = content.toString('latin1');
  const out: Token[] = [];
  const stack: Token[][] = [out];
  let i = 0;
  const push = (t: Token): void => {
    stack[stack.length - 1]!.push(t);
  };
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) i += 1;
    else if (c === '[') {
      stack.push([]);
      i += 1;
    } else if (c === ']') {
      const array = stack.pop()!;
      push(array);
      i += 1;
    } else if (c === '(') {
      const bytes: number[] = [];
      let depth = 1;
      i += 1;
      for (; depth > 0; i += 1) {
        const ch = s[i]!;
        if (ch === '\\') {
          const next = s[(i += 1)]!;
          bytes.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[next] ?? next.charCodeAt(0));
        } else if (ch === '(' || ch === ')') {
          depth += ch === '(' ? 1 : -1;
          if (depth > 0) bytes.push(ch.charCodeAt(0));
        } else bytes.push(ch.charCodeAt(0));
      }
      push({ bytes });
    } else if (s.startsWith('<<', i) || s.startsWith('>>', i)) {
      // The properties of marked content (BDC): their names and numbers are read as operands.
      i += 2;
    } else if (c === '<') {
      const end = s.indexOf('>', i);
      const hex = s.slice(i + 1, end).replace(/\s/g, '');
      push({ bytes: (hex.match(/../g) ?? []).map((h) => parseInt(h, 16)) });
      i = end + 1;
    } else if (c === '/') {
      const name = /^\/[^\s/[\]()<>]+/.exec(s.slice(i))![0];
      push({ name: name.slice(1) });
      i += name.length;
    } else {
      const word = /^[^\s/[\]()<>]+/.exec(s.slice(i))![0];
      push(/^[-+.\d]/.test(word) ? Number(word) : word);
      i += word.length;
    }
  }
  return out;
}

interface GraphicsState {
  fill: string;
  stroke: string;
  opacity: number | undefined;
  width: number;
  /** Whether a cm turned pdfkit's downward coordinates back upright (pdfkit's own text() does). */
  flipped: boolean;
  rotation: { angle: number; origin: [number, number] } | undefined;
}

const colourName = (values: number[]): string =>
  values.every((v) => v === 0)
    ? 'black'
    : `#${values
        .map((v) =>
          Math.round(v * 255)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')}`;

/**
 * What the pages of a PDF show, read back from the file: each text (what a
 * text matrix places) with its text (through the font's ToUnicode map; a TJ gap wider than 0.1 em
 * reads as a space), position in pdfkit's coordinates (y down the page), size,
 * fill colour, opacity and rotation; each straight line with its colour.
 */
function drawnOn(bytes: Uint8Array): Array<TextCall | LineCall> {
  const objects = pdfObjects(bytes);
  const calls: Array<TextCall | LineCall> = [];
  const pagesDict = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict))!.dict;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(pagesDict)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  for (const id of kids) {
    const page = objects.get(id)!.dict;
    const height = Number(/\/MediaBox \[0 0 [\d.]+ ([\d.]+)\]/.exec(page)![1]);
    const resources = objects.get(Number(/\/Resources (\d+) 0 R/.exec(page)![1]))!.dict;
    const fonts = new Map(
      [...refs(resources, 'Font')].map(([name, ref]) => {
        const cmap = Number(/\/ToUnicode (\d+) 0 R/.exec(objects.get(ref)!.dict)![1]);
        return [name, toUnicode(objects.get(cmap)!.stream!.toString('latin1'))];
      }),
    );
    const states = new Map([...refs(resources, 'ExtGState')].map(([name, ref]) => [name, Number(/\/ca ([\d.]+)/.exec(objects.get(ref)!.dict)?.[1])]));
    const content = objects.get(Number(/\/Contents (\d+) 0 R/.exec(page)![1]))!.stream!;
    let gs: GraphicsState = { fill: 'black', stroke: 'black', opacity: undefined, width: 1, flipped: false, rotation: undefined };
    const saved: GraphicsState[] = [];
    let operands: Token[] = [];
    let first = true;
    let text: TextCall | undefined;
    let font: Map<number, string> | undefined;
    let size = 0;
    let path: number[] = [];
    const nums = (): number[] => operands as number[];
    for (const token of tokenize(content)) {
      if (typeof token !== 'string') {
        operands.push(token);
        continue;
      }
      const op = token;
      if (op === 'q') saved.push({ ...gs });
      else if (op === 'Q') gs = saved.pop()!;
      else if (op === 'cm') {
        const [a, b, c, d, e, f] = nums() as [number, number, number, number, number, number];
        // The first operator of every page turns PDF space into pdfkit's (y down).
        if (!first) {
          if (a === 1 && b === 0 && c === 0 && d === -1 && e === 0 && f === height) gs.flipped = !gs.flipped;
          else if (b !== 0) {
            // A rotation about a point: the point it leaves in place.
            const det = (1 - a) * (1 - d) - b * c;
            const origin: [number, number] = [((1 - d) * e + c * f) / det, (b * e + (1 - a) * f) / det];
            gs.rotation = { angle: Math.round(((Math.atan2(b, a) * 180) / Math.PI) * 1e6) / 1e6, origin };
          }
        }
      } else if (op === 'w') gs.width = nums()[0]!;
      else if (op === 'scn' || op === 'rg') gs.fill = colourName(nums());
      else if (op === 'SCN' || op === 'RG') gs.stroke = colourName(nums());
      else if (op === 'gs') gs.opacity = states.get((operands[0] as { name: string }).name);
      else if (op === 'm') path = nums().slice(0, 2);
      else if (op === 'l') path.push(...nums().slice(0, 2));
      else if (op === 'S') {
        if (path.length === 4) {
          const [x1, y1, x2, y2] = path as [number, number, number, number];
          calls.push({ kind: 'line', colour: gs.stroke, width: gs.width, x1, y1, x2, y2 });
        }
        path = [];
      } else if (op === 'BT') {
        text = undefined;
      } else if (op === 'Tf') {
        font = fonts.get((operands[0] as { name: string }).name);
        size = operands[1] as number;
        if (text && text.text === '') text.size = size;
      } else if (op === 'Tm') {
        // Each text sits at its own text matrix (a glyph offset in a text would too: none in these tests).
        if (text) calls.push(text);
        const [, , , , e, f] = nums() as [number, number, number, number, number, number];
        const at = { x: e, y: gs.flipped ? height - f : f };
        text = { kind: 'text', text: '', ...at, size, fill: gs.fill, opacity: gs.opacity, rotation: gs.rotation?.angle, origin: gs.rotation?.origin };
      } else if (op === 'TJ' || op === 'Tj') {
        for (const item of op === 'TJ' ? (operands[0] as Token[]) : operands) {
          if (typeof item === 'number') {
            // A wide gap reads as a space, unless a space character was just drawn (a justified line's stretched spaces).
            if (item < -100 && !text!.text.endsWith(' ')) text!.text += ' ';
          } else {
            const codes = (item as { bytes: number[] }).bytes;
            for (let k = 0; k + 1 < codes.length; k += 2) text!.text += font!.get(codes[k]! * 256 + codes[k + 1]!) ?? '\ufffd';
          }
        }
      } else if (op === 'ET') {
        if (text) calls.push(text);
        text = undefined;
      }
      first = false;
      operands = [];
    }
  }
  return calls;
}

/** Renders a model and reads back what its pages show (see drawnOn). */
async function recordDrawing(m: DocumentModel): Promise<{ bytes: Uint8Array; calls: Array<TextCall | LineCall> }> {
  const bytes = await render(m);
  return { bytes, calls: drawnOn(bytes) };
}

describe('writePdf: redline', () => {
  const GREEN = '#1a6b2e';
  const RED = '#c62828';
  const redline = (): DocumentModel =>
    model([
      {
        type: 'clause',
        level: 1,
        number: '1.1.',
        spans: [
          { text: 'Keeps ' },
          { text: 'new words', change: 'inserted' },
          { text: ' and ' },
          { text: 'old words', change: 'deleted' },
          { text: ' here, with ' },
          { text: 'bold', bold: true, change: 'inserted' },
          { text: ' added', change: 'inserted' },
          { text: '.' },
        ],
      },
      { type: 'clause', level: 1, number: '1.2.', spans: [{ text: 'A removed clause.' }], change: 'deleted' },
      {
        type: 'clause',
        level: 1,
        number: '1.3.',
        change: 'inserted',
        spans: [{ text: 'An added clause, long enough to wrap: '.repeat(6) + 'it ends here.' }],
      },
      { type: 'paragraph', spans: [{ text: 'Unchanged text.' }], align: 'left', size: 'normal' },
    ]);

  /** Lines of `colour` under (inserted) or through (deleted) a text call, spanning it. */
  const linesAt = (calls: Array<TextCall | LineCall>, t: TextCall, colour: string): LineCall[] =>
    calls.filter(
      (c): c is LineCall => c.kind === 'line' && c.colour === colour && c.y1 === c.y2 && Math.abs(c.y1 - t.y) < t.size && c.x1 <= t.x + 0.01 && c.x2 > t.x,
    );

  it('colours inserted text dark green and underlines it, colours deleted text red and strikes it through', async () => {
    const { calls } = await recordDrawing(redline());
    const texts = calls.filter((c): c is TextCall => c.kind === 'text');
    const find = (text: string): TextCall => {
      const found = texts.find((t) => t.text.trim() === text);
      if (!found) throw new Error(`no text call "${text}" in ${texts.map((t) => t.text).join(' | ')}`);
      return found;
    };
    const inserted = find('new words');
    expect(inserted.fill).toBe(GREEN);
    const [underline] = linesAt(calls, inserted, GREEN);
    expect(underline, 'underline').toBeDefined();
    // Under the baseline, as long as the words.
    expect(underline!.y1).toBeGreaterThan(inserted.y);
    expect(underline!.y1 - inserted.y).toBeLessThan(0.25 * inserted.size);
    expect(underline!.x2 - underline!.x1).toBeGreaterThan(30);
    expect(texts.find((t) => t.x > inserted.x)?.x).toBeGreaterThanOrEqual(underline!.x2);

    const deleted = find('old words');
    expect(deleted.fill).toBe(RED);
    const [strike] = linesAt(calls, deleted, RED);
    expect(strike, 'strike').toBeDefined();
    // Through the lowercase letters, above the baseline.
    expect(deleted.y - strike!.y1).toBeGreaterThan(0.15 * deleted.size);
    expect(deleted.y - strike!.y1).toBeLessThan(0.45 * deleted.size);

    // A bold and a regular inserted run side by side: one unbroken underline.
    const bold = find('bold');
    expect(bold.fill).toBe(GREEN);
    const boldLine = linesAt(calls, bold, GREEN);
    expect(boldLine).toHaveLength(1);
    expect(boldLine[0]!.x2).toBeGreaterThan(find('added').x + 20);

    // Unchanged text stays black with no line.
    for (const text of ['Keeps', 'Unchanged text.']) {
      const t = find(text);
      expect(t.fill).toBe('black');
      expect(calls.some((c) => c.kind === 'line' && Math.abs(c.y1 - t.y) < t.size && c.x1 <= t.x + 1 && c.x2 > t.x + 1)).toBe(false);
    }
  });

  it('keeps the colour of a changed span in the middle of a justified line', async () => {
    const m = model([
      {
        type: 'clause',
        level: 1,
        number: '1.1.',
        spans: [
          { text: 'Unchanged words come first and fill most of the line, ' },
          { text: 'inserted words', change: 'inserted' },
          { text: ' follow them, and unchanged words again run on long enough to wrap over two more lines of the clause.' },
        ],
      },
    ]);
    const { calls } = await recordDrawing(m);
    const texts = calls.filter((c): c is TextCall => c.kind === 'text');
    const inserted = texts.find((t) => t.text.trim() === 'inserted words');
    expect(inserted, texts.map((t) => t.text).join(' | ')).toBeDefined();
    expect(inserted!.fill).toBe(GREEN);
    const line = texts.filter((t) => t.y === inserted!.y);
    // Black words before and after it on the same line, which is not the last (so it is justified).
    expect(line.filter((t) => t !== inserted && t.fill === 'black' && t.text !== '1.1.').length).toBe(2);
    expect(Math.max(...texts.map((t) => t.y))).toBeGreaterThan(inserted!.y);
    expect(linesAt(calls, inserted!, GREEN)).toHaveLength(1);
  });

  it('marks a whole inserted or deleted clause, its number included, on every line', async () => {
    const { calls } = await recordDrawing(redline());
    const texts = calls.filter((c): c is TextCall => c.kind === 'text');
    for (const [number, colour] of [
      ['1.2.', RED],
      ['1.3.', GREEN],
    ] as const) {
      const label = texts.find((t) => t.text === number)!;
      expect(label.fill).toBe(colour);
      const [line] = linesAt(calls, label, colour);
      expect(line, number).toBeDefined();
      // From the number to the text: the mark runs through the gap after the number.
      const first = texts.find((t) => t.y === label.y && t.x > label.x)!;
      expect(line!.x2).toBeCloseTo(first.x, 3);
    }
    const removed = texts.find((t) => t.text === 'A removed clause.')!;
    expect(removed.fill).toBe(RED);
    expect(linesAt(calls, removed, RED)).toHaveLength(1);
    const added = texts.filter((t) => t.text.includes('added clause') || t.text.includes('it ends here'));
    expect(new Set(added.map((t) => t.y)).size).toBeGreaterThanOrEqual(3);
    for (const t of added) {
      expect(t.fill).toBe(GREEN);
      expect(linesAt(calls, t, GREEN), t.text).toHaveLength(1);
    }
  });

  it('keeps every word readable in the text layer, adds no page and writes the same bytes twice', async () => {
    const a = await render(redline());
    const b = await render({ ...redline(), watermark: 'DRAFT' });
    const c = await render(redline());
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(true);
    const pages = await pageTexts(a);
    expect(pages).toHaveLength(1);
    expect(squash(pages[0]!)).toContain('1.1. Keeps new words and old words here, with bold added.');
    expect(squash(pages[0]!)).toContain('1.2. A removed clause.');
    expect(await pageTexts(b)).toHaveLength(1);
    // The redline colours show on the page.
    const path = savePdf(a, 'redline.pdf');
    expect(colourArea(path, 1, 72, [0x1a, 0x6b, 0x2e]).count).toBeGreaterThan(100);
    expect(colourArea(path, 1, 72, [0xc6, 0x28, 0x28]).count).toBeGreaterThan(50);
  });
});

/** The file of a document drawn on directly. */
const finishOwn = (pdf: Pdf): Buffer => Buffer.from(pdf.doc.end(usedFonts(pdf)));

/** Writes a pdfkit document (already drawn on) to bytes. */
function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}

/** A document with the four faces registered as writePdf registers them. */
function facesDocument(): Pdf {
  return registerFaces(blankDocument(), fonts, caches);
}

/** Text of a PDF as pdftotext reads it. */
const pdftotext = (bytes: Uint8Array, ...args: string[]): string => execFileSync('pdftotext', [...args, savePdf(bytes, 'text.pdf'), '-'], { encoding: 'utf8' });

/** Grey pixels of every page at 100 dpi. */
function pixels(bytes: Uint8Array): Buffer {
  return execFileSync('pdftoppm', ['-gray', '-r', '100', savePdf(bytes, 'pixels.pdf')], { maxBuffer: 64 * 1024 * 1024 });
}

describe('writePdf: text written without pdfkit text()', () => {
  // Kerning, combining marks (glyph offsets), a no-break space, a soft hyphen,
  // a tab, Cyrillic and Latin letters built from components, a ligature candidate.
  const samples = [
    'AVATAR Type Wave: “To” P. Yates, Vol. 7',
    'Café naïve e\u0301 a\u0308 o\u0323\u0302 Ș ț',
    'No.\u00a0JD-014 co\u00adoperate a\tb office ﬁnal',
    'Тест Йй Її Ёё Ґґ Ўў — ₼ 1 250,00',
  ];

  async function viaPdfkit(wordSpacing: number): Promise<Buffer> {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0), ModDate: new Date(0) } });
    const faces = ['regular', 'bold', 'italic', 'boldItalic'] as const;
    // Parsed afresh from the files: pdfkit alone, nothing shared with the writer.
    for (const face of faces) doc.registerFont(face, fonts[face]);
    // HarfBuzz composes a letter and its combining mark into the font's precomposed glyph (é), where pdfkit's
    // fontkit draws the two glyphs: pdfkit is given the composed text (jdgen's loader normalises text to NFC anyway).
    samples
      .map((text) => text.normalize('NFC'))
      .forEach((text, i) => {
        faces.forEach((face, k) => {
          doc
            .font(face)
            .fontSize(11)
            .text(text, 40, 60 + 20 * (4 * i + k), { lineBreak: false, baseline: 'alphabetic', wordSpacing });
        });
      });
    return finish(doc);
  }

  async function viaWriter(wordSpacing: number): Promise<Buffer> {
    const pdf = facesDocument();
    const faces = ['regular', 'bold', 'italic', 'boldItalic'] as const;
    samples.forEach((text, i) => {
      faces.forEach((face, k) => showText(pdf, face, 11, text, 40, 60 + 20 * (4 * i + k), wordSpacing));
    });
    return finishOwn(pdf);
  }

  it.each([0, 2.5])('draws the same glyphs at the same places as pdfkit (word spacing %s)', async (wordSpacing) => {
    const [expected, actual] = [await viaPdfkit(wordSpacing), await viaWriter(wordSpacing)];
    expect(pdftotext(actual, '-raw').normalize('NFC')).toBe(pdftotext(expected, '-raw'));
    expect(pdftotext(actual, '-layout').normalize('NFC')).toBe(pdftotext(expected, '-layout'));
    expect(pixels(actual).equals(pixels(expected))).toBe(true);
  });

  it('embeds the glyphs it drew as subsets with a Unicode map', async () => {
    const bytes = await viaWriter(0);
    const rows = execFileSync('pdffonts', [savePdf(bytes, 'own-fonts.pdf')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.trim().split(/\s+/).slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
    expect(pdftotext(bytes)).toContain('Тест Йй Її Ёё Ґґ Ўў');
  });

  it('writes files qpdf finds no fault in', async () => {
    for (const m of [sample, { ...longModel(), watermark: 'ПРОЕКТ' }]) {
      const out = execFileSync('qpdf', ['--check', savePdf(await render(m), 'check.pdf')], { encoding: 'utf8' });
      expect(out).toContain('No syntax or stream encoding errors');
    }
  });
});

describe('writePdf: caches shared by the documents of a process', () => {
  const latin = (): DocumentModel =>
    model([
      { type: 'heading', level: 1, number: '1.', text: 'Terms of Transfer' },
      clause('1.1.', 'The Team leader tests the Terms; “Tt” and office files stay searchable.'),
    ]);
  const cyrillic = (): DocumentModel =>
    model([{ type: 'heading', level: 1, number: '1.', text: 'Тест Т Й Ї Ё' }, clause('1.1.', 'Терміни та умови: Йосип, Їжак, Ёлка, Ґанок — текст Т.', 1)]);

  it('writes the same bytes for a document whatever the process wrote before', async () => {
    const a = await render(latin());
    const b = await render(cyrillic());
    expect(Buffer.from(await render(latin())).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(await render(cyrillic())).equals(Buffer.from(b))).toBe(true);
    // ... and as a process that wrote nothing else (the writer in a new node, loaded through tsx).
    for (const [m, bytes] of [
      [latin(), a],
      [cyrillic(), b],
    ] as const) {
      const modelFile = join(work, 'model.json');
      writeFileSync(modelFile, JSON.stringify({ model: m, fonts }));
      const writer = pathToFileURL(join(process.cwd(), 'src/write/pdf.ts')).href;
      const script = `import { readFileSync } from 'node:fs'; import { writePdf } from '${writer}';
        const { model, fonts } = JSON.parse(readFileSync(process.argv[1], 'utf8'));
        process.stdout.write(Buffer.from(await writePdf(model, { fonts })).toString('base64'));`;
      const fresh = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, modelFile], { encoding: 'utf8' });
      expect(Buffer.from(fresh, 'base64').equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('maps every glyph to its own letters, even after a subset took the glyph without any', async () => {
    // The Cyrillic Т of Noto Sans is built from the Latin T: subsetting the
    // Cyrillic document reads T without code points.
    await render(cyrillic());
    const [text] = await pageTexts(await render(latin()));
    expect(squash(text!)).toContain('1. Terms of Transfer 1.1. The Team leader tests the Terms; “Tt” and office files stay searchable.');
  });

  it('keeps the laid-out texts it used last, within LAYOUT_LIMIT characters', async () => {
    const own = createContext();
    await loadFonts(pdfCaches(own));
    const pdf = registerFaces(blankDocument(), fonts, pdfCaches(own));
    const { layouts } = pdfCaches(own);
    const span = (n: number): Span[] => [{ text: `Paragraph ${n}: ${'the employee reports to the head of sales '.repeat(25)}` }];
    const first = layoutText(pdf, span(0), 10, 400);
    const second = layoutText(pdf, span(1), 10, 400);
    // Each text is about 1,000 characters: lay out more than the limit holds, using the first one now and then.
    const count = Math.ceil((2 * LAYOUT_LIMIT) / 1_000);
    for (let n = 2; n < count; n += 1) {
      layoutText(pdf, span(n), 10, 400);
      if (n % 50 === 0) expect(layoutText(pdf, span(0), 10, 400)).toBe(first);
    }
    expect(layouts.calculatedSize).toBeLessThanOrEqual(LAYOUT_LIMIT);
    expect(layouts.calculatedSize).toBeGreaterThan(LAYOUT_LIMIT / 2);
    // The one used all along is kept; the one never used again was dropped (laid out anew: equal, not the same).
    expect(layoutText(pdf, span(0), 10, 400)).toBe(first);
    const again = layoutText(pdf, span(1), 10, 400);
    expect(again).not.toBe(second);
    expect(again).toEqual(second);
  });
});

describe('the PDF object writer (src/write/pdf/file)', () => {
  it('gives every face its embedded font with metrics, glyph 0 first and the glyphs numbered in order of use', () => {
    const pdf = facesDocument();
    (['regular', 'bold', 'italic', 'boldItalic'] as const).forEach((face, i) => {
      const font = docFace(pdf, face).embedded;
      expect(font.id).toBe(`F${i + 1}`);
      expect(font.scale).toBeCloseTo(1, 6); // Noto Sans: 1000 units per em
      expect(font.ascender).toBeGreaterThan(0);
      expect(font.descender).toBeLessThan(0);
      expect([...font.widths]).toEqual([[0, expect.any(Number)]]);
      expect(font.unicode.size).toBe(0);
      expect(font.include(36, 600, [0x41])).toBe(1);
      expect(font.include(40, 500, [0x45])).toBe(2);
      // The first code points and width a document gives a glyph stay.
      expect(font.include(36, 0, [])).toBe(1);
      expect(font.include(0, 0, [0xad])).toBe(0);
      expect([...font.widths]).toEqual([
        [0, expect.any(Number)],
        [1, 600],
        [2, 500],
      ]);
      expect([...font.unicode]).toEqual([
        [1, [0x41]],
        [2, [0x45]],
      ]);
    });
  });

  it('embeds subsets whose glyph widths are the /W widths, so the subset numbers the glyphs as the content streams do', async () => {
    const pdf = facesDocument();
    showText(pdf, 'regular', 11, 'Тест ЙйЇїЁёЎўĂăȘșŅņ ﬁ AVATAR 0123456789 ₼€№ final', 40, 60);
    showText(pdf, 'boldItalic', 11, 'Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich', 40, 80);
    const bytes = finishOwn(pdf);
    const objects = pdfObjects(bytes);
    let checked = 0;
    for (const { dict } of objects.values()) {
      if (!/\/Subtype \/CIDFontType2/.test(dict)) continue;
      expect(dict).toContain('/CIDToGIDMap /Identity');
      const w = /\/W \[((?:\d+ \[[^\]]*\]\s*)+)\]/.exec(dict)![1]!;
      const widths = new Map<number, number>();
      for (const [, first, list] of w.matchAll(/(\d+) \[([^\]]*)\]/g))
        list!
          .trim()
          .split(/\s+/)
          .forEach((width, i) => widths.set(Number(first) + i, Number(width)));
      const descriptor = objects.get(Number(/\/FontDescriptor (\d+) 0 R/.exec(dict)![1]))!.dict;
      const program = objects.get(Number(/\/FontFile2 (\d+) 0 R/.exec(descriptor)![1]))!.stream!;
      const subset = createFont(program);
      expect(subset.numGlyphs).toBeGreaterThan(Math.max(...widths.keys()));
      for (const [cid, width] of widths) expect(subset.advanceOf(cid), `CID ${cid}`).toBeCloseTo(width, 3);
      expect(widths.size).toBeGreaterThan(30);
      checked += 1;
    }
    expect(checked).toBe(2);
  });

  it("copies TrueType subsets from the font file: each CID has its glyph's outline and advance, components follow", () => {
    for (const face of ['regular', 'boldItalic'] as const) {
      const original = createFont(readFileSync(fonts[face]));
      const letters = original.shape('Тест ЙйЇїЁёЎўĂăȘșŅņ ﬁ AVATAR 0123456789 ₼€№ ǅ').ids;
      const sets = [[], letters, Array.from({ length: 300 }, (_, i) => (i * 37) % 4000), [...letters].reverse()];
      for (const ids of sets) {
        const embedded = docFace(facesDocument(), face).embedded;
        const cids = ids.map((id) => embedded.include(id, 0, []));
        const subset = createFont(embedded.subsetFile());
        const glyphs = [0, ...new Set(ids.filter((id) => id !== 0))];
        expect(subset.numGlyphs, `${face}: ${ids.length} glyphs`).toBeGreaterThanOrEqual(glyphs.length);
        glyphs.forEach((id, cid) => {
          expect(subset.glyphPath(cid), `${face} glyph ${id}`).toBe(original.glyphPath(id));
          expect(subset.advanceOf(cid)).toBe(original.advanceOf(id));
        });
        expect(cids).toEqual(ids.map((id) => glyphs.indexOf(id)));
      }
    }
  });

  it('subsets other fonts with HarfBuzz, glyph ids kept: the glyphs asked for keep outline and advance, the others are empty', () => {
    const data = readFileSync(fonts.regular);
    const original = createFont(data);
    const ids = original.shape('Тест ЙйĂăȘș AVATAR ₼').ids;
    const subset = createFont(new Subsetter().font(data).subset([0, ...ids]));
    for (const id of [0, ...ids]) {
      expect(subset.glyphPath(id), `glyph ${id}`).toBe(original.glyphPath(id));
      expect(subset.advanceOf(id)).toBe(original.advanceOf(id));
    }
    const unused = original.glyphFor(0x2116);
    expect(original.glyphPath(unused)).not.toBe('');
    expect(subset.glyphPath(unused)).toBe('');
  });

  it('reads the code points of each glyph off the text: ligatures, composed and ignorable characters', () => {
    const font = createFont(readFileSync(fonts.regular));
    const points = (text: string): string[] => codePointsOf(text, font.shape(text), font.glyphFor(0x20)).map((cps) => String.fromCodePoint(...cps));
    expect(points('a b')).toEqual(['a', ' ', 'b']);
    expect(points('a\u00a0b')).toEqual(['a', '\u00a0', 'b']);
    expect(points('Tt')).toEqual(['T', 't']);
    expect(points('final').join('')).toBe('final');
    expect(points('ﬁnal').join('')).toBe('ﬁnal');
    // HarfBuzz draws a letter and its mark as the precomposed glyph, which stands for both.
    expect(points('e\u0301a\u0308')).toEqual(['e\u0301', 'a\u0308']);
    // A soft hyphen is drawn as a space of no width, and stands for a space.
    expect(points('co\u00adop')).toEqual(['c', 'o', ' ', 'o', 'p']);
    // Long runs of marks are shaped in pieces; every character is still accounted for once.
    const marks = `a${'\u0301'.repeat(100)}b`;
    const shaped = docFace(facesDocument(), 'regular').shaper.shape(marks);
    expect(shaped.codePoints.flat()).toEqual(Array.from(marks, (c) => c.codePointAt(0)));
  });

  it('reads the code points of a word drawn one glyph per character as the general rule (by clusters) does', () => {
    const words = new Set(['co\u00adop', 'a\u200bb', 'x\u2060y', '\u00ad', 'a\ud835\udc00b', 'e\u0301a', 'ﬁnal', 'office', '\ud800x', 'Tt']);
    for (const locale of ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az']) {
      for (const f of readdirSync(join('examples', locale)))
        for (const word of readFileSync(join('examples', locale, f), 'utf8').split(/[ \n]+/)) words.add(word);
    }
    let general = 0;
    const differ: string[] = [];
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const font = createFont(readFileSync(fonts[face]));
      const space = font.glyphFor(0x20);
      const texts = [...words, ...Array.from(font.characterSet(), (c) => `a${String.fromCodePoint(c)}b`)];
      for (const text of texts) {
        const run = font.shape(text);
        if (run.clusters.some((cluster, i) => cluster !== i) || run.clusters.length !== text.length) general += 1;
        if (JSON.stringify(codePointsOf(text, run, space)) !== JSON.stringify(codePointsByClusters(text, run, space))) differ.push(`${face} ${text}`);
      }
    }
    expect(differ).toEqual([]);
    // Both paths ran: words of one glyph per character, and ligatures, marks and surrogate pairs.
    expect(general).toBeGreaterThan(20);
    expect(words.size).toBeGreaterThan(1000);
  });

  it('shapes words joined in one HarfBuzz call exactly as alone, or leaves them to be shaped alone', () => {
    const words = new Set<string>();
    for (const locale of ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az']) {
      for (const f of readdirSync(join('examples', locale)))
        for (const word of readFileSync(join('examples', locale, f), 'utf8').split(/\s+/)) if (word) words.add(word);
    }
    let joined = 0;
    let alone = 0;
    const differ: string[] = [];
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const font = createFont(readFileSync(fonts[face]));
      // Every character of the face that guessedScript places, between two letters of its script and alone.
      const texts = [...words];
      for (const c of font.characterSet()) {
        const char = String.fromCodePoint(c);
        const script = guessedScript(char);
        if (script !== undefined) texts.push(char, script === 'Cyrl' ? `ж${char}я` : `a${char}v`, `${char}${char}`);
      }
      const groups = new Map<string, string[]>();
      for (const text of texts) {
        const script = guessedScript(text);
        if (script !== undefined) groups.set(script, [...(groups.get(script) ?? []), text]);
      }
      for (const group of groups.values()) {
        for (let from = 0; from < group.length; from += 40) {
          const chunk = group.slice(from, from + 40);
          font.shapeMany(chunk).forEach((run, i) => {
            if (run === undefined) alone += 1;
            else {
              joined += 1;
              if (JSON.stringify(run) !== JSON.stringify(font.shape(chunk[i]!))) differ.push(`${face} ${chunk[i]!}`);
            }
          });
        }
      }
      // A mark after the joining space joins the space's cluster: that word is not cut out, its neighbour is.
      const marked = font.shapeMany(['ab', '\u0301cd', 'ef']);
      expect(marked[0]).toEqual(font.shape('ab'));
      expect(marked[1]).toBeUndefined();
      expect(marked[2]).toEqual(font.shape('ef'));
    }
    expect(differ).toEqual([]);
    expect(joined).toBeGreaterThan(10_000);
    expect(alone).toBeLessThan(joined / 100);
    // HarfBuzz's own guess of the script: Latin, Cyrillic and Common; anything else is not joined.
    expect(['Job', 'Должность', '2026', '«—»', 'məsul', 'ª', 'e\u0301', '\u0483', 'αβ', '\u200b'].map(guessedScript)).toEqual([
      'Latn',
      'Cyrl',
      '',
      '',
      'Latn',
      'Latn',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('gives every glyph of the bundled faces the advance HarfBuzz gives it', () => {
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const data = readFileSync(fonts[face]);
      const font = createFont(data);
      const reference = new harfbuzz.Font(new harfbuzz.Face(new harfbuzz.Blob(data), 0));
      const differ: number[] = [];
      for (let glyph = 0; glyph < font.numGlyphs; glyph += 1) if (font.advanceOf(glyph) !== reference.glyphHAdvance(glyph)) differ.push(glyph);
      expect(differ, face).toEqual([]);
      expect(font.numGlyphs, face).toBeGreaterThan(1000);
    }
  });

  it('writes ToUnicode maps as bfrange arrays over runs of CIDs (at most 100 per block), surrogate pairs for astral code points', () => {
    const unicode = new Map<number, number[] | undefined>();
    for (let i = 1; i < 300; i += 1) if (i !== 100) unicode.set(i, [0x41 + (i % 26)]);
    unicode.set(5, [0x1f600]);
    unicode.set(6, [0x66, 0x69]);
    unicode.set(1000, []);
    for (let i = 0; i < 120; i += 1) unicode.set(2000 + 2 * i, [0x42]);
    const cmap = toUnicodeCMap(unicode);
    // Runs 1–99, 101–255, 256–299 (a range keeps its high byte), 1000, and 120 single codes: 124 ranges.
    expect(cmap).toContain('100 beginbfrange');
    expect(cmap).toContain('24 beginbfrange');
    expect(cmap).toMatch(/<0001> <0063> \[<0042> <0043> <0044> <0045> <d83dde00> <00660069>/);
    expect(cmap).toMatch(/<0065> <00ff> \[/);
    expect(cmap).toMatch(/<0100> <012b> \[/);
    const map = toUnicode(cmap);
    expect(map.get(5)).toBe('😀');
    expect(map.get(299)).toBe(String.fromCharCode(0x41 + (299 % 26)));
    expect(map.has(100)).toBe(false);
    expect(map.get(1000)).toBe('');
    expect(map.get(2238)).toBe('B');
  });

  it('writes /W as runs of consecutive CIDs', () => {
    expect(
      widthsArray(
        new Map([
          [7, 300],
          [0, 600],
          [1, 500],
          [2, 400],
        ]),
      ),
    ).toEqual([0, [600, 500, 400], 7, [300]]);
  });

  it('loads no standard font: every font of a document is an embedded subset', async () => {
    const raw = pdfText(await render(sample));
    expect(raw).not.toContain('Helvetica');
    expect(raw).not.toMatch(/\/Subtype \/Type1/);
  });

  it('shapes a word and its space as it shapes them apart, for every character of the bundled fonts', () => {
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const font = createFont(readFileSync(fonts[face]));
      const space = font.glyphFor(0x20);
      const run = (text: string): unknown[][] => {
        const shaped = font.shape(text);
        return [shaped.ids, codePointsOf(text, shaped, space), shaped.xAdvance, shaped.xOffset, shaped.yOffset];
      };
      const alone = run(' ');
      const characters = Array.from(font.characterSet()).filter((c) => c > 0x20 && c < 0x2200);
      expect(characters.length).toBeGreaterThan(500);
      for (const c of characters) {
        const word = `a${String.fromCodePoint(c)}`;
        const apart = run(word);
        expect(JSON.stringify(run(`${word} `)), `${face} U+${c.toString(16)}`).toBe(JSON.stringify(apart.map((part, i) => [...part, ...alone[i]!])));
      }
    }
  });

  it('measures widths as pdfkit did', () => {
    const doc = new PDFDocument({ size: 'A4' });
    doc.registerFont('regular', fonts.regular);
    doc.font('regular').fontSize(11);
    expect(textWidth(facesDocument(), 'regular', 'Type AVATAR No.\u00a07', 11)).toBe(doc.widthOfString('Type AVATAR No.\u00a07'));
  });

  it('lets pending callbacks run between documents written in a loop (nothing piles up)', async () => {
    let ran = 0;
    for (let i = 0; i < 3; i += 1) {
      process.nextTick(() => {
        ran += 1;
      });
      await render(sample);
    }
    expect(ran).toBe(3);
  });

  it('packs every object but the streams into object streams, found through a cross-reference stream', async () => {
    const bytes = await render(sample);
    const path = savePdf(bytes, 'object-streams.pdf');
    expect(execFileSync('qpdf', ['--check', path], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    const raw = Buffer.from(bytes).toString('latin1');
    // No cross-reference table: a stream (/Type /XRef) holds the trailer's entries.
    expect(raw).not.toMatch(/^xref$|^trailer$/m);
    expect(raw).toMatch(/\/Type \/XRef\n\/Size \d+\n\/W \[1 \d 2\]\n\/Root \d+ 0 R\n\/Info \d+ 0 R\n\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
    // Outside the object streams only streams: one uncompressed entry per stream of the file.
    const entries = execFileSync('qpdf', ['--show-xref', path], { encoding: 'utf8' }).trim().split('\n');
    const streams = raw.match(/\nstream\n/g)!.length;
    expect(entries.filter((e) => e.includes('uncompressed'))).toHaveLength(streams);
    expect(entries.filter((e) => e.includes('compressed; stream')).length).toBeGreaterThan(50);
    expect(raw).not.toContain('/StructElem');
    expect(pdfText(bytes)).toContain('/StructElem');
  });

  it('compresses page contents that read back as written', () => {
    const pdf = facesDocument();
    showText(pdf, 'regular', 11, 'Compressed (here) \\ there', 40, 60);
    const bytes = finishOwn(pdf);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/Filter \/FlateDecode/);
    const [call] = drawnOn(bytes).filter((c): c is TextCall => c.kind === 'text');
    expect(call).toMatchObject({ text: 'Compressed (here) \\ there', x: 40, y: 60, size: 11, fill: 'black' });
    expect(execFileSync('qpdf', ['--check', savePdf(bytes, 'compressed.pdf')], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  });

  it('writes the document language, the title as the window title, and a file identifier from the content', async () => {
    const a = pdfText(await render(sample));
    expect(a).toMatch(/\/Lang \(ru\)|\/Lang \(\w+\)/);
    expect(a).toMatch(/\/ViewerPreferences <<\n\/DisplayDocTitle true\n>>/);
    const id = /\/ID \[<([0-9a-f]{32})> <\1>\]/.exec(a)?.[1];
    expect(id).toBeDefined();
    const b = pdfText(await render({ ...sample, meta: { ...sample.meta, title: `${sample.meta.title} 2` } }));
    expect(/\/ID \[<([0-9a-f]{32})>/.exec(b)?.[1]).not.toBe(id);
  });

  it('refuses a JPEG without a frame header, and colours it does not know', () => {
    const doc = blankDocument();
    expect(() => doc.jpeg(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 0, 0, { width: 10, height: 10 })).toThrow(/no frame header/);
    expect(() => doc.jpeg(new Uint8Array([0x89, 0x50]), 0, 0, { width: 10, height: 10 })).toThrow(/not a JPEG/);
    expect(() => doc.fillColor('tomato')).toThrow(/unknown colour/);
  });
});
