/**
 * Measures each kind of block for a width (see laid.ts for why we measure
 * before drawing).
 */
import type { Block, BoxBlock, ClauseBlock, HeadingBlock, ParagraphBlock } from '../../model/types.js';
import type { StructureType } from './file/structure.js';
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
  /** The clause lists open in the structure tree (see clause). */
  lists: Lists;
}

/**
 * The numbered clause lists open in the structure tree, outermost first:
 * for each, how many structure elements were open before its L (so closing
 * down to that depth closes the list). Clauses are a flat run of blocks with
 * levels; the tree nests them: L > LI > (Lbl, LBody > L > LI …).
 */
export type Lists = number[];

/** Closes every open clause list: a block that is not a clause ends them. */
export function endLists(ctx: Pick<Context, 'pdf' | 'lists'>): void {
  if (ctx.lists.length === 0) return;
  ctx.pdf.doc.closeTo(ctx.lists[0]!);
  ctx.lists.length = 0;
}

/** Draws a block as a structure element of its own (after ending any open clause list). */
function tagged(ctx: Context, laid: Laid, type: StructureType): Laid {
  return {
    ...laid,
    draw(flow, x) {
      endLists(ctx);
      ctx.pdf.doc.open(type);
      laid.draw(flow, x);
      ctx.pdf.doc.close();
    },
  };
}

/** Draws a block that tags itself (a table, a picture, a signature), after ending any open clause list. */
function endingLists(ctx: Context, laid: Laid): Laid {
  return {
    ...laid,
    draw(flow, x) {
      endLists(ctx);
      laid.draw(flow, x);
    },
  };
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
  // The title is the document's heading (H1); the other paragraphs in the
  // outline (AGREED, the sheets) head parts of it as the sections do (H2).
  const type = block.size === 'title' ? 'H1' : block.bookmark ? 'H2' : 'P';
  return tagged(ctx, block.bookmark ? bookmarked(laid, block.spans.map((s) => s.text).join('')) : laid, type);
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
    // A space after the number (invisible): the heading's text reads "1. General provisions", not "1.General provisions".
    ...(block.number ? { label: { text: `${block.number} `, face: 'bold' as const, x: 0 } } : {}),
    spaceBefore: style.spaceBefore,
    spaceAfter: style.spaceAfter,
    keepWithNext: true,
  });
  // Sections are the document's outline, as in Word's navigation pane.
  return tagged(ctx, block.level === 1 ? bookmarked(laid, block.number ? `${block.number} ${block.text}` : block.text) : laid, block.level === 1 ? 'H2' : 'H3');
}

function clause(ctx: Context, block: ClauseBlock, width: number): Laid {
  const level = Math.max(1, block.level);
  const indent = ctx.columns.textX(level);
  // A whole clause added or removed: every span (and the number) shows the change.
  const spans = block.change === undefined ? block.spans : block.spans.map((span) => ({ ...span, change: block.change }));
  const text = layoutText(ctx.pdf, spans, ctx.theme.sizes.normal, width - indent, ctx.hyphenation);
  const { doc } = ctx.pdf;
  const laid = textBlock(ctx.pdf, {
    text,
    align: 'justify',
    indent,
    width: width - indent,
    label: { text: block.number, face: 'regular', x: ctx.columns.labelX(level), change: block.change },
    // The number is the item's label (Lbl), the text its body (LBody).
    aroundLabel(draw) {
      doc.open('Lbl');
      draw();
      doc.close();
      doc.open('LBody');
    },
    spaceBefore: 0,
    spaceAfter: ctx.theme.clauseGap,
    keepWithNext: block.keepWithNext ?? false,
  });
  return {
    ...laid,
    draw(flow, x) {
      // Deeper lists end; a sibling ends the previous item; a deeper clause
      // opens a list in the body of the item above it. The LI and its LBody
      // stay open for the clauses nested in it.
      const { lists } = ctx;
      while (lists.length > level) doc.closeTo(lists.pop()!);
      if (lists.length === level) doc.closeTo(lists[level - 1]! + 1);
      while (lists.length < level) {
        lists.push(doc.structureDepth);
        doc.open('L', { attributes: { O: 'List', ListNumbering: 'Decimal' } });
      }
      doc.open('LI');
      laid.draw(flow, x);
    },
  };
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
      return endingLists(ctx, signatureBlock(ctx.pdf, ctx.theme, block, width));
    case 'table':
      return endingLists(ctx, tableBlock(ctx.pdf, block, width, ctx.theme.table));
    case 'keep':
      // A kept group is usually a unit of its own (the AGREED signatures):
      // set it off from the clauses above.
      return group(ctx, block.blocks, width, (x) => x, ctx.theme.keepGap);
    case 'box':
      return box(ctx, block, width);
    case 'space':
      return space(block.size);
    case 'image':
      return endingLists(ctx, imageBlock(ctx.pdf.doc, block, width, ctx.pdf.caches.rasters));
    case 'pageBreak':
      return pageBreak;
  }
}

export function layoutBlocks(ctx: Context, blocks: Block[], width: number): Laid[] {
  return blocks.map((block) => layoutBlock(ctx, block, width));
}
