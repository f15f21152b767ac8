import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Builds the examples with the real CLI, then reads the DOCX and PDF back as
 * a reader would: text, its order, the numbering, fonts, page numbers.
 */
const out = tempDir('jdgen-outputs-');
const EXAMPLES = ['key-account-manager', 'contract-specialist'];

/** The landmarks every job description shows, in reading order. */
const KAM_ORDER = [
  'Northwind Trading LLC',
  'APPROVED',
  'Director General',
  'J. Smith',
  'JOB DESCRIPTION',
  'Key Account Manager',
  'No. JD-014 · Springfield · 2 November 2026 · Revision 1',
  '1. General provisions',
  '1.5.5',
  '2. Qualification requirements',
  'Education:',
  '3. Duties',
  '3.4.2',
  '3.11',
  '4. Rights',
  '5. Responsibility',
  '6. Relationships',
  '7. Performance evaluation',
  '7.1.4',
  'AGREED',
  'Head of Legal',
  'A. Brown',
  'R. Miller',
  'ACKNOWLEDGEMENT OF RECEIPT',
  'Full name',
  'P. Jones',
];

function expectInOrder(text: string, landmarks: string[]): void {
  // A number on a centred line keeps its hyphen unbroken (w:noBreakHyphen, read as U+2011).
  const flat = text.replace(/\s+/g, ' ').replace(/\u2011/g, '-');
  let from = 0;
  for (const landmark of landmarks) {
    const at = flat.indexOf(landmark, from);
    expect(at, `"${landmark}" after position ${from}`).toBeGreaterThanOrEqual(0);
    from = at + landmark.length;
  }
}

async function pdfPages(file: string): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file)));
  const { text } = await extractText(pdf, { mergePages: false });
  return text as string[];
}

beforeAll(() => {
  const run = jdgen(['build', ...EXAMPLES.map((e) => `examples/en/${e}.yaml`), '-o', out]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
});

describe('DOCX read back', () => {
  it('has every landmark in reading order, with literal clause numbers', async () => {
    const { value } = await mammoth.extractRawText({ path: join(out, 'key-account-manager.docx') });
    expectInOrder(value, KAM_ORDER);
  });

  it('numbers the page in the footer with fields and marks the language', () => {
    const zip = unzipSync(new Uint8Array(readFileSync(join(out, 'key-account-manager.docx'))));
    const footers = Object.keys(zip)
      .filter((name) => /^word\/footer\d*\.xml$/.test(name))
      .map((name) => strFromU8(zip[name]!));
    expect(footers.join('')).toMatch(/PAGE/);
    expect(footers.join('')).toMatch(/NUMPAGES/);
    expect(footers.join('')).toContain('JD-014 · Key Account Manager');
    const documentXml = strFromU8(zip['word/document.xml']!);
    expect(documentXml).toContain('w:tblHeader');
    const styles = strFromU8(zip['word/styles.xml']!);
    expect(styles).toMatch(/w:lang w:val="en/);
  });

  it('opens in LibreOffice, which renders the page fields', () => {
    const dir = tempDir('jdgen-soffice-');
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, join(out, 'contract-specialist.docx')], { stdio: 'pipe', timeout: 120_000 });
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'contract-specialist.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('JOB DESCRIPTION');
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain('HR-JD-2026/07');
  }, 180_000);
});

describe('PDF read back', () => {
  it('has every landmark in reading order', async () => {
    const pages = await pdfPages(join(out, 'key-account-manager.pdf'));
    expectInOrder(pages.join('\n'), KAM_ORDER);
  });

  it('numbers every page "Page X of Y" and puts the familiarisation sheet on its own page', async () => {
    const pages = await pdfPages(join(out, 'key-account-manager.pdf'));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    const sheet = pages.findIndex((page) => page.includes('ACKNOWLEDGEMENT OF RECEIPT'));
    expect(pages[sheet]).not.toContain('AGREED');
  });

  it('embeds its fonts, and passes a structural check', () => {
    const file = join(out, 'contract-specialist.pdf');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/NotoSans.*\byes\s+yes\s+yes\b/);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  });
});

describe('Markdown', () => {
  it('is the golden Markdown of each example', () => {
    for (const name of EXAMPLES) {
      expect(readFileSync(join(out, `${name}.md`), 'utf8')).toBe(readFileSync(join(ROOT, 'test/golden/en', `${name}.md`), 'utf8'));
    }
  });
});
