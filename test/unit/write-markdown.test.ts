import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block, DocumentModel } from '../../src/model/types.js';
import { toMarkdown, writeMarkdown } from '../../src/write/markdown.js';
import { bundledFonts } from '../helpers/fonts.js';

const fixture = new URL('../fixtures/model/sample.json', import.meta.url);
const loadSample = (): DocumentModel => JSON.parse(readFileSync(fixture, 'utf8')) as DocumentModel;

function withBlocks(blocks: Block[], extra: Partial<DocumentModel> = {}): DocumentModel {
  return { ...loadSample(), ...extra, blocks };
}

describe('writeMarkdown: watermark', () => {
  it('puts the mark on one quoted bold line at the very top, before an unchanged document', () => {
    const plain = toMarkdown(loadSample());
    const marked = toMarkdown({ ...loadSample(), watermark: 'DRAFT' });
    expect(marked.split('\n').slice(0, 2)).toEqual(['> **DRAFT**', '']);
    expect(marked).toBe(`> **DRAFT**\n\n${plain}`);
    // The mark is a blockquote of its own: the APPROVED box (also quoted) stays separate.
    expect(marked).toMatch(/^> \*\*DRAFT\*\*\n\n\*\*Northwind Trading LLC\*\*\n\n> \*\*APPROVED\*\*/);
  });

  it('writes a localised mark and escapes Markdown in it', () => {
    expect(toMarkdown({ ...loadSample(), watermark: 'ПРОЕКТ' }).split('\n')[0]).toBe('> **ПРОЕКТ**');
    expect(toMarkdown({ ...loadSample(), watermark: ' *NOT* <final> ' }).split('\n')[0]).toBe('> **\\*NOT\\* \\<final\\>**');
  });

  it('writes nothing for a missing or blank watermark', () => {
    const plain = toMarkdown(loadSample());
    expect(toMarkdown({ ...loadSample(), watermark: '  ' })).toBe(plain);
    expect(plain.startsWith('**Northwind Trading LLC**')).toBe(true);
  });
});

describe('writeMarkdown: redline', () => {
  it('wraps inserted and deleted spans in <ins> and <del>, spaces outside the tags', () => {
    const markdown = toMarkdown(
      withBlocks([
        {
          type: 'clause',
          level: 1,
          number: '1.1.',
          spans: [
            { text: 'Keeps ' },
            { text: 'new words ', change: 'inserted' },
            { text: 'and' },
            { text: ' old words', change: 'deleted' },
            { text: ', ' },
            { text: 'bold', bold: true, change: 'inserted' },
            { text: ' and ' },
            { text: 'both', bold: true, italic: true, change: 'deleted' },
            { text: '.' },
          ],
        },
      ]),
    );
    expect(markdown).toBe('1.1. Keeps <ins>new words</ins> and <del>old words</del>, <ins>**bold**</ins> and <del>***both***</del>.\n');
  });

  it('keeps the escaping of changed text, so only the tags are markup', () => {
    const markdown = toMarkdown(
      withBlocks([
        {
          type: 'paragraph',
          align: 'left',
          size: 'normal',
          spans: [{ text: 'a <b> *c* [d] ' }, { text: '<ins> `e`', change: 'inserted' }, { text: ' #1_x', change: 'deleted' }],
        },
      ]),
    );
    expect(markdown).toBe('a \\<b\\> \\*c\\* \\[d\\] <ins>\\<ins\\> \\`e\\`</ins> <del>#1\\_x</del>\n');
  });

  it('wraps a whole inserted or deleted clause, number included, in one tag', () => {
    const markdown = toMarkdown(
      withBlocks([
        { type: 'clause', level: 1, number: '1.1.', spans: [{ text: 'Removed with ' }, { text: 'bold', bold: true }], change: 'deleted' },
        // The clause's own change wins over its spans' marks.
        { type: 'clause', level: 2, number: '1.1.1.', spans: [{ text: 'Added', change: 'deleted' }, { text: '.' }], change: 'inserted' },
        { type: 'clause', level: 1, number: '1.2.', spans: [{ text: 'Unchanged.' }] },
      ]),
    );
    expect(markdown).toBe('<del>1.1. Removed with **bold**</del>\n\n<ins>1.1.1. Added.</ins>\n\n1.2. Unchanged.\n');
  });

  it('marks changes inside a box and in a title', () => {
    const markdown = toMarkdown(
      withBlocks([
        { type: 'paragraph', align: 'center', size: 'title', spans: [{ text: 'JOB ' }, { text: 'DESCRIPTION', change: 'inserted' }] },
        {
          type: 'box',
          align: 'right',
          width: 45,
          blocks: [{ type: 'paragraph', align: 'left', size: 'normal', spans: [{ text: 'Director' }, { text: ' General', change: 'deleted' }] }],
        },
      ]),
    );
    expect(markdown).toBe('# JOB <ins>DESCRIPTION</ins>\n\n> Director <del>General</del>\n');
  });

  it('writes a redline with a watermark as UTF-8 bytes', async () => {
    const model = withBlocks([{ type: 'clause', level: 1, number: '1.1.', spans: [{ text: 'Новий пункт.' }], change: 'inserted' }], {
      watermark: 'ПРОЕКТ',
      revision: { author: 'Legal Review', date: '2026-11-05' },
    });
    const bytes = await writeMarkdown(model, { fonts: bundledFonts() });
    expect(new TextDecoder().decode(bytes)).toBe('> **ПРОЕКТ**\n\n<ins>1.1. Новий пункт.</ins>\n');
  });
});
