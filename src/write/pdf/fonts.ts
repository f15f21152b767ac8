import { makeDiagnostic, UserError } from '../../diagnostics.js';
import { FileRefused, readRegularFileSync } from '../../load/read-file.js';
import type { FontFaces } from '../fonts.js';
import type { PdfCaches } from './caches.js';
import { Encodings, TextBuffer } from './glyphs.js';
import { type EmbeddedFont, currentEmbeddedFont, tagSubsetByContent } from './internals.js';
import { type Shaped, type Shaper, shaperFor } from './shaping.js';
import { subsetTag, useFastSubset } from './subset.js';

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FACES: readonly Face[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** One face in one document: pdfkit's embedded font and the context's shaper of its font. */
export interface DocFace {
  readonly embedded: EmbeddedFont;
  readonly shaper: Shaper;
  /** This document's encoding of the pieces it has drawn (see glyphs.ts). */
  readonly encodings: Encodings;
  /** This document's subset glyph id + 1 by font glyph id (0: not used yet). */
  readonly gids: Int32Array;
}

/** Per-face working memory of a document, reused by the next document (see releaseFaces). */
export interface Scratch {
  readonly gids: Int32Array;
  readonly encodings: Encodings;
}

function takeScratch(font: EmbeddedFont['font'], caches: PdfCaches): Scratch {
  const reused = caches.scratchPools.get(font)?.pop();
  if (reused === undefined) return { gids: new Int32Array(font.numGlyphs), encodings: new Encodings(caches) };
  reused.gids.fill(0);
  reused.encodings.clear();
  return reused;
}

/** A document being written and its four faces. */
export interface Pdf {
  readonly doc: PDFKit.PDFDocument;
  readonly faces: Readonly<Record<Face, DocFace>>;
  /** Where texts are written before they go to the page (see glyphs.ts). */
  readonly text: TextBuffer;
  /** What the writer keeps from document to document in this context. */
  readonly caches: PdfCaches;
}

/*
 * Font files by path (PdfCaches.fontFiles). A batch writes hundreds of documents with the same four
 * faces; reading 4 x 600 KB from disk for each one would dominate the run.
 * The Buffers are never modified (pdfkit only reads them), so sharing is safe.
 */

/** Parsed fonts and files are kept per path; a process sees a handful of fonts, this bound is a safety net. */
const FONT_LIMIT = 32;

function fontFile(path: string, fontFiles: Map<string, Buffer>): Buffer {
  let data = fontFiles.get(path);
  if (!data) {
    data = readFontFile(path);
    if (fontFiles.size >= FONT_LIMIT) fontFiles.clear();
    fontFiles.set(path, data);
  }
  return data;
}

/** A font's bytes; style.yaml's check (style.ts) refused a bad font before, so this fails only if the file changed since. */
function readFontFile(path: string): Buffer {
  try {
    return readRegularFileSync(path, 'font');
  } catch (error) {
    if (error instanceof FileRefused)
      throw new UserError([makeDiagnostic({ code: 'style/font', file: path, line: 0, column: 0, message: `the font ${error.reason}` })]);
    throw error;
  }
}

/** The name a face is registered under in a pdfkit document. */
export const faceName = (face: Face): string => `jdgen-${face}`;

export function faceOf(bold: boolean | undefined, italic: boolean | undefined): Face {
  if (bold && italic) return 'boldItalic';
  if (bold) return 'bold';
  return italic ? 'italic' : 'regular';
}

/*
 * Parsed fonts by path (PdfCaches.parsedFonts). Parsing a TTF's tables (cmap, GSUB, GPOS) is most of
 * the cost of a small document, so the parsed font of the first document is
 * reused: pdfkit accepts a parsed fontkit font wherever it accepts a file, and
 * keeps everything per document (subset, widths, ToUnicode) on its own
 * EmbeddedFont. Nothing the writer reads from the parsed font depends on the
 * documents written before (see shaping.ts), so its glyph cache is kept: the
 * glyphs subsetting reads stay decoded from one document to the next.
 */
export type FontSource = NonNullable<Parameters<PDFKit.PDFDocument['registerFont']>[1]>;

/** Registers and loads the four faces; pdfkit embeds only the glyphs used (subsets). */
export function registerFaces(doc: PDFKit.PDFDocument, fonts: FontFaces, caches: PdfCaches): Pdf {
  const { parsedFonts } = caches;
  const faces = {} as Record<Face, DocFace>;
  for (const face of FACES) {
    const path = fonts[face];
    doc.registerFont(faceName(face), parsedFonts.get(path) ?? fontFile(path, caches.fontFiles));
    // Load every face now, in a fixed order: the font ids in the file (F1..F4)
    // then never depend on which face the text happens to use first. A face
    // never drawn is not embedded.
    doc.font(faceName(face));
    const embedded = currentEmbeddedFont(doc);
    if (!parsedFonts.has(path)) {
      if (parsedFonts.size >= FONT_LIMIT) parsedFonts.clear();
      parsedFonts.set(path, embedded.font as unknown as FontSource);
    }
    useFastSubset(embedded.subset, embedded.font, caches);
    tagSubsetByContent(embedded, subsetTag);
    faces[face] = { embedded, shaper: shaperFor(embedded.font, embedded.scale, caches), ...takeScratch(embedded.font, caches) };
  }
  return { doc, faces, text: caches.textBuffers.pop() ?? new TextBuffer(), caches };
}

/**
 * Hands the document's working memory to the next document. Call once the
 * document has ended; a document that failed simply does not return it.
 */
export function releaseFaces(pdf: Pdf): void {
  const { scratchPools, textBuffers } = pdf.caches;
  for (const face of FACES) {
    const { embedded, gids, encodings } = pdf.faces[face];
    let pool = scratchPools.get(embedded.font);
    if (pool === undefined) scratchPools.set(embedded.font, (pool = []));
    // Documents are written one after the other; a few spares cover overlapping ones.
    if (pool.length < 4) pool.push({ gids, encodings });
  }
  pdf.text.clear();
  if (textBuffers.length < 4) textBuffers.push(pdf.text);
}

/**
 * Width of `text` in points as pdfkit's `widthOfString` computes it (the
 * same operations in the same order, so layouts match pdfkit's to the bit).
 */
export function textWidth(pdf: Pdf, face: Face, text: string, size: number): number {
  const advance = pdf.faces[face].shaper.advance(text);
  return (advance * (size / 1000) * 100) / 100;
}

/**
 * Width of a word (or a space) for line breaking: its width at 1 pt times the
 * size. (Computed this way since the first layouts: kept so lines break
 * exactly where they always did.)
 */
export function wordWidth(pdf: Pdf, face: Face, text: string, size: number): number {
  return textWidth(pdf, face, text, 1) * size;
}

/** wordWidth of a shaped piece (a text without spaces or tabs). */
export function shapedWidth(shaped: Shaped, size: number): number {
  return ((shaped.width * (1 / 1000) * 100) / 100) * size;
}

/** Ascent and descent (both positive, in points) of a face at a size. */
export function fontMetrics(pdf: Pdf, face: Face, size: number): { ascent: number; descent: number } {
  const font = pdf.faces[face].embedded;
  return { ascent: (font.ascender / 1000) * size, descent: (-font.descender / 1000) * size };
}

/** Height of the capital letters (in points) of a face at a size. */
export function capHeight(pdf: Pdf, face: Face, size: number): number {
  const font = pdf.faces[face].embedded;
  // Noto Sans: 714/1000; the fallback is the usual share for sans faces.
  const units = font.capHeight > 0 ? font.capHeight : 700;
  return (units / 1000) * size;
}
