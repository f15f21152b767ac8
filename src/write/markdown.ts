import type { Block, Change, DocumentModel, Span, TableBlock } from '../model/types.js';
import type { Writer } from './types.js';
import { watermarkText } from './watermark.js';

/**
 * Markdown for reading and diffing: one block per paragraph, one clause per
 * line with its number, blank lines between blocks. Nested clauses are not
 * indented (four spaces would turn them into code); their numbers show depth.
 * A watermark becomes a quoted bold line at the very top (> **DRAFT**); in a
 * redline, changed text is wrapped in <ins> and <del>, which GitHub and most
 * renderers show underlined and struck through.
 */
export const writeMarkdown: Writer = async (model) => new TextEncoder().encode(toMarkdown(model));

export function toMarkdown(model: DocumentModel): string {
  const watermark = watermarkText(model);
  const mark = watermark === undefined ? [] : [`> **${escapeText(watermark)}**`];
  const parts = [...mark, ...model.blocks.flatMap(blockToMarkdown).filter((part) => part !== '')];
  return `${parts.join('\n\n')}\n`;
}

const SIGNATURE_LINE = '______________';

function blockToMarkdown(block: Block): string[] {
  switch (block.type) {
    case 'paragraph':
      if (block.size === 'title') return [`# ${spansToMarkdown(block.spans.map(plain))}`];
      return [spansToMarkdown(block.size === 'large' ? block.spans.map(bold) : block.spans)];
    case 'heading':
      return [`${'#'.repeat(block.level + 1)} ${[block.number, escapeText(block.text)].filter(Boolean).join(' ')}`];
    case 'clause':
      if (block.change !== undefined) {
        // The whole clause, number included, inside one tag.
        const spans = block.spans.map(({ change: _own, ...span }): Span => span);
        return [changeTag(block.change, `${block.number} ${spansToMarkdown(spans)}`)];
      }
      return [`${block.number} ${spansToMarkdown(block.spans)}`];
    case 'signature':
      return [signatureLine(block.label, block.name)];
    case 'table':
      return [tableToMarkdown(block)];
    case 'keep':
      return block.blocks.flatMap(blockToMarkdown);
    case 'box':
      // A blockquote with hard line breaks keeps the APPROVED block together and set apart.
      return [
        block.blocks
          .flatMap(blockToMarkdown)
          .map((line) => `> ${line}`)
          .join('\\\n'),
      ];
    case 'pageBreak':
      return ['---'];
    case 'space':
    case 'image':
      // Markdown is for reading and diffing the text; a logo adds nothing there.
      return [];
  }
}

function signatureLine(label: string, name: string): string {
  const who = label ? `${escapeText(label)}: ` : '';
  return `${who}${SIGNATURE_LINE} ${escapeText(name)}`;
}

function tableToMarkdown(table: TableBlock): string {
  const cell = (text: string): string => escapeText(text).replace(/\|/g, '\\|') || ' ';
  const header = `| ${table.columns.map((c) => cell(c.title)).join(' | ')} |`;
  const rule = `| ${table.columns.map((c) => (c.align === 'center' ? ':---:' : c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const rows = table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

function spansToMarkdown(spans: Span[]): string {
  return spans
    .map((span) => {
      const text = escapeText(span.text);
      const trimmed = text.trim();
      if (!trimmed || (!span.bold && !span.italic && span.change === undefined)) return text;
      // Emphasis markers and change tags hug the text, so surrounding spaces go outside them.
      const marker = span.bold && span.italic ? '***' : span.bold ? '**' : span.italic ? '*' : '';
      const lead = text.slice(0, text.indexOf(trimmed));
      const tail = text.slice(lead.length + trimmed.length);
      const emphasised = `${marker}${trimmed}${marker}`;
      return `${lead}${span.change === undefined ? emphasised : changeTag(span.change, emphasised)}${tail}`;
    })
    .join('');
}

/** Inserted or deleted text in a redline: HTML's own tags, which Markdown passes through. */
function changeTag(change: Change, markdown: string): string {
  const tag = change === 'inserted' ? 'ins' : 'del';
  return `<${tag}>${markdown}</${tag}>`;
}

const plain = (span: Span): Span => (span.change === undefined ? { text: span.text } : { text: span.text, change: span.change });
const bold = (span: Span): Span => ({ ...span, bold: true });

/**
 * Escapes what Markdown would otherwise read as markup. A run of underscores
 * with spaces on both sides (a blank to fill in by hand) cannot open or close
 * emphasis, so it stays readable; any other underscore is escaped.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\`*[\]<>]/g, (char) => `\\${char}`)
    .replace(/_+/g, (run: string, offset: number, whole: string) => (isLoose(whole, offset, run.length) ? run : run.replace(/_/g, '\\_')))
    .replace(/^([#+-]|\d+[.)])(?=\s)/, '\\$1');
}

function isLoose(text: string, offset: number, length: number): boolean {
  const before = text[offset - 1];
  const after = text[offset + length];
  return (before === undefined || /\s/.test(before)) && (after === undefined || /\s/.test(after));
}
