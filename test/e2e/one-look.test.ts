import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/**
 * One look in both formats (issue 15): every example's DOCX, rendered by
 * LibreOffice, has as many pages as its PDF, and LibreOffice sets it in the
 * font the DOCX embeds (the PDF's Noto Sans), not a substitute.
 */
const EXAMPLES = [
  ...['az', 'en', 'lv', 'ro', 'ru', 'sq', 'uk'].flatMap((locale) =>
    readdirSync(join(ROOT, 'examples', locale))
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => `examples/${locale}/${name}`),
  ),
  ...readdirSync(join(ROOT, 'examples', 'organization', 'roles')).map((name) => `examples/organization/roles/${name}`),
];

const out = tempDir('jdgen-one-look-');
/** Output folder of an example: its locale (or `roles`) folder, as names repeat across locales. */
const folderOf = (example: string): string => join(out, basename(dirname(example)));

function pages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** A numbered section heading as pdftotext -layout reads it: `6.    Sadarbība` (a clause is `6.1`). */
const HEADING = /^\d{1,2}\.\s+\p{L}/u;
/** A piece of the diagonal draft watermark (DRAFT, ПРОЕКТ, …) that pdftotext sets on a line of its own. */
const WATERMARK = /^\p{Lu}{1,3}$/u;

/**
 * Pages whose last text line above the footer is a section heading: the
 * heading is stranded at the foot of the page, away from its first clause.
 */
function strandedHeadings(pdf: string): string[] {
  const found: string[] = [];
  for (let page = 1; page <= pages(pdf); page++) {
    const text = execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !WATERMARK.test(line));
    const last = lines.at(-2); // the last line is the footer
    if (last !== undefined && HEADING.test(last)) found.push(`page ${page}: ${last}`);
  }
  return found;
}

beforeAll(() => {
  for (const example of EXAMPLES) jdgen(['build', example, '-o', folderOf(example), '-f', 'docx,pdf'], { cwd: ROOT });
  // One LibreOffice run per folder: starting it is most of the cost.
  for (const folder of new Set(EXAMPLES.map(folderOf))) {
    const docx = readdirSync(folder)
      .filter((name) => name.endsWith('.docx'))
      .map((name) => join(folder, name));
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', join(folder, 'lo'), ...docx], { stdio: 'pipe', timeout: 300_000 });
  }
}, 900_000);

describe('DOCX and PDF look the same', () => {
  it.each(EXAMPLES)('%s: the DOCX in LibreOffice has the PDF’s page count', (example) => {
    const name = basename(example, '.yaml');
    const pdf = pages(join(folderOf(example), `${name}.pdf`));
    const docx = pages(join(folderOf(example), 'lo', `${name}.pdf`));
    expect(pdf).toBeGreaterThan(1);
    expect(docx).toBe(pdf);
  });

  it.each(EXAMPLES)('%s: no section heading stands alone at the foot of a page (PDF and DOCX)', (example) => {
    const name = basename(example, '.yaml');
    expect(strandedHeadings(join(folderOf(example), `${name}.pdf`))).toEqual([]);
    // The lv example's DOCX («6. Sadarbība» at the foot of page 3) failed here while its AGREED
    // block was signature tables nested in one row (LibreOffice 7.4); see renderKeep.
    expect(strandedHeadings(join(folderOf(example), 'lo', `${name}.pdf`))).toEqual([]);
  });

  it('LibreOffice draws the DOCX in the embedded Noto Sans', () => {
    const fonts = execFileSync('pdffonts', [join(out, 'ru', 'lo', 'key-account-manager.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSans-Regular/);
    expect(fonts).not.toMatch(/Liberation|Arial|DejaVu/);
    const files = unzipSync(readFileSync(join(out, 'ru', 'key-account-manager.docx')));
    expect(strFromU8(files['word/fontTable.xml']!)).toMatch(/<w:font w:name="Noto Sans">.*<w:embedRegular /s);
  });
});
