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

  it('LibreOffice draws the DOCX in the embedded Noto Sans', () => {
    const fonts = execFileSync('pdffonts', [join(out, 'ru', 'lo', 'key-account-manager.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSans-Regular/);
    expect(fonts).not.toMatch(/Liberation|Arial|DejaVu/);
    const files = unzipSync(readFileSync(join(out, 'ru', 'key-account-manager.docx')));
    expect(strFromU8(files['word/fontTable.xml']!)).toMatch(/<w:font w:name="Noto Sans">.*<w:embedRegular /s);
  });
});
