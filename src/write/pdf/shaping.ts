/**
 * OpenType shaping shared by the documents of a process.
 *
 * Shaping a word (GSUB and GPOS lookups in fontkit) is the expensive part of
 * setting text, and a batch of job descriptions uses the same few thousand
 * words over and over. Each word is shaped once per font and kept: glyph ids,
 * the code points each glyph stands for, advances and offsets.
 *
 * Text is cut into words and spaces (see forEachPiece), and each piece is
 * shaped on its own from an empty glyph cache (internals.shapeAlone): what a
 * piece gives never depends on what the process shaped before, so neither do
 * the bytes of a document.
 */
import type { PdfCaches } from './caches.js';
import { type FontkitFont, shapeAlone } from './internals.js';

/** One shaped piece of text; every length is in thousandths of an em (pdfkit's units). */
export interface Shaped {
  readonly ids: readonly number[];
  /** Code points each glyph stands for (its ToUnicode entry); shared, never modified. */
  readonly codePoints: ReadonlyArray<number[]>;
  /** Where the next glyph starts, kerning included. */
  readonly xAdvance: readonly number[];
  /** The glyph's own advance (its /W width). */
  readonly advanceWidth: readonly number[];
  readonly xOffset: readonly number[];
  readonly yOffset: readonly number[];
  /** Sum of xAdvance, added in order (as fontkit's GlyphRun.advanceWidth). */
  readonly width: number;
  /** Glyphs before the last whose advance differs from their width (kerned), in order. */
  readonly kerned: readonly number[];
  /** Whether any glyph is drawn off the pen position (a combining mark). */
  readonly offsets: boolean;
  /**
   * Where the document being written keeps this piece's encoding (see
   * glyphs.ts Encodings): valid while `encodedIn` is that document's
   * generation. A memo slot, so a document finds its encodings without a map.
   */
  encodedIn: number;
  encodedAt: number;
}

/** Bounded, so a long-running process (watch mode, a server) cannot grow without end. */
const PIECE_LIMIT = 100_000;

export class Shaper {
  private readonly pieces = new Map<string, Shaped>();

  constructor(
    private readonly font: FontkitFont,
    /** pdfkit's EmbeddedFont.scale: 1000 / unitsPerEm. */
    private readonly scale: number,
    /** Tells this shaper (this font) apart in keys of caches that depend on the fonts (unique within its context). */
    readonly id: number,
    /** Glyph metrics already read, per font (PdfCaches.glyphMetrics). */
    private readonly metrics?: WeakMap<FontkitFont, Map<string, unknown>>,
  ) {}

  /** A piece as pdfkit's EmbeddedFont.layoutRun would shape it. */
  shape(piece: string): Shaped {
    let shaped = this.pieces.get(piece);
    if (shaped === undefined) {
      shaped = this.shapeNow(piece);
      if (this.pieces.size >= PIECE_LIMIT) this.pieces.clear();
      this.pieces.set(piece, shaped);
    }
    return shaped;
  }

  private shapeNow(piece: string): Shaped {
    const { glyphs, positions } = shapeBounded(this.font, piece, this.metrics);
    const { scale } = this;
    const ids: number[] = [];
    const codePoints: number[][] = [];
    const xAdvance: number[] = [];
    const advanceWidth: number[] = [];
    const xOffset: number[] = [];
    const yOffset: number[] = [];
    let width = 0;
    const kerned: number[] = [];
    let offsets = false;
    for (let i = 0; i < glyphs.length; i += 1) {
      const glyph = glyphs[i]!;
      const position = positions[i]!;
      ids.push(glyph.id);
      codePoints.push([...glyph.codePoints]);
      // The same products pdfkit's layoutRun computes, so widths match to the bit.
      xAdvance.push(position.xAdvance * scale);
      advanceWidth.push(glyph.advanceWidth * scale);
      xOffset.push(position.xOffset * scale);
      yOffset.push(position.yOffset * scale);
      width += position.xAdvance * scale;
      if (i < glyphs.length - 1 && xAdvance[i]! - advanceWidth[i]! !== 0) kerned.push(i);
      if (xOffset[i] || yOffset[i]) offsets = true;
    }
    return { ids, codePoints, xAdvance, advanceWidth, xOffset, yOffset, width, kerned, offsets, encodedIn: 0, encodedAt: 0 };
  }

  /**
   * Calls `each` for the pieces of `text` in order: words, and each space or
   * tab on its own.
   *
   * pdfkit shapes "word " with its space; for the bundled fonts that gives
   * exactly the glyphs and advances of "word" followed by those of " " (no
   * lookup involves the space: a unit test checks every character of the
   * fonts), and shaping words alone halves the words to shape, since line
   * breaking measures them without their spaces anyway. It also keeps
   * drawing consistent with measuring for any other font.
   */
  forEachPiece(text: string, each: (shaped: Shaped) => void): void {
    let last = 0;
    const length = text.length;
    for (let index = 0; index < length; index += 1) {
      const code = text.charCodeAt(index);
      if (code === 0x20 || code === 0x09) {
        if (last < index) each(this.shape(text.slice(last, index)));
        each(this.shape(code === 0x20 ? ' ' : '\t'));
        last = index + 1;
      }
    }
    if (last < length) each(this.shape(last === 0 ? text : text.slice(last)));
  }

  /** Advance of `text` in thousandths of an em: its pieces' advances summed in order. */
  advance(text: string): number {
    let total = 0;
    this.forEachPiece(text, (shaped) => {
      total += shaped.width;
    });
    return total;
  }
}

/**
 * The most combining marks shaped together with what precedes them: the
 * limit of Unicode's Stream-Safe Text Format (UAX #15), past which no text
 * means anything more. fontkit positions each mark by looking back over the
 * marks before it, so one letter with 160,000 accents took minutes to shape;
 * a longer run of marks is shaped in runs of this many, each drawn where the
 * one before ended (the extra marks pile up over the letter, as they would).
 */
export const MAX_MARK_RUN = 30;

type Run = ReturnType<typeof shapeAlone>;

/** shapeAlone, with runs of more than MAX_MARK_RUN marks cut (a cheap test first: such a run is longer than the limit). */
function shapeBounded(font: FontkitFont, text: string, metrics: WeakMap<FontkitFont, Map<string, unknown>> | undefined): Run {
  const cuts = text.length > MAX_MARK_RUN ? markRunCuts(text) : [];
  if (cuts.length === 0) return shapeAlone(font, text, metrics);
  const whole: Run = { glyphs: [], positions: [] };
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    const { glyphs, positions } = shapeAlone(font, text.slice(start, cut), metrics);
    for (const glyph of glyphs) whole.glyphs.push(glyph);
    for (const position of positions) whole.positions.push(position);
    start = cut;
  }
  return whole;
}

const MARK = /\p{M}/u;

/** Offsets where a run of combining marks reaches MAX_MARK_RUN marks and a new run begins. */
export function markRunCuts(text: string): number[] {
  const cuts: number[] = [];
  let run = 0;
  for (let at = 0; at < text.length;) {
    const code = text.codePointAt(at)!;
    // Below U+0300 there is no mark: most text never runs the test.
    if (code >= 0x300 && MARK.test(String.fromCodePoint(code))) {
      if (run === MAX_MARK_RUN) {
        cuts.push(at);
        run = 0;
      }
      run += 1;
    } else {
      run = 0;
    }
    at += code > 0xffff ? 2 : 1;
  }
  return cuts;
}

/** The shaper of a parsed font, shared by every document of the context that uses the font. */
export function shaperFor(font: FontkitFont, scale: number, caches: PdfCaches): Shaper {
  let shaper = caches.shapers.get(font);
  if (shaper === undefined) {
    shaper = new Shaper(font, scale, (caches.lastShaperId += 1), caches.glyphMetrics);
    caches.shapers.set(font, shaper);
  }
  return shaper;
}
