import { ImageRun, Paragraph } from 'docx';
import type { ImageBlock } from '../../model/types.js';
import { ALIGNMENT, flowProperties, type RenderContext } from './text.js';
import { twipsToMm } from './units.js';

/** EMUs per millimetre, and per pixel at 96 dpi: docx takes image sizes in such pixels. */
const EMU_PER_MM = 36000;
const EMU_PER_PIXEL = 9525;

/**
 * The picture's size in 96-dpi pixels: the model's width (never wider than
 * the column, as in the PDF), the height following the aspect ratio. Left
 * fractional, so the extent docx writes is the width in whole EMUs.
 */
export function imageTransformation(block: ImageBlock, columnWidthTwips: number): { width: number; height: number } {
  const widthMm = Math.min(block.width, twipsToMm(columnWidthTwips));
  const ratio = block.pixelWidth > 0 ? block.pixelHeight / block.pixelWidth : 1;
  const width = (widthMm * EMU_PER_MM) / EMU_PER_PIXEL;
  return { width, height: width * ratio };
}

/**
 * A picture (the logo) as an inline image in a paragraph of its own, aligned
 * like the block. Inline rather than floating: it then takes part in the text
 * flow exactly as the PDF draws it, and moves to the next page whole. The
 * normal paragraph gap after it matches the PDF's space after an image.
 */
export function renderImage(block: ImageBlock, ctx: RenderContext): Paragraph {
  return new Paragraph({
    alignment: ALIGNMENT[block.align],
    // An explicit "auto" line rule: LibreOffice reads the document default's
    // bare w:line="240" as a fixed line height and would clip the picture to it.
    spacing: { before: ctx.spaceBefore > 0 ? ctx.spaceBefore : undefined, line: 240, lineRule: 'auto' },
    ...flowProperties(ctx),
    children: [
      new ImageRun({
        type: block.format === 'png' ? 'png' : 'jpg',
        data: Buffer.from(block.data, 'base64'),
        transformation: imageTransformation(block, ctx.width),
        // Word shows the name in its Selection Pane and reads the description
        // out as the alternative text.
        altText: { name: 'Picture', description: block.alt },
      }),
    ],
  });
}
