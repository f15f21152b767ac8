import { createRequire } from 'node:module';
import { readRegularFileSync } from '../../load/read-file.js';
import type { DocxCaches } from './caches.js';

/**
 * Text widths for the DOCX writer, from the same TrueType files the PDF
 * embeds (and the DOCX embeds too): clause number columns and the running
 * footer are measured, not guessed, so both formats indent and shorten
 * alike. fontkit is the parser pdfkit itself uses.
 */

/** The part of a fontkit font read here. */
interface MeasuredFont {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}

const fontkit = createRequire(import.meta.url)('fontkit') as { create(data: Buffer): MeasuredFont };

/** Width in points of `text` set in the font at `path` at `size` points. */
export type Measure = (text: string, size: number) => number;

/** A measure for a font file, its parse kept in the context's DOCX caches. */
export function measureWith(path: string, caches: DocxCaches): Measure {
  let font = caches.fonts.get(path) as MeasuredFont | undefined;
  if (font === undefined) {
    font = fontkit.create(readRegularFileSync(path, 'font'));
    caches.fonts.set(path, font);
  }
  const parsed = font;
  return (text, size) => (parsed.layout(text).advanceWidth / parsed.unitsPerEm) * size;
}
