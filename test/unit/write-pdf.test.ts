import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import type { Block, DocumentModel, ImageBlock, Span } from '../../src/model/types.js';
import { bundledFonts } from '../helpers/fonts.js';
import { png, type Rgb } from '../helpers/png.js';
import { greyBetween, pixelArea, rasterize } from '../helpers/raster.js';
import { writePdf } from '../../src/write/pdf.js';
import { documentTimestamp } from '../../src/write/timestamp.js';

const fonts = bundledFonts();
const sample = JSON.parse(
  readFileSync(new URL('../fixtures/model/sample.json', import.meta.url), 'utf8'),
) as DocumentModel;

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

const render = (model: DocumentModel): Promise<Uint8Array> => writePdf(model, { fonts });

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

const fillers = (count: number): Block[] =>
  Array.from({ length: count }, (_, i) => clause(`1.${i + 1}.`, `Filler clause number ${i + 1}.`));

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
    expect(Buffer.from(bytes).toString('latin1')).toContain('/Lang (en)');
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
    expect(rows.map((r) => r[0]!.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSans-Bold',
      'NotoSans-BoldItalic',
      'NotoSans-Italic',
      'NotoSans-Regular',
    ]);
    for (const row of rows) {
      // name, type (2 words), encoding, emb, sub, uni, object id, generation
      expect(row.slice(-5, -2), row.join(' ')).toEqual(['yes', 'yes', 'yes']);
    }
    const [text] = await pageTexts(bytes);
    expect(text).toContain('Regular ș ț ā ģ Bold ë ç ə ğ ı Italic ї є ґ Both ё ы');
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
    const alone = await pageTexts(
      await render(model([...fillers(n), { type: 'heading', level: 1, number: '2.', text: 'Moved heading' }])),
    );
    expect(pageOf(alone, 'Moved heading')).toBe(0);
    expect(bodyLines(alone[0]!).at(-1)).toBe('2. Moved heading');
  });

  it('keeps a keep group on one page', async () => {
    const agreed: Block = {
      type: 'keep',
      blocks: [
        { type: 'paragraph', spans: [{ text: 'AGREED:', bold: true }], align: 'left', size: 'normal' },
        { type: 'signature', label: 'Head of Legal', name: 'A. Brown', caption: '(signature)' },
        { type: 'signature', label: 'HR Manager', name: 'C. Davis', caption: '(signature)' },
      ],
    };
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
    expect(documentTimestamp({ date: '2026-11-02' }, { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe(
      '2023-11-14T22:13:20.000Z',
    );
  });

  it('rejects malformed values', () => {
    expect(() => documentTimestamp({ date: '2026-02-30' }, {})).toThrow(/real date/);
    expect(() => documentTimestamp({ date: '2026-11-02' }, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(
      /SOURCE_DATE_EPOCH/,
    );
  });
});


const LOGO_BLUE: Rgb = [42, 92, 170];
/** 40 × 20 px, one opaque colour. */
const solidPng = png(40, 20, () => LOGO_BLUE);
/** 30 × 30 px with a transparent corner: pdfkit splits off the alpha channel as a soft mask. */
const alphaPng = png(30, 30, (x) => [200, 40, Math.min(255, x * 8)], (x, y) => (x + y < 12 ? 0 : 255));

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

/** Renders a model and records where pdfkit was asked to draw each image. */
async function renderPlacements(m: DocumentModel): Promise<{ bytes: Uint8Array; placed: Placement[] }> {
  type ImageMethod = (this: PDFKit.PDFDocument, src: unknown, x: number, y: number, options: PDFKit.Mixins.ImageOption) => unknown;
  const proto = PDFDocument.prototype as unknown as { image: ImageMethod };
  const original = proto.image;
  const placed: Placement[] = [];
  proto.image = function (src, x, y, options) {
    placed.push({ page: this.bufferedPageRange().count, x, y, width: options.width ?? NaN, height: options.height ?? NaN });
    return original.call(this, src, x, y, options);
  };
  try {
    return { bytes: await render(m), placed };
  } finally {
    proto.image = original;
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

describe('writePdf: images', () => {
  const left = mmPt(25);
  const top = mmPt(20);
  // pdfkit's A4 is 595.28 × 841.89 pt.
  const textWidth = 595.28 - mmPt(25) - mmPt(15);

  it('embeds a PNG as an image XObject of its pixel size, at the model width', async () => {
    const bytes = await render(model([image(solidPng, 'png', [40, 20], 20)]));
    const raw = Buffer.from(bytes).toString('latin1');
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
      expect(mark.origin).toEqual([595.28 / 2, 841.89 / 2]);
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

/**
 * Renders a model and records what pdfkit was asked to draw: each text with
 * its fill colour (and the rotation in force), each straight line with its
 * stroke colour.
 */
async function recordDrawing(m: DocumentModel): Promise<{ bytes: Uint8Array; calls: Array<TextCall | LineCall> }> {
  type Method = (this: PDFKit.PDFDocument, ...args: unknown[]) => PDFKit.PDFDocument;
  const proto = PDFDocument.prototype as unknown as Record<string, Method>;
  const names = ['text', 'fillColor', 'strokeColor', 'lineWidth', 'moveTo', 'lineTo', 'stroke', 'rotate', 'restore'] as const;
  const originals = Object.fromEntries(names.map((name) => [name, proto[name]!])) as Record<(typeof names)[number], Method>;
  const calls: Array<TextCall | LineCall> = [];
  let fill = 'black';
  let opacity: number | undefined;
  let stroke = 'black';
  let width = 1;
  let rotation: { angle: number; origin: [number, number] } | undefined;
  let path: number[] = [];
  proto.fillColor = function (colour, alpha) {
    fill = String(colour);
    opacity = alpha as number | undefined;
    return originals.fillColor.call(this, colour, alpha);
  };
  proto.strokeColor = function (colour, ...rest) {
    stroke = String(colour);
    return originals.strokeColor.call(this, colour, ...rest);
  };
  proto.lineWidth = function (w) {
    width = w as number;
    return originals.lineWidth.call(this, w);
  };
  proto.moveTo = function (x, y) {
    path = [x as number, y as number];
    return originals.moveTo.call(this, x, y);
  };
  proto.lineTo = function (x, y) {
    path.push(x as number, y as number);
    return originals.lineTo.call(this, x, y);
  };
  proto.stroke = function (...args) {
    if (path.length === 4) {
      const [x1, y1, x2, y2] = path as [number, number, number, number];
      calls.push({ kind: 'line', colour: stroke, width, x1, y1, x2, y2 });
    }
    path = [];
    return originals.stroke.call(this, ...args);
  };
  proto.rotate = function (angle, options) {
    rotation = { angle: angle as number, origin: (options as { origin: [number, number] }).origin };
    return originals.rotate.call(this, angle, options);
  };
  proto.restore = function () {
    rotation = undefined;
    stroke = 'black';
    return originals.restore.call(this);
  };
  proto.text = function (text, x, y, options) {
    const size = (this as unknown as { _fontSize: number })._fontSize;
    calls.push({
      kind: 'text',
      text: String(text),
      x: x as number,
      y: y as number,
      size,
      fill,
      opacity,
      rotation: rotation?.angle,
      origin: rotation?.origin,
    });
    return originals.text.call(this, text, x, y, options);
  };
  try {
    return { bytes: await render(m), calls };
  } finally {
    Object.assign(proto, originals);
  }
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
      (c): c is LineCall =>
        c.kind === 'line' && c.colour === colour && c.y1 === c.y2 && Math.abs(c.y1 - t.y) < t.size && c.x1 <= t.x + 0.01 && c.x2 > t.x,
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

  it('marks a whole inserted or deleted clause, its number included, on every line', async () => {
    const { calls } = await recordDrawing(redline());
    const texts = calls.filter((c): c is TextCall => c.kind === 'text');
    for (const [number, colour] of [['1.2.', RED], ['1.3.', GREEN]] as const) {
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
