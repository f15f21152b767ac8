import { LRUCache } from 'lru-cache';
import type { Context } from '../../context.js';
import { fontCache, type FontCache } from '../font-cache.js';
import type { Harfbuzz, ShapingFont } from '../harfbuzz.js';
import type { ParsedFont, Scratch } from './fonts.js';
import type { TextBuffer } from './glyphs.js';
import type { Raster } from './raster.js';
import type { Shaper } from './shaping.js';
import type { Subsetter } from './file/subset.js';
import type { TextLines } from './text.js';

/**
 * What the PDF writer keeps from one document to the next, within one
 * context: font files and parsed fonts, each font's shaper, laid-out texts, decoded pictures and working memory. Nothing
 * in it changes the bytes of a document (each is a function of its key); it
 * only saves the work. Per context, so two contexts never share a font or a
 * layout.
 */
export interface PdfCaches {
  /** Font files and their HarfBuzz parses, shared with the other writers of the context (font-cache.ts). */
  readonly fonts: FontCache;
  /** Parsed fonts by path (see fonts.ts). */
  readonly parsedFonts: Map<string, ParsedFont>;
  /** Per-face working memory handed from one document to the next (see fonts.ts). */
  readonly scratchPools: WeakMap<object, Scratch[]>;
  readonly textBuffers: TextBuffer[];
  /** The shaper of each parsed font (see shaping.ts). */
  readonly shapers: WeakMap<ShapingFont, Shaper>;
  /** harfbuzzjs, loaded by the first document (loadFonts in fonts.ts). */
  harfbuzz?: Harfbuzz;
  /** HarfBuzz's hb-subset, instantiated for this context by the first font the TrueType copy does not handle (file/subset.ts). */
  subsetter?: Subsetter;
  /** Laid-out texts by everything they depend on (see text.ts), the least recently used dropped past LAYOUT_LIMIT characters of keys. */
  readonly layouts: LRUCache<string, TextLines>;
  /** Pictures decoded, by their base64 data (see raster.ts). */
  readonly rasters: LRUCache<string, Raster>;
  /** Font files' identities in layout keys, by path; emptied with parsedFonts (see faceId in fonts.ts). */
  readonly faceIds: Map<string, number>;
  /** Counters for ids unique within the context: font files (layout keys) and encodings generations (glyphs.ts). */
  lastFaceId: number;
  lastGeneration: number;
}

/**
 * The characters of layout keys (about the characters laid out) that
 * PdfCaches.layouts holds. Job descriptions repeat most of their paragraphs
 * (standard clauses, headings, table headers), so the lines of one document
 * serve the next; a laid-out character costs about 70 bytes of heap (lines,
 * words, pieces), so 200,000 of them are about 14 MB. The 1,000 generated
 * roles of the bench (seven languages) lay out 486,000 distinct characters;
 * built in order, an LRU of 200,000 lays out none of them twice; dealt out
 * language by language in turn (the worst order), it lays out 1.1 million
 * characters instead of 0.49 (of 11.3 million looked up). The cache held all
 * of them before (33 MB of heap on that set, in each thread) and was emptied
 * at 2 million (about 140 MB).
 */
export const LAYOUT_LIMIT = 200_000;

/** The context's PDF caches, made on first use. */
export function pdfCaches(context: Context): PdfCaches {
  return (context.pdf ??= {
    fonts: fontCache(context),
    parsedFonts: new Map(),
    scratchPools: new WeakMap(),
    textBuffers: [],
    shapers: new WeakMap(),
    layouts: new LRUCache({ maxSize: LAYOUT_LIMIT, sizeCalculation: (_lines, key) => key.length }),
    // An organisation has a logo or two: each is decoded once per context, not once per document.
    rasters: new LRUCache({ max: 16 }),
    faceIds: new Map(),
    lastFaceId: 0,
    lastGeneration: 0,
  });
}
