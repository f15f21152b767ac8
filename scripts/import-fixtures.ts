/**
 * Makes the hand-written job descriptions that test `jdgen import`
 * (test/fixtures/import/): seven documents, one per locale, each laid out
 * the way people write them in Word and unlike jdgen's own output: roman or
 * no section numbers, headings in capitals, Word's automatic numbering,
 * "1)" and "а)" items, bullets, APPROVED in a table, AGREED under it,
 * merged and missing sections. Written with the `docx` library, then
 * converted to ODT by LibreOffice, and from that back to DOCX as LibreOffice
 * writes it (test/fixtures/import/libreoffice/; soffice must be installed).
 *
 *   npx tsx scripts/import-fixtures.ts
 *
 * The DOCX and ODT files are committed; run this only to change them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';

const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'import');

interface P {
  text: string;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  heading?: 1 | 2;
  /** Word automatic numbering: the list and its level. */
  list?: { ref: string; level: number };
  pageBreak?: boolean;
}

type Item = P | string | { table: (P | string)[][][]; borders?: boolean; widths?: number[] };

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT };

function paragraph(item: P | string): Paragraph {
  const p: P = typeof item === 'string' ? { text: item } : item;
  return new Paragraph({
    children: [new TextRun({ text: p.text, bold: p.bold ?? false })],
    ...(p.align ? { alignment: ALIGN[p.align] } : {}),
    ...(p.heading ? { heading: p.heading === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 } : {}),
    ...(p.list ? { numbering: { reference: p.list.ref, level: p.list.level } } : {}),
    ...(p.pageBreak ? { pageBreakBefore: true } : {}),
  });
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

function table(spec: Extract<Item, { table: unknown }>): Table {
  const widths = spec.widths ?? spec.table[0]!.map(() => Math.floor(100 / spec.table[0]!.length));
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    ...(spec.borders === false ? { borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE } } : {}),
    rows: spec.table.map(
      (row) =>
        new TableRow({
          children: row.map(
            (cell, i) =>
              new TableCell({
                width: { size: widths[i]!, type: WidthType.PERCENTAGE },
                children: cell.length > 0 ? cell.map(paragraph) : [new Paragraph('')],
              }),
          ),
        }),
    ),
  });
}

function body(items: Item[]): ISectionOptions['children'] {
  return items.map((item) => (typeof item === 'object' && 'table' in item ? table(item) : paragraph(item)));
}

const MULTILEVEL = {
  reference: 'outline',
  levels: [
    { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT },
    { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2.', alignment: AlignmentType.LEFT },
    { level: 2, format: LevelFormat.DECIMAL, text: '%1.%2.%3.', alignment: AlignmentType.LEFT },
  ],
};
const BULLETS = {
  reference: 'bullets',
  levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT }],
};

async function save(name: string, items: Item[], footer?: string): Promise<void> {
  const doc = new Document({
    creator: 'jdgen test fixtures',
    numbering: { config: [MULTILEVEL, BULLETS] },
    sections: [{ children: body(items), ...(footer ? { footers: { default: { options: { children: [new Paragraph(footer)] } } as never } } : {}) }],
  });
  writeFileSync(join(OUT, `${name}.docx`), await Packer.toBuffer(doc));
}

const h = (text: string, more: Partial<P> = {}): P => ({ text, bold: true, ...more });
const blank = '';

// Russian: APPROVED in a borderless table beside the organisation, roman section numbers in
// capitals, "Функции" for duties, rights and responsibility merged, no relationships, "а)" items,
// a familiarisation sheet with one name filled in.
const ru: Item[] = [
  {
    table: [
      [
        [h('ООО «Ромашка»'), 'ИНН 7701234567, г. Москва, ул. Лесная, д. 5'],
        [h('УТВЕРЖДАЮ'), 'Генеральный директор', '_____________ И. И. Иванов', '«___» ____________ 2025 г.'],
      ],
    ],
    borders: false,
    widths: [55, 45],
  },
  blank,
  h('ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ', { align: 'center' }),
  { text: 'менеджера по продажам', align: 'center', bold: true },
  { text: '№ 15 от 01.02.2025', align: 'center' },
  { text: 'г. Москва', align: 'center' },
  blank,
  h('I. ОБЩИЕ ПОЛОЖЕНИЯ'),
  '1.1. Менеджер по продажам относится к категории специалистов.',
  '1.2. Менеджер назначается на должность и освобождается от неё приказом генерального директора.',
  '1.3. В своей работе менеджер руководствуется:',
  'а) трудовым законодательством;',
  'б) уставом общества;',
  'в) настоящей инструкцией.',
  h('II. КВАЛИФИКАЦИОННЫЕ ТРЕБОВАНИЯ'),
  '2.1. Образование: высшее экономическое.',
  '2.2. Стаж работы: не менее двух лет в продажах.',
  h('III. ФУНКЦИИ'),
  '3.1. Ищет новых клиентов и ведёт переговоры с ними.',
  '3.2. Готовит коммерческие предложения.',
  '3.2.1. Согласует цены с начальником отдела.',
  '3.2.2. Направляет предложения клиентам.',
  '3.3. Ведёт учёт заказов в CRM.',
  h('IV. ПРАВА И ОТВЕТСТВЕННОСТЬ'),
  '4.1. Запрашивать у подразделений сведения, нужные для работы.',
  '4.2. Несёт ответственность за ненадлежащее исполнение обязанностей.',
  h('V. УСЛОВИЯ РАБОТЫ'),
  '5.1. Режим работы определяется правилами внутреннего трудового распорядка.',
  blank,
  h('С инструкцией ознакомлен:', { pageBreak: true }),
  {
    table: [
      [['№'], ['Ф. И. О.'], ['Дата'], ['Подпись']],
      [['1'], ['Петров П. П.'], [], []],
      [['2'], [], [], []],
      [['3'], [], [], []],
    ],
  },
];

// English: Word's automatic multi-level numbering for headings and clauses, Heading 1 style,
// "Purpose" and "Key responsibilities" as synonyms, bullets, a "Working conditions" section,
// no AGREED, no familiarisation sheet, the revision number in the footer only.
const L0 = { ref: 'outline', level: 0 };
const L1 = { ref: 'outline', level: 1 };
const L2 = { ref: 'outline', level: 2 };
const en: Item[] = [
  h('Greenfield Logistics Ltd'),
  '12 Harbour Road, Portsmouth',
  { text: 'APPROVED', align: 'right', bold: true },
  { text: 'Chief Executive Officer', align: 'right' },
  { text: '____________ M. Carter', align: 'right' },
  { text: 'Date: 14.05.2025', align: 'right' },
  blank,
  { text: 'Job Description: Warehouse Supervisor', align: 'center', bold: true },
  { text: 'Ref. WH-03 dated 14 May 2025', align: 'center' },
  { text: 'Reports to: Operations Manager', align: 'center' },
  { text: 'Purpose', heading: 1, list: L0 },
  { text: 'The Warehouse Supervisor runs the day-to-day work of the warehouse.', list: L1 },
  { text: 'The Warehouse Supervisor is appointed by the Chief Executive Officer.', list: L1 },
  { text: 'Requirements', heading: 1, list: L0 },
  { text: 'Education: secondary vocational education in logistics.', list: L1 },
  { text: 'Experience: three years in a warehouse, one of them as a team leader.', list: L1 },
  { text: 'Key responsibilities', heading: 1, list: L0 },
  { text: 'Plans the shifts of the warehouse staff.', list: L1 },
  { text: 'Organises the receipt of goods:', list: L1 },
  { text: 'checks the delivery notes;', list: L2 },
  { text: 'inspects the packaging;', list: L2 },
  { text: 'Keeps the stock records accurate.', list: L1 },
  { text: 'Authority', heading: 1, list: L0 },
  { text: 'To stop the work of a team when safety rules are broken.', list: L1 },
  { text: 'Liability', heading: 1, list: L0 },
  { text: 'For damage to goods caused by breach of the handling rules.', list: L1 },
  { text: 'Working relationships', heading: 1, list: L0 },
  { text: 'Works with the transport team on the loading schedule:', list: L1 },
  { text: 'daily plans', list: { ref: 'bullets', level: 0 } },
  { text: 'weekly reviews', list: { ref: 'bullets', level: 0 } },
  { text: 'Working conditions', heading: 1, list: L0 },
  { text: 'Shift work, including weekends by rota.', list: L1 },
];

// Ukrainian: arabic headings in capitals, "1)" items, three levels, AGREED at the end with
// signature lines, no rights section.
const uk: Item[] = [
  h('ТОВ «Дніпро-Трейд»'),
  { text: 'ЗАТВЕРДЖУЮ', align: 'right', bold: true },
  { text: 'Директор', align: 'right' },
  { text: '__________ О. В. Коваль', align: 'right' },
  blank,
  h('ПОСАДОВА ІНСТРУКЦІЯ', { align: 'center' }),
  { text: 'бухгалтера', align: 'center' },
  { text: '№ 4 від 10.01.2025', align: 'center' },
  h('1. ЗАГАЛЬНІ ПОЛОЖЕННЯ'),
  '1.1 Бухгалтер належить до професіоналів.',
  '1.2 Бухгалтер підпорядковується головному бухгалтеру.',
  h('2. ЗАВДАННЯ ТА ОБОВ’ЯЗКИ'),
  '2.1 Веде облік первинних документів.',
  '2.2 Готує звіти:',
  '1) щомісячні;',
  '2) квартальні.',
  '2.3 Звіряє розрахунки з контрагентами.',
  '2.3.1 Надсилає акти звірки.',
  '2.3.1.1 Контролює їх повернення.',
  h('3. ВІДПОВІДАЛЬНІСТЬ'),
  '3.1 За несвоєчасне подання звітності.',
  h('4. ВЗАЄМОВІДНОСИНИ'),
  '4.1 Взаємодіє з відділом продажу щодо рахунків.',
  blank,
  h('ПОГОДЖЕНО'),
  'Головний бухгалтер ____________ Н. М. Бойко',
  'Начальник відділу кадрів ____________ Т. С. Мельник',
];

// Romanian: unnumbered bold headings, dash bullets, AVIZAT under APROB in the header, the
// number and date in one line, a revision history.
const ro: Item[] = [
  h('SC Carpați Distribuție SRL'),
  { text: 'APROB', align: 'right', bold: true },
  { text: 'Administrator', align: 'right' },
  { text: 'Ion Popescu', align: 'right' },
  blank,
  { text: 'AVIZAT', align: 'right', bold: true },
  { text: 'Șef departament resurse umane ________ Maria Ionescu', align: 'right' },
  blank,
  h('FIȘA POSTULUI', { align: 'center' }),
  { text: 'Agent de vânzări', align: 'center', bold: true },
  { text: 'Nr. 22 din 03.03.2025', align: 'center' },
  h('Date generale'),
  'Postul face parte din departamentul comercial.',
  'Superiorul ierarhic direct este directorul comercial.',
  h('Cerințe'),
  'Studii medii.',
  'Permis de conducere categoria B.',
  h('Sarcini'),
  'Vizitează clienții din zona alocată.',
  'Preia comenzi:',
  '- telefonic;',
  '- pe e-mail.',
  h('Drepturi'),
  'Să folosească autoturismul de serviciu.',
  h('Răspundere'),
  'Răspunde de încasarea facturilor emise clienților săi.',
  blank,
  h('Istoricul reviziilor'),
  {
    table: [
      [['Revizia'], ['Data'], ['Modificări'], ['Autor']],
      [['1'], ['03.03.2025'], ['Prima ediție.'], ['M. Ionescu']],
    ],
  },
];

// Latvian: numbered bold headings without capitals, "1.1." with a closing dot, AGREED at the end,
// the familiarisation sheet with names and positions.
const lv: Item[] = [
  h('SIA “Baltijas Koks”'),
  { text: 'APSTIPRINU', align: 'right', bold: true },
  { text: 'Valdes priekšsēdētājs', align: 'right' },
  { text: '__________ J. Bērziņš', align: 'right' },
  blank,
  h('AMATA APRAKSTS', { align: 'center' }),
  { text: 'Noliktavas pārzinis', align: 'center' },
  { text: 'Nr. 9 · Rīga · 20.02.2025', align: 'center' },
  h('1. Vispārīgie noteikumi'),
  '1.1. Noliktavas pārzinis ir padots loģistikas vadītājam.',
  '1.2. Darbinieku pieņem darbā valdes priekšsēdētājs.',
  h('2. Kvalifikācijas prasības'),
  '2.1. Vidējā profesionālā izglītība.',
  h('3. Pienākumi'),
  '3.1. Pieņem un izsniedz preces.',
  '3.2. Veic inventarizāciju:',
  '– reizi mēnesī;',
  '– pēc vadītāja rīkojuma.',
  h('4. Tiesības'),
  '4.1. Pieprasīt darbam nepieciešamos līdzekļus.',
  h('5. Atbildība'),
  '5.1. Par noliktavas vērtību saglabāšanu.',
  h('6. Sadarbība'),
  '6.1. Sadarbojas ar grāmatvedību.',
  blank,
  h('IEPAZĪŠANĀS LAPA', { pageBreak: true }),
  {
    table: [
      [['Nr.'], ['Vārds, uzvārds'], ['Amats'], ['Datums'], ['Paraksts']],
      [['1'], ['Anna Kalniņa'], ['Noliktavas pārzinis'], [], []],
      [['2'], ['Pēteris Ozols'], ['Noliktavas pārziņa vietnieks'], [], []],
      [['3'], [], [], [], []],
    ],
  },
];

// Albanian: "Seksioni 1." headings, APPROVED in a bordered one-cell table on the right,
// duties with Word bullets, relationships missing.
const sq: Item[] = [
  h('Shoqëria “Adriatik Tregti” sh.p.k.'),
  {
    table: [[[], [h('MIRATOJ'), 'Administratori', 'Arben Hoxha', '________']]],
    widths: [60, 40],
  },
  blank,
  h('PËRSHKRIMI I PUNËS', { align: 'center' }),
  { text: 'Arkëtar', align: 'center' },
  { text: 'Nr. 5, datë 11.04.2025, Tiranë', align: 'center' },
  h('Seksioni 1. Dispozita të përgjithshme'),
  '1. Arkëtari emërohet nga administratori.',
  '2. Arkëtari raporton te kryearkëtari.',
  h('Seksioni 2. Detyrat'),
  { text: 'Pranon pagesat në arkë.', list: { ref: 'bullets', level: 0 } },
  { text: 'Lëshon kupona tatimorë.', list: { ref: 'bullets', level: 0 } },
  h('Seksioni 3. Të drejtat'),
  '1. Të refuzojë kartëmonedha të dyshimta.',
  h('Seksioni 4. Përgjegjësia'),
  '1. Për diferencat në arkë.',
];

// Azerbaijani: headings in capitals with dotted İ, clauses numbered 1., 2. afresh in every
// section with "a)" items, AGREED at the end.
const az: Item[] = [
  h('«Xəzər Servis» MMC'),
  { text: 'TƏSDİQ EDİRƏM', align: 'right', bold: true },
  { text: 'Baş direktor', align: 'right' },
  { text: '__________ E. Məmmədov', align: 'right' },
  blank,
  h('VƏZİFƏ TƏLİMATI', { align: 'center' }),
  { text: 'Anbardar', align: 'center' },
  { text: '№ 31 · Bakı · 05.06.2025', align: 'center' },
  h('ÜMUMİ MÜDDƏALAR'),
  '1. Anbardar mütəxəssislər kateqoriyasına aiddir.',
  '2. Anbardar baş direktorun əmri ilə işə qəbul edilir.',
  h('VƏZİFƏ ÖHDƏLİKLƏRİ'),
  '1. Malların qəbulunu təşkil edir:',
  'a) sənədləri yoxlayır;',
  'b) qablaşdırmanı yoxlayır.',
  '2. Anbarın uçotunu aparır.',
  h('HÜQUQLAR'),
  '1. İş üçün lazım olan məlumatları tələb etmək.',
  h('MƏSULİYYƏT'),
  '1. Malların saxlanmasına görə.',
  blank,
  h('RAZILAŞDIRILMIŞDIR'),
  'Hüquq şöbəsinin müdiri ________ L. Əliyeva',
];

mkdirSync(OUT, { recursive: true });
for (const file of readdirSync(OUT)) if (/\.(docx|odt)$/.test(file)) rmSync(join(OUT, file));
await save('ru-table-approval', ru);
await save('en-word-numbering', en, 'WH-03 · Warehouse Supervisor · Revision 2');
await save('uk-caps-agreed', uk);
await save('ro-unnumbered', ro);
await save('lv-sheet-names', lv);
await save('sq-bullets', sq);
await save('az-restart-numbering', az);
const docs = readdirSync(OUT).filter((f) => f.endsWith('.docx'));
execFileSync('soffice', ['--headless', '--convert-to', 'odt', '--outdir', OUT, ...docs.map((f) => join(OUT, f))], { stdio: 'inherit' });
// And back to DOCX as LibreOffice writes it (its own numbering.xml and styles): a third reading of the same text.
const libre = join(OUT, 'libreoffice');
rmSync(libre, { recursive: true, force: true });
mkdirSync(libre);
const odts = readdirSync(OUT).filter((f) => f.endsWith('.odt'));
execFileSync('soffice', ['--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', libre, ...odts.map((f) => join(OUT, f))], { stdio: 'inherit' });
