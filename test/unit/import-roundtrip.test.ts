import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { createContext } from '../../src/context.js';
import { UserError } from '../../src/diagnostics.js';
import { importDocx } from '../../src/import/import.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const examples = readdirSync(EXAMPLES)
  .filter((d) => /^[a-z]{2}$/.test(d))
  .flatMap((d) =>
    readdirSync(join(EXAMPLES, d))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(EXAMPLES, d, f)),
  );

const context = createContext();
const decode = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe('import: jdgen’s own DOCX of every example reads back to the same document', () => {
  it('covers every locale', () => {
    expect(new Set(examples.map((f) => f.split('/').at(-2))).size).toBe(7);
  });

  for (const example of examples) {
    it(example.slice(EXAMPLES.length), async () => {
      const built = await compile(example, { formats: ['docx', 'md'], context });
      const docx = built.outputs?.docx;
      expect(docx).toBeDefined();
      const imported = await importDocx(docx!, { name: 'role.docx', context });
      // The locale is found from the headings alone.
      expect(imported.report.locale).toBe(example.split('/').at(-2));
      expect(imported.report.warnings).toEqual([]);
      // Built again from the imported YAML (beside the example, as a user would keep it): the same Markdown.
      const again = await compile({ yaml: imported.yaml, name: example.replace(/\.yaml$/, '.imported.yaml') }, { formats: ['md'], context });
      expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(decode(again.outputs?.md)).toBe(decode(built.outputs?.md));
    });
  }
});

const hasSoffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasSoffice)('import: jdgen’s DOCX saved as ODT by LibreOffice reads back to the same document', () => {
  it('a draft with a revision history (en) and a title in the genitive (uk)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jdgen-import-odt-'));
    try {
      const roles = [join(EXAMPLES, 'en/contract-specialist.yaml'), join(EXAMPLES, 'uk/sales-manager.yaml')];
      const built = await Promise.all(roles.map((role) => compile(role, { formats: ['docx', 'md'], context })));
      built.forEach((b, i) => writeFileSync(join(dir, `${i}.docx`), b.outputs!.docx!));
      execFileSync(
        'soffice',
        [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'odt', '--outdir', dir, join(dir, '0.docx'), join(dir, '1.docx')],
        {
          stdio: 'ignore',
          timeout: 120_000,
        },
      );
      for (const [i, role] of roles.entries()) {
        const imported = await importDocx(readFileSync(join(dir, `${i}.odt`)), { name: `${i}.odt`, context });
        expect(imported.report.format).toBe('odt');
        expect(imported.report.warnings).toEqual([]);
        const again = await compile({ yaml: imported.yaml, name: role.replace(/\.yaml$/, '.imported.yaml') }, { formats: ['md'], context });
        expect(decode(again.outputs?.md)).toBe(decode(built[i]!.outputs?.md));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('import: untrusted files', () => {
  const refused = async (bytes: Uint8Array, code: string): Promise<void> => {
    const error = await importDocx(bytes, { name: 'bad.docx', context }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).diagnostics[0]?.code).toBe(code);
    expect((error as UserError).diagnostics[0]?.file).toBe('bad.docx');
  };

  it('refuses a file that is not a zip, and a zip without word/document.xml', async () => {
    await refused(strToU8('{\\rtf1 not a docx}'), 'import/not-zip');
    await refused(zipSync({ 'hello.txt': strToU8('hi') }), 'import/not-docx');
  });

  it('refuses a part that unpacks far beyond its compressed size (zip bomb)', async () => {
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    await refused(bomb, 'import/zip-bomb');
  });

  it('refuses a DTD (entity expansion) and malformed XML', async () => {
    const dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document xmlns:w="w"><w:body/></w:document>';
    await refused(zipSync({ 'word/document.xml': strToU8(dtd) }), 'import/dtd');
    await refused(zipSync({ 'word/document.xml': strToU8('<w:document><w:body>') }), 'import/bad-xml');
  });

  it('refuses tables nested beyond any real document', async () => {
    const deep = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${'<w:tbl><w:tr><w:tc>'.repeat(100)}<w:p/>${'</w:tc></w:tr></w:tbl>'.repeat(100)}</w:body></w:document>`;
    await refused(zipSync({ 'word/document.xml': strToU8(deep) }), 'import/too-deep');
  });
});

describe('import: documents with little of the usual anatomy', () => {
  const docx = async (paragraphs: { text: string; bold?: boolean }[]): Promise<Uint8Array> => {
    const { Document, Packer, Paragraph, TextRun } = await import('docx');
    const doc = new Document({
      sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun({ text: p.text, bold: p.bold ?? false })] })) }],
    });
    return new Uint8Array(await Packer.toBuffer(doc));
  };

  it('sections with titles it does not know become extra sections, with their clauses; nothing is dropped', async () => {
    const bytes = await docx([
      { text: 'JOB DESCRIPTION', bold: true },
      { text: 'Night Porter' },
      { text: 'HOURS AND SHIFTS', bold: true },
      { text: '1. Works from 22:00 to 06:00.' },
      { text: '2. Hands over to the day porter.' },
      { text: 'Keys and alarms', bold: true },
      { text: 'Keeps the master keys.' },
    ]);
    const imported = await importDocx(bytes, { name: 'porter.docx', locale: 'en', now: '2026-01-01', context });
    expect(imported.role.sections).toEqual([
      { title: 'HOURS AND SHIFTS', clauses: ['Works from 22:00 to 06:00.', 'Hands over to the day porter.'] },
      { title: 'Keys and alarms', clauses: ['Keeps the master keys.'] },
    ]);
    expect((imported.role.position as { title: string }).title).toBe('Night Porter');
    // The required sections stand in as TODO clauses, so the role is a draft, and it still compiles.
    expect((imported.role.document as { status: string }).status).toBe('draft');
    expect(imported.report.warnings.map((w) => w.message)).toContain('no duties section found: a TODO clause stands in for it');
    const built = await compile({ yaml: imported.yaml, name: 'porter.yaml' }, { formats: ['md'], context });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a paragraph it cannot place is named in a warning with its number', async () => {
    const bytes = await docx([
      { text: 'Northwind Ltd', bold: true },
      { text: 'JOB DESCRIPTION', bold: true },
      { text: 'Clerk' },
      { text: 'Department of Records' },
      { text: 'Something else entirely' },
      { text: 'Duties', bold: true },
      { text: 'Files letters.' },
    ]);
    const imported = await importDocx(bytes, { name: 'clerk.docx', now: '2026-01-01', context });
    expect(imported.report.warnings).toContainEqual({
      paragraph: 5,
      message: '"Something else entirely" (between the title and the first section) not mapped',
    });
    expect(imported.role.duties).toEqual(['Files letters.']);
  });

  it('tells a DOCX named .odt by its content', async () => {
    const bytes = await docx([{ text: 'JOB DESCRIPTION', bold: true }, { text: 'Duties', bold: true }, { text: 'Files letters.' }]);
    const imported = await importDocx(bytes, { name: 'misnamed.odt', now: '2026-01-01', context });
    expect(imported.report.format).toBe('docx');
  });
});

describe('import: signature lines after the last section', () => {
  it('are AGREED signatures when the document has no AGREED title, not clauses', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const texts = ['JOB DESCRIPTION', 'Driver', 'Duties', 'Drives the van.', 'Head of Logistics ____________ P. Green', 'HR Manager ____________ K. White'];
    const doc = new Document({ sections: [{ children: texts.map((t) => new Paragraph(t)) }] });
    const imported = await importDocx(new Uint8Array(await Packer.toBuffer(doc)), { name: 'driver.docx', now: '2026-01-01', context });
    expect(imported.role.duties).toEqual(['Drives the van.']);
    expect(imported.role.agreed_by).toEqual([
      { position: 'Head of Logistics', name: 'P. Green' },
      { position: 'HR Manager', name: 'K. White' },
    ]);
    expect(imported.report.guessed.map((g) => g.message)).toContain('signature lines after the last section (no AGREED title) read as AGREED signatures');
  });
});

describe('import: the text laid out in a table (number | clause)', () => {
  it('reads each row as a paragraph: headings and clauses', async () => {
    const { Document, Packer, Paragraph, Table, TableCell, TableRow } = await import('docx');
    const row = (a: string, b: string): InstanceType<typeof TableRow> =>
      new TableRow({ children: [new TableCell({ children: [new Paragraph(a)] }), new TableCell({ children: [new Paragraph(b)] })] });
    const rows = [
      row('1.', 'ОБЩИЕ ПОЛОЖЕНИЯ'),
      row('1.1', 'Кладовщик относится к категории рабочих и подчиняется заведующему складом.'),
      row('1.2', 'Кладовщик назначается на должность приказом директора по представлению заведующего.'),
      row('2.', 'ДОЛЖНОСТНЫЕ ОБЯЗАННОСТИ'),
      row('2.1', 'Принимает товары на склад и проверяет их соответствие накладным поставщиков.'),
      row('3.', 'ПРАВА'),
      row('3.1', 'Требовать от работников склада соблюдения правил хранения товаров и материалов.'),
      row('4.', 'ОТВЕТСТВЕННОСТЬ'),
      row('4.1', 'За сохранность товарно-материальных ценностей, принятых на склад по накладным.'),
    ];
    const doc = new Document({ sections: [{ children: [new Paragraph('ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ'), new Paragraph('кладовщика'), new Table({ rows })] }] });
    const imported = await importDocx(new Uint8Array(await Packer.toBuffer(doc)), { name: 'table.docx', now: '2026-01-01', context });
    expect(imported.report.locale).toBe('ru');
    expect(imported.role.general_provisions).toEqual([
      'Кладовщик относится к категории рабочих и подчиняется заведующему складом.',
      'Кладовщик назначается на должность приказом директора по представлению заведующего.',
    ]);
    expect(imported.role.duties).toEqual(['Принимает товары на склад и проверяет их соответствие накладным поставщиков.']);
    expect(imported.role.responsibility).toEqual(['За сохранность товарно-материальных ценностей, принятых на склад по накладным.']);
    expect((imported.role.position as { title: string }).title).toBe('Кладовщик');
  });
});

describe('import: a heading that merges two sections', () => {
  it('keeps its clauses with the first unless they start as the other’s do; then warns of what it could not split', async () => {
    const { Document, Packer, Paragraph, TextRun } = await import('docx');
    const texts = [
      'JOB DESCRIPTION',
      'Clerk',
      'DUTIES',
      '1. Files letters.',
      'RIGHTS AND RESPONSIBILITY',
      '1. To request documents.',
      '2. To sign receipts.',
      'GENERAL PROVISIONS AND RELATIONSHIPS',
      '1. The Clerk reports to the Office Manager.',
    ];
    const doc = new Document({
      sections: [{ children: texts.map((t) => new Paragraph({ children: [new TextRun({ text: t, bold: /^[A-Z ]+$/.test(t) })] })) }],
    });
    const imported = await importDocx(new Uint8Array(await Packer.toBuffer(doc)), { name: 'clerk.docx', now: '2026-01-01', context });
    expect(imported.role.rights).toEqual(['To request documents.', 'To sign receipts.']);
    expect(imported.role.general_provisions).toEqual(['The Clerk reports to the Office Manager.']);
    const messages = imported.report.warnings.map((w) => w.message);
    expect(messages).toContain(
      '"RIGHTS AND RESPONSIBILITY" merges rights and responsibility: its clauses went to rights; move those that belong to responsibility',
    );
    expect(messages).toContain('no responsibility section found: a TODO clause stands in for it');
  });
});
