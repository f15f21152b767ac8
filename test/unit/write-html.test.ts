import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.js';
import type { Block, DocumentModel } from '../../src/model/types.js';
import { CONTENT_SECURITY_POLICY, toHtml, writeHtml } from '../../src/write/html.js';
import { blocksToHtml } from '../../src/write/html/body.js';
import { runningContent } from '../../src/write/html/css.js';
import { cssString, escapeHtml } from '../../src/write/html/escape.js';
import { characterSet, embedFaces, type EmbeddedFaces } from '../../src/write/html/fonts.js';
import { bundledFonts } from '../helpers/fonts.js';

const fixture = new URL('../fixtures/model/sample.json', import.meta.url);
const loadSample = (): DocumentModel => JSON.parse(readFileSync(fixture, 'utf8')) as DocumentModel;
const fonts = bundledFonts();
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Faces measured with the real regular font; the embedded data is a placeholder (subsetting is tested on its own). */
async function placeholderFaces(): Promise<EmbeddedFaces> {
  const faces = await embedFaces(createContext(), fonts, '0');
  return { width: faces.width, data: { regular: 'R', bold: 'B', italic: 'I', boldItalic: 'BI' } };
}

const clause = (level: number, number: string, text: string, extra: Partial<Extract<Block, { type: 'clause' }>> = {}): Block => ({
  type: 'clause',
  level,
  number,
  spans: [{ text }],
  ...extra,
});

describe('writeHtml: document', () => {
  it('is one self-contained page: lang, title, CSP that forbids scripts, no script, embedded fonts, no outside URL', async () => {
    const html = decode(await writeHtml(loadSample(), { fonts, context: createContext() }));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html.match(/@font-face\{/g)).toHaveLength(4);
    expect(html).toMatch(/src:url\(data:font\/woff2;base64,d09GMg/); // "wOF2"
    // Nothing to fetch: every address is a data: URL, and nothing links out.
    const addresses = [...html.matchAll(/(?:src=|url\()"?([a-z]+:)?/gi)].map((m) => m[1]);
    expect(addresses.length).toBeGreaterThan(0);
    expect(new Set(addresses)).toEqual(new Set(['data:']));
    expect(html).not.toMatch(/href=|@import/);
  });

  it('gives the same bytes for the same model, and new subsets only for new characters', async () => {
    const context = createContext();
    const first = await writeHtml(loadSample(), { fonts, context });
    const second = await writeHtml(loadSample(), { fonts, context: createContext() });
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const cached = context.html!.subsets.size;
    await writeHtml(loadSample(), { fonts, context });
    expect(context.html!.subsets.size).toBe(cached);
  });

  it('subsets the fonts to the characters of the document', async () => {
    const model = loadSample();
    const small = decode(await writeHtml({ ...model, blocks: model.blocks.slice(0, 2) }, { fonts }));
    const large = decode(
      await writeHtml(
        { ...model, blocks: [...model.blocks, { type: 'paragraph', spans: [{ text: 'ёЁїЇґșțāģķëçəğı₼' }], align: 'left', size: 'normal' }] },
        { fonts },
      ),
    );
    const fontBytes = (html: string): number => [...html.matchAll(/base64,([A-Za-z0-9+/=]+)\) format/g)].reduce((sum, m) => sum + m[1]!.length, 0);
    expect(fontBytes(small)).toBeLessThan(fontBytes(large));
    expect(characterSet(['ba', 'ab'])).toBe('0123456789ab…');
  });

  it('prints on A4 with the model margins, the running lines in the page margins with page counters', async () => {
    const model = { ...loadSample(), footer: { left: 'JD-1 · Role', right: 'Page {page} of {pages}' } };
    const html = toHtml(model, await placeholderFaces(), 'Noto Sans');
    const { top, right, bottom, left } = model.page.margins;
    expect(html).toContain(`@page{size:A4;margin:${top}mm ${right}mm ${bottom}mm ${left}mm;`);
    expect(html).toContain('@bottom-right{content:"Page " counter(page) " of " counter(pages);');
    expect(html).toContain('@bottom-left{content:"JD-1 · Role";');
    expect(runningContent('{page}/{pages}')).toBe('counter(page) "/" counter(pages)');
    expect(runningContent('')).toBe('none');
  });

  it('marks a draft with a picture on every page, not with text in the document', async () => {
    const faces = await placeholderFaces();
    const html = toHtml({ ...loadSample(), watermark: 'DRAFT <1>' }, faces, 'Noto Sans');
    const image = /<div class="watermark" aria-hidden="true"><img alt="" src="data:image\/svg\+xml;base64,([^"]+)">/.exec(html);
    expect(image).not.toBeNull();
    expect(Buffer.from(image![1]!, 'base64').toString()).toContain('>DRAFT &lt;1&gt;</text>');
    expect(toHtml(loadSample(), faces, 'Noto Sans')).not.toContain('class="watermark"');
  });
});

describe('writeHtml: blocks', () => {
  it('nests clauses by level in ordered lists, numbers as text, ids kept once', () => {
    const html = blocksToHtml([
      clause(1, '1.1', 'one', { id: 'a' }),
      clause(2, '1.1.1', 'one.one', { id: 'a' }),
      clause(2, '1.1.2', 'one.two'),
      clause(1, '1.2', 'two'),
    ]);
    expect(html).toBe(
      '<ol class="clauses level-1"><li id="a"><span class="num">1.1</span><span class="text">one</span>' +
        '<ol class="clauses level-2"><li><span class="num">1.1.1</span><span class="text">one.one</span></li>' +
        '<li><span class="num">1.1.2</span><span class="text">one.two</span></li></ol></li>' +
        '<li><span class="num">1.2</span><span class="text">two</span></li></ol>',
    );
  });

  it('keeps the nesting balanced when levels skip or a list starts deep', () => {
    for (const levels of [[1, 3, 1], [2, 1], [1, 2, 3, 4, 2, 5, 1], [3]]) {
      const html = blocksToHtml(levels.map((level, i) => clause(level, `${i}.`, `c${i}`)));
      const count = (pattern: RegExp): number => html.match(pattern)?.length ?? 0;
      expect(count(/<ol /g), String(levels)).toBe(count(/<\/ol>/g));
      expect(count(/<li[ >]/g), String(levels)).toBe(count(/<\/li>/g));
      // Each clause sits in the list of its own level.
      const doc = html.replace(/<li>(?=<ol)/g, '<li class="pad">');
      expect(doc.indexOf(`level-${Math.max(...levels)}`)).toBeGreaterThan(-1);
      expect(html.match(/class="text"/g)).toHaveLength(levels.length);
    }
  });

  it('separates clause runs that other blocks interrupt into lists of their own', () => {
    const html = blocksToHtml([clause(1, '1.1', 'a'), { type: 'heading', level: 1, number: '2.', text: 'Rights' }, clause(1, '2.1', 'b')]);
    expect(html.split('\n')).toEqual([
      '<ol class="clauses level-1"><li><span class="num">1.1</span><span class="text">a</span></li></ol>',
      '<h2><span class="num">2.</span><span>Rights</span></h2>',
      '<ol class="clauses level-1"><li><span class="num">2.1</span><span class="text">b</span></li></ol>',
    ]);
  });

  it('escapes text everywhere, so a role cannot add markup, styles or scripts', () => {
    const hostile = '</style><script>alert(1)</script>"\'&';
    const html = blocksToHtml([
      { type: 'paragraph', spans: [{ text: hostile, bold: true }], align: 'left', size: 'title' },
      clause(1, hostile, hostile, { id: hostile }),
      { type: 'signature', label: hostile, name: hostile, caption: hostile },
      { type: 'table', columns: [{ title: hostile, width: 100, align: 'left' }], rows: [[hostile]], minRowHeight: 20 },
      { type: 'heading', level: 2, number: '', text: hostile },
    ]);
    expect(html).not.toMatch(/<script|<\/style|="[^"]*"'/);
    expect(html.match(/&lt;\/style&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&#39;&amp;/g)).toHaveLength(10);
    expect(cssString('a"\\</style>\n')).toBe('"a\\22 \\5c \\3c /style\\3e \\a "');
    expect(escapeHtml('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('writes tables with a header row of column headers, widths in percent and row heights', () => {
    const html = blocksToHtml([
      {
        type: 'table',
        columns: [
          { title: 'No.', width: 10, align: 'center' },
          { title: 'Name', width: 30, align: 'left' },
        ],
        rows: [['1', 'P. Jones'], ['2']],
        minRowHeight: 24,
      },
    ]);
    expect(html).toContain('<colgroup><col style="width:25%"><col style="width:75%"></colgroup>');
    expect(html).toContain('<thead><tr><th scope="col">No.</th><th scope="col">Name</th></tr></thead>');
    expect(html).toContain('<tr style="height:24pt"><td class="center">2</td><td class="left"></td></tr>');
  });

  it('shows redline changes as ins and del, a whole changed clause with its number', () => {
    const html = blocksToHtml([
      {
        type: 'paragraph',
        spans: [
          { text: 'old', change: 'deleted' },
          { text: 'new', change: 'inserted', bold: true },
        ],
        align: 'left',
        size: 'normal',
      },
      clause(1, '1.2', 'gone', { change: 'deleted' }),
    ]);
    expect(html).toContain('<del>old</del><ins><strong>new</strong></ins>');
    expect(html).toContain('<del class="num">1.2</del><span class="text"><del>gone</del></span>');
  });

  it('writes a signature as label, line with caption and name; the APPROVED box at its width and side', () => {
    const html = blocksToHtml([
      { type: 'box', align: 'right', width: 45, blocks: [{ type: 'signature', label: '', name: 'J. Smith', caption: '(signature)' }] },
    ]);
    expect(html).toBe(
      '<div class="box box-right" style="width:45%">\n<div class="signature"><div class="sign"><div class="line">(signature)</div><div class="name">J. Smith</div></div></div>\n</div>',
    );
  });

  it('sizes the clause number columns by the widest number of each level, as the PDF does', async () => {
    const faces = await placeholderFaces();
    const narrow = toHtml({ ...loadSample(), blocks: [clause(1, '1.1', 'a'), clause(2, '1.1.1', 'b')] }, faces, 'x');
    const wide = toHtml({ ...loadSample(), blocks: [clause(1, '10.10', 'a'), clause(2, '1.1.1', 'b')] }, faces, 'x');
    const column = (html: string, level: number): number => Number(new RegExp(`--num-${level}:([\\d.]+)pt`).exec(html)![1]);
    expect(column(wide, 1)).toBeGreaterThan(column(narrow, 1));
    expect(column(wide, 2)).toBe(column(narrow, 2));
    expect(column(narrow, 5)).toBe(18); // the narrowest column where no clause has that level
  });
});
