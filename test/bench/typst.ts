/**
 * The Typst baseline of `npm run bench`: jdgen's document model written as an
 * equivalent Typst document (same page, margins and footer with page numbers,
 * same Noto Sans faces and sizes, the APPROVED block at the top right, the
 * numbered sections and clauses with their number columns, signature rows,
 * the familiarisation table with a repeated header, page breaks), compiled by
 * the Typst engine RenderCV uses, through its npm package
 * (@myriaddreamin/typst-ts-node-compiler). Pictures are left out (the
 * generated roles have none).
 */
import { dirname } from 'node:path';
import type { Block, DocumentModel, RunningLine, Span } from '../../src/model/types.js';

const SIZES = { small: 9, normal: 11, large: 13, title: 15 } as const;

/** Text as a Typst string literal, placed in content with `#`. */
function str(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function spans(list: readonly Span[]): string {
  return list
    .map((span) => {
      let content = `text(${span.bold ? 'weight: "bold", ' : ''}${span.italic ? 'style: "italic", ' : ''}${str(span.text)})`;
      if (span.change === 'inserted') content = `underline(${content})`;
      if (span.change === 'deleted') content = `strike(${content})`;
      return `#${content}`;
    })
    .join('');
}

function running(line: RunningLine): string {
  const part = (text: string): string =>
    text
      .split(/(\{pages?\})/)
      .filter(Boolean)
      .map((piece) =>
        piece === '{page}' ? '#context counter(page).display()' : piece === '{pages}' ? '#context counter(page).final().first()' : `#${str(piece)}`,
      )
      .join('');
  return `[#set text(size: 8.5pt, fill: rgb("#333333")); #line(length: 100%, stroke: 0.4pt + rgb("#333333")) #v(-6pt) #grid(columns: (1fr, auto), align: (left, right), [${part(line.left)}], [${part(line.right)}])]`;
}

function block(item: Block, columns: number[]): string {
  switch (item.type) {
    case 'paragraph': {
      const align = item.align === 'justify' ? 'left' : item.align;
      return `#block(above: 0pt, below: ${item.spaceAfter ?? 6}pt, width: 100%, sticky: ${item.keepWithNext === true})[#align(${align})[#par(justify: ${item.align === 'justify'})[#text(size: ${SIZES[item.size]}pt)[${spans(item.spans)}]]]]`;
    }
    case 'heading': {
      const size = item.level === 1 ? 12 : 11;
      return `#block(above: ${item.level === 1 ? 14 : 10}pt, below: ${item.level === 1 ? 6 : 4}pt, sticky: true)[#grid(columns: (${columns[1] ?? 18}pt, 1fr), text(size: ${size}pt, weight: "bold", ${str(item.number)}), text(size: ${size}pt, weight: "bold", ${str(item.text)}))]`;
    }
    case 'clause': {
      const level = Math.max(1, item.level);
      const indent = columns.slice(1, level).reduce((sum, width) => sum + width, 0);
      return `#block(above: 0pt, below: 4pt, sticky: ${item.keepWithNext === true})[#pad(left: ${indent}pt)[#grid(columns: (${columns[level] ?? 18}pt, 1fr), ${str(item.number)}, [#set par(justify: true); ${spans(item.spans)}])]]`;
    }
    case 'signature':
      return `#block(above: 18pt, below: 6pt, breakable: false)[#grid(columns: (${item.label ? '40%, ' : ''}1fr, auto), column-gutter: 10pt, ${item.label ? `${str(item.label)}, ` : ''}[#line(length: 100%, stroke: 0.6pt) #v(-8pt) #align(center, text(size: 7.5pt, ${str(item.caption)}))], ${str(item.name)})]`;
    case 'table': {
      const total = item.columns.reduce((sum, column) => sum + column.width, 0) || 1;
      const widths = item.columns.map((column) => `${((column.width / total) * 100).toFixed(2)}%`).join(', ');
      const header = item.columns.map((column) => `table.cell(fill: rgb("#efefef"), align: center, text(weight: "bold", ${str(column.title)}))`).join(', ');
      const rows = item.rows.map((row) => item.columns.map((_, i) => str(row[i] ?? '')).join(', ')).join(',\n');
      return `#block(below: 6pt)[#set text(size: 10pt); #table(columns: (${widths}), stroke: 0.5pt, inset: (x: 4pt, y: 3pt), rows: (auto, ${item.minRowHeight}pt), align: horizon, table.header(${header}),\n${rows})]`;
    }
    case 'keep':
      return `#block(above: 14pt, breakable: false)[${item.blocks.map((child) => block(child, columns)).join('\n')}]`;
    case 'box':
      return `#align(${item.align})[#block(width: ${item.width}%)[#set align(left)\n${item.blocks.map((child) => block(child, columns)).join('\n')}]]`;
    case 'space':
      return `#v(${item.size}pt)`;
    case 'pageBreak':
      return '#pagebreak(weak: true)';
    case 'image':
      return '';
  }
}

/** Number columns per clause level, from the widest number (about 0.55 em per character at 11 pt, plus the 6 pt gap). */
function numberColumns(blocks: readonly Block[]): number[] {
  const widest: number[] = [];
  const visit = (list: readonly Block[]): void => {
    for (const item of list) {
      if (item.type === 'clause') widest[Math.max(1, item.level)] = Math.max(widest[Math.max(1, item.level)] ?? 0, item.number.length * 6 + 6);
      if (item.type === 'keep' || item.type === 'box') visit(item.blocks);
    }
  };
  visit(blocks);
  return widest.map((width) => Math.max(18, width ?? 18));
}

export function toTypst(model: DocumentModel): string {
  const m = model.page.margins;
  const columns = numberColumns(model.blocks);
  return [
    `#set document(title: ${str(model.meta.title)}, author: ${str(model.meta.author)})`,
    `#set page(paper: "a4", margin: (top: ${m.top}mm, right: ${m.right}mm, bottom: ${m.bottom}mm, left: ${m.left}mm)${model.footer ? `, footer: ${running(model.footer)}` : ''}${model.header ? `, header: ${running(model.header)}` : ''})`,
    `#set text(font: "Noto Sans", size: 11pt, lang: ${str(model.meta.language.slice(0, 2))})`,
    // Line height 1.3 em as in the PDF: Typst's leading runs from one line's baseline to the next line's cap height (0.714 em in Noto Sans).
    '#set par(leading: 0.586em, spacing: 0pt)',
    ...model.blocks.map((item) => block(item, columns)),
    '',
  ].join('\n');
}

/** The folder of the Noto Sans TTFs jdgen embeds, for Typst's font search. */
export function notoFolder(regularFont: string): string {
  return dirname(dirname(regularFont));
}
