import { readFileSync } from 'node:fs';
import type { FontFaces } from '../fonts.js';

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';

/**
 * Font files by path. A batch writes hundreds of documents with the same four
 * faces; reading 4 x 600 KB from disk for each one would dominate the run.
 * The Buffers are never modified (pdfkit only reads them), so sharing is safe.
 */
const fontFiles = new Map<string, Buffer>();

function fontFile(path: string): Buffer {
  let data = fontFiles.get(path);
  if (!data) {
    data = readFileSync(path);
    fontFiles.set(path, data);
  }
  return data;
}

/** The name a face is registered under in a pdfkit document. */
export const faceName = (face: Face): string => `jdgen-${face}`;

export function faceOf(bold: boolean | undefined, italic: boolean | undefined): Face {
  if (bold && italic) return 'boldItalic';
  if (bold) return 'bold';
  return italic ? 'italic' : 'regular';
}

/** Registers the four faces; pdfkit embeds only the glyphs used (subsets). */
export function registerFaces(doc: PDFKit.PDFDocument, fonts: FontFaces): void {
  const faces: Face[] = ['regular', 'bold', 'italic', 'boldItalic'];
  for (const face of faces) {
    doc.registerFont(faceName(face), fontFile(fonts[face]));
  }
}

/** Selects a face and size; returns the document for chaining. */
export function useFont(doc: PDFKit.PDFDocument, face: Face, size: number): PDFKit.PDFDocument {
  return doc.font(faceName(face)).fontSize(size);
}

/** Ascent and descent (both positive, in points) of the current font. */
export function fontMetrics(doc: PDFKit.PDFDocument): { ascent: number; descent: number } {
  // pdfkit keeps the metrics on its private `_font` (in 1/1000 em); the public
  // API only offers the summed line height, and we need the baseline position
  // to draw signature rules exactly under the text.
  const font = (doc as unknown as { _font: { ascender: number; descender: number } })._font;
  const size = (doc as unknown as { _fontSize: number })._fontSize;
  return { ascent: (font.ascender / 1000) * size, descent: (-font.descender / 1000) * size };
}
