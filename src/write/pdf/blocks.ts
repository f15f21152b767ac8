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
import { CLAUSE_GAP, FONT_SIZE, HEADING, KEEP_GAP, LABEL_GAP, MIN_LABEL_COLUMN, PARAGRAPH_GAP } from './style.js';
import { tableBlock } from './table.js';
import { layoutText } from './text.js';
import { textBlock } from './textblock.js';

/**
 * Where clause numbers and clause text start, per level. Every clause of a
 * level uses the same column (sized to the widest number of that level in the
 * document), so texts line up; a sub-clause's number starts where its parent's
 * text starts, the usual outline look of contracts and job instructions.
 */
export interface ClauseColumns {
  labelX(level: number): number;
  textX(level: number): number;
}

function collectClauses(blocks: Block[], into: ClauseBlock[] = []): ClauseBlock[] {
  for (const block of blocks) {
    if (block.type === 'clause') into.push(block);
    if (block.type === 'keep' || block.type === 'box') collectClauses(block.blocks, into);
  }
  return into;
}

export function clauseColumns(pdf: Pdf, blocks: Block[]): ClauseColumns {
  const widest: number[] = [];
  for (const clause of collectClauses(blocks)) {
    const level = Math.max(1, clause.level);
    widest[level] = Math.max(widest[level] ?? 0, textWidth(pdf, 'regular', clause.number, FONT_SIZE.normal));
  }
  const column = (level: number): number => Math.max(MIN_LABEL_COLUMN, (widest[level] ?? 0) + LABEL_GAP);
  const labelX = (level: number): number => {
    let x = 0;
    for (let l = 1; l < level; l += 1) x += column(l);
    return x;
  };
  return { labelX, textX: (level) => labelX(level) + column(level) };
}

interface Context {
  pdf: Pdf;
  columns: ClauseColumns;
}

function paragraph(ctx: Context, block: ParagraphBlock, width: number): Laid {
  const text = layoutText(ctx.pdf, block.spans, FONT_SIZE[block.size], width);
  const laid = textBlock(ctx.pdf, {
    text,
    align: block.align,
    indent: 0,
    width,
    spaceBefore: 0,
    spaceAfter: block.spaceAfter ?? PARAGRAPH_GAP,
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
  const style = HEADING[block.level] ?? HEADING[1];
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
  const indent = Math.min(ctx.columns.textX(level), width / 2);
  // A whole clause added or removed: every span (and the number) shows the change.
  const spans = block.change === undefined ? block.spans : block.spans.map((span) => ({ ...span, change: block.change }));
  const text = layoutText(ctx.pdf, spans, FONT_SIZE.normal, width - indent);
  return textBlock(ctx.pdf, {
    text,
    align: 'justify',
    indent,
    width: width - indent,
    label: { text: block.number, face: 'regular', x: Math.min(ctx.columns.labelX(level), indent), change: block.change },
    spaceBefore: 0,
    spaceAfter: CLAUSE_GAP,
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
      return signatureBlock(ctx.pdf, block, width);
    case 'table':
      return tableBlock(ctx.pdf, block, width);
    case 'keep':
      // A kept group is usually a unit of its own (the AGREED signatures):
      // set it off from the clauses above.
      return group(ctx, block.blocks, width, (x) => x, KEEP_GAP);
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
