import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { ROLE_WITHOUT_DUTIES } from '../helpers/minimal-role.js';
import { glueCentred, hyphenatorFor } from '../../src/theme/hyphenation.js';
import { BASE_THEME, clauseColumns, documentTheme, themeFor } from '../../src/theme/theme.js';
import { parseMarkup } from '../../src/render/markup.js';
import { getDocumentProxy } from 'unpdf';

const marked = (language: string, word: string): string => {
  const breaks = hyphenatorFor(language)!(word);
  let out = '';
  let from = 0;
  for (const at of breaks) {
    out += `${word.slice(from, at)}-`;
    from = at;
  }
  return out + word.slice(from);
};

describe('hyphenation patterns', () => {
  it('hyphenates every locale with its patterns (Azerbaijani through the Turkish ones)', () => {
    expect(marked('en-GB', 'organisation')).toBe('or-gan-isa-tion');
    expect(marked('ru-RU', 'ответственность')).toBe('от-вет-ствен-ность');
    expect(marked('uk-UA', 'відповідальність')).toBe('від-по-від-аль-ність');
    expect(marked('ro-RO', 'responsabilitatea')).toBe('res-pon-sa-bi-li-ta-tea');
    expect(marked('lv-LV', 'organizācijas')).toBe('or-ga-ni-zā-ci-jas');
    expect(marked('sq-AL', 'përgjegjësia')).toBe('për-gje-gjë-sia');
    // ə, x and q read as e, h and k: the syllables come out as Azerbaijani splits them.
    expect(marked('az-Latn-AZ', 'məsuliyyəti')).toBe('mə-su-liy-yəti');
    expect(marked('az-Latn-AZ', 'müştərilərlə')).toBe('müş-tə-ri-lərlə');
  });

  it('keeps two letters before and three after a break, and has nothing for a language without patterns', () => {
    for (const word of ['organisation', 'ability', 'duties;']) {
      const breaks = hyphenatorFor('en')!(word);
      for (const at of breaks) {
        expect(at).toBeGreaterThanOrEqual(2);
        expect(word.slice(at).replace(/\P{L}/gu, '').length).toBeGreaterThanOrEqual(3);
      }
    }
    expect(hyphenatorFor('ja')).toBeUndefined();
  });
});

describe('centred title lines', () => {
  it('keeps short items of a " · " line whole and glues a short or numeric last word', () => {
    const [span] = glueCentred([{ text: 'Reports to: Head of Sales · Category: specialist · Code: 24075' }]);
    expect(span!.text).toBe('Reports\u00a0to:\u00a0Head\u00a0of\u00a0Sales · Category:\u00a0specialist · Code:\u00a024075');
    expect(glueCentred([{ text: 'FAMILIARISATION SHEET' }])[0]!.text).toBe('FAMILIARISATION\u00a0SHEET');
    expect(glueCentred([{ text: 'Manager responsible for relationships' }])[0]!.text).toBe('Manager responsible for relationships');
  });

  it('counts words already joined by no-break spaces as one last word (a document number never stands alone)', () => {
    const subtitle = 'до посадової інструкції менеджера від «09»\u00a0лютого 2026\u00a0р. №\u00a0ПІ-08';
    expect(glueCentred([{ text: subtitle }])[0]!.text).toBe('до посадової інструкції менеджера від «09»\u00a0лютого 2026\u00a0р.\u00a0№\u00a0ПІ-08');
  });
});

describe('clause columns', () => {
  const widest = [0, 20, 28, 36, 44, 52, 60];
  it('indents each level after its parent up to the carried depth, then keeps the number position and never overlaps', () => {
    const columns = clauseColumns(BASE_THEME, widest, 450);
    expect(columns.carried).toBe(4);
    expect(columns.labelX(2)).toBe(columns.textX(1));
    expect(columns.labelX(4)).toBe(columns.textX(3));
    expect(columns.labelX(5)).toBe(columns.labelX(4));
    expect(columns.labelX(6)).toBe(columns.labelX(4));
    for (const level of [5, 6]) expect(columns.textX(level) - columns.labelX(level)).toBeGreaterThanOrEqual(widest[level]! + BASE_THEME.clause.labelGap);
  });

  it('stops indenting earlier on a narrow column', () => {
    expect(clauseColumns(BASE_THEME, widest, 150).carried).toBeLessThan(4);
  });

  it('gives every language the base theme unless its locale changes it', () => {
    expect(themeFor('en-GB')).toBe(BASE_THEME);
    expect(Object.isFrozen(BASE_THEME.sizes)).toBe(true);
  });
});

describe('deep nesting', () => {
  const nested = (depth: number): string => {
    let yaml = '';
    for (let level = 1; level <= depth; level += 1) {
      // The items of a clause line up with its text; each nested clause's dash is two spaces further in.
      const pad = ' '.repeat(4 * (level - 1));
      yaml += level === 1 ? `  - text: level ${level}\n` : `${pad}items:\n${pad}  - text: level ${level}\n`;
    }
    return yaml;
  };

  it('warns at the first clause past the depth the layout indents, with its position; four levels pass', async () => {
    // Five levels is the schema's limit: the fifth stands at the fourth's indent.
    const deep = await compile({ yaml: `${ROLE_WITHOUT_DUTIES}duties:\n${nested(5)}`, name: 'r.yaml' }, { cwd: '/nonexistent', files: {} });
    const warnings = deep.diagnostics.filter((d) => d.code === 'layout/deep-nesting');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      severity: 'warning',
      file: expect.stringContaining('r.yaml'),
      line: 18,
      path: 'duties[0].items[0].items[0].items[0].items[0]',
    });
    expect(warnings[0]!.column).toBeGreaterThan(1);
    expect(deep.model).toBeDefined();
    const fine = await compile({ yaml: `${ROLE_WITHOUT_DUTIES}duties:\n${nested(4)}`, name: 'r.yaml' }, { cwd: '/nonexistent', files: {} });
    expect(fine.diagnostics.filter((d) => d.code === 'layout/deep-nesting')).toEqual([]);
  });

  it('gives the DOCX the measured columns the PDF uses (clauseColumns): level 5 keeps level 4’s number position, its text after its number', async () => {
    const result = await compile(
      { yaml: `${ROLE_WITHOUT_DUTIES}duties:\n${nested(5)}`, name: 'r.yaml' },
      { cwd: '/nonexistent', files: {}, formats: ['docx'] },
    );
    const document = strFromU8(unzipSync(result.outputs!.docx!)['word/document.xml']!);
    const indents = [
      ...document.matchAll(
        /<w:tabs><w:tab w:val="left" w:pos="(\d+)"\/><\/w:tabs>(?:<w:spacing[^>]*>)?<w:ind w:left="(\d+)" w:hanging="(\d+)"\/>.*?<w:t xml:space="preserve">([\d.]+)<\/w:t>/g,
      ),
    ];
    const byNumber = new Map(indents.map((m) => [m[4]!, { left: Number(m[2]), hanging: Number(m[3]) }]));
    const fifth = byNumber.get('2.1.1.1.1.1')!;
    const fourth = byNumber.get('2.1.1.1.1')!;
    const third = byNumber.get('2.1.1.1')!;
    // Level 4 starts its number where level 3 starts its text; level 5 where level 4 starts its number, its text after its (wider) number.
    expect(fourth.left - fourth.hanging).toBe(third.left);
    expect(fifth.left - fifth.hanging).toBe(fourth.left - fourth.hanging);
    expect(fifth.hanging).toBeGreaterThan(fourth.hanging);
  });
});

describe('body size from the locale (ГОСТ Р 7.0.97: 12–14 pt for ru)', () => {
  const model = (language: string, bodySize?: number) => ({ meta: { language }, page: bodySize === undefined ? {} : { bodySize } });

  it('keeps the language theme when the document asks for no size', () => {
    expect(documentTheme(model('en'))).toBe(themeFor('en'));
  });

  it('moves every text size with the body and never makes a heading smaller than the body', () => {
    const theme = documentTheme(model('ru-RU', 14));
    const base = themeFor('ru-RU');
    const shift = 14 - base.sizes.normal;
    expect(theme.sizes).toEqual({ small: base.sizes.small + shift, normal: 14, large: base.sizes.large + shift, title: base.sizes.title + shift });
    expect(theme.table.size).toBe(base.table.size + shift);
    for (const level of [1, 2] as const) expect(theme.heading[level].size).toBeGreaterThanOrEqual(14);
    // A smaller body keeps headings at least as large as the body (and moves them down with it).
    const small = documentTheme(model('en', 9));
    expect(small.sizes.normal).toBe(9);
    expect(small.heading[2].size).toBe(Math.max(9, base.heading[2].size - 2));
  });

  it('prints the ru example at 12 pt in the PDF and the DOCX, and other locales at the theme size', async () => {
    const sizes = async (file: string) => {
      const result = await compile(file, { formats: ['docx', 'pdf'] });
      const styles = strFromU8(unzipSync(result.outputs!.docx!)['word/styles.xml']!);
      const docDefault = /<w:docDefaults>.*?<w:sz w:val="(\d+)"\/>/s.exec(styles)?.[1];
      const pdf = await getDocumentProxy(new Uint8Array(result.outputs!.pdf!));
      const page = await (await pdf.getPage(1)).getTextContent();
      // The most common glyph height on page 1 is the body text's size.
      const counts = new Map<number, number>();
      for (const item of page.items)
        if ('transform' in item)
          counts.set(
            Math.round(Math.abs(item.transform[3] as number) * 10) / 10,
            (counts.get(Math.round(Math.abs(item.transform[3] as number) * 10) / 10) ?? 0) + 1,
          );
      const body = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      return { docx: Number(docDefault) / 2, pdf: body };
    };
    expect(await sizes('examples/ru/key-account-manager.yaml')).toEqual({ docx: 12, pdf: 12 });
    expect(await sizes('examples/en/key-account-manager.yaml')).toEqual({ docx: BASE_THEME.sizes.normal, pdf: BASE_THEME.sizes.normal });
  });

  it('sets the tables of a 12 pt document in the theme’s table size in both formats (the familiarisation sheet)', async () => {
    const result = await compile('examples/ru/key-account-manager.yaml', { formats: ['docx', 'pdf', 'json'] });
    const expected = documentTheme({ meta: { language: 'ru-RU' }, page: { bodySize: 12 } }).table.size;
    expect(expected).toBeGreaterThan(BASE_THEME.table.size);
    const pdf = await getDocumentProxy(new Uint8Array(result.outputs!.pdf!));
    const last = await (await pdf.getPage(pdf.numPages)).getTextContent();
    const header = last.items.find((item) => 'str' in item && item.str === 'Должность');
    expect(header && 'transform' in header ? Math.abs(header.transform[3] as number) : undefined).toBeCloseTo(expected, 3);
    // The DOCX sets table text through its table text style, which the sheet's cells use.
    const files = unzipSync(result.outputs!.docx!);
    const styles = strFromU8(files['word/styles.xml']!);
    const style =
      /<w:style [^>]*w:styleId="([^"]+)"[^>]*>(?:(?!<\/w:style>).)*?<w:name w:val="JD Table Text"\/>(?:(?!<\/w:style>).)*?<w:sz w:val="(\d+)"\/>/s.exec(styles);
    expect(Number(style?.[2]) / 2).toBe(expected);
    expect(strFromU8(files['word/document.xml']!)).toMatch(new RegExp(`<w:pStyle w:val="${style?.[1]}"/>`));
  });

  it('refuses a body size no printed document uses, naming the template line', async () => {
    expect(() => parseMarkup('@body-size | 30', { templateFile: 't.hbs', meta: { language: 'en' } as never })).toThrow(/@body-size.*from 8 to 16/);
    expect(parseMarkup('@body-size | 13', { templateFile: 't.hbs', meta: { language: 'en', keywords: [] } as never }).page.bodySize).toBe(13);
  });
});
