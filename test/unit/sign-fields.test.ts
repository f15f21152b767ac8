import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../src/model/types.js';
import { createContext } from '../../src/context.js';
import { writePdf } from '../../src/write/pdf.js';
import { bundledFonts } from '../helpers/fonts.js';
import { pdfaProblems } from '../helpers/pdfa.js';
import { pdfText } from '../helpers/pdf-text.js';

const fonts = bundledFonts();
const context = createContext();
const sample = JSON.parse(readFileSync(new URL('../fixtures/model/sample.json', import.meta.url), 'utf8')) as DocumentModel;
const work = mkdtempSync(join(tmpdir(), 'jdgen-sign-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Field {
  name: string;
  tooltip: string;
  type: string;
  page: number;
  rect: [number, number, number, number];
  flags: number;
}

/** The form fields of a PDF as qpdf reads them, with their widgets' rectangles. */
function fields(bytes: Uint8Array): Field[] {
  const path = join(work, 'fields.pdf');
  writeFileSync(path, bytes);
  const json = JSON.parse(execFileSync('qpdf', ['--json', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as {
    acroform: {
      fields: Array<{
        fullname: string;
        alternativename: string;
        fieldtype: string;
        pageposfrom1: number;
        object: string;
        annotation: { annotationflags: number };
      }>;
    };
    qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
  };
  return json.acroform.fields.map((f) => ({
    name: f.fullname,
    tooltip: f.alternativename,
    type: f.fieldtype,
    page: f.pageposfrom1,
    rect: json.qpdf[1][`obj:${f.object}`]!.value!['/Rect'] as Field['rect'],
    flags: f.annotation.annotationflags,
  }));
}

/** Horizontal lines drawn on page `page` (PDF coordinates, y up): the signature rules. */
function rules(bytes: Uint8Array, page: number): Array<{ x1: number; x2: number; y: number }> {
  const path = join(work, 'rules.pdf');
  writeFileSync(path, bytes);
  const content = execFileSync('qpdf', ['--qdf', '--object-streams=disable', path, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
  const pages = content.split(/%% Contents for page \d+\n/).slice(1);
  const lines: Array<{ x1: number; x2: number; y: number }> = [];
  for (const match of (pages[page - 1] ?? '').matchAll(/([\d.]+) ([\d.]+) m\n([\d.]+) ([\d.]+) l\nS/g)) {
    const [x1, y1, x2, y2] = match.slice(1, 5).map(Number) as [number, number, number, number];
    if (y1 === y2) lines.push({ x1, x2, y: 841.89 - y1 });
  }
  return lines;
}

describe('signature fields (--sign-fields, output.sign_fields)', () => {
  it('puts an empty, printable /Sig field over every signature line, named after the signatory', async () => {
    const bytes = await writePdf(sample, { fonts, context, signFields: true });
    const found = fields(bytes);
    expect(found.map((f) => [f.name, f.type, f.page])).toEqual([
      ['J Smith', '/Sig', 1],
      ['Head of Legal, A Brown', '/Sig', 1],
      ['HR Manager, C Davis', '/Sig', 1],
      ['1 P Jones Key Account Manager', '/Sig', 2],
      ['2', '/Sig', 2],
      ['3', '/Sig', 2],
    ]);
    // The tooltip keeps the name as printed (a field name may not contain a period).
    expect(found[1]!.tooltip).toBe('Head of Legal, A. Brown');
    for (const f of found) expect(f.flags).toBe(4);
    // Each signature block's field stands on its rule, exactly as wide.
    const drawn = rules(bytes, 1);
    for (const f of found.slice(0, 3)) {
      const rule = drawn.find((r) => Math.abs(r.x1 - f.rect[0]) < 0.01 && Math.abs(r.x2 - f.rect[2]) < 0.01 && Math.abs(r.y - f.rect[1]) < 0.01);
      expect(rule, f.name).toBeDefined();
      expect(f.rect[3] - f.rect[1]).toBeGreaterThan(15);
    }
    // The familiarisation rows: one field per row, in the signature column, one above the other.
    const rows = found.slice(3);
    for (const f of rows) {
      expect(f.rect[2]).toBeCloseTo(rows[0]!.rect[2], 6);
      expect(f.rect[3] - f.rect[1]).toBeGreaterThanOrEqual(20);
    }
    expect(rows[1]!.rect[3]).toBeLessThanOrEqual(rows[0]!.rect[1]);
    expect(pdfaProblems(bytes)).toEqual([]);
  });

  it('writes no form without the option, and the page looks the same with it', async () => {
    const without = await writePdf(sample, { fonts, context });
    expect(pdfText(without)).not.toContain('/AcroForm');
    expect(pdfText(without)).toContain('/StructTreeRoot');
    const withFields = await writePdf(sample, { fonts, context, signFields: true });
    const pixels = (bytes: Uint8Array): Buffer => {
      const path = join(work, 'pixels.pdf');
      writeFileSync(path, bytes);
      return execFileSync('pdftoppm', ['-gray', '-r', '60', path]);
    };
    expect(pixels(withFields).equals(pixels(without))).toBe(true);
  });
});
