import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Block, DocumentModel } from '../../src/model/types.js';
import { writeDocx } from '../../src/write/docx.js';
import { bundledFonts } from '../helpers/fonts.js';

const fixture = new URL('../fixtures/model/sample.json', import.meta.url);
const loadSample = (): DocumentModel => JSON.parse(readFileSync(fixture, 'utf8')) as DocumentModel;
const fonts = bundledFonts();

async function write(model: DocumentModel): Promise<Uint8Array> {
  return writeDocx(model, { fonts });
}

function parts(docx: Uint8Array): Record<string, string> {
  const files = unzipSync(docx);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

async function rawText(docx: Uint8Array): Promise<string> {
  const result = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
  return result.value;
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
  const paragraph = xml.match(/<w:p>(?:(?!<\/w:p>).)*<\/w:p>/gs)?.find((p) => p.includes(text));
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
  return (
    `${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)}` +
    `T${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`
  );
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

  it('keeps the AGREED group on one page, set off by 14 pt from the clauses above', () => {
    const document = xml['word/document.xml'] ?? '';
    expect(paragraphWith(document, 'AGREED:')).toContain('<w:keepNext/>');
    expect(paragraphWith(document, 'AGREED:')).toMatch(/<w:spacing w:before="280"\/>/);
    // The first signature row is kept with the second; the second ends the group.
    const brown = document.match(/<w:tbl>(?:(?!<w:tbl>).)*?A\. Brown.*?<\/w:tbl>/s)?.[0] ?? '';
    const davis = document.match(/<w:tbl>(?:(?!<w:tbl>).)*?C\. Davis.*?<\/w:tbl>/s)?.[0] ?? '';
    expect(brown).toContain('<w:keepNext/>');
    expect(davis).not.toContain('<w:keepNext/>');
    expect(davis).toContain('<w:cantSplit/>');
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
      execFileSync(
        'soffice',
        [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'sample.docx')],
        { stdio: 'ignore', timeout: 120_000 },
      );
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
});
