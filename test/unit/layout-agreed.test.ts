import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import type { Block } from '../../src/model/types.js';
import { ROLE_WITHOUT_DUTIES } from '../helpers/minimal-role.js';

/** A role with two AGREED signatories, in a locale, with an optional placement. */
function role(locale: string, agreed?: string): string {
  return (
    ROLE_WITHOUT_DUTIES +
    `locale: ${locale}\nduties: [a, b]\nagreed_by:\n  - { position: Head of Legal, name: L. Lawyer }\n  - { position: HR Manager, name: H. Human }\n` +
    (agreed === undefined ? '' : `layout: { agreed: ${agreed} }\n`)
  );
}

/** Where the AGREED list is in the model: in the APPROVED box, in a kept group after the sections, or after a page break. */
function placement(blocks: Block[]): string {
  const box = blocks.find((b) => b.type === 'box');
  if (box !== undefined && JSON.stringify(box).includes('L. Lawyer')) return 'header';
  const keep = blocks.findIndex((b) => b.type === 'keep' && JSON.stringify(b).includes('L. Lawyer'));
  if (keep < 0) return 'none';
  const before = blocks.slice(0, keep);
  return before.some((b) => b.type === 'pageBreak') ? 'sheet' : 'end';
}

/** Text of a PDF, page by page (poppler's pdftotext). */
function pdfPages(pdf: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'jdgen-agreed-'));
  const file = join(dir, 'd.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
}

async function built(yaml: string) {
  const result = await compile({ yaml, name: 'r.yaml' }, { cwd: '/nonexistent', files: {}, formats: ['pdf', 'docx'] });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pages = pdfPages(result.outputs!.pdf!);
  const docx = (await mammoth.extractRawText({ buffer: Buffer.from(result.outputs!.docx!) })).value;
  return { blocks: result.model!.blocks, pages, docx };
}

describe('layout.agreed: where the AGREED signatures go', () => {
  it('follows the locale: under APPROVED for az and ro, after the sections for en and ru', async () => {
    for (const [locale, expected] of [
      ['az', 'header'],
      ['ro', 'header'],
      ['en', 'end'],
      ['ru', 'end'],
    ] as const) {
      const { blocks } = await built(role(locale));
      expect(placement(blocks), locale).toBe(expected);
    }
  });

  it('puts them under APPROVED on page 1, before the title, in both formats (header)', async () => {
    const { blocks, pages, docx } = await built(role('en', 'header'));
    expect(placement(blocks)).toBe('header');
    expect(pages[0]!.indexOf('L. Lawyer')).toBeLessThan(pages[0]!.indexOf('JOB DESCRIPTION'));
    expect(docx.indexOf('L. Lawyer')).toBeLessThan(docx.indexOf('JOB DESCRIPTION'));
  });

  it('puts them after the last section, with the last clause, in both formats (end)', async () => {
    const { blocks, pages, docx } = await built(role('az', 'end'));
    expect(placement(blocks)).toBe('end');
    const keep = blocks.findIndex((b) => b.type === 'keep');
    expect(blocks[keep - 1]).toMatchObject({ type: 'clause', keepWithNext: true });
    const page = pages.find((p) => p.includes('L. Lawyer'))!;
    expect(page.indexOf('L. Lawyer')).toBeGreaterThan(page.indexOf('4.1'));
    expect(docx.indexOf('L. Lawyer')).toBeGreaterThan(docx.indexOf('4.1'));
  });

  it('puts them on an approval sheet of their own that names the document, in both formats (sheet)', async () => {
    const { blocks, pages, docx } = await built(role('ru', 'sheet'));
    expect(placement(blocks)).toBe('sheet');
    const sheet = pages.find((p) => p.includes('ЛИСТ СОГЛАСОВАНИЯ'))!;
    expect(sheet).toContain('L. Lawyer');
    expect(sheet).not.toContain('4.1');
    expect(sheet).toContain('ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ: Clerk');
    expect(docx.indexOf('ЛИСТ СОГЛАСОВАНИЯ')).toBeLessThan(docx.indexOf('L. Lawyer'));
    expect(docx.indexOf('L. Lawyer')).toBeLessThan(docx.indexOf('ЛИСТ ОЗНАКОМЛЕНИЯ'));
  });

  it('refuses a placement it does not know, at its position', async () => {
    const result = await compile({ yaml: role('en', 'footer'), name: 'r.yaml' }, { cwd: '/nonexistent', files: {} });
    const error = result.diagnostics.find((d) => d.severity === 'error');
    expect(error).toMatchObject({ line: 14 });
    expect(error!.message).toMatch(/header|end|sheet/);
  });
});
