import { imageSize } from 'image-size';
import type { Context } from '../context.js';
import type { SourceFiles } from './files.js';
import { FileRefused } from './read-file.js';

/** An image ready for the document model. */
export interface ImageAsset {
  format: 'png' | 'jpeg';
  /** Base64 of the file's bytes. */
  data: string;
  pixelWidth: number;
  pixelHeight: number;
}

export type ImageResult = { ok: true; image: ImageAsset } | { ok: false; message: string };

/**
 * The largest picture jdgen embeds. A compressed file can claim any size (a
 * 1 MB PNG of 16000×16000 pixels decodes to 1 GB), and the PDF writer decodes
 * and recompresses every pixel, so the size the header claims is checked
 * before anything is decoded. 10 megapixels is a logo printed across a whole
 * A4 page at 300 dpi several times over, and is decoded in about a second.
 */
export const IMAGE_LIMITS = { pixels: 10_000_000, side: 10_000 } as const;

/** Reads a PNG or JPEG and its pixel size; anything else, or a picture over the limits, is refused with a reason. */
export async function readImage(context: Context, sources: SourceFiles, path: string): Promise<ImageResult> {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await sources.readBytes(path, 'image'));
  } catch (error) {
    if (error instanceof FileRefused) return { ok: false, message: error.reason === 'not found' ? 'image not found' : `the image ${error.reason}` };
    throw error;
  }
  // image-size reads only the header (PNG's IHDR, JPEG's SOF marker): no pixel is decoded here.
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return { ok: false, message: 'not a readable PNG or JPEG image' };
  }
  const format = size.type === 'png' ? 'png' : size.type === 'jpg' ? 'jpeg' : undefined;
  if (!format || !size.width || !size.height) return { ok: false, message: `a ${size.type ?? 'unknown'} image; use PNG or JPEG` };
  const tooLarge = oversized(size.width, size.height);
  if (tooLarge) return { ok: false, message: tooLarge };
  const data = bytes.toString('base64');
  if (format === 'png') {
    const broken = await undecodable(context, data);
    if (broken) return { ok: false, message: broken };
  }
  return { ok: true, image: { format, data, pixelWidth: size.width, pixelHeight: size.height } };
}

/**
 * A PNG whose header is fine can still be truncated or damaged further on
 * (bad CRC, bad compressed data, a palette index out of range). The PDF writer
 * decodes it (raster.ts); decoding it here the same way, now, means a picture
 * that passes validation is one the build can draw. The context keeps the
 * result, so the writer using the same context does not decode it again.
 */
async function undecodable(context: Context, base64: string): Promise<string | undefined> {
  const [{ pngRaster }, { pdfCaches }] = await Promise.all([import('../write/pdf/raster.js'), import('../write/pdf/caches.js')]);
  try {
    pngRaster(base64, pdfCaches(context).rasters);
    return undefined;
  } catch (error) {
    return `the PNG image is damaged and cannot be decoded (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Why a picture of this size is refused, or undefined. */
export function oversized(width: number, height: number): string | undefined {
  const { pixels, side } = IMAGE_LIMITS;
  if (width > side || height > side || width * height > pixels) {
    const megapixels = (width * height) / 1e6;
    return `the image is ${width}×${height} pixels (${megapixels.toFixed(1)} megapixels); the limit is ${pixels / 1e6} megapixels and ${side.toLocaleString('en')} pixels a side`;
  }
  return undefined;
}
