import { loadHarfbuzz, ShapingFont } from '../harfbuzz.js';
import { fontFile, type DocxCaches } from './caches.js';

/**
 * Text widths for the DOCX writer, from the same TrueType files the PDF
 * embeds (and the DOCX embeds too), shaped by HarfBuzz as the PDF writer
 * shapes them: clause number columns and the running footer are measured,
 * not guessed, so both formats indent and shorten alike.
 */

/** Width in points of `text` set in the font at `path` at `size` points. */
export type Measure = (text: string, size: number) => number;

/** A measure for a font file, its parse kept in the context's DOCX caches. */
export async function measureWith(path: string, caches: DocxCaches): Promise<Measure> {
  let font = caches.fonts.get(path) as ShapingFont | undefined;
  if (font === undefined) {
    font = new ShapingFont(await loadHarfbuzz(), fontFile(path, caches));
    caches.fonts.set(path, font);
  }
  const parsed = font;
  return (text, size) => (parsed.advanceWidth(text) / parsed.unitsPerEm) * size;
}
