import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jdgenAsync as jdgen, ROOT, tempDir } from '../helpers/cli.js';
import { pdfaProblems } from '../helpers/pdfa.js';

/**
 * A font with CFF outlines (OpenType `OTTO`, Cantarell from test/fixtures/fonts, SIL OFL 1.1):
 * the PDF writer copies TrueType subsets itself and hands CFF fonts to HarfBuzz's hb-subset,
 * which this is the only test of end to end. The bundled Noto Sans never takes this path.
 */
const FONTS = join(ROOT, 'test/fixtures/fonts/cantarell');
const ROLES = ['examples/en/contract-specialist.yaml', 'examples/ru/key-account-manager.yaml'];

/** pdffonts' table: one row per font, its columns as named in the header. */
function pdfFonts(path: string): Array<{ name: string; type: string; emb: string; sub: string; uni: string }> {
  const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const [name = '', ...rest] = line.trim().split(/\s+/);
    const [, , uni = '', sub = '', emb = ''] = [...rest].reverse();
    return { name, type: rest.slice(0, rest.length - 6).join(' '), emb, sub, uni };
  });
}

describe('a CFF (OpenType) font named in style.yaml', { timeout: 240_000 }, () => {
  let out: string;
  beforeAll(async () => {
    const dir = tempDir('jdgen-cff-');
    mkdirSync(join(dir, 'templates'));
    writeFileSync(
      join(dir, 'templates/style.yaml'),
      [
        'fonts:',
        '  pdf:',
        '    family: Cantarell',
        `    regular: ${join(FONTS, 'Cantarell-Regular.otf')}`,
        `    bold: ${join(FONTS, 'Cantarell-Bold.otf')}`,
        `    italic: ${join(FONTS, 'Cantarell-Regular.otf')}`,
        `    bold_italic: ${join(FONTS, 'Cantarell-Bold.otf')}`,
        '  docx: Cantarell',
        '',
      ].join('\n'),
    );
    out = join(dir, 'out');
    const run = await jdgen(['build', ...ROLES.map((r) => join(ROOT, r)), '--templates', join(dir, 'templates'), '-o', out, '-f', 'pdf,docx', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
  });

  it.each(['contract-specialist', 'key-account-manager'])('%s.pdf embeds subsets of it as CIDFontType0C with ToUnicode, and passes the checks', (name) => {
    const pdf = join(out, `${name}.pdf`);
    const fonts = pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['Cantarell-Bold', 'Cantarell-Regular']);
    for (const font of fonts) {
      expect(font).toMatchObject({ type: 'CID Type 0C', emb: 'yes', sub: 'yes', uni: 'yes' });
      expect(font.name).toMatch(/^[A-Z]{6}\+/);
    }
    // Subsets, not the font files (100 KB each): the whole PDF is smaller than one of them.
    expect(statSync(pdf).size).toBeLessThan(statSync(join(FONTS, 'Cantarell-Regular.otf')).size);
    execFileSync('qpdf', ['--check', pdf], { stdio: 'pipe' });
    expect(pdfaProblems(readFileSync(pdf))).toEqual([]);
  });

  it('the text extracts as written, Cyrillic included', () => {
    const text = (name: string) => execFileSync('pdftotext', [join(out, `${name}.pdf`), '-'], { encoding: 'utf8' });
    expect(text('contract-specialist')).toContain('JOB DESCRIPTION');
    expect(text('key-account-manager')).toContain('ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ');
    expect(text('key-account-manager')).toContain('Общие положения');
  });

  it('the DOCX embeds the same font, and LibreOffice sets the document in it', () => {
    const lo = join(out, 'lo');
    // A profile of its own: another test's LibreOffice may be running with the default one.
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${join(out, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', lo, join(out, 'contract-specialist.docx')],
      { stdio: 'pipe', timeout: 180_000 },
    );
    const names = pdfFonts(join(lo, 'contract-specialist.pdf')).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^Cantarell/);
  });
});
