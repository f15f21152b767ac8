import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { Block, DocumentModel } from '../../src/model/types.js';
import { createContext } from '../../src/context.js';
import { writePdf } from '../../src/write/pdf.js';
import { bundledFonts } from '../helpers/fonts.js';
import { blankDocument } from '../helpers/pdf-document.js';
import { png } from '../helpers/png.js';
import { qdfText } from '../helpers/pdf-text.js';
import { expectedOutline, outline, readTagged } from '../helpers/structure.js';

const fonts = bundledFonts();
const context = createContext();
const sample = JSON.parse(readFileSync(new URL('../fixtures/model/sample.json', import.meta.url), 'utf8')) as DocumentModel;
const render = (model: DocumentModel, signFields = false): Promise<Uint8Array> => writePdf(model, { fonts, context, signFields });

const logo = png(
  30,
  30,
  (x) => [200, 40, Math.min(255, x * 8)],
  (x, y) => (x + y < 12 ? 0 : 255),
);

/** A clause of several lines: its first line is justified. */
const JUSTIFIED =
  'A clause long enough to fill more than one line of the page, so that its first line is justified, with the spaces between its words stretched to the width of the column.';

/** The sample with a logo, a watermark, a level-2 heading, a clause list ended by a paragraph, and a table spanning pages. */
function richModel(): DocumentModel {
  const table = sample.blocks.find((b) => b.type === 'table')!;
  const long: Block = { ...table, rows: Array.from({ length: 40 }, (_, i) => [String(i + 1), `Employee ${i + 1}`, 'Manager', '', '']) };
  return {
    ...sample,
    watermark: 'DRAFT',
    blocks: [
      { type: 'image', format: 'png', data: logo.toString('base64'), pixelWidth: 30, pixelHeight: 30, width: 20, align: 'left', alt: 'Northwind logo' },
      ...sample.blocks.filter((b) => b.type !== 'table'),
      { type: 'heading', level: 2, number: '', text: 'Notes' },
      { type: 'clause', level: 1, number: '1.', spans: [{ text: JUSTIFIED }] },
      { type: 'clause', level: 2, number: '1.1.', spans: [{ text: 'A nested clause.' }] },
      { type: 'paragraph', align: 'left', size: 'normal', spans: [{ text: 'A paragraph after the list.' }] },
      long,
    ],
  };
}

const actualOutline = (root: Parameters<typeof outline>[0]): string[] => outline(root).map((line) => line.replace(/^( *Form).*$/, '$1'));

describe('tagged PDF (PDF/UA-1 structure)', () => {
  it.each([
    ['the sample', sample, false],
    ['the sample with signature fields', sample, true],
    ['a logo, a watermark, nested lists and a table over several pages, with signature fields', richModel(), true],
  ] as const)('has the structure of the model: %s', async (_, model, signFields) => {
    const bytes = await render(model, signFields);
    const tagged = await readTagged(bytes);
    expect(tagged.problems).toEqual([]);
    expect(tagged.markInfo).toBe(true);
    expect(tagged.lang).toBe(model.meta.language);
    expect(actualOutline(tagged.root!)).toEqual(expectedOutline(model, signFields));
    // Running heads, footers and the watermark are artifacts: no element holds their text.
    const all = outline(tagged.root!).join('\n');
    if (model.footer) expect(all).not.toContain('Page1of');
    expect(all).not.toContain('DRAFT');
  });

  it('counts as the model does: headings, clauses with their numbers as labels, nesting, table cells, the figure text', async () => {
    const model = richModel();
    const lines = outline((await readTagged(await render(model, true))).root!);
    const count = (type: string): number => lines.filter((l) => l.trim().split(' ')[0] === type).length;
    const flat = (blocks: Block[]): Block[] => blocks.flatMap((b) => (b.type === 'keep' || b.type === 'box' ? flat(b.blocks) : [b]));
    const blocks = flat(model.blocks);
    const clauses = blocks.filter((b) => b.type === 'clause');
    expect(count('H1')).toBe(1);
    expect(count('H2')).toBe(
      blocks.filter((b) => (b.type === 'heading' && b.level === 1) || (b.type === 'paragraph' && b.bookmark && b.size !== 'title')).length,
    );
    expect(count('LI')).toBe(clauses.length);
    expect(lines.filter((l) => l.trim().startsWith('Lbl ')).map((l) => l.trim().slice(4))).toEqual(clauses.map((c) => c.number));
    // Nesting: Document > L > LI, and each deeper level adds LBody > L > LI.
    const deepest = Math.max(...clauses.map((c) => c.level));
    const li = lines.filter((l) => l.trim().startsWith('LI'));
    expect(Math.max(...li.map((l) => l.search(/\S/) / 2))).toBe(2 + 3 * (deepest - 1));
    const tables = blocks.filter((b) => b.type === 'table');
    expect(count('TH')).toBe(tables.reduce((n, t) => n + t.columns.length, 0));
    expect(count('TD')).toBe(tables.reduce((n, t) => n + t.rows.reduce((m, r) => m + r.length, 0), 0));
    expect(lines).toContain('  Figure alt=Northwind logo');
  });

  it('is read by pdf.js and poppler as a tagged file with a title shown', async () => {
    const bytes = await render(richModel(), true);
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const roles = new Set<string>();
    const visit = (node: { role?: string; children?: unknown[] }): void => {
      if (node.role) roles.add(node.role);
      for (const kid of node.children ?? []) visit(kid as { role?: string; children?: unknown[] });
    };
    for (let i = 1; i <= pdf.numPages; i += 1) {
      const tree = await (await pdf.getPage(i)).getStructTree();
      expect(tree.children.length, `page ${i}`).toBeGreaterThan(0);
      visit(tree);
    }
    for (const role of ['Document', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'Figure', 'Form'])
      expect(roles).toContain(role);
    const info = execFileSync('pdfinfo', ['-'], { input: bytes, encoding: 'utf8' });
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    // Justified lines have real spaces between their words: a reader of the structure that ignores positions still sees words.
    const structureText = execFileSync('pdfinfo', ['-struct-text', '-'], { input: bytes, encoding: 'utf8' });
    expect(structureText).toContain(JUSTIFIED.slice(0, 60));
    // So do a heading's number and its text, and a signature's label, name and caption (separate texts on the page).
    expect(structureText).toContain('"1. General provisions"');
    expect(structureText).toMatch(/"Head of Legal A\. Brown "\s+Form[\s\S]*?"\(signature\)"/);
    const meta = execFileSync('pdfinfo', ['-meta', '-'], { input: bytes, encoding: 'utf8' });
    expect(meta).toContain(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${sample.meta.title}</rdf:li>`);
  });

  it('gives a word hyphenated across lines its whole text (/ActualText): copied, searched and read aloud once, without the hyphen', async () => {
    const words =
      'Representatives coordinate internationalisation, telecommunications infrastructure, characteristically comprehensive documentation and interdepartmental responsibilities';
    const model: DocumentModel = {
      ...sample,
      blocks: [{ type: 'paragraph', align: 'justify', size: 'normal', spans: [{ text: `${words} ${words}.` }] }],
    };
    const bytes = await render(model);
    expect((await readTagged(bytes)).problems).toEqual([]);
    // The parts of each broken word: every part before the last stands for nothing, the last for the whole word.
    const decode = (value: string): string =>
      value.startsWith('<') ? Buffer.from(value.slice(5, -1), 'hex').swap16().toString('utf16le') : value.slice(1, -1);
    const actual = [...qdfText(bytes).matchAll(/\/Span <<\/ActualText (\(.*?\)|<[0-9a-f]*>)>> BDC/g)].map((m) => decode(m[1]!));
    const wholes = actual.filter((t) => t !== '').map((t) => t.trim().replace(/[.,]$/, ''));
    expect(wholes.length).toBeGreaterThan(1);
    expect(actual.filter((t) => t === '')).toHaveLength(wholes.length);
    for (const whole of wholes) expect(words.split(/[ ,]+/)).toContain(whole);
    // The glyphs still show the break (pdf.js draws its text from the glyphs, and ignores /ActualText in content).
    const glyphs = (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;
    expect(glyphs).toMatch(/\p{L}-/u);
    // poppler reads the actual text: the whole words, and no line ending in a hyphen the break added.
    for (const mode of [[], ['-layout'], ['-raw']]) {
      const text = execFileSync('pdftotext', [...mode, '-', '-'], { input: bytes, encoding: 'utf8' });
      for (const whole of wholes) expect(text).toContain(whole);
      expect(text).not.toMatch(/\p{L}-$/mu);
    }
  });

  it('gives an element its own /Lang when it is in another language than the document (the writer supports it; the model has no such spans yet)', async () => {
    const doc = blankDocument();
    doc.open('P', { lang: 'uk' });
    doc.rect(10, 10, 20, 20).fill('black');
    doc.close();
    const tagged = await readTagged(doc.end([]));
    expect(tagged.problems).toEqual([]);
    expect(tagged.lang).toBe('en');
    expect(tagged.root!.kids.map((k) => [k.type, k.lang])).toEqual([['P', 'uk']]);
  });

  it('finds a broken marking (the checks can fail)', async () => {
    // Uncompressed, so the content streams can be edited in place (same lengths).
    const plain = qdfText(await render(sample));
    expect((await readTagged(Buffer.from(plain, 'latin1'))).problems).toEqual([]);
    const unended = plain.replace('\nEMC\n', '\n   \n');
    expect((await readTagged(Buffer.from(unended, 'latin1'))).problems).toContainEqual(expect.stringMatching(/never ended/));
    const unknown = plain.replace('<</MCID 1>>', '<</MCID 9>>');
    const problems = (await readTagged(Buffer.from(unknown, 'latin1'))).problems.join('\n');
    expect(problems).toMatch(/MCID 1 is not drawn/);
    expect(problems).toMatch(/MCID 9 (used twice|belongs to no element)/);
    const untagged = plain.replace(/\/H1 <<\/MCID (\d+)>> BDC/, (m) => ' '.repeat(m.length));
    expect((await readTagged(Buffer.from(untagged, 'latin1'))).problems).toContainEqual(expect.stringMatching(/outside marked content|EMC without/));
  });
});
