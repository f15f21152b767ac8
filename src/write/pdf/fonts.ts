import { makeDiagnostic, UserError } from '../../diagnostics.js';
import { FileRefused, readRegularFileSync } from '../../load/read-file.js';
import type { FontFaces } from '../fonts.js';
import { fontBytes, shapingFont } from '../font-cache.js';
import { loadHarfbuzz, type ShapingFont } from '../harfbuzz.js';
import type { PdfCaches } from './caches.js';
import type { PdfDocument } from './file/document.js';
import { EmbeddedFont, type FontProgram } from './file/font.js';
import { Subsetter } from './file/subset.js';
import { encodeSubset, fontData } from './file/truetype-subset.js';
import { Encodings, TextBuffer } from './glyphs.js';
import { type Shaped, type Shaper, shaperFor } from './shaping.js';

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FACES: readonly Face[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** One face in one document: its embedded font and the context's shaper of its font. */
export interface DocFace {
  readonly embedded: EmbeddedFont;
  readonly shaper: Shaper;
  /** This document's encoding of the pieces it has drawn (see glyphs.ts). */
  readonly encodings: Encodings;
  /** This document's CID + 1 by font glyph id (0: not used yet). */
  readonly gids: Int32Array;
}

/** Per-face working memory of a document, reused by the next document (see releaseFaces). */
export interface Scratch {
  readonly gids: Int32Array;
  readonly encodings: Encodings;
}

function takeScratch(font: ShapingFont, caches: PdfCaches): Scratch {
  const reused = caches.scratchPools.get(font)?.pop();
  if (reused === undefined) return { gids: new Int32Array(font.numGlyphs), encodings: new Encodings(caches) };
  reused.gids.fill(0);
  reused.encodings.clear();
  return reused;
}

/** A document being written and its four faces. */
export interface Pdf {
  readonly doc: PdfDocument;
  /** The faces made so far: a face is parsed when the document first uses it (docFace). */
  readonly faces: Partial<Record<Face, DocFace>>;
  /** The four fonts' identities in the context, for keys of caches that depend on them (see faceIds). */
  readonly facesKey: string;
  /** The font files of the four faces. */
  readonly files: FontFaces;
  /** Where texts are written before they go to the page (see glyphs.ts). */
  readonly text: TextBuffer;
  /** What the writer keeps from document to document in this context. */
  readonly caches: PdfCaches;
}

/** Parsed fonts are kept per path; a process sees a handful of fonts, this bound is a safety net. */
const FONT_LIMIT = 32;

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

export function faceOf(bold: boolean | undefined, italic: boolean | undefined): Face {
  if (bold && italic) return 'boldItalic';
  if (bold) return 'bold';
  return italic ? 'italic' : 'regular';
}

/*
 * Parsed fonts by path (PdfCaches.parsedFonts). Parsing a font in HarfBuzz
 * and copying it into hb-subset is done once per context, for the first
 * document. Everything per document (subset, widths, ToUnicode) is on its
 * EmbeddedFont, and nothing the writer reads from the parsed font depends on
 * the documents written before (see shaping.ts).
 */
export interface ParsedFont {
  readonly font: ShapingFont;
  /** An OpenType font with CFF outlines ('OTTO'). */
  readonly cff: boolean;
  /** Makes its subsets. */
  readonly program: FontProgram;
}

/** Loads what registerFaces needs (harfbuzzjs) into the caches; the first document of a context waits for it. */
export async function loadFonts(caches: PdfCaches): Promise<void> {
  caches.harfbuzz ??= await loadHarfbuzz();
}

/** Subsets copied from a TrueType file where the copy handles the font, else HarfBuzz's (instantiated on first need). */
function fontProgram(data: Buffer, caches: PdfCaches): FontProgram {
  const copied = fontData(data);
  if (copied !== null) return { keepsGlyphIds: false, subset: (glyphs) => encodeSubset(copied, glyphs) };
  const font = (caches.subsetter ??= new Subsetter()).font(data);
  return { keepsGlyphIds: true, subset: (glyphs) => font.subset(glyphs) };
}

function parsedFont(path: string, caches: PdfCaches): ParsedFont {
  const { parsedFonts, harfbuzz } = caches;
  if (harfbuzz === undefined) throw new Error('registerFaces before loadFonts');
  let parsed = parsedFonts.get(path);
  if (parsed === undefined) {
    // Read and parsed once for all the writers of the context (the DOCX measures with the same faces);
    // style.yaml's check (load/font-file.ts) refused collections and other files before.
    const font = shapingFont(caches.fonts, harfbuzz, path, readFontFile);
    const data = fontBytes(caches.fonts, path, readFontFile);
    parsed = { font, cff: data.subarray(0, 4).toString('latin1') === 'OTTO', program: fontProgram(data, caches) };
    if (parsedFonts.size >= FONT_LIMIT) {
      parsedFonts.clear();
      // Layouts keyed by the dropped fonts' ids are not found again: a file read anew may have changed.
      caches.faceIds.clear();
    }
    parsedFonts.set(path, parsed);
  }
  return parsed;
}

/**
 * A document's faces, with resource names F1..F4 in a fixed order (so they
 * never depend on which face the text uses first). A face is parsed when the
 * document first uses it (most documents set no italic): a face never drawn
 * is not embedded; the others are subsets of the glyphs drawn. Call
 * loadFonts(caches) first.
 */
export function registerFaces(doc: PdfDocument, fonts: FontFaces, caches: PdfCaches): Pdf {
  const facesKey = FACES.map((face) => faceId(fonts[face], caches)).join(',');
  return { doc, faces: {}, facesKey, files: fonts, text: caches.textBuffers.pop() ?? new TextBuffer(), caches };
}

/** The document's face, parsed on first use. */
export function docFace(pdf: Pdf, face: Face): DocFace {
  return pdf.faces[face] ?? makeFace(pdf, face);
}

function makeFace(pdf: Pdf, face: Face): DocFace {
  const { caches } = pdf;
  const { font, cff, program } = parsedFont(pdf.files[face], caches);
  const embedded = new EmbeddedFont(`F${FACES.indexOf(face) + 1}`, font, cff, program);
  return (pdf.faces[face] = { embedded, shaper: shaperFor(font, embedded.scale, caches), ...takeScratch(font, caches) });
}

/** The faces the document used, in the order of their resource names. */
export function usedFonts(pdf: Pdf): EmbeddedFont[] {
  return FACES.flatMap((face) => pdf.faces[face]?.embedded ?? []);
}

/**
 * A font file's identity in the context, for cache keys: the same number
 * while its parsed font is kept (parsedFonts), a new one once that is
 * dropped and the file may be read again.
 */
function faceId(path: string, caches: PdfCaches): number {
  let id = caches.faceIds.get(path);
  if (id === undefined) caches.faceIds.set(path, (id = caches.lastFaceId += 1));
  return id;
}

/**
 * Hands the document's working memory to the next document. Call once the
 * document has ended; a document that failed simply does not return it.
 */
export function releaseFaces(pdf: Pdf): void {
  const { scratchPools, textBuffers } = pdf.caches;
  for (const face of FACES) {
    const made = pdf.faces[face];
    if (made === undefined) continue;
    const { embedded, gids, encodings } = made;
    let pool = scratchPools.get(embedded.font);
    if (pool === undefined) scratchPools.set(embedded.font, (pool = []));
    // Documents are written one after the other; a few spares cover overlapping ones.
    if (pool.length < 4) pool.push({ gids, encodings });
  }
  pdf.text.clear();
  if (textBuffers.length < 4) textBuffers.push(pdf.text);
}

/**
 * Width of `text` in points (the operations pdfkit's `widthOfString` did, in
 * its order, so lines break where they always did).
 */
export function textWidth(pdf: Pdf, face: Face, text: string, size: number): number {
  const advance = docFace(pdf, face).shaper.advance(text);
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
  const font = docFace(pdf, face).embedded;
  return { ascent: (font.ascender / 1000) * size, descent: (-font.descender / 1000) * size };
}

/** Height of the capital letters (in points) of a face at a size. */
export function capHeight(pdf: Pdf, face: Face, size: number): number {
  const font = docFace(pdf, face).embedded;
  // Noto Sans: 714/1000; the fallback is the usual share for sans faces.
  const units = font.capHeight > 0 ? font.capHeight : 700;
  return (units / 1000) * size;
}
