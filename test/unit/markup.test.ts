import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics.js';
import type { ClauseBlock, HeadingBlock } from '../../src/model/types.js';
import { escapeMarkup } from '../../src/render/escape.js';
import { parseMarkup, parseSpans } from '../../src/render/markup.js';

const META = { title: 't', subject: 's', language: 'en', author: 'a', keywords: [], date: '2026-01-01' };
const parse = (markup: string) => parseMarkup(markup, { templateFile: 'document.hbs', meta: META });
const numbers = (markup: string) =>
  parse(markup)
    .blocks.filter((b): b is ClauseBlock | HeadingBlock => b.type === 'clause' || b.type === 'heading')
    .map((b) => b.number);

describe('block markup', () => {
  it('numbers sections, clauses and nested clauses', () => {
    const markup = [
      '@section | A',
      '@clause | a1',
      '@clause | a2',
      '@sub',
      '@clause | a2.1',
      '@sub',
      '@clause | deep',
      '@end',
      '@clause | a2.2',
      '@end',
      '@clause | a3',
      '@section | B',
      '@clause | b1',
    ].join('\n');
    expect(numbers(markup)).toEqual(['1.', '1.1', '1.2', '1.2.1', '1.2.1.1', '1.2.2', '1.3', '2.', '2.1']);
  });

  it('restarts nested numbering under each parent clause', () => {
    const markup = ['@section | A', '@clause | a', '@sub', '@clause | x', '@clause | y', '@end', '@clause | b', '@sub', '@clause | z', '@end'].join('\n');
    expect(numbers(markup)).toEqual(['1.', '1.1', '1.1.1', '1.1.2', '1.2', '1.2.1']);
  });

  it('records clause levels and ids', () => {
    const blocks = parse('@section id=duties | Duties\n@clause id=crm | Keeps records\n@sub\n@clause | in the CRM\n@end').blocks;
    expect(blocks[0]).toMatchObject({ type: 'heading', id: 'duties', text: 'Duties' });
    expect(blocks[1]).toMatchObject({ level: 1, id: 'crm' });
    expect(blocks[2]).toMatchObject({ level: 2, number: '1.1.1' });
  });

  it('keeps user text that looks like markup as text', () => {
    const hostile = 'A | B **not bold** @section \\ back\nslash';
    const blocks = parse(`@clause | ${escapeMarkup(hostile)}`).blocks;
    expect(blocks).toHaveLength(1);
    expect((blocks[0] as ClauseBlock).spans).toEqual([{ text: 'A | B **not bold** @section \\ back slash' }]);
  });

  it('reads **bold** spans', () => {
    expect(parseSpans('**Education:** Higher', {})).toEqual([{ text: 'Education:', bold: true }, { text: ' Higher' }]);
  });

  it('builds boxes, keep groups and tables', () => {
    const model = parse(
      [
        '@box right width=40',
        '@p bold | APPROVED',
        '@end',
        '@keep',
        '@signature | Head | A. B | (signature)',
        '@end',
        '@table minrow=20',
        '@column width=10 center | No.',
        '@column width=90 | Name',
        '@row | 1 | X',
        '@end',
        '@pagebreak',
        '@space 6',
      ].join('\n'),
    );
    expect(model.blocks.map((b) => b.type)).toEqual(['box', 'keep', 'table', 'pageBreak', 'space']);
    expect(model.blocks[0]).toMatchObject({ align: 'right', width: 40, blocks: [{ type: 'paragraph', spans: [{ text: 'APPROVED', bold: true }] }] });
    expect(model.blocks[2]).toMatchObject({
      minRowHeight: 20,
      columns: [
        { title: 'No.', width: 10, align: 'center' },
        { title: 'Name', align: 'left' },
      ],
      rows: [['1', 'X']],
    });
    expect(model.blocks[4]).toEqual({ type: 'space', size: 6 });
  });

  it('reads page setup, running lines and metadata', () => {
    const model = parse('@margins | 10 11 12 13\n@footer | JD-1 | Page {page} of {pages}\n@meta title | Title \\| with bar\n@meta keywords | a, b');
    expect(model.page.margins).toEqual({ top: 10, right: 11, bottom: 12, left: 13 });
    expect(model.footer).toEqual({ left: 'JD-1', right: 'Page {page} of {pages}' });
    expect(model.meta.title).toBe('Title | with bar');
    expect(model.meta.keywords).toEqual(['a', 'b']);
  });

  it.each([
    ['@frobnicate | x', /unknown directive `@frobnicate`/],
    ['plain text', /text outside a block/],
    ['@keep\n@p | x', /never closed/],
    ['@end', /without an open block/],
    ['@table\n@column width=50 | A\n@row | 1 | 2\n@end', /2 cells in a table of 1 columns/],
    ['@p left center | x', /conflicting options left and center/],
    ['@row | x', /outside a table/],
  ])('rejects %j with a message naming the template', (markup, message) => {
    let error: unknown;
    try {
      parse(markup);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const [d] = (error as UserError).diagnostics;
    expect(d!.file).toBe('document.hbs');
    expect(d!.message).toMatch(message);
  });
});
