/** Test images made in code, so tests need no binary fixtures. */
import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

/** The PNG file signature. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data and CRC (PNG specification, 5.3). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A minimal PNG encoder: 8-bit RGB, or RGBA when `alpha` is given. */
export function png(width: number, height: number, colour: (x: number, y: number) => Rgb, alpha?: (x: number, y: number) => number): Buffer {
  const chunk = pngChunk;
  const channels = alpha ? 4 : 3;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = alpha ? 6 : 2; // colour type: RGBA or RGB
  const stride = 1 + width * channels; // each row starts with filter type 0
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      pixels.set([...colour(x, y), ...(alpha ? [alpha(x, y)] : [])], y * stride + 1 + x * channels);
    }
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}
