import type { Block, ClauseBlock, HeadingBlock, ParagraphBlock, SpaceBlock } from '../../model/types.js';
import { renderImage } from './image.js';
import { clauseStyle, HEADING_SPACE_BEFORE, KEEP_GAP, SIZE_STYLE, STYLE } from './styles.js';
import { renderBox, renderSignature, renderTable } from './tables.js';
import {
  ALIGNMENT,
  changedMark,
  flowProperties,
  pageBreakParagraph,
  paragraphContent,
  spacerParagraph,
  spanRuns,
  TAB_RUN,
  textRun,
  trackedRuns,
  type DocxContent,
  type RenderContext,
  type Spacing,
} from './text.js';
import { ptToTwips } from './units.js';

/**
 * Renders a list of blocks. Inside a keep group (ctx.keepTogether) every block
 * but the last is kept with the next one; the last inherits the group's own
 * keepNext, so nested groups and a group followed by a kept block both work.
 * A pageBreak block becomes "page break before" on the block that follows it;
 * the context's break and space before belong to the first block only.
 */
export function renderBlocks(blocks: readonly Block[], ctx: RenderContext, out: DocxContent[] = []): DocxContent[] {
  let breakBefore = ctx.breakBefore;
  let spaceBefore = ctx.spaceBefore;
  blocks.forEach((block, index) => {
    if (block.type === 'pageBreak') {
      breakBefore = true;
      return;
    }
    const isLast = index === blocks.length - 1;
    const keepNext = isLast ? ctx.keepNext : ctx.keepTogether;
    renderBlock(block, { ...ctx, keepNext, breakBefore, spaceBefore }, out);
    breakBefore = false;
    spaceBefore = 0;
  });
  // A trailing page break has no block to attach to: give it its own paragraph.
  if (breakBefore) out.push(pageBreakParagraph(ctx));
  return out;
}

function renderBlock(block: Exclude<Block, { type: 'pageBreak' }>, ctx: RenderContext, out: DocxContent[]): void {
  switch (block.type) {
    case 'paragraph':
      out.push(renderParagraph(block, ctx));
      return;
    case 'heading':
      out.push(renderHeading(block, ctx));
      return;
    case 'clause':
      out.push(renderClause(block, ctx));
      return;
    case 'space':
      out.push(renderSpace(block, ctx));
      return;
    case 'image':
      out.push(renderImage(block, ctx));
      return;
    case 'keep':
      // A kept group is usually a part of its own (the AGREED signatures): set
      // it off from the clauses above, as the PDF writer does.
      renderBlocks(block.blocks, { ...ctx, keepTogether: true, spaceBefore: Math.max(ctx.spaceBefore, KEEP_GAP) }, out);
      return;
    case 'signature':
      pushLead(ctx, out);
      out.push(renderSignature(block, ctx));
      return;
    case 'table':
      pushLead(ctx, out);
      out.push(renderTable(block, ctx));
      return;
    case 'box':
      pushLead(ctx, out);
      out.push(renderBox(block, ctx, renderBlocks));
      return;
  }
}

/**
 * Tables cannot carry "page break before" or "space before" themselves, so
 * paragraphs that do precede them, kept with the table.
 */
function pushLead(ctx: RenderContext, out: DocxContent[]): void {
  if (ctx.breakBefore) out.push(pageBreakParagraph(ctx));
  if (ctx.spaceBefore > 0) out.push(spacerParagraph(ctx.spaceBefore, { ...ctx, keepNext: true, breakBefore: false }));
}

/** Spacing for a paragraph: the context's space before (if any) and the block's space after. */
function spacing(ctx: RenderContext, after?: number, styleBefore = 0): Spacing | undefined {
  const before = ctx.spaceBefore > styleBefore ? ctx.spaceBefore : undefined;
  if (before === undefined && after === undefined) return undefined;
  return { before, after };
}

function renderParagraph(block: ParagraphBlock, ctx: RenderContext): DocxContent {
  return paragraphContent(
    {
      style: SIZE_STYLE[block.size],
      ...flowProperties(ctx, block.keepWithNext === true),
      spacing: spacing(ctx, block.spaceAfter === undefined ? undefined : ptToTwips(block.spaceAfter)),
      alignment: ALIGNMENT[block.align],
    },
    trackedRuns(spanRuns(block.spans), ctx),
  );
}

/** "number<tab>text": the tab lines the heading text up with the clause text below it. */
function renderHeading(block: HeadingBlock, ctx: RenderContext): DocxContent {
  const number = block.number === '' ? '' : textRun(block.number) + TAB_RUN;
  return paragraphContent(
    {
      style: block.level === 1 ? STYLE.heading1 : STYLE.heading2,
      // A heading alone at the foot of a page is never wanted, whatever the context says.
      ...flowProperties(ctx, true),
      spacing: spacing(ctx, undefined, HEADING_SPACE_BEFORE[block.level]),
      // An unnumbered heading starts at the margin, not at the text column.
      indent: block.number === '' ? { left: 0, hanging: 0 } : undefined,
    },
    number + textRun(block.text),
  );
}

/**
 * The clause number is literal text, not Word list numbering: the numbers
 * then match the PDF and Markdown exactly and cannot renumber when edited.
 *
 * A whole clause inserted or deleted is a tracked change from its number to
 * its paragraph mark (w:pPr/w:rPr/w:ins or w:del): accepting a deletion or
 * rejecting an insertion then removes the paragraph itself, not only its text.
 */
function renderClause(block: ClauseBlock, ctx: RenderContext): DocxContent {
  const { change } = block;
  // The mark is written first, so it takes the lower id, in document order.
  const properties = {
    style: clauseStyle(block.level).id,
    ...flowProperties(ctx, block.keepWithNext === true),
    spacing: spacing(ctx),
    mark: changedMark(change, ctx),
  };
  const runs = [{ change, xml: textRun(block.number, undefined, change === 'deleted') }, { change, xml: TAB_RUN }, ...spanRuns(block.spans, change)];
  return paragraphContent(properties, trackedRuns(runs, ctx));
}

/** Vertical space: an empty paragraph exactly that tall, which Word and LibreOffice both honour. */
function renderSpace(block: SpaceBlock, ctx: RenderContext): DocxContent {
  return spacerParagraph(ptToTwips(block.size) + ctx.spaceBefore, ctx);
}
