import { readFile } from 'node:fs/promises';
import { imageSize } from 'image-size';

/** An image ready for the document model. */
export interface ImageAsset {
  format: 'png' | 'jpeg';
  /** Base64 of the file's bytes. */
  data: string;
  pixelWidth: number;
  pixelHeight: number;
}

export type ImageResult = { ok: true; image: ImageAsset } | { ok: false; message: string };

/** Reads a PNG or JPEG and its pixel size; anything else is refused with a reason. */
export async function readImage(path: string): Promise<ImageResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return { ok: false, message: 'image not found' };
  }
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return { ok: false, message: 'not a readable PNG or JPEG image' };
  }
  const format = size.type === 'png' ? 'png' : size.type === 'jpg' ? 'jpeg' : undefined;
  if (!format || !size.width || !size.height) return { ok: false, message: `a ${size.type ?? 'unknown'} image; use PNG or JPEG` };
  return { ok: true, image: { format, data: bytes.toString('base64'), pixelWidth: size.width, pixelHeight: size.height } };
}
