import { shapingFont } from '../font-cache.js';
import { loadHarfbuzz } from '../harfbuzz.js';
import { readFont, type DocxCaches } from './caches.js';

/**
 * Text widths for the DOCX writer, from the same TrueType files the PDF
 * embeds (and the DOCX embeds too), shaped by HarfBuzz as the PDF writer
 * shapes them: clause number columns and the running footer are measured,
 * not guessed, so both formats indent and shorten alike.
 */

/** Width in points of `text` set in the font at `path` at `size` points. */
export type Measure = (text: string, size: number) => number;

/** A measure for a font file, its parse kept in the context (shared with the PDF writer). */
export async function measureWith(path: string, caches: DocxCaches): Promise<Measure> {
  const font = shapingFont(caches.fonts, await loadHarfbuzz(), path, readFont);
  return (text, size) => (font.advanceWidth(text) / font.unitsPerEm) * size;
}
