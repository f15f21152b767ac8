import { describe, expect, it } from 'vitest';
import { compile, createContext, show } from '../../src/api.js';
import type { Block } from '../../src/model/types.js';
import { smallFirst, titleGenitive } from '../../src/render/genitive.js';
import { BUNDLED_TEMPLATES } from '../../src/render/layers.js';
import { availableLocales, formatDate, loadLocale, wrappableDate } from '../../src/render/locale.js';

/**
 * Issue 15, items 7, 8, 10 and 11: the wording each locale builds from the
 * role's data (the title's genitive, the sheet's subtitle and formula, the
 * place, the small letter after a colon) and the warning for a dropped sheet.
 */

describe('titleGenitive', () => {
  it.each([
    ['Менеджер по работе с ключевыми клиентами', 'менеджера по работе с ключевыми клиентами'],
    ['Ведущий специалист по договорной работе', 'ведущего специалиста по договорной работе'],
    ['Главный бухгалтер', 'главного бухгалтера'],
    ['Начальник отдела продаж', 'начальника отдела продаж'],
    ['Заведующий складом', 'заведующего складом'],
    ['Управляющий', 'управляющего'],
    ['Старший продавец', 'старшего продавца'],
    ['Менеджер-консультант', 'менеджера-консультанта'],
    ['Пресс-секретарь', 'пресс-секретаря'],
    ['IT-менеджер', 'IT-менеджера'],
    ['Главная медсестра', 'главной медсестры'],
    ['Ведущая машинистка', 'ведущей машинистки'],
  ])('ru: %s → %s', (title, genitive) => {
    expect(titleGenitive(title, 'ru')).toBe(genitive);
  });

  it.each([
    ['Менеджер (управитель) із збуту', 'менеджера (управителя) із збуту'],
    ['Фахівець з договірної роботи', 'фахівця з договірної роботи'],
    ['Головний бухгалтер', 'головного бухгалтера'],
    ['Провідний економіст', 'провідного економіста'],
    ['Начальник відділу збуту', 'начальника відділу збуту'],
    ['Секретар керівника', 'секретаря керівника'],
    ['Водій', 'водія'],
    ['Продавець-консультант', 'продавця-консультанта'],
    ['Вчитель', 'вчителя'],
  ])('uk: %s → %s', (title, genitive) => {
    expect(titleGenitive(title, 'uk')).toBe(genitive);
  });

  it('gives up rather than guess: Ukrainian feminine titles, words that are not Cyrillic, an unclosed bracket', () => {
    expect(titleGenitive('Бухгалтерка', 'uk')).toBeUndefined();
    expect(titleGenitive('Key Account Manager', 'ru')).toBeUndefined();
    expect(titleGenitive('Менеджер (управитель із збуту', 'uk')).toBeUndefined();
  });

  it('smallFirst keeps abbreviations', () => {
    expect(smallFirst('Начальник отдела')).toBe('начальник отдела');
    expect(smallFirst('HR-менеджер')).toBe('HR-менеджер');
    expect(smallFirst('')).toBe('');
  });
});

/** A complete role in `locale` with the given extra YAML lines. */
function role(locale: string, extra = '', title = 'Менеджер по работе с ключевыми клиентами'): string {
  return `jdgen: 1
locale: ${locale}
organization: { name: ООО «Ромашка», city: Екатеринбург }
document: { number: ДИ-027, date: 2026-03-16 }
position:
  title: ${title}
  reports_to: Начальник отдела продаж
  category: Специалисты
approval: { position: Директор, name: А. Б. Иванов }
general_provisions: [a]
duties: [a]
rights: [a]
responsibility: [a]
${extra}`;
}

function texts(blocks: Block[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'paragraph') return [b.spans.map((s) => s.text).join('')];
    if (b.type === 'keep' || b.type === 'box') return texts(b.blocks);
    return [];
  });
}

async function compiled(yaml: string): Promise<{ texts: string[]; diagnostics: Awaited<ReturnType<typeof compile>>['diagnostics'] }> {
  const result = await compile({ yaml, name: 'role.yaml' }, { cwd: '/nonexistent', files: {} });
  return { texts: result.model ? texts(result.model.blocks) : [], diagnostics: result.diagnostics };
}

describe('dates', () => {
  it('never break across lines: every bundled locale joins a date’s parts with no-break spaces', async () => {
    const context = createContext();
    const locales = await availableLocales(context, BUNDLED_TEMPLATES);
    expect(locales).toEqual(expect.arrayContaining(['az', 'en', 'lv', 'ro', 'ru', 'sq', 'uk']));
    for (const name of locales) {
      const date = formatDate(await loadLocale(context, BUNDLED_TEMPLATES, name, 'test'), '2026-02-09');
      // The uk sheet subtitle broke as «…«09» лютого / 2026 р. № ПІ-08» (issue 15).
      expect(date, name).toMatch(/2026/);
      expect(date, name).not.toMatch(/\s(?<!\u00a0)/u);
    }
  });
  it('may wrap in a table column ({{date d wrap=true}}) between its words, a short last word kept with the year', () => {
    // The revision table's 18 % date column cut an unbreakable «15 September 2026» inside the year.
    expect(wrappableDate('15\u00a0September\u00a02026')).toBe('15 September 2026');
    expect(wrappableDate('«16»\u00a0сентября\u00a02026\u00a0г.')).toBe('«16» сентября 2026\u00a0г.');
    expect(wrappableDate('«09»\u00a0fevral\u00a02026-cı\u00a0il')).toBe('«09» fevral 2026-cı\u00a0il');
    expect(wrappableDate('2026.\u00a0gada\u00a015.\u00a0septembrī')).toBe('2026. gada 15. septembrī');
  });
});

describe('ru and uk wording', () => {
  it('puts the title in the genitive under ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ and in the sheet subtitle, with the date and number', async () => {
    const { texts: t, diagnostics } = await compiled(role('ru'));
    expect(diagnostics).toEqual([]);
    expect(t).toContain('менеджера по работе с ключевыми клиентами');
    // No-break spaces keep «от» with the date, the date's parts together and «№» with the number.
    expect(t).toContain('к должностной инструкции менеджера по работе с ключевыми клиентами от\u00a0«16»\u00a0марта\u00a02026\u00a0г. №\u00a0ДИ-027');
  });

  it('keeps the title in the nominative in the running footer, where it stands alone (ru, uk)', async () => {
    // The footer is "{number} · {position.title}": no «должностная инструкция» governs the
    // title there, so it is the nominative a staffing table uses, not the genitive of the heading.
    const ru = await compile({ yaml: role('ru'), name: 'role.yaml' }, { cwd: '/nonexistent', files: {} });
    expect(ru.model!.footer!.left).toBe('ДИ-027 · Менеджер по работе с ключевыми клиентами');
    expect(ru.model!.footer!.right).toBe('Страница {page} из {pages}');
    const uk = await compile({ yaml: role('uk', '', 'Менеджер (управитель) із збуту'), name: 'role.yaml' }, { cwd: '/nonexistent', files: {} });
    expect(uk.model!.footer!.left).toBe('ДИ-027 · Менеджер (управитель) із збуту');
    expect(uk.model!.footer!.right).toBe('Сторінка {page} з {pages}');
    // …while the heading under the document title is the genitive.
    expect(texts(uk.model!.blocks)).toContain('менеджера (управителя) із збуту');
  });

  it('prints position.title_genitive as given, instead of the derived form', async () => {
    const yaml = role('ru').replace('  reports_to:', '  title_genitive: менеджера по ключевым клиентам\n  reports_to:');
    const { texts: t } = await compiled(yaml);
    expect(t).toContain('менеджера по ключевым клиентам');
    expect(t.join('\n')).not.toContain('менеджера по работе');
  });

  it('writes the place «г. …» once, and data after a colon with a small letter', async () => {
    const { texts: t } = await compiled(role('ru'));
    const line = t.find((x) => x.startsWith('№ ДИ-027'))!;
    expect(line).toContain('· г. Екатеринбург ·');
    expect(t).toContain('Непосредственный руководитель: начальник отдела продаж · Категория: специалисты');
    const given = await compiled(role('ru').replace('city: Екатеринбург', 'city: г. Екатеринбург'));
    expect(given.texts.find((x) => x.startsWith('№ ДИ-027'))).toContain('· г. Екатеринбург ·');
    const uk = await compiled(role('uk', '', 'Менеджер із збуту').replace('city: Екатеринбург', 'city: Вінниця'));
    expect(uk.texts.find((x) => x.startsWith('№ ДИ-027'))).toContain('· м. Вінниця ·');
    // English keeps the capital and the bare city.
    const en = await compiled(role('en', '', 'Key Account Manager'));
    expect(en.texts).toContain('Reports to: Начальник отдела продаж · Category: Специалисты');
  });

  it('uses the gendered formula only when every row is a listed employee of one gender', async () => {
    const formula = async (familiarization: string): Promise<string | undefined> =>
      (await compiled(role('ru', familiarization))).texts.find((x) => x.startsWith('С должностной инструкцией'));
    expect(await formula('familiarization: { rows: 0, employees: [{ name: Петрова А. А., gender: female }] }')).toBe(
      'С должностной инструкцией ознакомлена, один экземпляр получила:',
    );
    expect(await formula('familiarization: { rows: 0, employees: [{ name: Петров А. А., gender: male }, { name: Сидоров Б. Б., gender: male }] }')).toBe(
      'С должностной инструкцией ознакомлен, один экземпляр получил:',
    );
    const neutral = 'С должностной инструкцией ознакомлен(а), один экземпляр получил(а):';
    expect(await formula('familiarization: { rows: 0, employees: [{ name: Петров А. А., gender: male }, { name: Петрова А. А., gender: female }] }')).toBe(
      neutral,
    );
    expect(await formula('familiarization: { rows: 0, employees: [{ name: Петров А. А., gender: male }, { name: Ким Л. }] }')).toBe(neutral);
    expect(await formula('familiarization: { rows: 2, employees: [{ name: Петрова А. А., gender: female }] }')).toBe(neutral);
  });

  it('uk formula: «З посадовою інструкцією ознайомлений(-а), примірник отримав(-ла)»', async () => {
    const { texts: t } = await compiled(role('uk', '', 'Менеджер із збуту'));
    expect(t).toContain('З посадовою інструкцією ознайомлений(-а), примірник отримав(-ла):');
    expect(t).toContain('до посадової інструкції менеджера із збуту від\u00a0«16»\u00a0березня\u00a02026\u00a0р. №\u00a0ДИ-027');
  });

  it('quotes a title it cannot decline, and warns at the title', async () => {
    const { texts: t, diagnostics } = await compiled(role('uk', '', 'Бухгалтерка'));
    expect(t).toContain('«Бухгалтерка»');
    expect(diagnostics).toMatchObject([{ severity: 'warning', code: 'wording/title-genitive', path: 'position.title', line: 6 }]);
    // A title in Latin letters is quoted as it is, without a warning.
    const latin = await compiled(role('ru', '', 'Key Account Manager'));
    expect(latin.texts).toContain('«Key Account Manager»');
    expect(latin.diagnostics).toEqual([]);
  });
});

describe('the familiarisation sheet a locale expects', () => {
  it('warns at `rows` when rows: 0 and no employees drop the sheet in ru and uk', async () => {
    for (const locale of ['ru', 'uk']) {
      const { diagnostics, texts: t } = await compiled(role(locale, 'familiarization:\n  rows: 0\n', 'Менеджер'));
      expect(diagnostics, locale).toMatchObject([
        { severity: 'warning', code: 'wording/no-familiarization-sheet', path: 'familiarization.rows', line: 15, column: 9 },
      ]);
      expect(t.join('\n')).not.toMatch(/ЛИСТ ОЗНАКОМЛЕНИЯ|АРКУШ ОЗНАЙОМЛЕННЯ/);
    }
  });

  it('says nothing with rows or employees, or in a locale that does not expect the sheet', async () => {
    expect((await compiled(role('ru', 'familiarization: { rows: 0, employees: [{ name: Петров А. А. }] }'))).diagnostics).toEqual([]);
    expect((await compiled(role('ru', 'familiarization: { rows: 1 }'))).diagnostics).toEqual([]);
    expect((await compiled(role('en', 'familiarization: { rows: 0 }', 'Clerk'))).diagnostics).toEqual([]);
  });
});

describe('jdgen show', () => {
  it('prints the derived genitive, marked for a person to check, and the formula the employees get', async () => {
    const { yaml } = await show(
      { yaml: role('ru', 'familiarization: { rows: 0, employees: [{ name: Петрова А. А., gender: female }] }'), name: 'role.yaml' },
      { cwd: '/nonexistent', files: {} },
    );
    expect(yaml).toContain('  title_genitive: менеджера по работе с ключевыми клиентами # derived by jdgen: check it; write it here if wrong\n');
    expect(yaml).toContain("# the sheet's formula: С должностной инструкцией ознакомлена, один экземпляр получила:");
    // The title comes first, the genitive right under it.
    expect(yaml!.indexOf('  title: ')).toBeLessThan(yaml!.indexOf('  title_genitive: '));
  });

  it('prints a given genitive without the mark, and no genitive in a locale that does not inflect', async () => {
    const given = role('ru').replace('  reports_to:', '  title_genitive: менеджера по ключевым клиентам\n  reports_to:');
    const { yaml } = await show({ yaml: given, name: 'role.yaml' }, { cwd: '/nonexistent', files: {} });
    expect(yaml).toContain('  title_genitive: менеджера по ключевым клиентам\n');
    const en = await show({ yaml: role('en', '', 'Clerk'), name: 'role.yaml' }, { cwd: '/nonexistent', files: {} });
    expect(en.yaml).not.toContain('title_genitive');
    expect(en.yaml).not.toContain('#');
  });
});
