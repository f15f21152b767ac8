import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync, strFromU8, strToU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Block, DocumentModel, ImageBlock } from '../../src/model/types.js';
import { writeDocx } from '../../src/write/docx.js';
import { DocumentParts } from '../../src/write/docx/parts.js';
import { createContext } from '../../src/context.js';
import { docxCaches } from '../../src/write/docx/caches.js';
import { obfuscate, skeletonFor, type SkeletonKey } from '../../src/write/docx/skeleton.js';
import { BASE_THEME, clauseColumns } from '../../src/theme/theme.js';
import { changedMark, ROOT_CONTEXT, trackedRuns, type RenderContext } from '../../src/write/docx/text.js';
import { element, escapeAttribute, escapeText, stripInvalid } from '../../src/write/docx/xml.js';
import { deflatedEntry, dosDateTime, storedEntry, zip } from '../../src/write/docx/zip.js';
import { writePdf } from '../../src/write/pdf.js';
import { bundledFonts } from '../helpers/fonts.js';
import { png, type Rgb } from '../helpers/png.js';
import { greyBetween, pixelArea } from '../helpers/raster.js';

const fixture = new URL('../fixtures/model/sample.json', import.meta.url);
const loadSample = (): DocumentModel => JSON.parse(readFileSync(fixture, 'utf8')) as DocumentModel;
const fonts = bundledFonts();

/** One context for the file's documents, as a batch shares one: caches must not change what a document is. */
const context = createContext();

async function write(model: DocumentModel): Promise<Uint8Array> {
  return writeDocx(model, { fonts, context });
}

/** Drops the context's skeletons: the next document builds its skeleton again. */
function clearSkeletonCache(): void {
  context.docx = undefined;
}

const skeletonOf = (key: SkeletonKey) => skeletonFor(key, docxCaches(context));

function parts(docx: Uint8Array): Record<string, string> {
  const files = unzipSync(docx);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/**
 * The text, no-break spaces read as spaces (centred titles glue their last short word with one)
 * and no-break hyphens (w:noBreakHyphen, in a number on a centred line) as hyphens.
 */
async function rawText(docx: Uint8Array): Promise<string> {
  const result = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
  return result.value.replace(/\u00a0/g, ' ').replace(/\u2011/g, '-');
}

/** The texts of the model's blocks in reading order (signature cells: label, caption, name). */
function blockTexts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    switch (block.type) {
      case 'paragraph':
        return [block.spans.map((span) => span.text).join('')];
      case 'heading':
        return [`${block.number}\t${block.text}`];
      case 'clause':
        return [`${block.number}\t${block.spans.map((span) => span.text).join('')}`];
      case 'signature':
        return [block.label, block.caption, block.name].filter((text) => text !== '');
      case 'table':
        return [...block.columns.map((column) => column.title), ...block.rows.flat().filter((cell) => cell !== '')];
      case 'keep':
      case 'box':
        return blockTexts(block.blocks);
      default:
        return [];
    }
  });
}

/** The paragraph (w:p … /w:p) whose text contains `text`. */
function paragraphWith(xml: string, text: string): string {
  const paragraph = xml.match(/<w:p>(?:(?!<\/w:p>).)*<\/w:p>/gs)?.find((p) => p.replace(/\u00a0/g, ' ').includes(text));
  if (paragraph === undefined) throw new Error(`no paragraph contains ${text}`);
  return paragraph;
}

/** One w:style element of styles.xml. */
function styleXml(styles: string, id: string): string {
  const style = styles.match(new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`, 's'))?.[0];
  if (style === undefined) throw new Error(`no style ${id}`);
  return style;
}

/** Date and time of the first zip entry, decoded from its MS-DOS fields. */
function firstEntryTime(zip: Uint8Array): string {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const time = view.getUint16(10, true);
  const date = view.getUint16(12, true);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)}` + `T${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`;
}

describe('writeDocx', () => {
  let sample: Uint8Array;
  let xml: Record<string, string>;

  beforeAll(async () => {
    sample = await write(loadSample());
    xml = parts(sample);
  });

  afterEach(() => {
    delete process.env['SOURCE_DATE_EPOCH'];
  });

  it('returns a zip that Word recognises as a document', () => {
    expect(sample).toBeInstanceOf(Uint8Array);
    expect([...sample.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(Object.keys(xml)[0]).toBe('[Content_Types].xml');
    expect(xml['[Content_Types].xml']).toContain('wordprocessingml.document.main+xml');
  });

  it('contains every text of the model in reading order, with literal clause numbers', async () => {
    const text = await rawText(sample);
    let position = 0;
    for (const expected of blockTexts(loadSample().blocks)) {
      const found = text.indexOf(expected, position);
      expect(found, `"${expected}" after position ${position}`).toBeGreaterThanOrEqual(position);
      position = found + expected.length;
    }
    expect(text).toContain('1.2.2.1.\ta third-level clause');
    expect(text).toContain('2.1.\tEducation: Higher education');
    // Literal numbers, not Word list numbering.
    expect(xml['word/document.xml']).not.toContain('<w:numPr>');
  });

  it('keeps Latin-extended and Cyrillic letters intact', async () => {
    const text = await rawText(sample);
    expect(text).toContain('ș ț ā ģ ë ç ə ğ ı — ї є ґ ё ы, ₼.');
  });

  it('sets the default font and document language in the style defaults', () => {
    const styles = xml['word/styles.xml'] ?? '';
    const defaults = styles.match(/<w:docDefaults>.*<\/w:docDefaults>/s)?.[0] ?? '';
    expect(defaults).toContain('w:ascii="Noto Sans"');
    expect(defaults).toContain('w:hAnsi="Noto Sans"');
    expect(defaults).toContain('w:cs="Noto Sans"');
    expect(defaults).toContain('w:eastAsia="Noto Sans"');
    expect(defaults).toContain('<w:lang w:val="en"/>');
    expect(xml['word/fontTable.xml']).toContain('<w:font w:name="Noto Sans">');
  });

  it('defines real paragraph styles: headings with outline levels, clauses with hanging indents', () => {
    const style = (id: string) => styleXml(xml['word/styles.xml'] ?? '', id);
    expect(style('JdHeading1')).toContain('<w:basedOn w:val="Heading1"/>');
    expect(style('JdHeading1')).toContain('<w:outlineLvl w:val="0"/>');
    expect(style('JdHeading1')).toContain('<w:keepNext/>');
    expect(style('JdClause1')).toMatch(/<w:ind [^>]*w:hanging="709"/);
    expect(style('JdClause3')).toMatch(/<w:ind [^>]*w:left="2551"/);
    expect(style('JdSmall')).toContain('<w:sz w:val="18"/>');
    expect(style('JdTitle')).toContain('<w:sz w:val="30"/>');
    const document = xml['word/document.xml'] ?? '';
    expect(paragraphWith(document, '1.2.2.1.')).toContain('<w:pStyle w:val="JdClause3"/>');
    expect(paragraphWith(document, '1.2.1.')).toContain('<w:pStyle w:val="JdClause2"/>');
  });

  it('keeps headings with the next paragraph and starts the familiarisation sheet on a new page', () => {
    const document = xml['word/document.xml'] ?? '';
    const heading = paragraphWith(document, 'General provisions');
    expect(heading).toContain('<w:pStyle w:val="JdHeading1"/>');
    expect(heading).toContain('<w:keepNext/>');
    expect(paragraphWith(document, 'FAMILIARISATION SHEET')).toContain('<w:pageBreakBefore/>');
  });

  it('writes the table with a repeating bold header, unsplittable rows and minimum heights', () => {
    const document = xml['word/document.xml'] ?? '';
    const table = document.match(/<w:tbl>(?:(?!<w:tbl>).)*?Full name.*?<\/w:tbl>/s)?.[0] ?? '';
    expect(table.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(table.match(/<w:cantSplit\/>/g)).toHaveLength(4);
    expect(table.match(/<w:trHeight w:val="440" w:hRule="atLeast"\/>/g)).toHaveLength(3);
    expect(table).toContain('<w:pStyle w:val="JdTableHeader"/>');
    expect(table.match(/<w:shd [^>]*w:fill="EFEFEF"/g)).toHaveLength(5);
    expect(table).toMatch(/<w:top w:val="single"[^>]*w:sz="4"/);
    // 7 % of the 9639-twip text width (210 mm − 25 mm − 15 mm).
    expect(table).toContain('<w:gridCol w:w="675"/>');
  });

  it('keeps the AGREED group on one page as one flat table of rows that cannot split, set off by 20 pt from the clauses above', () => {
    const document = xml['word/document.xml'] ?? '';
    const start = document.lastIndexOf('<w:tbl>', document.indexOf('AGREED:'));
    const group = document.slice(start, document.indexOf('</w:tbl>', start) + '</w:tbl>'.length);
    // One table with no table inside it: LibreOffice 7.4 left a heading stranded on the page
    // before a group whose signatures were tables nested in one unsplittable row (lv example).
    expect(group.match(/<w:tbl>/g)).toHaveLength(1);
    expect(group).toContain('C. Davis');
    // A row per block (the title, each signature with label, line and name as cells), none of them splits ...
    const rows = group.match(/<w:tr>.*?<\/w:tr>/gs) ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(r).toMatch(/^<w:tr><w:trPr><w:cantSplit\/>/);
    expect(rows[0]).toContain('AGREED:');
    const davis = rows.find((r) => r.includes('C. Davis')) ?? '';
    expect(davis).toContain('HR Manager');
    expect(davis).toContain('(signature)');
    expect(davis.match(/<w:tc>/g)).toHaveLength(3);
    // ... and every row but the last keeps with the next through all its paragraphs (Word and LibreOffice read it there).
    for (const r of rows.slice(0, -1)) {
      const paragraphs = r.match(/<w:p>.*?<\/w:p>/gs) ?? [];
      expect(paragraphs.length).toBeGreaterThan(0);
      for (const p of paragraphs) expect(p).toContain('<w:keepNext/>');
    }
    // A signature's cells span the grid columns between their edges; every row fills the text width.
    const grid = [...group.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const total = grid.reduce((sum, width) => sum + width, 0);
    for (const r of rows) {
      const spans = [...r.matchAll(/<w:tc><w:tcPr><w:tcW w:w="(\d+)" w:type="dxa"\/>(?:<w:gridSpan w:val="(\d+)"\/>)?/g)];
      expect(spans.reduce((sum, m) => sum + Number(m[2] ?? 1), 0)).toBe(grid.length);
      expect(spans.reduce((sum, m) => sum + Number(m[1]), 0)).toBe(total);
    }
    // The spacer above it: 20 pt less the 4 pt the clause above leaves, kept with the group.
    const before = document.slice(0, start);
    const spacer = before.slice(before.lastIndexOf('<w:p>'));
    expect(spacer).toContain('<w:keepNext/>');
    expect(spacer).toContain('w:line="320" w:lineRule="exact"');
  });

  it('draws the signature line as a bottom border with the caption under it', () => {
    const document = xml['word/document.xml'] ?? '';
    expect(document).toMatch(/<w:pBdr><w:bottom w:val="single"[^>]*\/><\/w:pBdr>.*?<\/w:p><w:p><w:pPr><w:pStyle w:val="JdSignatureCaption"\/>/s);
  });

  it('puts the APPROVED box in the right-hand 45 % of the text width', () => {
    const document = xml['word/document.xml'] ?? '';
    const box = document.match(/<w:tbl>.*?APPROVED/s)?.[0] ?? '';
    expect(box).toContain('<w:gridCol w:w="5301"/><w:gridCol w:w="4338"/>');
    // Word rejects a cell whose last element is a table.
    expect(document).not.toMatch(/<\/w:tbl><\/w:tc>/);
  });

  it('sets A4 and the model margins in twips', () => {
    const document = xml['word/document.xml'] ?? '';
    expect(document).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(document).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1417"/);
  });

  it('writes PAGE and NUMPAGES fields in the footer, with the literal text around them', () => {
    const footer = xml['word/footer1.xml'] ?? '';
    expect(footer).toContain('JD-014 · Key Account Manager');
    expect(footer).toContain('<w:tab/>');
    expect(footer).toMatch(/>Page <\/w:t>.*<w:instrText[^>]*>PAGE<\/w:instrText>.*> of <\/w:t>.*<w:instrText[^>]*>NUMPAGES<\/w:instrText>/s);
    expect(footer).not.toContain('{page}');
    expect(footer).toContain('<w:pStyle w:val="JdFooter"/>');
    expect(styleXml(xml['word/styles.xml'] ?? '', 'JdFooter')).toContain('<w:tab w:val="right" w:pos="9639"/>');
  });

  it('writes a header when the model has one', async () => {
    const model = { ...loadSample(), header: { left: 'Confidential', right: '{page}/{pages}' } };
    const files = parts(await write(model));
    const header = Object.entries(files).find(([name]) => /^word\/header\d*\.xml$/.test(name))?.[1] ?? '';
    expect(header).toContain('Confidential');
    expect(header).toContain('>PAGE</w:instrText>');
    expect(header).toContain('>NUMPAGES</w:instrText>');
  });

  it('fills the core properties from the model', () => {
    const core = xml['docProps/core.xml'] ?? '';
    expect(core).toContain('<dc:title>JOB DESCRIPTION — Key Account Manager</dc:title>');
    expect(core).toContain('<dc:subject>Key Account Manager, Sales Department</dc:subject>');
    expect(core).toContain('<dc:creator>Northwind Trading LLC</dc:creator>');
    expect(core).toContain('<cp:keywords>job description, JD-014</cp:keywords>');
    expect(core).toContain('<dc:language>en</dc:language>');
    expect(core).toContain('<cp:revision>1</cp:revision>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-02T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-02T00:00:00Z</dcterms:modified>');
    expect(firstEntryTime(sample)).toBe('2026-11-02T00:00:00');
  });

  it('writes byte-identical files for the same model, whatever the time zone', async () => {
    const savedTz = process.env['TZ'];
    try {
      process.env['TZ'] = 'America/Santiago';
      const santiago = await write(loadSample());
      process.env['TZ'] = 'Asia/Kolkata';
      const kolkata = await write(loadSample());
      expect(Buffer.from(santiago).equals(Buffer.from(sample))).toBe(true);
      expect(Buffer.from(kolkata).equals(Buffer.from(sample))).toBe(true);
    } finally {
      if (savedTz === undefined) delete process.env['TZ'];
      else process.env['TZ'] = savedTz;
    }
  });

  it('takes its dates from SOURCE_DATE_EPOCH when set', async () => {
    process.env['SOURCE_DATE_EPOCH'] = '1700000000';
    const pinned = await write(loadSample());
    const core = parts(pinned)['docProps/core.xml'] ?? '';
    expect(core).toContain('>2023-11-14T22:13:20Z</dcterms:created>');
    expect(core).toContain('>2023-11-14T22:13:20Z</dcterms:modified>');
    expect(firstEntryTime(pinned)).toBe('2023-11-14T22:13:20');
    expect(Buffer.from(pinned).equals(Buffer.from(sample))).toBe(false);
  });

  it('writes a Ukrainian document with the uk language and Cyrillic everywhere', async () => {
    const model: DocumentModel = {
      ...loadSample(),
      meta: { ...loadSample().meta, language: 'uk', title: 'ПОСАДОВА ІНСТРУКЦІЯ' },
      footer: { left: 'Посадова інструкція', right: 'Сторінка {page} з {pages}' },
      blocks: [
        { type: 'heading', level: 1, number: '1.', text: 'Загальні положення' },
        { type: 'clause', level: 1, number: '1.1.', spans: [{ text: 'Працівник підпорядковується їй, ґрунтуючись на єдиних правилах.' }] },
        { type: 'heading', level: 2, number: '1.2.', text: 'Ёлка ы' },
      ],
    };
    const docx = await write(model);
    const files = parts(docx);
    const text = await rawText(docx);
    expect(text).toContain('1.\tЗагальні положення');
    expect(text).toContain('1.1.\tПрацівник підпорядковується їй, ґрунтуючись на єдиних правилах.');
    expect(paragraphWith(files['word/document.xml'] ?? '', 'Ёлка ы')).toContain('<w:pStyle w:val="JdHeading2"/>');
    expect(files['word/styles.xml']).toContain('<w:lang w:val="uk"/>');
    expect(files['docProps/core.xml']).toContain('<dc:title>ПОСАДОВА ІНСТРУКЦІЯ</dc:title>');
    expect(files['word/footer1.xml']).toContain('>Сторінка </w:t>');
  });

  it('does not glue a box to the next block through keeps inside it', async () => {
    const model: DocumentModel = {
      ...loadSample(),
      blocks: [
        {
          type: 'box',
          align: 'right',
          width: 50,
          blocks: [
            { type: 'heading', level: 1, number: '', text: 'Boxed heading' },
            { type: 'paragraph', spans: [{ text: 'Kept' }], align: 'left', size: 'normal', keepWithNext: true },
            { type: 'signature', label: '', name: 'J. Smith', caption: '(signature)' },
          ],
        },
        { type: 'paragraph', spans: [{ text: 'After the box' }], align: 'left', size: 'normal' },
      ],
    };
    const document = parts(await write(model))['word/document.xml'] ?? '';
    // Word reads keepNext in a cell as "keep the row with the next": switched off
    // explicitly, which also overrides the heading style's keepNext.
    expect(paragraphWith(document, 'Boxed heading')).toContain('<w:keepNext w:val="false"/>');
    expect(paragraphWith(document, 'Kept')).toContain('<w:keepNext w:val="false"/>');
    expect(document).not.toContain('<w:keepNext/>');
  });

  it('ends a box cell with a paragraph even when its last block is a signature', async () => {
    const model: DocumentModel = {
      ...loadSample(),
      blocks: [
        {
          type: 'box',
          align: 'left',
          width: 50,
          blocks: [{ type: 'signature', label: '', name: 'J. Smith', caption: '(signature)' }],
        },
        { type: 'pageBreak' },
      ],
    };
    const document = parts(await write(model))['word/document.xml'] ?? '';
    expect(document).not.toMatch(/<\/w:tbl><\/w:tc>/);
    // A left box: the content column comes first.
    expect(document).toContain('<w:gridCol w:w="4820"/><w:gridCol w:w="4819"/>');
    // A trailing page break still gets a paragraph of its own.
    expect(document).toMatch(/<w:pageBreakBefore\/>.*<w:sectPr>/s);
  });
});

const LOGO_BLUE: Rgb = [42, 92, 170];
/** 40 × 20 px, one opaque colour. */
const solidPng = png(40, 20, () => LOGO_BLUE);

/** A 30 × 20 px baseline JPEG: page 1 of the sample as a PDF, rasterised by pdftoppm. */
async function jpeg(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'jdgen-jpeg-'));
  try {
    writeFileSync(join(dir, 'sample.pdf'), await writePdf(loadSample(), { fonts }));
    const args = ['-jpeg', '-f', '1', '-l', '1', '-scale-to-x', '30', '-scale-to-y', '20', '-singlefile'];
    return execFileSync('pdftoppm', [...args, join(dir, 'sample.pdf')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function image(
  bytes: Buffer,
  format: 'png' | 'jpeg',
  size: [number, number],
  width: number,
  align: ImageBlock['align'] = 'left',
  alt = 'Test logo',
): ImageBlock {
  return { type: 'image', format, data: bytes.toString('base64'), pixelWidth: size[0], pixelHeight: size[1], width, align, alt };
}

/** The sample with a 40 mm logo at the top left of page 1. */
const withLogo = (): DocumentModel => ({
  ...loadSample(),
  blocks: [image(solidPng, 'png', [40, 20], 40, 'left', 'Northwind Trading logo'), ...loadSample().blocks],
});

/** Each w:drawing of a part. */
const drawings = (xml: string): string[] => xml.match(/<w:drawing>.*?<\/w:drawing>/gs) ?? [];

describe('writeDocx: images', () => {
  it('embeds a PNG as an inline picture of the model width, with its alt text', async () => {
    const docx = await write({ ...loadSample(), blocks: [image(solidPng, 'png', [40, 20], 40, 'center', 'Logo of "A & B"')] });
    const files = unzipSync(docx);
    const xml = parts(docx);
    expect(Object.keys(files).filter((name) => name.startsWith('word/media/'))).toEqual(['word/media/image1.png']);
    expect(Buffer.from(files['word/media/image1.png']!).equals(solidPng)).toBe(true);
    expect(xml['[Content_Types].xml']).toContain('<Default ContentType="image/png" Extension="png"/>');
    const rels = xml['word/_rels/document.xml.rels'] ?? '';
    const relId = /Id="(rId\d+)" Type="[^"]*\/image" Target="media\/image1\.png"/.exec(rels)?.[1];
    expect(relId).toBeDefined();
    const document = xml['word/document.xml'] ?? '';
    const [drawing, ...more] = drawings(document);
    expect(more).toHaveLength(0);
    expect(drawing).toMatch(/^<w:drawing><wp:inline /);
    // 40 mm = 1 440 000 EMU wide, half as tall.
    expect(drawing).toContain('<wp:extent cx="1440000" cy="720000"/>');
    expect(drawing).toContain('<a:ext cx="1440000" cy="720000"/>');
    expect(drawing).toContain('descr="Logo of &quot;A &amp; B&quot;"');
    expect(drawing).toContain('<wp:docPr id="1" ');
    expect(drawing).toMatch(/<pic:pic\b.*<\/pic:pic>/s);
    expect(drawing).toContain(`<a:blip r:embed="${relId}"`);
    // The paragraph holding it carries the alignment.
    const paragraph = document.match(/<w:p>(?:(?!<\/w:p>).)*<w:drawing>.*?<\/w:p>/s)?.[0] ?? '';
    expect(paragraph).toContain('<w:jc w:val="center"/>');
    // Line spacing "auto" (explicitly: LibreOffice would otherwise clip the picture to one text line).
    expect(paragraph).toContain('<w:spacing w:line="240" w:lineRule="auto"/>');
  });

  it('embeds a JPEG, numbers media and drawings in document order, and fits a picture to a box', async () => {
    const docx = await write({
      ...loadSample(),
      blocks: [
        image(solidPng, 'png', [40, 20], 30, 'right'),
        { type: 'box', align: 'left', width: 50, blocks: [image(await jpeg(), 'jpeg', [30, 20], 200, 'left', 'Photo')] },
        image(solidPng, 'png', [40, 20], 20, 'left'),
      ],
    });
    const files = unzipSync(docx);
    const xml = parts(docx);
    expect(
      Object.keys(files)
        .filter((name) => name.startsWith('word/media/'))
        .sort(),
    ).toEqual(['word/media/image1.png', 'word/media/image2.jpg']);
    expect([...files['word/media/image2.jpg']!.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const found = drawings(xml['word/document.xml'] ?? '');
    expect(found.map((d) => /<wp:docPr id="(\d+)"/.exec(d)?.[1])).toEqual(['1', '2', '3']);
    expect(found[0]).toContain('<wp:extent cx="1080000" cy="540000"/>');
    // 200 mm does not fit the 4820-twip box: the picture takes the box width (1 twip = 635 EMU).
    expect(found[1]).toContain(`<wp:extent cx="${4820 * 635}" cy="${Math.round((4820 * 635 * 2) / 3)}"/>`);
    expect(found[2]).toContain('<wp:extent cx="720000" cy="360000"/>');
    // The same PNG twice is stored once.
    const images = (xml['word/_rels/document.xml.rels'] ?? '').match(/Target="media\/[^"]+"/g);
    expect(images).toEqual(['Target="media/image1.png"', 'Target="media/image2.jpg"']);
  });

  it('writes byte-identical files for a model with images', async () => {
    const model = withLogo();
    const first = await write(model);
    // docx numbers drawings from a counter shared by every document of the process.
    await write({ ...loadSample(), blocks: [image(solidPng, 'png', [40, 20], 10), image(await jpeg(), 'jpeg', [30, 20], 10)] });
    const second = await write(model);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(parts(second)['word/document.xml']).toContain('<wp:docPr id="1" name="Picture" descr="Northwind Trading logo"/>');
  });
});

const hasSoffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasSoffice)('writeDocx in LibreOffice', () => {
  it('opens, fills the page fields and lays the sample out on two pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jdgen-docx-'));
    try {
      writeFileSync(join(dir, 'sample.docx'), await write(loadSample()));
      // A private profile, so parallel runs do not fight over ~/.config/libreoffice.
      execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'sample.docx')], {
        stdio: 'ignore',
        timeout: 120_000,
      });
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'sample.pdf'), '-'], { encoding: 'utf8' });
      const pages = text.split('\f').filter((page) => page.trim() !== '');
      expect(pages).toHaveLength(2);
      expect(pages[0]).toMatch(/JD-014 · Key Account Manager\s+Page 1 of 2/);
      expect(pages[1]).toMatch(/Page 2 of 2/);
      expect(pages[0]).toMatch(/APPROVED/);
      expect(pages[1]).toMatch(/FAMILIARISATION SHEET/);
      expect(pages[0]).toContain('ș ț ā ģ ë ç ə');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the AGREED group on one page, with the clause before it, wherever the page ends', async () => {
    // One document, one case per page run: n one-line clauses, the last kept with the group
    // (as the template keeps the last clause), then three signatories with their date lines.
    const counts = Array.from({ length: 15 }, (_, i) => 16 + 2 * i);
    const blocks: Block[] = counts.flatMap((n, c): Block[] => [
      ...(c > 0 ? [{ type: 'pageBreak' } as const] : []),
      ...Array.from({ length: n }, (_, i): Block => ({
        type: 'clause',
        level: 1,
        number: `${i + 1}.`,
        spans: [{ text: `Clause ${c}/${i + 1} end` }],
        ...(i === n - 1 ? { keepWithNext: true } : {}),
      })),
      {
        type: 'keep',
        blocks: [
          { type: 'paragraph', spans: [{ text: `AGREED ${c}:`, bold: true }], align: 'left', size: 'normal', spaceAfter: 6 },
          ...['a', 'b', 'c'].flatMap((k): Block[] => [
            { type: 'signature', label: `Head of Unit ${c}${k}`, name: `Name ${c}${k}`, caption: '(signature)' },
            { type: 'paragraph', spans: [{ text: `Date ${c}${k} ____` }], align: 'left', size: 'small', spaceAfter: 8 },
          ]),
        ],
      },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'jdgen-docx-keep-'));
    try {
      const pdf = convertToPdf(dir, 'keep', await write({ ...loadSample(), blocks }));
      const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
      const pageOf = (text: string): number => pages.findIndex((page) => page.includes(text));
      let pulled = 0;
      counts.forEach((n, c) => {
        const at = pageOf(`AGREED ${c}:`);
        expect(at, `case ${c}`).toBeGreaterThanOrEqual(0);
        for (const k of ['a', 'b', 'c']) {
          expect(pageOf(`Name ${c}${k}`), `${n} clauses: Name ${c}${k}`).toBe(at);
          expect(pageOf(`Date ${c}${k} `), `${n} clauses: Date ${c}${k}`).toBe(at);
        }
        // Never the signatures alone on a page: the last clause comes along.
        expect(pageOf(`Clause ${c}/${n} end`), `${n} clauses: the last clause`).toBe(at);
        if (pageOf(`Clause ${c}/${n - 1} end`) !== at) pulled += 1;
      });
      // The page ended inside the group in several cases, which then took the last clause
      // to the next page with it: else the counts tested nothing.
      expect(pulled).toBeGreaterThanOrEqual(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('opens a document with a logo and shows the picture whole at the top left of page 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jdgen-docx-'));
    try {
      writeFileSync(join(dir, 'logo.docx'), await write(withLogo()));
      execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'logo.docx')], {
        stdio: 'ignore',
        timeout: 120_000,
      });
      const pdf = join(dir, 'logo.pdf');
      const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(images).toHaveLength(1);
      expect(images[0]!.trim().split(/\s+/).slice(0, 5)).toEqual(['1', '0', 'image', '40', '20']);
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      expect(text.split('\f').filter((page) => page.trim() !== '')).toHaveLength(2);
      // Rasterised at 72 dpi (a point per pixel): the whole 40 × 20 mm picture is
      // visible, from the top left corner of the text area (25 mm, 20 mm).
      const ppm = execFileSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-singlefile', pdf], { maxBuffer: 64 * 1024 * 1024 });
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
      if (!header) throw new Error('pdftoppm wrote no P6 image');
      const width = Number(header[1]);
      const pixels = ppm.subarray(header[0].length);
      const blue: Array<[number, number]> = [];
      for (let i = 0; i + 2 < pixels.length; i += 3) {
        if (LOGO_BLUE.every((c, k) => Math.abs((pixels[i + k] ?? 0) - c) <= 12)) blue.push([(i / 3) % width, Math.floor(i / 3 / width)]);
      }
      const pt = (mm: number): number => (mm * 72) / 25.4;
      expect(blue.length).toBeGreaterThan(0.95 * pt(40) * pt(20));
      expect(Math.min(...blue.map(([x]) => x))).toBeCloseTo(pt(25), -0.5);
      expect(Math.min(...blue.map(([, y]) => y))).toBeCloseTo(pt(20), -0.5);
      expect(Math.max(...blue.map(([x]) => x)) + 1).toBeCloseTo(pt(65), -0.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const REVISION = { author: 'Legal Review', date: '2026-11-05' } as const;
const STAMP = 'w:author="Legal Review" w:date="2026-11-05T00:00:00Z"';

/** The sample as a redline: changed spans in clause 1.2, clause 1.1 deleted and a new 1.1 inserted after it. */
function redline(): DocumentModel {
  const model = loadSample();
  const rewrite = (blocks: Block[]): Block[] =>
    blocks.flatMap((block): Block[] => {
      if (block.type === 'keep' || block.type === 'box') return [{ ...block, blocks: rewrite(block.blocks) }];
      if (block.type !== 'clause') return [block];
      if (block.number === '1.1.') {
        return [
          { ...block, change: 'deleted' },
          {
            type: 'clause',
            level: 1,
            number: '1.1.',
            spans: [{ text: 'A clause added in review, ' }, { text: 'with bold', bold: true }, { text: '.' }],
            change: 'inserted',
          },
        ];
      }
      if (block.number === '1.2.') {
        return [
          {
            ...block,
            spans: [
              { text: 'The employee is ' },
              { text: 'strictly ', change: 'inserted' },
              { text: 'guided in the work by', change: 'deleted' },
              { text: 'follows', change: 'inserted' },
              { text: ':\nsee ' },
              { text: 'the list', bold: true, change: 'deleted' },
              { text: ' below.' },
            ],
          },
        ];
      }
      return [block];
    });
  return { ...model, revision: { ...REVISION }, blocks: rewrite(model.blocks) };
}

/** Every w:ins / w:del element (with content) of a part. */
const changes = (xml: string, tag: 'ins' | 'del'): string[] => xml.match(new RegExp(`<w:${tag} [^>]*[^/]>.*?</w:${tag}>`, 'gs')) ?? [];

describe('writeDocx: tracked changes', () => {
  let docx: Uint8Array;
  let document: string;

  beforeAll(async () => {
    docx = await write(redline());
    document = parts(docx)['word/document.xml'] ?? '';
  });

  it('writes inserted spans as w:ins and deleted spans as w:del with w:delText, attributed to the revision', () => {
    const inserted = changes(document, 'ins');
    const deleted = changes(document, 'del');
    expect(inserted).toContainEqual(
      expect.stringMatching(new RegExp(`^<w:ins w:id="\\d+" ${STAMP}><w:r><w:t xml:space="preserve">strictly </w:t></w:r></w:ins>$`)),
    );
    expect(inserted).toContainEqual(expect.stringMatching(/>follows<\/w:t><\/w:r><\/w:ins>$/));
    const guided = deleted.find((d) => d.includes('guided in the work by'));
    expect(guided).toMatch(new RegExp(`^<w:del w:id="\\d+" ${STAMP}><w:r><w:delText xml:space="preserve">guided in the work by</w:delText></w:r></w:del>$`));
    // Formatting travels with the deleted run; deleted text is never a w:t.
    expect(deleted.find((d) => d.includes('the list'))).toMatch(/<w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:delText xml:space="preserve">the list<\/w:delText>/);
    expect(document).not.toMatch(/<w:t[ >][^<]*(guided in the work by|the list)/);
    // Unchanged text around them stays plain.
    expect(paragraphWith(document, 'strictly')).toMatch(/<w:r><w:t xml:space="preserve">The employee is <\/w:t><\/w:r><w:ins /);
    // Every change has the author and date of model.revision.
    for (const element of document.match(/<w:(?:ins|del) [^>]*>/g) ?? []) expect(element).toContain(STAMP);
  });

  it('marks a whole inserted or deleted clause from its number to its paragraph mark', () => {
    const removed = paragraphWith(document, 'belongs to the category of specialists');
    expect(removed).toMatch(new RegExp(`<w:pPr>.*<w:rPr><w:del w:id="\\d+" ${STAMP}/></w:rPr></w:pPr>`));
    // Number, tab and text in one deletion.
    expect(removed).toMatch(
      new RegExp(
        `</w:pPr><w:del w:id="\\d+" ${STAMP}><w:r><w:delText xml:space="preserve">1\\.1\\.</w:delText></w:r><w:r><w:tab/></w:r><w:r><w:delText xml:space="preserve">The Key Account Manager`,
      ),
    );
    expect(removed).not.toContain('<w:t ');
    const added = paragraphWith(document, 'A clause added in review');
    expect(added).toMatch(new RegExp(`<w:pPr>.*<w:rPr><w:ins w:id="\\d+" ${STAMP}/></w:rPr></w:pPr>`));
    expect(added).toMatch(new RegExp(`</w:pPr><w:ins w:id="\\d+" ${STAMP}><w:r><w:t xml:space="preserve">1\\.1\\.</w:t></w:r><w:r><w:tab/></w:r>`));
    expect(added).toMatch(
      /<w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">with bold<\/w:t><\/w:r><w:r><w:t xml:space="preserve">\.<\/w:t><\/w:r><\/w:ins><\/w:p>$/,
    );
    // Unchanged clauses carry no revision.
    expect(paragraphWith(document, 'the labour legislation')).not.toMatch(/<w:(ins|del) /);
  });

  it('numbers the changes 1, 2, … in document order and writes the same bytes every time', async () => {
    const ids = [...document.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    await write({ ...loadSample(), watermark: 'DRAFT' });
    const again = await write(redline());
    expect(Buffer.from(again).equals(Buffer.from(docx))).toBe(true);
  });

  it('opens with Track Changes on; a document without changes does not', async () => {
    expect(parts(docx)['word/settings.xml']).toContain('<w:trackRevisions/>');
    expect(parts(await write(loadSample()))['word/settings.xml']).not.toContain('<w:trackRevisions');
  });

  it('reads (in mammoth, which shows the accepted text) with the insertions and without the deletions', async () => {
    const text = await rawText(docx);
    expect(text).toContain('1.2.\tThe employee is strictly follows:');
    expect(text).toContain('1.1.\tA clause added in review, with bold.');
    expect(text).not.toContain('guided in the work by');
    expect(text).not.toContain('the list');
    expect(text).not.toContain('belongs to the category of specialists');
  });

  it('attributes changes to the document author and date when the model has no revision', async () => {
    const { revision: _none, ...model } = redline();
    const xml = parts(await write(model))['word/document.xml'] ?? '';
    expect(xml).toContain('w:author="Northwind Trading LLC" w:date="2026-11-02T00:00:00Z"');
  });
});

/** Header parts of a package, and the ones the section refers to. */
function headers(files: Record<string, string>): { parts: string[]; referenced: string[] } {
  const partNames = Object.keys(files).filter((name) => /^word\/header\d*\.xml$/.test(name));
  const rels = files['word/_rels/document.xml.rels'] ?? '';
  const referenced = [...(files['word/document.xml'] ?? '').matchAll(/<w:headerReference w:type="(\w+)" r:id="(rId\d+)"\/>/g)].map((m) => {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? '';
    return `word/${target}`;
  });
  return { parts: partNames, referenced };
}

describe('writeDocx: watermark', () => {
  it("puts Word's own text watermark into the header of the section", async () => {
    const files = parts(await write({ ...loadSample(), watermark: 'DRAFT' }));
    const { parts: headerParts, referenced } = headers(files);
    expect(headerParts).toHaveLength(1);
    expect(referenced).toEqual(headerParts);
    for (const name of headerParts) {
      const header = files[name] ?? '';
      const shape = header.match(/<v:shape [^>]*>.*?<\/v:shape>/s)?.[0] ?? '';
      expect(header).toContain('<v:shapetype id="_x0000_t136"');
      expect(shape).toMatch(/^<v:shape id="PowerPlusWaterMarkObject1" type="#_x0000_t136" /);
      expect(shape).toMatch(/style="position:absolute;[^"]*rotation:315;z-index:-\d+;mso-position-horizontal:center;[^"]*mso-position-vertical:center;/);
      expect(shape).toContain('fillcolor="silver" stroked="f"');
      expect(shape).toContain('<v:fill opacity="0.5"/>');
      expect(shape).toContain('<v:textpath style="font-family:&quot;Noto Sans&quot;;font-size:1pt;font-weight:bold" string="DRAFT"/>');
      // In a plain paragraph: the running header style would draw its rule.
      expect(header).not.toContain('JdHeader');
    }
  });

  it('shares the header with the running line, and escapes the text', async () => {
    const model = { ...loadSample(), header: { left: 'Confidential', right: '{page}/{pages}' }, watermark: 'ПРОЕКТ "A & B"' };
    const files = parts(await write(model));
    const { parts: headerParts, referenced } = headers(files);
    expect(referenced).toEqual(headerParts);
    const header = files[headerParts[0]!] ?? '';
    expect(header).toContain('string="ПРОЕКТ &quot;A &amp; B&quot;"');
    expect(paragraphWith(header, 'Confidential')).toContain('<w:pStyle w:val="JdHeader"/>');
    expect(paragraphWith(header, 'Confidential')).toContain('PowerPlusWaterMarkObject1');
  });

  it('writes byte-identical files with a watermark (the shape id is not random)', async () => {
    const model = { ...loadSample(), watermark: 'DRAFT' };
    const a = await write(model);
    const b = await write(model);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('writes no header or watermark without one', async () => {
    const files = parts(await write(loadSample()));
    expect(headers(files).parts).toHaveLength(0);
    expect(Object.values(files).some((xml) => xml.includes('v:textpath'))).toBe(false);
  });
});

/** Whether `python` can import `module` (an optional tool some tests use). */
function pythonHas(python: string, module: string): boolean {
  try {
    execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** LibreOffice's Python bridge (python3-uno), for opening a DOCX as a reviewer would. */
const hasUno = pythonHas('/usr/bin/python3', 'uno');

/** Converts a DOCX to PDF with LibreOffice in `dir`; returns the PDF's path. */
function convertToPdf(dir: string, name: string, docx: Uint8Array): string {
  writeFileSync(join(dir, `${name}.docx`), docx);
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, `${name}.docx`)], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  return join(dir, `${name}.pdf`);
}

interface Review {
  redlines: Array<{ type: string; author: string; date: string; text: string }>;
  recording: boolean;
  shown: string[];
  AcceptAllTrackedChanges: string[];
  RejectAllTrackedChanges: string[];
  /** Tracked changes left after accepting all, plus after rejecting all. */
  remaining: number;
}

describe.skipIf(!hasSoffice)('writeDocx in LibreOffice: watermark and redline', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jdgen-docx-review-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the watermark across the middle of every page, behind the text', async () => {
    const pdf = convertToPdf(dir, 'draft', await write({ ...loadSample(), watermark: 'DRAFT' }));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    // The watermark adds no page and hides nothing.
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatch(/Page 1 of 2/);
    expect(pages[0]).toContain('ș ț ā ģ ë ç ə');
    // LibreOffice draws a Word watermark as Fontwork, which it exports as
    // outlines: pdftotext cannot read it, so the page images must show it.
    // Silver at 50 % on white is a grey of about 223.
    for (const page of [1, 2]) {
      const grey = pixelArea(pdf, page, 36, greyBetween(215, 231));
      expect(grey.count, `page ${page}`).toBeGreaterThan(0.03 * grey.width * grey.height);
      expect(grey.cx).toBeCloseTo(0.5, 1);
      expect(grey.cy).toBeCloseTo(0.5, 1);
      expect(grey.correlation, `page ${page}`).toBeLessThan(-0.5);
    }
    // Without one, no such grey band.
    const plain = convertToPdf(dir, 'plain', await write(loadSample()));
    expect(pixelArea(plain, 2, 36, greyBetween(215, 231)).count).toBeLessThan(200);
  });

  it('converts a redline, showing inserted and deleted text', async () => {
    const pdf = convertToPdf(dir, 'redline', await write({ ...redline(), watermark: 'ПРОЕКТ' }));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('The Key Account Manager belongs to the category of specialists.');
    expect(pages[0]).toContain('A clause added in review, with bold.');
    // Justified: LibreOffice stretches the spaces.
    expect(pages[0]).toMatch(/The\s+employee\s+is\s+strictly\s+guided\s+in\s+the\s+work\s+by\s*follows:/);
  });

  it.skipIf(!hasUno)('lets a reviewer accept or reject every change, whole clauses with their paragraphs', async () => {
    writeFileSync(join(dir, 'review.docx'), await write(redline()));
    const script = new URL('../helpers/lo-review.py', import.meta.url).pathname;
    const output = execFileSync('/usr/bin/python3', [script, join(dir, 'review.docx'), join(dir, 'review-profile')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const review = JSON.parse(output) as Review;
    expect(review.recording).toBe(true);
    expect(review.redlines.map((r) => [r.type, r.text])).toEqual([
      ['Delete', '1.1.\tThe Key Account Manager belongs to the category of specialists.\n'],
      ['Insert', '1.1.\tA clause added in review, with bold.\n'],
      ['Insert', 'strictly '],
      ['Delete', 'guided in the work by'],
      ['Insert', 'follows'],
      ['Delete', 'the list'],
    ]);
    for (const r of review.redlines) expect([r.author, r.date]).toEqual(['Legal Review', '2026-11-05T00:00:00']);
    const clause1 = (paragraphs: string[]) => paragraphs.filter((p) => p.startsWith('1.1.\t'));
    const clause2 = (paragraphs: string[]) => paragraphs.find((p) => p.startsWith('1.2.\t'));
    expect(clause1(review.shown)).toHaveLength(2);
    // Accepted: the new clause replaces the old one, no empty paragraph left behind.
    expect(clause1(review.AcceptAllTrackedChanges)).toEqual(['1.1.\tA clause added in review, with bold.']);
    expect(clause2(review.AcceptAllTrackedChanges)).toBe('1.2.\tThe employee is strictly follows:\nsee  below.');
    // Rejected: the old text is back, the inserted clause and words are gone.
    expect(clause1(review.RejectAllTrackedChanges)).toEqual(['1.1.\tThe Key Account Manager belongs to the category of specialists.']);
    expect(clause2(review.RejectAllTrackedChanges)).toBe('1.2.\tThe employee is guided in the work by:\nsee the list below.');
    expect(review.AcceptAllTrackedChanges).toHaveLength(review.shown.length - 1);
    expect(review.RejectAllTrackedChanges).toHaveLength(review.shown.length - 1);
    expect(review.remaining).toBe(0);
  });
});

/** python3 with its expat parser, a strict XML 1.0 checker. */
const hasPython = pythonHas('python3', 'xml.dom.minidom');

/** The XML parts of a package that a strict XML 1.0 parser rejects, with the parser's message. */
function malformedParts(docx: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'jdgen-docx-xml-'));
  try {
    writeFileSync(join(dir, 'file.docx'), docx);
    const script = [
      'import sys, zipfile, xml.dom.minidom',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None, "bad CRC"',
      'for n in z.namelist():',
      '    if n.endswith((".xml", ".rels")):',
      '        try: xml.dom.minidom.parseString(z.read(n))',
      '        except Exception as e: print(n, e)',
    ].join('\n');
    return execFileSync('python3', ['-c', script, join(dir, 'file.docx')], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('DOCX serializer: XML text', () => {
  it('escapes markup characters in text and attributes', () => {
    expect(escapeText(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
    expect(escapeText(']]>')).toBe(']]&gt;');
    expect(escapeAttribute(`"x" & <y>'`)).toBe(`&quot;x&quot; &amp; &lt;y&gt;'`);
    // Attribute normalisation would turn these into spaces: written as character references.
    expect(escapeAttribute('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(escapeText('a\tb\nc')).toBe('a\tb\nc');
  });

  it('drops the characters XML 1.0 cannot carry, and keeps every other', () => {
    expect(stripInvalid('\u0000a\u0001b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh')).toBe('abcdefgh');
    expect(stripInvalid('tab\tline\ncr\r')).toBe('tab\tline\ncr\r');
    // A surrogate pair is one character (😀); a lone half of one is not a character at all.
    expect(stripInvalid('x\uD83D\uDE00y')).toBe('x\uD83D\uDE00y');
    expect(stripInvalid('a\uD800b\uDC00c\uDE00\uD83D')).toBe('abc');
    expect(escapeText('1 < 2\u0007 & ё\uFFFF')).toBe('1 &lt; 2 &amp; ё');
    expect(escapeAttribute('"\u0002"')).toBe('&quot;&quot;');
    expect(element('w:x', { 'w:a': 'q"&', 'w:b': 3, 'w:c': undefined }, 'body')).toBe('<w:x w:a="q&quot;&amp;" w:b="3">body</w:x>');
    expect(element('w:y')).toBe('<w:y/>');
  });

  it.skipIf(!hasPython)('writes well-formed parts whatever the text holds, and reads back the same text', async () => {
    const odd = `A & B <c> "d" 'e' \u0001\u000B\uFFFE\uD800end`;
    const model: DocumentModel = {
      ...loadSample(),
      meta: { ...loadSample().meta, title: odd, subject: odd, author: odd, keywords: [odd] },
      header: { left: odd, right: '{page}' },
      footer: { left: odd, right: `${odd} {pages}` },
      watermark: odd,
      revision: { author: odd, date: '2026-11-05' },
      blocks: [
        {
          type: 'paragraph',
          spans: [
            { text: `${odd}\nline`, bold: true },
            { text: odd, change: 'inserted' },
          ],
          align: 'left',
          size: 'normal',
        },
        { type: 'heading', level: 1, number: '1.', text: odd },
        { type: 'clause', level: 1, number: '1.1.', spans: [{ text: odd }], change: 'deleted' },
        { type: 'table', columns: [{ title: odd, width: 100, align: 'left' }], rows: [[odd]], minRowHeight: 10 },
        { type: 'signature', label: odd, name: odd, caption: odd },
        image(solidPng, 'png', [40, 20], 10, 'left', odd),
      ],
    };
    const docx = await write(model);
    expect(malformedParts(docx)).toEqual([]);
    const clean = `A & B <c> "d" 'e' end`;
    const text = await rawText(docx);
    // mammoth reads w:br as nothing; the XML has it.
    expect(text).toContain(`${clean}line${clean}`);
    expect(text).toContain(`1.\t${clean}`);
    const files = parts(docx);
    expect(files['docProps/core.xml']).toContain(`<dc:title>A &amp; B &lt;c&gt; "d" 'e' end</dc:title>`);
    // The watermark collapses whitespace first (the vertical tab is whitespace): two spaces are left.
    expect(files['word/header1.xml']).toContain(`string="A &amp; B &lt;c&gt; &quot;d&quot; 'e'  end"`);
    expect(files['word/document.xml']).toContain(`w:author="A &amp; B &lt;c&gt; &quot;d&quot; 'e' end"`);
    expect(files['word/document.xml']).toContain(`descr="A &amp; B &lt;c&gt; &quot;d&quot; 'e' end"`);
    expect(files['word/document.xml']).toContain(`<w:br/><w:t xml:space="preserve">line</w:t>`);
  });

  it.skipIf(!hasPython)('writes well-formed parts for the sample, a redline and a document with pictures', async () => {
    for (const model of [loadSample(), redline(), withLogo(), { ...loadSample(), watermark: 'DRAFT', header: { left: 'x', right: '' } }]) {
      expect(malformedParts(await write(model))).toEqual([]);
    }
  });
});

describe('DOCX serializer: tracked-change runs', () => {
  const context = (): RenderContext => ({
    ...ROOT_CONTEXT,
    width: 9000,
    theme: BASE_THEME,
    columns: clauseColumns(BASE_THEME, [], 450),
    measure: () => 0,
    revision: { author: 'A & B', date: '2026-11-05T00:00:00Z' },
    parts: new DocumentParts(1),
  });

  it('wraps runs of one change in one element and numbers the elements in document order, the paragraph mark first', () => {
    const ctx = context();
    const mark = changedMark('inserted', ctx);
    const xml = trackedRuns(
      [
        { change: 'inserted', xml: '<w:r>1</w:r>' },
        { change: 'inserted', xml: '<w:r>2</w:r>' },
        { change: undefined, xml: '<w:r>3</w:r>' },
        { change: 'deleted', xml: '<w:r>4</w:r>' },
        { change: 'inserted', xml: '<w:r>5</w:r>' },
      ],
      ctx,
    );
    const stamp = 'w:author="A &amp; B" w:date="2026-11-05T00:00:00Z"';
    expect(mark).toBe(`<w:ins w:id="1" ${stamp}/>`);
    expect(xml).toBe(
      `<w:ins w:id="2" ${stamp}><w:r>1</w:r><w:r>2</w:r></w:ins><w:r>3</w:r>` +
        `<w:del w:id="3" ${stamp}><w:r>4</w:r></w:del><w:ins w:id="4" ${stamp}><w:r>5</w:r></w:ins>`,
    );
    // A new document starts again at 1.
    expect(changedMark('deleted', context())).toBe(`<w:del w:id="1" ${stamp}/>`);
  });
});

describe('DOCX serializer: skeleton cache', () => {
  const key: SkeletonKey = { fontFamily: 'Noto Sans', language: 'en', textWidth: 9639, trackRevisions: false, theme: BASE_THEME };
  const bytes = (skeleton: Awaited<ReturnType<typeof skeletonOf>>) =>
    skeleton.entries.map((e) => [e.name, e.crc, e.size, Buffer.from(e.data).toString('base64')]);

  it('builds a skeleton once per key, and the same bytes when it builds one again', async () => {
    const first = await skeletonOf(key);
    expect(await skeletonOf({ ...key })).toBe(first);
    clearSkeletonCache();
    // Built again after other keys: nothing in it depends on what the process built before.
    await skeletonOf({ ...key, language: 'ru', trackRevisions: true });
    const again = await skeletonOf(key);
    expect(again).not.toBe(first);
    expect(bytes(again)).toEqual(bytes(first));
    expect({ ...again, entries: [] }).toEqual({ ...first, entries: [] });
  });

  it('keeps the document parts out of it, and what differs per key in it', async () => {
    const names = (await skeletonOf(key)).entries.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(['_rels/.rels', 'word/styles.xml', 'word/settings.xml', 'word/theme/theme1.xml', 'word/fontTable.xml', 'word/numbering.xml']),
    );
    for (const name of ['word/document.xml', 'docProps/core.xml', '[Content_Types].xml', 'word/_rels/document.xml.rels']) expect(names).not.toContain(name);
    const text = async (k: SkeletonKey, name: string) => {
      const entry = (await skeletonOf(k)).entries.find((e) => e.name === name);
      return entry === undefined ? '' : strFromU8(inflateSync(entry.data));
    };
    expect(await text({ ...key, language: 'uk' }, 'word/styles.xml')).toContain('<w:lang w:val="uk"/>');
    expect(await text({ ...key, textWidth: 9000 }, 'word/styles.xml')).toContain('<w:tab w:val="right" w:pos="9000"/>');
    expect(await text({ ...key, trackRevisions: true }, 'word/settings.xml')).toContain('<w:trackRevisions/>');
    expect(await text(key, 'word/settings.xml')).not.toContain('<w:trackRevisions');
    expect(await text({ ...key, fontFamily: 'PT "Sans"' }, 'word/fontTable.xml')).toContain('<w:font w:name="PT &quot;Sans&quot;"><w:altName w:val="Arial"/>');
  });

  it('writes the same bytes after the cache is emptied', async () => {
    const before = await write(redline());
    clearSkeletonCache();
    expect(Buffer.from(await write(redline())).equals(Buffer.from(before))).toBe(true);
  });
});

describe('DOCX serializer: documents written in one process', () => {
  it('share no ids, media or relationships, in turn or at the same time', async () => {
    const busy = (): DocumentModel => ({
      ...redline(),
      watermark: 'DRAFT',
      header: { left: 'H', right: '{page}' },
      blocks: [image(solidPng, 'png', [40, 20], 20), ...redline().blocks],
    });
    const plain = await write(loadSample());
    const first = await write(busy());
    const plainAgain = await write(loadSample());
    const second = await write(busy());
    expect(Buffer.from(plainAgain).equals(Buffer.from(plain))).toBe(true);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    clearSkeletonCache();
    const [busyTogether, plainTogether] = await Promise.all([write(busy()), write(loadSample())]);
    expect(Buffer.from(busyTogether!).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(plainTogether!).equals(Buffer.from(plain))).toBe(true);
    // The plain document has none of the busy one's parts.
    const plainParts = parts(plain);
    expect(Object.keys(plainParts).filter((name) => /media|header/.test(name))).toEqual([]);
    expect(plainParts['word/_rels/document.xml.rels']).not.toMatch(/image|header/);
    expect(plainParts['[Content_Types].xml']).not.toContain('header');
    const busyXml = parts(first)['word/document.xml'] ?? '';
    expect([...busyXml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1])[0]).toBe('1');
    expect(busyXml).toContain('<wp:docPr id="1" ');
  });
});

/** Entries of a zip as its central directory lists them. */
function centralDirectory(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const entries: Array<{ name: string; flags: number; method: number; time: number; date: number; localTime: number; localDate: number }> = [];
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    entries.push({
      name: strFromU8(zip.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      time: view.getUint16(at + 12, true),
      date: view.getUint16(at + 14, true),
      localTime: view.getUint16(local + 10, true),
      localDate: view.getUint16(local + 12, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

describe('DOCX serializer: zip', () => {
  it('writes a zip that fflate reads back, entries in the order given, dated in UTC', () => {
    const data = strToU8('<a>hello hello hello hello</a>');
    const archive = zip([deflatedEntry('b/one.xml', data), storedEntry('a/two.png', data), deflatedEntry('ж.xml', 'text')], new Date('2026-11-02T13:45:31Z'));
    const files = unzipSync(archive);
    expect(Object.keys(files)).toEqual(['b/one.xml', 'a/two.png', 'ж.xml']);
    expect(strFromU8(files['b/one.xml']!)).toBe('<a>hello hello hello hello</a>');
    expect(strFromU8(files['a/two.png']!)).toBe('<a>hello hello hello hello</a>');
    const entries = centralDirectory(archive);
    expect(entries.map((e) => e.method)).toEqual([8, 0, 8]);
    // fflate's streaming Zip follows each entry with a data descriptor (bit 3); UTF-8 names are flagged (bit 11).
    expect(entries.map((e) => e.flags)).toEqual([0x0008, 0x0008, 0x0808]);
    const expected = dosDateTime(new Date('2026-11-02T13:45:31Z'));
    for (const e of entries) expect([e.time, e.date, e.localTime, e.localDate]).toEqual([expected.time, expected.date, expected.time, expected.date]);
    expect(firstEntryTime(archive)).toBe('2026-11-02T13:45:30');
    // Zip cannot date before 1980.
    expect(dosDateTime(new Date(0))).toEqual(dosDateTime(new Date('1980-01-01T00:00:00Z')));
  });

  it('orders the package: content types, package relationships, then by name; pictures stored', async () => {
    const names = centralDirectory(await write(withLogo()));
    expect(names.slice(0, 2).map((e) => e.name)).toEqual(['[Content_Types].xml', '_rels/.rels']);
    const rest = names.slice(2).map((e) => e.name);
    expect(rest).toEqual([...rest].sort());
    expect(names.find((e) => e.name === 'word/media/image1.png')?.method).toBe(0);
    expect(names.filter((e) => e.name.endsWith('.xml')).every((e) => e.method === 8)).toBe(true);
  });
});

describe('DOCX: one look with the PDF', () => {
  it('embeds the PDF’s TrueType faces, obfuscated with a key made from the font, and only the faces the text uses', async () => {
    const files = unzipSync(await write(loadSample()));
    const table = strFromU8(files['word/fontTable.xml']!);
    const keys = [...table.matchAll(/<w:(embed\w+) r:id="(rId\d+)" w:fontKey="\{([0-9A-F-]+)\}"\/>/g)];
    expect(keys.map((k) => k[1])).toEqual(['embedRegular', 'embedBold']);
    const rels = strFromU8(files['word/_rels/fontTable.xml.rels']!);
    const target = rels.match(new RegExp(`Id="${keys[0]![2]}"[^>]*Target="([^"]+)"`))?.[1];
    const embedded = files[`word/${target}`]!;
    // Obfuscation is its own inverse: undone with the key, the part is the regular face's file.
    expect(Buffer.from(obfuscate(embedded, keys[0]![3]!)).equals(readFileSync(fonts.regular))).toBe(true);
    expect(strFromU8(files['[Content_Types].xml']!)).toContain('Extension="odttf"');
    const settings = strFromU8(files['word/settings.xml']!);
    expect(settings).toContain('<w:embedTrueTypeFonts/>');
    expect(settings).toContain('<w:autoHyphenation/>');
  });

  it('names a family without embedding anything when it is not the PDF’s', async () => {
    const files = unzipSync(await writeDocx(loadSample(), { fonts, fontFamily: 'Arial', context }));
    expect(Object.keys(files).filter((name) => name.endsWith('.odttf'))).toEqual([]);
    expect(strFromU8(files['word/fontTable.xml']!)).not.toContain('fontKey');
  });

  it('never breaks a document number at its hyphen on a centred line (w:noBreakHyphen), as the PDF never does', async () => {
    const model = loadSample();
    model.blocks = [
      {
        type: 'paragraph',
        spans: [{ text: 'до посадової інструкції менеджера від\u00a0«09»\u00a0лютого 2026\u00a0р. №\u00a0ПІ-08' }],
        align: 'center',
        size: 'normal',
      },
      { type: 'paragraph', spans: [{ text: 'Ukrainian-English glossary, clause ПІ-08' }], align: 'left', size: 'normal' },
    ];
    const document = strFromU8(unzipSync(await write(model))['word/document.xml']!);
    // Centred: the number's hyphen cannot break, and the number is glued to the words before it.
    expect(document).toContain('р.\u00a0№\u00a0ПІ</w:t><w:noBreakHyphen/><w:t xml:space="preserve">08</w:t>');
    // Elsewhere hyphens stay ordinary: body text is justified and may break there.
    expect(document).toContain('Ukrainian-English glossary, clause ПІ-08');
    expect(await rawText(await write(model))).toContain('№ ПІ-08');
  });

  it('shortens a long title in the footer with an ellipsis so that the page number stays on the line', async () => {
    const model = loadSample();
    model.footer = { left: `JD-1 · ${'Very long position title '.repeat(12)}`, right: 'Page {page} of {pages}' };
    const footer = strFromU8(unzipSync(await write(model))['word/footer1.xml']!);
    const left = [...footer.matchAll(/<w:t xml:space="preserve">([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    expect(left).toMatch(/^JD-1 · Very long position title .*…\|Page \|/);
    expect(left.length).toBeLessThan(model.footer.left.length);
  });
});
