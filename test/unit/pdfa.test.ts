import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../src/model/types.js';
import { createContext } from '../../src/context.js';
import { srgbProfileDeflated } from '../../src/write/pdf/file/srgb.js';
import { writePdf } from '../../src/write/pdf.js';
import { bundledFonts } from '../helpers/fonts.js';
import { PDFA_RULES, pdfaProblems } from '../helpers/pdfa.js';
import { png } from '../helpers/png.js';
import { pdfText, qdfText } from '../helpers/pdf-text.js';

const fonts = bundledFonts();
const context = createContext();
const sample = JSON.parse(readFileSync(new URL('../fixtures/model/sample.json', import.meta.url), 'utf8')) as DocumentModel;
const render = (model: DocumentModel): Promise<Uint8Array> => writePdf(model, { fonts, context });

const logo = png(
  30,
  30,
  (x) => [200, 40, Math.min(255, x * 8)],
  (x, y) => (x + y < 12 ? 0 : 255),
);

function pdfkitFile(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  doc.text('Helvetica, not embedded, no metadata', 50, 50);
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}

describe('PDF/A-2a', () => {
  it('claims PDF/A-2a (tagged) in XMP metadata and breaks none of the rules checked: sample, watermark, logo with a soft mask, redline colours', async () => {
    const withLogo: DocumentModel = {
      ...sample,
      watermark: 'DRAFT',
      blocks: [
        { type: 'image', format: 'png', data: logo.toString('base64'), pixelWidth: 30, pixelHeight: 30, width: 20, align: 'left', alt: 'Logo' },
        ...sample.blocks,
      ],
    };
    for (const model of [sample, withLogo]) {
      const bytes = await render(model);
      expect(pdfaProblems(bytes)).toEqual([]);
      const meta = execFileSync('pdfinfo', ['-meta', '-'], { input: bytes, encoding: 'utf8' });
      expect(meta).toContain('<pdfaid:part>2</pdfaid:part>');
      expect(meta).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    }
  });

  it('claims PDF/A-2b for an untagged file (tagged: false, --no-tagged): no structure, no marked content, the same pages', async () => {
    const untagged = await writePdf(sample, { fonts, context, tagged: false });
    expect(pdfaProblems(untagged)).toEqual([]);
    const meta = execFileSync('pdfinfo', ['-meta', '-'], { input: untagged, encoding: 'utf8' });
    expect(meta).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(meta).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(execFileSync('pdfinfo', ['-'], { input: untagged, encoding: 'utf8' })).toMatch(/^Tagged:\s+no$/m);
    const text = pdfText(untagged);
    expect(text).not.toMatch(/\/StructTreeRoot|\/MarkInfo|\/StructParents/);
    expect(text).toContain('/Lang (en)');
    expect(qdfText(untagged)).not.toMatch(/\b(BDC|BMC|EMC)\b/);
    const pages = (bytes: Uint8Array): Buffer => execFileSync('pdftoppm', ['-gray', '-r', '60', '-'], { input: bytes, maxBuffer: 64 * 1024 * 1024 });
    const tagged = pages(await render(sample));
    expect(tagged.length).toBeGreaterThan(100_000);
    expect(pages(untagged).equals(tagged)).toBe(true);
  });

  it('finds what breaks the rules (the checks can fail)', async () => {
    const problems = pdfaProblems(await pdfkitFile());
    expect(problems.some((p) => p.startsWith('6.6.2.1'))).toBe(true);
    expect(problems.some((p) => p.startsWith('6.2.2'))).toBe(true);
    expect(problems.some((p) => p.startsWith('6.2.11.4'))).toBe(true);
    // A character no bundled font has is drawn as .notdef: jdgen warns about it (glyph warnings), and the file is not PDF/A.
    const notdef = await render({ ...sample, blocks: [{ type: 'paragraph', align: 'left', size: 'normal', spans: [{ text: 'Han 中 character' }] }] });
    expect(pdfaProblems(notdef)).toEqual(['6.2.11.8: a text shows the .notdef glyph (CID 0)']);
    // The metadata must say what the Info dictionary says.
    const bytes = Buffer.from(await render(sample));
    const at = bytes.indexOf('<pdf:Producer>jdgen</pdf:Producer>');
    bytes.write('<pdf:Producer>jdgeN</pdf:Producer>', at, 'latin1');
    expect(pdfaProblems(bytes)).toEqual(['6.6.2.3: Info /Producer "jdgen" differs from the XMP "jdgeN"']);
  });

  it('finds what breaks the level A rules of a file claiming PDF/A-2a', async () => {
    // Uncompressed, so the file can be edited in place (same lengths).
    const plain = qdfText(await render(sample));
    expect(pdfaProblems(Buffer.from(plain, 'latin1'))).toEqual([]);
    const broken = plain
      .replace('/MarkInfo', '/MarkInfX')
      .replace('/Lang ', '/Lanx ')
      .replace('/StructParents', '/StructParentX')
      .replace('/S /H1', '/S /HX')
      .replace(/\/ToUnicode/g, '/ToUnicodX')
      .replace('\nEMC\n', '\n   \n');
    const problems = pdfaProblems(Buffer.from(broken, 'latin1')).join('\n');
    expect(problems).toMatch(/^6\.7\.2\.2: no \/MarkInfo/m);
    expect(problems).toMatch(/^6\.7\.4: no \/Lang/m);
    expect(problems).toMatch(/^6\.7\.3: a page without \/StructParents/m);
    expect(problems).toMatch(/^6\.7\.3\.4: HX: not a standard structure type/m);
    expect(problems).toMatch(/^6\.2\.11\.7\.2: .* has no ToUnicode/m);
    expect(problems).toMatch(/^6\.7\.3: .*never ended/m);
  });

  it('embeds the sRGB profile of icc-profiles-free unaltered', () => {
    const profile = inflateSync(srgbProfileDeflated());
    expect(createHash('sha256').update(profile).digest('hex')).toBe('2a92d4bae450b76d8b0aa42193df974d75f62738ecebf74f01c5e75b12a95796');
  });

  it('lists the rules it checks', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const rule of PDFA_RULES) expect(readme, rule).toContain(rule);
  });
});
