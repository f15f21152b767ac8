/**
 * PNG pictures for the PDF, decoded and compressed by jdgen rather than by
 * pdfkit. pdfkit decodes a PNG with transparency (the usual logo) and
 * compresses its colour and alpha channels again for every document; here
 * that happens once per process for each picture (an organisation's roles
 * share one logo). Decoding is pngjs's; the compression is fflate's, so the
 * picture's bytes do not depend on the zlib of the Node.js in use. JPEGs are
 * embedded as they are, by pdfkit.
 */
import { zlibSync } from 'fflate';
import { LRUCache } from 'lru-cache';
import { PNG } from 'pngjs';

/** A picture ready to embed: 8-bit RGB samples and, if any pixel is not opaque, 8-bit alpha; both zlib-compressed. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
  readonly alpha?: Uint8Array;
}

/** An organisation has a logo or two: each is decoded once per process, not once per document. */
const rasters = new LRUCache<string, Raster>({ max: 16 });

/** The picture of a PNG file given as base64 (the model's form). */
export function pngRaster(base64: string): Raster {
  let raster = rasters.get(base64);
  if (raster === undefined) {
    raster = decodePng(Buffer.from(base64, 'base64'));
    rasters.set(base64, raster);
  }
  return raster;
}

function decodePng(bytes: Buffer): Raster {
  // Every PNG colour type and bit depth comes back as 8-bit RGBA (16-bit samples rescaled).
  const { width, height, data } = PNG.sync.read(bytes);
  const pixels = width * height;
  if (data.length !== pixels * 4) throw new Error(`unexpected PNG decoding: ${data.length} bytes for ${width}×${height} pixels`);
  const rgb = new Uint8Array(pixels * 3);
  const alpha = new Uint8Array(pixels);
  let opaque = true;
  for (let i = 0; i < pixels; i += 1) {
    rgb[i * 3] = data[i * 4]!;
    rgb[i * 3 + 1] = data[i * 4 + 1]!;
    rgb[i * 3 + 2] = data[i * 4 + 2]!;
    alpha[i] = data[i * 4 + 3]!;
    if (alpha[i] !== 255) opaque = false;
  }
  return { width, height, rgb: zlibSync(rgb, { level: 6 }), ...(opaque ? {} : { alpha: zlibSync(alpha, { level: 6 }) }) };
}
