import type { PdfCaches } from './caches.js';
/**
 * Pictures (the organisation's logo): drawn at the model's width, the height
 * following the aspect ratio, aligned in the current column. An image never
 * splits: when it does not fit, it moves to the next page.
 */
import type { ImageBlock } from '../../model/types.js';
import type { Flow } from './flow.js';
import type { Laid } from './laid.js';
import type { PdfDocument } from './file/document.js';
import { pngRaster } from './raster.js';
import { IMAGE, mm } from './style.js';

type Doc = PdfDocument;

/**
 * The size of a picture on the page in points: the model's width, but never
 * wider than the column (a box is narrower than the page).
 */
export function imageSize(block: ImageBlock, columnWidth: number): { width: number; height: number } {
  const width = Math.min(mm(block.width), columnWidth);
  const ratio = block.pixelWidth > 0 ? block.pixelHeight / block.pixelWidth : 1;
  return { width, height: width * ratio };
}

export function imageBlock(doc: Doc, block: ImageBlock, columnWidth: number, rasters: PdfCaches['rasters']): Laid {
  const { width, height } = imageSize(block, columnWidth);
  const offset = block.align === 'center' ? (columnWidth - width) / 2 : block.align === 'right' ? columnWidth - width : 0;
  // The picture fills exactly the box measured here. A JPEG's EXIF
  // orientation is ignored: the model's pixel size (and so the aspect ratio)
  // is that of the stored pixels, which is also what Word shows.
  return {
    height,
    lead: height,
    spaceBefore: 0,
    spaceAfter: IMAGE.spaceAfter,
    keepWithNext: false,
    unbreakable: true,
    draw(flow: Flow, x: number): void {
      const left = x + offset;
      const place = (): void => {
        try {
          // A PNG is decoded and compressed here (raster.ts), so its bytes do not depend on Node's zlib; a JPEG goes in as it is.
          if (block.format === 'png') doc.raster(pngRaster(block.data, rasters), left, flow.y, { width, height });
          else doc.jpeg(Buffer.from(block.data, 'base64'), left, flow.y, { width, height });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`cannot draw the image "${block.alt}" (${block.format}): ${reason}`, { cause: error });
        }
      };
      if (block.alt.trim() === '') {
        // Nothing to say about it: decoration, which readers skip.
        doc.artifact(place);
      } else {
        // A figure with its alternate text and its place on the page (PDF/UA wants a bounding box for a figure).
        const bottom = doc.page.height - flow.y - height;
        doc.open('Figure', { alt: block.alt, attributes: { O: 'Layout', Placement: 'Block', BBox: [left, bottom, left + width, bottom + height] } });
        place();
        doc.close();
      }
      flow.advance(height);
    },
  };
}
