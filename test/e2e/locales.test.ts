import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Every locale's example, built by the real CLI and read back from DOCX and
 * PDF: the native formulas, section titles, the date as the language writes
 * it, and the letters a wrong font or encoding would lose.
 */
interface LocaleCase {
  example: string;
  language: string;
  strings: string[];
  letters: string;
}

const CASES: Record<string, LocaleCase> = {
  en: {
    example: 'key-account-manager',
    language: 'en-GB',
    strings: [
      'APPROVED',
      'AGREED',
      'JOB DESCRIPTION',
      '1. General provisions',
      '3. Duties',
      '2 November 2026',
      'ACKNOWLEDGEMENT OF RECEIPT',
      'Date: ____',
      'Page 1 of',
    ],
    letters: '',
  },
  ru: {
    example: 'key-account-manager',
    language: 'ru-RU',
    strings: [
      'УТВЕРЖДАЮ',
      'СОГЛАСОВАНО',
      'ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ',
      '1. Общие положения',
      '3. Должностные обязанности',
      '«16» марта 2026 г.',
      'г. Екатеринбург',
      'менеджера по работе с ключевыми клиентами',
      'Непосредственный руководитель: начальник отдела продаж',
      'ЛИСТ ОЗНАКОМЛЕНИЯ',
      'к должностной инструкции менеджера по работе с ключевыми клиентами от «16» марта 2026 г. № ДИ-027',
      'Страница 1 из',
    ],
    letters: 'ёъыэ',
  },
  uk: {
    example: 'sales-manager',
    language: 'uk-UA',
    strings: [
      'ЗАТВЕРДЖУЮ',
      'ПОГОДЖЕНО',
      'ПОСАДОВА ІНСТРУКЦІЯ',
      '1. Загальні положення',
      '5. Відповідальність',
      '«09» лютого 2026 р.',
      'м. Вінниця',
      'менеджера (управителя) із збуту',
      'АРКУШ ОЗНАЙОМЛЕННЯ',
      'З посадовою інструкцією ознайомлений(-а), примірник отримав(-ла):',
      'Сторінка 1 з',
    ],
    letters: 'їєґі’',
  },
  ro: {
    example: 'account-manager',
    language: 'ro-RO',
    strings: [
      'APROB',
      'AVIZAT',
      'FIȘA POSTULUI',
      '1. Dispozițiile generale',
      '4. Drepturile',
      '3. Atribuțiile postului',
      '16 februarie 2026',
      'FIȘĂ DE LUARE LA CUNOȘTINȚĂ',
      'Pagina 1 din',
    ],
    letters: 'ăâîșț',
  },
  lv: {
    example: 'client-manager',
    language: 'lv-LV',
    strings: [
      'APSTIPRINU',
      'SASKAŅOTS',
      'AMATA APRAKSTS',
      '1. Vispārīgie noteikumi',
      '3. Amata pienākumi',
      '2026. gada 9. martā',
      'IEPAZĪŠANĀS LAPA',
      'Nr. p. k.',
      'lpp. no',
    ],
    letters: 'āēīūčģķļņšž',
  },
  sq: {
    example: 'account-manager',
    language: 'sq-AL',
    strings: ['MIRATOJ', 'RAKORDUAR', 'PËRSHKRIMI I PUNËS', '1. Dispozita të përgjithshme', '4. Të drejtat', '16 mars 2026', 'FLETA E NJOHJES', 'Faqe 1 nga'],
    letters: 'ëç',
  },
  az: {
    example: 'client-service-manager',
    language: 'az-Latn-AZ',
    strings: [
      'TƏSDİQ EDİRƏM',
      'RAZILAŞDIRILMIŞDIR',
      'VƏZİFƏ TƏLİMATI',
      '1. Ümumi müddəalar',
      '3. Vəzifə öhdəlikləri',
      '«09» fevral 2026-cı il',
      'Bilməlidir',
      'Bacarmalıdır',
      'TANIŞLIQ VƏRƏQİ',
      'Səhifə 1 /',
    ],
    letters: 'əğıöşüç₼',
  },
};

const out = tempDir('jdgen-locales-');
const paths = (locale: string, ext: string) => join(out, locale, `${CASES[locale]!.example}.${ext}`);
// A number on a centred line keeps its hyphen unbroken (DOCX w:noBreakHyphen, read as U+2011).
const flat = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\u2011/g, '-')
    .normalize('NFC');

beforeAll(() => {
  for (const [locale, c] of Object.entries(CASES)) {
    const run = jdgen(['build', `examples/${locale}/${c.example}.yaml`, '-o', join(out, locale), '-f', 'docx,pdf,md']);
    // stderr stays empty: no errors, and no missing-glyph warnings for any locale.
    expect(run.stderr, locale).toBe('');
    expect(run.code, locale).toBe(0);
  }
});

describe.each(Object.keys(CASES))('locale %s', (locale) => {
  const c = CASES[locale]!;

  it('DOCX has the native wording, date and letters, and the document language', async () => {
    const { value } = await mammoth.extractRawText({ path: paths(locale, 'docx') });
    const text = flat(value);
    // The last string is the page-number phrase: in the DOCX it lives in the footer, checked below.
    for (const s of c.strings.slice(0, -1)) expect(text, s).toContain(s);
    for (const letter of c.letters) expect(text, letter).toContain(letter);
    const zip = unzipSync(new Uint8Array(readFileSync(paths(locale, 'docx'))));
    expect(strFromU8(zip['word/styles.xml']!)).toContain(`w:lang w:val="${c.language}"`);
    const footer = Object.keys(zip)
      .filter((n) => /^word\/footer\d*\.xml$/.test(n))
      .map((n) => strFromU8(zip[n]!))
      .join('');
    expect(footer).toContain(c.strings[c.strings.length - 1]!.split(' ')[0]);
  });

  it('PDF has the native wording, date and letters on the page, in embedded fonts', async () => {
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(paths(locale, 'pdf'))));
    const { text } = await extractText(pdf, { mergePages: true });
    const pageText = flat(text as string);
    for (const s of c.strings) expect(pageText, s).toContain(s);
    for (const letter of c.letters) expect(pageText, letter).toContain(letter);
    const fonts = execFileSync('pdffonts', [paths(locale, 'pdf')], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean);
    for (const line of fonts) expect(line).toMatch(/NotoSans.*\byes\s+yes\s+yes\b/);
    const info = execFileSync('pdfinfo', [paths(locale, 'pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+[2-9]/);
  });

  it('Markdown is the golden Markdown', () => {
    expect(readFileSync(paths(locale, 'md'), 'utf8')).toBe(readFileSync(join(ROOT, 'test/golden', locale, `${c.example}.md`), 'utf8'));
  });
});
