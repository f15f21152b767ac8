/**
 * PNG pictures for the PDF, decoded and compressed once per context for each
 * picture (an organisation's roles share one logo), not once per document.
 * Decoding is pngjs's; the compression is fflate's, so the picture's bytes do
 * not depend on the zlib of the Node.js in use. JPEGs are embedded as they
 * are (file/image.ts).
 */
import { inflateSync } from 'node:zlib';
import { zlibSync } from 'fflate';
import type { LRUCache } from 'lru-cache';
import { lazyPackages } from '../../lazy-packages.js';

/** A picture ready to embed: 8-bit RGB samples and, if any pixel is not opaque, 8-bit alpha; both zlib-compressed. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
  readonly alpha?: Uint8Array;
}

/** The picture of a PNG file given as base64 (the model's form), decoded once per context (`rasters`: PdfCaches.rasters). */
export function pngRaster(base64: string, rasters: LRUCache<string, Raster>): Raster {
  let raster = rasters.get(base64);
  if (raster === undefined) {
    raster = decodePng(Buffer.from(base64, 'base64'));
    rasters.set(base64, raster);
  }
  return raster;
}

function decodePng(bytes: Buffer): Raster {
  checkDataSize(bytes);
  // Every PNG colour type and bit depth comes back as 8-bit RGBA (16-bit samples rescaled).
  const { width, height, data } = lazyPackages.pngjs().PNG.sync.read(bytes);
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

/** Samples per pixel of each PNG colour type (PNG specification, 11.2.2 IHDR). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Refuses a PNG whose compressed data inflates to more than its header's size
 * allows (a decompression bomb behind a small header). pngjs bounds this for
 * plain pictures but inflates interlaced ones without a limit, so the data is
 * inflated here first, stopping at the size the header promises.
 */
function checkDataSize(bytes: Buffer): void {
  const chunks = pngChunks(bytes);
  const header = chunks.find((c) => c.type === 'IHDR')?.data;
  if (!header || header.length < 13) return; // pngjs reports a damaged file in its own words
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const bitsPerPixel = header[8]! * (CHANNELS[header[9]!] ?? 4);
  const rowBytes = (pixels: number) => 1 + Math.ceil((pixels * bitsPerPixel) / 8);
  const passes = header[12] === 1 ? ADAM7 : [[0, 0, 1, 1] as const];
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((width - x0) / dx);
    const rows = Math.ceil((height - y0) / dy);
    if (columns > 0 && rows > 0) expected += rows * rowBytes(columns);
  }
  const data = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  try {
    inflateSync(data, { maxOutputLength: Math.max(1, expected) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`its compressed data holds more than the ${width}×${height} pixels its header gives`, { cause: error });
    }
    // Damaged data: pngjs says what is wrong below.
  }
}

/** The chunks of a PNG file, read by their lengths (PNG specification, 5.3). */
function pngChunks(bytes: Buffer): Array<{ type: string; data: Buffer }> {
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > bytes.length) break;
    chunks.push({ type, data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}
