/** Page images of PDFs (pdftoppm), for checking what a reader would see. */
import { execFileSync } from 'node:child_process';

/** Pixels of one page that pass `keep`, where they lie on average and how they spread. */
export interface PixelArea {
  count: number;
  /** Image size in pixels. */
  width: number;
  height: number;
  /** Centre of the kept pixels, as a share of the width and height (0..1). */
  cx: number;
  cy: number;
  /**
   * Correlation of x and y over the kept pixels: near 0 for a horizontal or
   * vertical shape, negative for one rising from bottom left to top right
   * (image y grows downwards).
   */
  correlation: number;
}

/** Page `page` (1-based) of a PDF as RGB pixels at `dpi`. */
export function rasterize(pdfPath: string, page: number, dpi: number): { width: number; height: number; data: Buffer } {
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdfPath], {
    maxBuffer: 64 * 1024 * 1024,
  });
  // P6 header: "P6\n<width> <height>\n255\n", then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm wrote no P6 image');
  return { width: Number(header[1]), height: Number(header[2]), data: ppm.subarray(header[0].length) };
}

/** Rasterises page `page` (1-based) of a PDF file at `dpi` and measures the pixels `keep` accepts. */
export function pixelArea(pdfPath: string, page: number, dpi: number, keep: (r: number, g: number, b: number) => boolean): PixelArea {
  const { width, height, data } = rasterize(pdfPath, page, dpi);
  let [count, sx, sy, sxx, syy, sxy] = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i + 2 < data.length; i += 3) {
    if (!keep(data[i]!, data[i + 1]!, data[i + 2]!)) continue;
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    count += 1;
    [sx, sy, sxx, syy, sxy] = [sx + x, sy + y, sxx + x * x, syy + y * y, sxy + x * y];
  }
  const mean = (s: number): number => s / count;
  const cov = mean(sxy) - mean(sx) * mean(sy);
  const spread = Math.sqrt((mean(sxx) - mean(sx) ** 2) * (mean(syy) - mean(sy) ** 2));
  return { count, width, height, cx: mean(sx) / width, cy: mean(sy) / height, correlation: spread > 0 ? cov / spread : 0 };
}

/** A neutral grey (all three channels within 3 of each other) in [min, max]. */
export const greyBetween =
  (min: number, max: number) =>
  (r: number, g: number, b: number): boolean =>
    Math.max(r, g, b) - Math.min(r, g, b) <= 3 && r >= min && r <= max;
