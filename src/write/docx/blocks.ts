import type { Block, ClauseBlock, HeadingBlock, ParagraphBlock, SpaceBlock } from '../../model/types.js';
import { renderImage } from './image.js';
import { clauseStyle, headingSpaceBefore, keepGap, SIZE_STYLE, STYLE } from './styles.js';
import { renderBox, renderKeep, renderSignature, renderTable } from './tables.js';
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
  unbreakableCodes,
  type DocxContent,
  type RenderContext,
  type Spacing,
} from './text.js';
import { ptToTwips } from './units.js';
import { glueCentred } from '../../theme/hyphenation.js';

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
  let collapse = ctx.collapse;
  blocks.forEach((block, index) => {
    if (block.type === 'pageBreak') {
      breakBefore = true;
      collapse = 0;
      return;
    }
    const isLast = index === blocks.length - 1;
    const keepNext = isLast ? ctx.keepNext : ctx.keepTogether;
    renderBlock(block, { ...ctx, keepNext, breakBefore, spaceBefore, collapse: breakBefore ? 0 : collapse }, out);
    breakBefore = false;
    spaceBefore = 0;
    collapse = spaceAfter(block, ctx);
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
      // it off from the clauses above, as the PDF writer does. Inside a cell
      // (a box) the cell's row keeps it together already.
      if (ctx.inCell) {
        renderBlocks(block.blocks, { ...ctx, keepTogether: true }, out);
        return;
      }
      pushLead({ ...ctx, spaceBefore: Math.max(ctx.spaceBefore, keepGap(ctx.theme)) }, out);
      out.push(renderKeep(block, ctx, { renderBlocks, spaceAfter }));
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
 * The space a block leaves under itself, in twips. The PDF lets the space
 * after one block and the space before the next overlap (the larger wins, as
 * in CSS); Word and LibreOffice add them. The next block's space before is
 * shortened by this much (RenderContext.collapse), so the gaps, and with
 * them the page breaks, come out as in the PDF.
 */
function spaceAfter(block: Exclude<Block, { type: 'pageBreak' }>, ctx: RenderContext): number {
  const { theme } = ctx;
  switch (block.type) {
    case 'paragraph':
      return ptToTwips(block.spaceAfter ?? theme.paragraphGap);
    case 'clause':
      return ptToTwips(theme.clauseGap);
    case 'heading':
      return ptToTwips(theme.heading[block.level].spaceAfter);
    case 'signature':
      return ptToTwips(theme.signature.spaceAfter);
    case 'image':
      return ptToTwips(theme.image.spaceAfter);
    case 'keep':
    case 'box':
      return 0;
    case 'table':
    case 'space':
      return 0;
  }
}

/**
 * Tables cannot carry "page break before" or "space before" themselves, so
 * paragraphs that do precede them, kept with the table.
 */
function pushLead(ctx: RenderContext, out: DocxContent[]): void {
  if (ctx.breakBefore) out.push(pageBreakParagraph(ctx));
  const before = ctx.spaceBefore - ctx.collapse;
  if (before > 0) out.push(spacerParagraph(before, { ...ctx, keepNext: true, breakBefore: false }));
}

/** Spacing for a paragraph: the context's space before (if any) and the block's space after. */
function spacing(ctx: RenderContext, after?: number, styleBefore = 0): Spacing | undefined {
  const wanted = Math.max(ctx.spaceBefore, styleBefore);
  // Written whenever it differs from the style's, shortened by the space the block above leaves (see spaceAfter).
  const before = wanted > 0 && (wanted !== styleBefore || ctx.collapse > 0) ? Math.max(0, wanted - ctx.collapse) : undefined;
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
      noHyphens: block.align === 'center' ? true : undefined,
    },
    // A centred block (the title) never leaves one short word alone on its last line,
    // nor breaks a document number at its hyphen.
    trackedRuns(spanRuns(block.align === 'center' ? unbreakableCodes(glueCentred(block.spans)) : block.spans), ctx),
  );
}

/**
 * "number<tab>text": the tab lines the heading text up with the clause text
 * below it, unless the number is wider than that column (as in the PDF).
 */
function renderHeading(block: HeadingBlock, ctx: RenderContext): DocxContent {
  const number = block.number === '' ? '' : textRun(block.number) + TAB_RUN;
  const size = ctx.theme.heading[block.level].size;
  const indent = block.number === '' ? 0 : ptToTwips(Math.max(ctx.measure(`${block.number} `, size) * BOLD_ALLOWANCE, ctx.columns.textX(1)));
  return paragraphContent(
    {
      style: block.level === 1 ? STYLE.heading1 : STYLE.heading2,
      // A heading alone at the foot of a page is never wanted, whatever the context says.
      ...flowProperties(ctx, true),
      tabs: indent > 0 ? [indent] : undefined,
      spacing: spacing(ctx, undefined, headingSpaceBefore(ctx.theme, block.level)),
      // An unnumbered heading starts at the margin, not at the text column.
      indent: { left: indent, hanging: indent },
    },
    number + textRun(block.text),
  );
}

/** Bold digits are a little wider than the regular ones measured. */
const BOLD_ALLOWANCE = 1.08;

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
  // The measured columns of the PDF (theme.ts): the number at labelX, the text at textX.
  const level = Math.max(1, block.level);
  const textX = ptToTwips(ctx.columns.textX(level));
  const labelX = ptToTwips(ctx.columns.labelX(level));
  const properties = {
    style: clauseStyle(block.level).id,
    ...flowProperties(ctx, block.keepWithNext === true),
    tabs: [textX],
    spacing: spacing(ctx),
    indent: { left: textX, hanging: textX - labelX },
    mark: changedMark(change, ctx),
  };
  const runs = [{ change, xml: textRun(block.number, undefined, change === 'deleted') }, { change, xml: TAB_RUN }, ...spanRuns(block.spans, change)];
  return paragraphContent(properties, trackedRuns(runs, ctx));
}

/** Vertical space: an empty paragraph exactly that tall, which Word and LibreOffice both honour. */
function renderSpace(block: SpaceBlock, ctx: RenderContext): DocxContent {
  return spacerParagraph(ptToTwips(block.size) + ctx.spaceBefore, ctx);
}
