import type { ImageBlock } from '../../model/types.js';
import { ALIGNMENT, flowProperties, paragraphContent, type DocxContent, type RenderContext } from './text.js';
import { twipsToMm } from './units.js';
import { escapeAttribute } from './xml.js';

/** EMUs (English Metric Units, DrawingML's length) per millimetre. */
const EMU_PER_MM = 36000;

/**
 * The picture's size in EMUs: the model's width (never wider than the column,
 * as in the PDF), the height following the aspect ratio.
 */
export function imageExtent(block: ImageBlock, columnWidthTwips: number): { cx: number; cy: number } {
  const widthMm = Math.min(block.width, twipsToMm(columnWidthTwips));
  const ratio = block.pixelWidth > 0 ? block.pixelHeight / block.pixelWidth : 1;
  const width = widthMm * EMU_PER_MM;
  return { cx: Math.round(width), cy: Math.round(width * ratio) };
}

const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const PIC = 'http://schemas.openxmlformats.org/drawingml/2006/picture';

/**
 * An inline DrawingML picture (wp:inline > a:graphic > pic:pic), as Word
 * writes one: the extent twice (frame and shape), the aspect ratio locked,
 * the picture stretched over the frame. wp:docPr carries the name Word shows
 * in its Selection Pane and the description it reads out as alternative text.
 */
function drawing(id: number, relationshipId: string, extent: { cx: number; cy: number }, description: string): string {
  const ext = `cx="${extent.cx}" cy="${extent.cy}"`;
  return (
    `<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent ${ext}/>` +
    `<wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="${id}" name="Picture" descr="${escapeAttribute(description)}"/>` +
    `<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="${A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic xmlns:a="${A}"><a:graphicData uri="${PIC}"><pic:pic xmlns:pic="${PIC}">` +
    `<pic:nvPicPr><pic:cNvPr id="0" name="Picture ${id}"/><pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1"/></pic:cNvPicPr></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${relationshipId}"/><a:srcRect/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext ${ext}/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>`
  );
}

/**
 * A picture (the logo) as an inline image in a paragraph of its own, aligned
 * like the block. Inline rather than floating: it then takes part in the text
 * flow exactly as the PDF draws it, and moves to the next page whole. The
 * normal paragraph gap after it matches the PDF's space after an image.
 */
export function renderImage(block: ImageBlock, ctx: RenderContext): DocxContent {
  const relationshipId = ctx.parts.addImage(block.format, block.data);
  const run = `<w:r>${drawing(ctx.parts.nextDrawingId(), relationshipId, imageExtent(block, ctx.width), block.alt)}</w:r>`;
  return paragraphContent(
    {
      ...flowProperties(ctx),
      // An explicit "auto" line rule: LibreOffice reads the document default's
      // bare w:line="240" as a fixed line height and would clip the picture to it.
      spacing: { before: ctx.spaceBefore > 0 ? ctx.spaceBefore : undefined, line: 240, lineRule: 'auto' },
      alignment: ALIGNMENT[block.align],
    },
    run,
  );
}
