import { readFileSync } from 'node:fs';
import type { FontFaces } from '../fonts.js';
import { shareShaping } from './shaping.js';

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

/**
 * Parsed fonts by path. Parsing a TTF's tables (cmap, GSUB, GPOS) is most of
 * the cost of a small document, so the parsed font of the first document is
 * reused: pdfkit accepts a parsed fontkit font wherever it accepts a file, and
 * keeps everything per document (subset, widths) on its own wrapper.
 */
type FontSource = NonNullable<Parameters<PDFKit.PDFDocument['registerFont']>[1]>;
const parsedFonts = new Map<string, FontSource>();

/** The fontkit font pdfkit parsed for the current face (private field). */
function currentParsedFont(doc: PDFKit.PDFDocument): FontSource | undefined {
  const parsed = (doc as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  // Only a fontkit font has layout(); anything else means pdfkit changed inside.
  return typeof parsed?.layout === 'function' ? (parsed as unknown as FontSource) : undefined;
}

/**
 * fontkit caches glyph objects on the font with the characters they were first
 * made for, and pdfkit's ToUnicode map takes them from there. Subsetting an
 * earlier document creates glyphs without characters (the Latin `T` inside the
 * composite Cyrillic `Т`), so a later document would map its `T` to nothing
 * (text not searchable or copyable) and its bytes would depend on what else the
 * thread rendered before. Each document starts from an empty glyph cache.
 */
function forgetGlyphs(font: FontSource): void {
  const cached = font as unknown as { _glyphs?: Record<number, unknown> };
  if (cached._glyphs && typeof cached._glyphs === 'object') cached._glyphs = {};
}

/** Registers the four faces; pdfkit embeds only the glyphs used (subsets). */
export function registerFaces(doc: PDFKit.PDFDocument, fonts: FontFaces): void {
  const faces: Face[] = ['regular', 'bold', 'italic', 'boldItalic'];
  for (const face of faces) {
    const path = fonts[face];
    const reused = parsedFonts.get(path);
    if (reused) forgetGlyphs(reused);
    doc.registerFont(faceName(face), reused ?? fontFile(path));
    // Load every face now, in a fixed order: the font ids in the file (F2..F5)
    // then never depend on which face the text happens to use first. A face
    // never drawn is not embedded.
    doc.font(faceName(face));
    shareShaping(doc);
    const parsed = currentParsedFont(doc);
    if (parsed && !parsedFonts.has(path)) parsedFonts.set(path, parsed);
  }
}

/** Selects a face and size; returns the document for chaining. */
export function useFont(doc: PDFKit.PDFDocument, face: Face, size: number): PDFKit.PDFDocument {
  return doc.font(faceName(face)).fontSize(size);
}

/**
 * Text widths at 1 pt, per parsed font. Line breaking measures every word;
 * each measurement runs the OpenType shaper, and the same words recur in
 * every document of a batch. Width scales linearly with size, so one entry
 * serves all sizes.
 */
const widthCache = new WeakMap<object, Map<string, number>>();
const WIDTH_CACHE_LIMIT = 200_000;

/** Width of `text` in `face` at `size` points, cached across documents. */
export function widthOf(doc: PDFKit.PDFDocument, text: string, face: Face, size: number): number {
  useFont(doc, face, size);
  const parsed = currentParsedFont(doc);
  if (typeof parsed !== 'object') return doc.widthOfString(text);
  let widths = widthCache.get(parsed);
  if (!widths) widthCache.set(parsed, (widths = new Map()));
  let unit = widths.get(text);
  if (unit === undefined) {
    unit = doc.fontSize(1).widthOfString(text);
    doc.fontSize(size);
    // Bounded so a long-running process (watch mode) cannot grow without end.
    if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
    widths.set(text, unit);
  }
  return unit * size;
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

/** Height of the capital letters (in points) of the current font and size. */
export function capHeight(doc: PDFKit.PDFDocument): number {
  const font = (doc as unknown as { _font: { capHeight?: number } })._font;
  const size = (doc as unknown as { _fontSize: number })._fontSize;
  // Noto Sans: 714/1000; the fallback is the usual share for sans faces.
  const units = typeof font.capHeight === 'number' && font.capHeight > 0 ? font.capHeight : 700;
  return (units / 1000) * size;
}
