/**
 * Image XObjects (PDF 32000-1, 8.9.5): a JPEG as it is (DCTDecode), a decoded
 * PNG as deflated 8-bit samples with its alpha channel as a soft mask.
 */
import type { Raster } from '../raster.js';
import type { PdfFile } from './file.js';
import type { Ref } from './objects.js';

/** Start-of-frame markers: baseline, extended, progressive, lossless… (not DHT C4, JPG C8, DAC CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const COLOUR_SPACES: Record<number, string> = { 1: 'DeviceGray', 3: 'DeviceRGB', 4: 'DeviceCMYK' };

export interface JpegInfo {
  readonly width: number;
  readonly height: number;
  readonly bits: number;
  readonly colourSpace: string;
}

/** Reads a JPEG's frame header (ITU T.81, B.2.2). */
export function jpegInfo(data: Uint8Array): JpegInfo {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new Error('not a JPEG file (no start-of-image marker)');
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) {
      at += 1;
      continue;
    }
    const marker = data[at + 1]!;
    // Fill bytes and markers without a length.
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = (data[at + 2]! << 8) | data[at + 3]!;
    if (SOF.has(marker)) {
      if (at + 10 > data.length) break;
      const bits = data[at + 4]!;
      const height = (data[at + 5]! << 8) | data[at + 6]!;
      const width = (data[at + 7]! << 8) | data[at + 8]!;
      const colourSpace = COLOUR_SPACES[data[at + 9]!];
      if (colourSpace === undefined) throw new Error(`a JPEG with ${data[at + 9]} colour components is not supported`);
      if (width === 0 || height === 0) throw new Error('a JPEG without a size in its frame header');
      return { width, height, bits, colourSpace };
    }
    at += 2 + length;
  }
  throw new Error('not a valid JPEG file (no frame header)');
}

/** A JPEG as an image XObject. */
export function jpegImage(file: PdfFile, data: Uint8Array): { ref: Ref; width: number; height: number } {
  const info = jpegInfo(data);
  const ref = file.addStream(
    {
      Type: 'XObject',
      Subtype: 'Image',
      BitsPerComponent: info.bits,
      Width: info.width,
      Height: info.height,
      ColorSpace: info.colourSpace,
      // Adobe's CMYK JPEGs store inverted values.
      ...(info.colourSpace === 'DeviceCMYK' ? { Decode: [1, 0, 1, 0, 1, 0, 1, 0] } : {}),
      Filter: 'DCTDecode',
    },
    data,
  );
  return { ref, width: info.width, height: info.height };
}

/** A decoded picture (raster.ts: samples deflated already) as an image XObject with a soft mask for its alpha. */
export function rasterImage(file: PdfFile, raster: Raster): Ref {
  const samples = (dict: Record<string, string | Ref>, bytes: Uint8Array): Ref =>
    file.addStream(
      { Type: 'XObject', Subtype: 'Image', Width: raster.width, Height: raster.height, BitsPerComponent: 8, Filter: 'FlateDecode', ...dict },
      bytes,
    );
  const mask = raster.alpha ? samples({ ColorSpace: 'DeviceGray' }, raster.alpha) : undefined;
  return samples({ ColorSpace: 'DeviceRGB', ...(mask ? { SMask: mask } : {}) }, raster.rgb);
}
