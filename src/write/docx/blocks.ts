import { Paragraph, Tab, TextRun } from 'docx';
import type { Block, ClauseBlock, HeadingBlock, ParagraphBlock, SpaceBlock } from '../../model/types.js';
import { clauseStyle, SIZE_STYLE, STYLE } from './styles.js';
import { renderBox, renderSignature, renderTable } from './tables.js';
import { ALIGNMENT, flowProperties, pageBreakParagraph, spanRuns, type DocxContent, type RenderContext } from './text.js';
import { ptToTwips } from './units.js';

/**
 * Renders a list of blocks. Inside a keep group (ctx.keepTogether) every block
 * but the last is kept with the next one; the last inherits the group's own
 * keepNext, so nested groups and a group followed by a kept block both work.
 * A pageBreak block becomes "page break before" on the block that follows it.
 */
export function renderBlocks(blocks: readonly Block[], ctx: RenderContext): DocxContent[] {
  const out: DocxContent[] = [];
  let breakBefore = ctx.breakBefore;
  blocks.forEach((block, index) => {
    if (block.type === 'pageBreak') {
      breakBefore = true;
      return;
    }
    const isLast = index === blocks.length - 1;
    const keepNext = isLast ? ctx.keepNext : ctx.keepTogether;
    out.push(...renderBlock(block, { ...ctx, keepNext, breakBefore }));
    breakBefore = false;
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
    case 'keep':
      return renderBlocks(block.blocks, { ...ctx, keepTogether: true });
    case 'signature':
      return withBreak(ctx, renderSignature(block, ctx));
    case 'table':
      return withBreak(ctx, renderTable(block, ctx));
    case 'box':
      return withBreak(ctx, renderBox(block, ctx, renderBlocks));
  }
}

/** Tables cannot carry "page break before" themselves, so a break paragraph precedes them. */
function withBreak(ctx: RenderContext, content: DocxContent): DocxContent[] {
  return ctx.breakBefore ? [pageBreakParagraph(), content] : [content];
}

function renderParagraph(block: ParagraphBlock, ctx: RenderContext): Paragraph {
  return new Paragraph({
    style: SIZE_STYLE[block.size],
    alignment: ALIGNMENT[block.align],
    spacing: block.spaceAfter === undefined ? undefined : { after: ptToTwips(block.spaceAfter) },
    ...flowProperties(ctx, block.keepWithNext === true),
    children: spanRuns(block.spans),
  });
}

function renderHeading(block: HeadingBlock, ctx: RenderContext): Paragraph {
  const text = block.number === '' ? block.text : `${block.number} ${block.text}`;
  return new Paragraph({
    style: block.level === 1 ? STYLE.heading1 : STYLE.heading2,
    // A heading alone at the foot of a page is never wanted, whatever the context says.
    ...flowProperties(ctx, true),
    children: [new TextRun({ text })],
  });
}

/**
 * The clause number is literal text, not Word list numbering: the numbers
 * then match the PDF and Markdown exactly and cannot renumber when edited.
 */
function renderClause(block: ClauseBlock, ctx: RenderContext): Paragraph {
  return new Paragraph({
    style: clauseStyle(block.level).id,
    ...flowProperties(ctx),
    children: [new TextRun({ text: block.number }), new TextRun({ children: [new Tab()] }), ...spanRuns(block.spans)],
  });
}

/** Vertical space: an empty paragraph exactly that tall, which Word and LibreOffice both honour. */
function renderSpace(block: SpaceBlock, ctx: RenderContext): Paragraph {
  const height = Math.max(1, ptToTwips(block.size));
  return new Paragraph({
    ...flowProperties(ctx),
    spacing: { before: 0, after: 0, line: height, lineRule: 'exact' },
  });
}
