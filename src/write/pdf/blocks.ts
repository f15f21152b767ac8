/**
 * Measures each kind of block for a width (see laid.ts for why we measure
 * before drawing).
 */
import type { Block, BoxBlock, ClauseBlock, HeadingBlock, ParagraphBlock } from '../../model/types.js';
import type { Flow } from './flow.js';
import { type Pdf, textWidth } from './fonts.js';
import { imageBlock } from './image.js';
import { type Laid, drawSequence, sequenceHeight } from './laid.js';
import { signatureBlock } from './signature.js';
import { type ClauseColumns, type Theme, clauseColumns as themeColumns } from '../../theme/theme.js';
import { tableBlock } from './table.js';
import { type Hyphenation, layoutText } from './text.js';
import { glueCentred } from '../../theme/hyphenation.js';
import { textBlock } from './textblock.js';

function collectClauses(blocks: Block[], into: ClauseBlock[] = []): ClauseBlock[] {
  for (const block of blocks) {
    if (block.type === 'clause') into.push(block);
    if (block.type === 'keep' || block.type === 'box') collectClauses(block.blocks, into);
  }
  return into;
}

/** The clause columns of a document (see theme.ts), from its numbers measured in the body font. */
export function clauseColumns(pdf: Pdf, theme: Theme, blocks: Block[], width: number): ClauseColumns {
  const widest: number[] = [];
  for (const clause of collectClauses(blocks)) {
    const level = Math.max(1, clause.level);
    widest[level] = Math.max(widest[level] ?? 0, textWidth(pdf, 'regular', clause.number, theme.sizes.normal));
  }
  return themeColumns(theme, widest, width);
}

export interface Context {
  pdf: Pdf;
  theme: Theme;
  columns: ClauseColumns;
  /** Hyphenation of the document's language, when there are patterns for it. */
  hyphenation?: Hyphenation | undefined;
}

function paragraph(ctx: Context, block: ParagraphBlock, width: number): Laid {
  // A centred block (the title) is not hyphenated, and never leaves one short word alone on its last line.
  const centred = block.align === 'center';
  const text = layoutText(ctx.pdf, centred ? glueCentred(block.spans) : block.spans, ctx.theme.sizes[block.size], width, centred ? undefined : ctx.hyphenation);
  const laid = textBlock(ctx.pdf, {
    text,
    align: block.align,
    indent: 0,
    width,
    spaceBefore: 0,
    spaceAfter: block.spaceAfter ?? ctx.theme.paragraphGap,
    keepWithNext: block.keepWithNext ?? false,
  });
  return block.bookmark ? bookmarked(laid, block.spans.map((s) => s.text).join('')) : laid;
}

/** Adds an outline entry pointing at the block where it is drawn (the page and height are known only then). */
function bookmarked(laid: Laid, title: string): Laid {
  return {
    ...laid,
    draw(flow, x) {
      flow.bookmark(title);
      laid.draw(flow, x);
    },
  };
}

function heading(ctx: Context, block: HeadingBlock, width: number): Laid {
  const style = ctx.theme.heading[block.level] ?? ctx.theme.heading[1];
  const numberWidth = block.number ? textWidth(ctx.pdf, 'bold', `${block.number} `, style.size) : 0;
  // The heading text lines up with the level-1 clause text below it, unless
  // the number is too wide for that column.
  const indent = block.number ? Math.max(numberWidth, ctx.columns.textX(1)) : 0;
  const text = layoutText(ctx.pdf, [{ text: block.text, bold: true }], style.size, width - indent);
  const laid = textBlock(ctx.pdf, {
    text,
    align: 'left',
    indent,
    width: width - indent,
    ...(block.number ? { label: { text: block.number, face: 'bold' as const, x: 0 } } : {}),
    spaceBefore: style.spaceBefore,
    spaceAfter: style.spaceAfter,
    keepWithNext: true,
  });
  // Sections are the document's outline, as in Word's navigation pane.
  return block.level === 1 ? bookmarked(laid, block.number ? `${block.number} ${block.text}` : block.text) : laid;
}

function clause(ctx: Context, block: ClauseBlock, width: number): Laid {
  const level = Math.max(1, block.level);
  const indent = ctx.columns.textX(level);
  // A whole clause added or removed: every span (and the number) shows the change.
  const spans = block.change === undefined ? block.spans : block.spans.map((span) => ({ ...span, change: block.change }));
  const text = layoutText(ctx.pdf, spans, ctx.theme.sizes.normal, width - indent, ctx.hyphenation);
  return textBlock(ctx.pdf, {
    text,
    align: 'justify',
    indent,
    width: width - indent,
    label: { text: block.number, face: 'regular', x: ctx.columns.labelX(level), change: block.change },
    spaceBefore: 0,
    spaceAfter: ctx.theme.clauseGap,
    keepWithNext: block.keepWithNext ?? false,
  });
}

/** Blocks drawn as one column: the whole of a keep, or a box's content. */
function group(ctx: Context, blocks: Block[], width: number, offset: (x: number) => number, spaceBefore = 0): Laid {
  const children = layoutBlocks(ctx, blocks, width);
  const height = sequenceHeight(children);
  return {
    height,
    lead: height,
    spaceBefore: Math.max(spaceBefore, children[0]?.spaceBefore ?? 0),
    spaceAfter: children[children.length - 1]?.spaceAfter ?? 0,
    keepWithNext: false,
    unbreakable: true,
    draw(flow: Flow, x: number): void {
      drawSequence(flow, children, offset(x), true);
    },
  };
}

function box(ctx: Context, block: BoxBlock, width: number): Laid {
  const boxWidth = (Math.min(Math.max(block.width, 1), 100) / 100) * width;
  return group(ctx, block.blocks, boxWidth, (x) => (block.align === 'right' ? x + width - boxWidth : x));
}

function space(size: number): Laid {
  return {
    height: size,
    lead: size,
    spaceBefore: 0,
    spaceAfter: 0,
    keepWithNext: false,
    unbreakable: true,
    transparent: true,
    draw(flow: Flow): void {
      // Space that a page break pushed to the top of a page would only
      // misplace the next block; space the author put after a break stays.
      if (flow.blank && flow.overflowed) return;
      flow.advance(size);
    },
  };
}

const pageBreak: Laid = {
  height: 0,
  lead: 0,
  spaceBefore: 0,
  spaceAfter: 0,
  keepWithNext: false,
  unbreakable: false,
  draw(flow: Flow): void {
    // A page that is still empty (the previous page just filled up) would
    // otherwise become a blank page.
    if (!flow.blank) flow.newPage(false);
  },
};

function layoutBlock(ctx: Context, block: Block, width: number): Laid {
  switch (block.type) {
    case 'paragraph':
      return paragraph(ctx, block, width);
    case 'heading':
      return heading(ctx, block, width);
    case 'clause':
      return clause(ctx, block, width);
    case 'signature':
      return signatureBlock(ctx.pdf, ctx.theme, block, width);
    case 'table':
      return tableBlock(ctx.pdf, block, width, ctx.theme.table);
    case 'keep':
      // A kept group is usually a unit of its own (the AGREED signatures):
      // set it off from the clauses above.
      return group(ctx, block.blocks, width, (x) => x, ctx.theme.keepGap);
    case 'box':
      return box(ctx, block, width);
    case 'space':
      return space(block.size);
    case 'image':
      return imageBlock(ctx.pdf.doc, block, width, ctx.pdf.caches.rasters);
    case 'pageBreak':
      return pageBreak;
  }
}

export function layoutBlocks(ctx: Context, blocks: Block[], width: number): Laid[] {
  return blocks.map((block) => layoutBlock(ctx, block, width));
}
