import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { createContext } from '../../src/context.js';
import { importDocx, type ImportResult } from '../../src/import/import.js';

/*
 * Job descriptions written by hand, unlike jdgen's own layout (made by
 * scripts/import-fixtures.ts with the docx library; the ODT copies by
 * LibreOffice from them). Each is read from DOCX and from ODT, and must give
 * the same role.
 */
const FIXTURES = new URL('../fixtures/import/', import.meta.url);
const context = createContext();

async function read(name: string, format: 'docx' | 'odt'): Promise<ImportResult> {
  return importDocx(readFileSync(new URL(`${name}.${format}`, FIXTURES)), { name: `${name}.${format}`, now: '2026-01-01', context });
}

type Role = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const warnings = (r: ImportResult): string[] => r.report.warnings.map((w) => w.message);

const cases: [string, (role: Role, result: ImportResult) => void][] = [
  [
    'ru-table-approval',
    (role, r) => {
      // APPROVED beside the organisation in a borderless table; the letterhead under the name.
      expect(role.organization).toEqual({ name: 'ООО «Ромашка»', city: 'Москва', letterhead: ['ИНН 7701234567, г. Москва, ул. Лесная, д. 5'] });
      expect(role.approval).toEqual({ position: 'Генеральный директор', name: 'И. И. Иванов' });
      expect(role.document).toMatchObject({ number: '15', date: '2025-02-01' });
      // The title stands only in the genitive: the nominative is the start of the clause whose genitive it is,
      // and jdgen derives the same genitive from it, so none is written.
      expect(role.position).toEqual({ title: 'Менеджер по продажам' });
      expect(r.report.guessed.map((g) => g.message)).toContain(
        'position.title "Менеджер по продажам": the words of this clause whose genitive is the title\'s ("менеджера по продажам")',
      );
      // Roman numbers and capitals; "а)" items under 1.3; "ФУНКЦИИ" are the duties, with a third level.
      expect(role.general_provisions[2]).toEqual({
        text: 'В своей работе менеджер руководствуется:',
        items: ['трудовым законодательством;', 'уставом общества;', 'настоящей инструкцией.'],
      });
      expect(role.qualifications).toEqual({ education: 'высшее экономическое.', experience: 'не менее двух лет в продажах.' });
      expect(role.duties[1]).toEqual({
        text: 'Готовит коммерческие предложения.',
        items: ['Согласует цены с начальником отдела.', 'Направляет предложения клиентам.'],
      });
      // Merged "ПРАВА И ОТВЕТСТВЕННОСТЬ": split by how the clauses start (templates/import/ru.yaml, clause_starts).
      expect(role.rights).toEqual(['Запрашивать у подразделений сведения, нужные для работы.']);
      expect(role.responsibility).toEqual(['Несёт ответственность за ненадлежащее исполнение обязанностей.']);
      expect(r.report.guessed.map((g) => g.message)).toContain(
        '1 clause(s) of "ПРАВА И ОТВЕТСТВЕННОСТЬ" put under responsibility: they start as responsibility clauses do',
      );
      expect(role.document.status).toBe('approved');
      expect(warnings(r)).toEqual([]);
      expect(role.sections).toEqual([{ title: 'УСЛОВИЯ РАБОТЫ', clauses: ['Режим работы определяется правилами внутреннего трудового распорядка.'] }]);
      expect(role.relationships).toBeUndefined();
      expect(role.familiarization).toEqual({ rows: 2, employees: [{ name: 'Петров П. П.' }] });
    },
  ],
  [
    'en-word-numbering',
    (role, r) => {
      // Word's automatic multi-level list: headings at level 0, clauses at 1, items at 2, bullets a list of their own.
      expect(role.organization).toEqual({ name: 'Greenfield Logistics Ltd', letterhead: ['12 Harbour Road, Portsmouth'] });
      expect(role.approval).toEqual({ position: 'Chief Executive Officer', name: 'M. Carter' });
      expect(role.document).toMatchObject({ number: 'WH-03', date: '2025-05-14', version: 2 });
      expect(role.position).toEqual({ title: 'Warehouse Supervisor', reports_to: 'Operations Manager' });
      expect(role.general_provisions).toHaveLength(2);
      expect(role.qualifications).toEqual({
        education: 'secondary vocational education in logistics.',
        experience: 'three years in a warehouse, one of them as a team leader.',
      });
      expect(role.duties[1]).toEqual({ text: 'Organises the receipt of goods:', items: ['checks the delivery notes;', 'inspects the packaging;'] });
      expect(role.rights).toEqual(['To stop the work of a team when safety rules are broken.']);
      expect(role.responsibility).toEqual(['For damage to goods caused by breach of the handling rules.']);
      expect(role.relationships).toEqual([{ text: 'Works with the transport team on the loading schedule:', items: ['daily plans', 'weekly reviews'] }]);
      expect(r.report.extraSections.map((s) => s.title)).toEqual(['Working conditions']);
      expect(r.report.guessed.map((g) => g.message)).toContain('"Key responsibilities" read as duties');
    },
  ],
  [
    'uk-caps-agreed',
    (role, r) => {
      expect(role.approval).toEqual({ position: 'Директор', name: 'О. В. Коваль' });
      expect(role.position).toEqual({ title: 'Бухгалтер' });
      // "1)" items and four levels of decimal numbers.
      expect(role.duties[1]).toEqual({ text: 'Готує звіти:', items: ['щомісячні;', 'квартальні.'] });
      expect(role.duties[2]).toEqual({
        text: 'Звіряє розрахунки з контрагентами.',
        items: [{ text: 'Надсилає акти звірки.', items: ['Контролює їх повернення.'] }],
      });
      expect(role.relationships).toEqual(['Взаємодіє з відділом продажу щодо рахунків.']);
      // AGREED at the end, one signature line each.
      expect(role.agreed_by).toEqual([
        { position: 'Головний бухгалтер', name: 'Н. М. Бойко' },
        { position: 'Начальник відділу кадрів', name: 'Т. С. Мельник' },
      ]);
      expect(role.layout).toBeUndefined();
      expect(role.rights[0]).toMatch(/^TODO/);
      expect(warnings(r)).toContain('no rights section found: a TODO clause stands in for it');
    },
  ],
  [
    'ro-unnumbered',
    (role, r) => {
      expect(role.approval).toEqual({ position: 'Administrator', name: 'Ion Popescu' });
      // AVIZAT under APROB: the Romanian default place, so no layout key.
      expect(role.agreed_by).toEqual([{ position: 'Șef departament resurse umane', name: 'Maria Ionescu' }]);
      expect(role.layout).toBeUndefined();
      expect(role.document).toMatchObject({
        number: '22',
        date: '2025-03-03',
        changes: [{ version: 1, date: '2025-03-03', summary: 'Prima ediție.', author: 'M. Ionescu' }],
      });
      // Unnumbered paragraphs are clauses; dash items belong to the clause ending with a colon.
      expect(role.general_provisions).toHaveLength(2);
      expect(role.qualifications).toEqual(['Studii medii.', 'Permis de conducere categoria B.']);
      expect(role.duties).toEqual(['Vizitează clienții din zona alocată.', { text: 'Preia comenzi:', items: ['telefonic;', 'pe e-mail.'] }]);
      expect(r.report.guessed.map((g) => g.message)).toContain('"Ion Popescu" read as a printed name');
    },
  ],
  [
    'lv-sheet-names',
    (role) => {
      expect(role.organization).toEqual({ name: 'SIA “Baltijas Koks”', city: 'Rīga' });
      expect(role.document).toMatchObject({ number: '9', date: '2025-02-20' });
      expect(role.position.title).toBe('Noliktavas pārzinis');
      expect(role.duties[1]).toEqual({ text: 'Veic inventarizāciju:', items: ['reizi mēnesī;', 'pēc vadītāja rīkojuma.'] });
      expect(role.relationships).toEqual(['Sadarbojas ar grāmatvedību.']);
      // Names already on the sheet; a position other than the document's is kept with the name.
      expect(role.familiarization).toEqual({
        rows: 1,
        employees: [{ name: 'Anna Kalniņa' }, { name: 'Pēteris Ozols', position: 'Noliktavas pārziņa vietnieks' }],
      });
    },
  ],
  [
    'sq-bullets',
    (role) => {
      // APPROVED in a bordered table cell, the name before the signature line.
      expect(role.approval).toEqual({ position: 'Administratori', name: 'Arben Hoxha' });
      expect(role.organization.city).toBe('Tiranë');
      expect(role.document).toMatchObject({ number: '5', date: '2025-04-11' });
      // "Seksioni 1." headings: a clause "2." is not the next section.
      expect(role.general_provisions).toEqual(['Arkëtari emërohet nga administratori.', 'Arkëtari raporton te kryearkëtari.']);
      expect(role.duties).toEqual(['Pranon pagesat në arkë.', 'Lëshon kupona tatimorë.']);
      expect(role.sections).toBeUndefined();
    },
  ],
  [
    'az-restart-numbering',
    (role) => {
      expect(role.approval).toEqual({ position: 'Baş direktor', name: 'E. Məmmədov' });
      expect(role.document).toMatchObject({ number: '31', date: '2025-06-05' });
      // Capitals with a dotted İ; "1." afresh in each section; "a)" items.
      expect(role.general_provisions).toHaveLength(2);
      expect(role.duties).toEqual([
        { text: 'Malların qəbulunu təşkil edir:', items: ['sənədləri yoxlayır;', 'qablaşdırmanı yoxlayır.'] },
        'Anbarın uçotunu aparır.',
      ]);
      // AGREED at the end where the locale puts it under APPROVED: the place is kept.
      expect(role.agreed_by).toEqual([{ position: 'Hüquq şöbəsinin müdiri', name: 'L. Əliyeva' }]);
      expect(role.layout).toEqual({ agreed: 'end' });
    },
  ],
];

describe('import: hand-made documents', () => {
  it('one per locale', () => {
    expect(new Set(cases.map(([name]) => name.slice(0, 2))).size).toBe(7);
  });

  for (const [name, check] of cases) {
    describe(name, () => {
      it('DOCX: the parts are recognised, the locale guessed, and the role builds', async () => {
        const docx = await read(name, 'docx');
        expect(docx.report.locale).toBe(name.slice(0, 2));
        expect(docx.report.localeGuessed).toBe(true);
        check(docx.role as Role, docx);
        const built = await compile({ yaml: docx.yaml, name: `${name}.yaml` }, { formats: ['md'], context });
        expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      });

      it('DOCX written by LibreOffice (from the ODT): the same role', async () => {
        const [docx, libre] = await Promise.all([read(name, 'docx'), read(`libreoffice/${name}`, 'docx')]);
        expect(libre.role).toEqual(docx.role);
      });

      it('ODT (LibreOffice’s copy): the same role', async () => {
        const [docx, odt] = await Promise.all([read(name, 'docx'), read(name, 'odt')]);
        expect(odt.report.format).toBe('odt');
        expect(odt.role).toEqual(docx.role);
      });
    });
  }
});
