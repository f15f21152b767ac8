import { Paragraph, Tab, TextRun } from 'docx';
import type { Block, ClauseBlock, HeadingBlock, ParagraphBlock, SpaceBlock } from '../../model/types.js';
import { renderImage } from './image.js';
import { clauseStyle, HEADING_SPACE_BEFORE, KEEP_GAP, SIZE_STYLE, STYLE } from './styles.js';
import { renderBox, renderSignature, renderTable } from './tables.js';
import {
  ALIGNMENT,
  changedRun,
  flowProperties,
  pageBreakParagraph,
  spacerParagraph,
  spanRuns,
  type DocxContent,
  type RenderContext,
} from './text.js';
import { ptToTwips } from './units.js';

/**
 * Renders a list of blocks. Inside a keep group (ctx.keepTogether) every block
 * but the last is kept with the next one; the last inherits the group's own
 * keepNext, so nested groups and a group followed by a kept block both work.
 * A pageBreak block becomes "page break before" on the block that follows it;
 * the context's break and space before belong to the first block only.
 */
export function renderBlocks(blocks: readonly Block[], ctx: RenderContext): DocxContent[] {
  const out: DocxContent[] = [];
  let breakBefore = ctx.breakBefore;
  let spaceBefore = ctx.spaceBefore;
  blocks.forEach((block, index) => {
    if (block.type === 'pageBreak') {
      breakBefore = true;
      return;
    }
    const isLast = index === blocks.length - 1;
    const keepNext = isLast ? ctx.keepNext : ctx.keepTogether;
    out.push(...renderBlock(block, { ...ctx, keepNext, breakBefore, spaceBefore }));
    breakBefore = false;
    spaceBefore = 0;
  });
  // A trailing page break has no block to attach to: give it its own paragraph.
  if (breakBefore) out.push(pageBreakParagraph());
  return out;
}

function renderBlock(block: Exclude<Block, { type: 'pageBreak' }>, ctx: RenderContext): DocxContent[] {
  switch (block.type) {
    case 'paragraph':
      return [renderParagraph(block, ctx)];
    case 'heading':
      return [renderHeading(block, ctx)];
    case 'clause':
      return [renderClause(block, ctx)];
    case 'space':
      return [renderSpace(block, ctx)];
    case 'image':
      return [renderImage(block, ctx)];
    case 'keep':
      // A kept group is usually a part of its own (the AGREED signatures): set
      // it off from the clauses above, as the PDF writer does.
      return renderBlocks(block.blocks, { ...ctx, keepTogether: true, spaceBefore: Math.max(ctx.spaceBefore, KEEP_GAP) });
    case 'signature':
      return withLead(ctx, renderSignature(block, ctx));
    case 'table':
      return withLead(ctx, renderTable(block, ctx));
    case 'box':
      return withLead(ctx, renderBox(block, ctx, renderBlocks));
  }
}

/**
 * Tables cannot carry "page break before" or "space before" themselves, so
 * paragraphs that do precede them, kept with the table.
 */
function withLead(ctx: RenderContext, table: DocxContent): DocxContent[] {
  const lead: DocxContent[] = [];
  if (ctx.breakBefore) lead.push(pageBreakParagraph());
  if (ctx.spaceBefore > 0) lead.push(spacerParagraph(ctx.spaceBefore, { ...ctx, keepNext: true, breakBefore: false }));
  return [...lead, table];
}

/** Spacing for a paragraph: the context's space before (if any) and the block's space after. */
function spacing(ctx: RenderContext, after?: number, styleBefore = 0) {
  const before = ctx.spaceBefore > styleBefore ? ctx.spaceBefore : undefined;
  if (before === undefined && after === undefined) return undefined;
  return { before, after };
}

function renderParagraph(block: ParagraphBlock, ctx: RenderContext): Paragraph {
  return new Paragraph({
    style: SIZE_STYLE[block.size],
    alignment: ALIGNMENT[block.align],
    spacing: spacing(ctx, block.spaceAfter === undefined ? undefined : ptToTwips(block.spaceAfter)),
    ...flowProperties(ctx, block.keepWithNext === true),
    children: spanRuns(block.spans, ctx.revision),
  });
}

/** "number<tab>text": the tab lines the heading text up with the clause text below it. */
function renderHeading(block: HeadingBlock, ctx: RenderContext): Paragraph {
  const number = block.number === '' ? [] : [new TextRun({ text: block.number }), new TextRun({ children: [new Tab()] })];
  return new Paragraph({
    style: block.level === 1 ? STYLE.heading1 : STYLE.heading2,
    spacing: spacing(ctx, undefined, HEADING_SPACE_BEFORE[block.level]),
    // A heading alone at the foot of a page is never wanted, whatever the context says.
    ...flowProperties(ctx, true),
    // An unnumbered heading starts at the margin, not at the text column.
    indent: block.number === '' ? { left: 0, hanging: 0 } : undefined,
    children: [...number, new TextRun({ text: block.text })],
  });
}

/**
 * The clause number is literal text, not Word list numbering: the numbers
 * then match the PDF and Markdown exactly and cannot renumber when edited.
 *
 * A whole clause inserted or deleted is a tracked change from its number to
 * its paragraph mark (w:pPr/w:rPr/w:ins or w:del): accepting a deletion or
 * rejecting an insertion then removes the paragraph itself, not only its text.
 */
function renderClause(block: ClauseBlock, ctx: RenderContext): Paragraph {
  const { change } = block;
  const mark = change === 'inserted' ? { insertion: ctx.revision } : change === 'deleted' ? { deletion: ctx.revision } : undefined;
  return new Paragraph({
    style: clauseStyle(block.level).id,
    spacing: spacing(ctx),
    ...flowProperties(ctx, block.keepWithNext === true),
    ...(mark ? { run: mark } : {}),
    children: [
      changedRun({ text: block.number }, change, ctx.revision),
      changedRun({ children: [new Tab()] }, change, ctx.revision),
      ...spanRuns(block.spans, ctx.revision, change),
    ],
  });
}

/** Vertical space: an empty paragraph exactly that tall, which Word and LibreOffice both honour. */
function renderSpace(block: SpaceBlock, ctx: RenderContext): Paragraph {
  return spacerParagraph(ptToTwips(block.size) + ctx.spaceBefore, ctx);
}
