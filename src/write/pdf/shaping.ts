/**
 * OpenType shaping shared by the documents of a process.
 *
 * Shaping a word (GSUB and GPOS lookups in fontkit) is the expensive part of
 * setting text, and a batch of job descriptions uses the same few thousand
 * words over and over. Each word is shaped once per font and kept: glyph ids,
 * the code points each glyph stands for, advances and offsets.
 *
 * Text is cut into words and spaces (see forEachPiece), and each piece is
 * shaped on its own with fontkit's `layout`. Glyph ids and positions depend
 * on the piece alone. The code points fontkit puts on a glyph do not: it
 * keeps one glyph object per glyph id with the code points it was first made
 * for (a no-break space and a space share a glyph; subsetting makes the
 * components of composite glyphs with none). So the code points of each glyph
 * are read off the piece itself (codePointsOf): what a piece gives never
 * depends on what the process shaped before, so neither do the bytes of a
 * document.
 */
import type { Font, Glyph, GlyphPosition } from 'fontkit';
import type { PdfCaches } from './caches.js';

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
    private readonly font: Font,
    /** 1000 / unitsPerEm (EmbeddedFont.scale). */
    private readonly scale: number,
    /** Tells this shaper (this font) apart in keys of caches that depend on the fonts (unique within its context). */
    readonly id: number,
  ) {}

  /** A piece shaped by fontkit, lengths in thousandths of an em. */
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
    const { glyphs, positions } = shapeBounded(this.font, piece);
    const codePoints = codePointsOf(this.font, piece, glyphs);
    const { scale } = this;
    const ids: number[] = [];
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

interface Run {
  glyphs: Glyph[];
  positions: GlyphPosition[];
}

/** fontkit's layout, with runs of more than MAX_MARK_RUN marks cut (a cheap test first: such a run is longer than the limit). */
function shapeBounded(font: Font, text: string): Run {
  const cuts = text.length > MAX_MARK_RUN ? markRunCuts(text) : [];
  if (cuts.length === 0) return font.layout(text);
  const whole: Run = { glyphs: [], positions: [] };
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    const { glyphs, positions } = font.layout(text.slice(start, cut));
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

/**
 * The code points each glyph of a shaped text stands for (its ToUnicode
 * entry), read off the text in order: a glyph takes the code points fontkit
 * gives it when they are the next ones of the text (a ligature's letters),
 * else the next code point if the font maps it to this glyph (the common
 * case), the space a default-ignorable character such as a soft hyphen
 * became (fontkit draws those as a space of no width: its CID then stands for
 * a space wherever it is first drawn, as with pdfkit), else the code points
 * up to where the next glyph's own begin (a
 * ligature first made for another character), or the next code point when
 * the next glyph's are nowhere ahead (a letter decomposed into a base and a
 * mark: the mark stands for none). The last glyph takes what is left. The
 * result depends on the text and the font only.
 */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

export function codePointsOf(font: Font, text: string, glyphs: readonly Glyph[]): number[][] {
  const points = Array.from(text, (c) => c.codePointAt(0)!);
  const out: number[][] = [];
  let at = 0;
  const own = (glyph: Glyph, from: number): boolean => {
    const cps = glyph.codePoints;
    if (cps.length === 0 || from + cps.length > points.length) return false;
    for (let k = 0; k < cps.length; k += 1) if (cps[k] !== points[from + k]) return false;
    return true;
  };
  const mapped = (glyph: Glyph, from: number): boolean => from < points.length && font.glyphForCodePoint(points[from]!).id === glyph.id;
  const ignorable = (glyph: Glyph, from: number): boolean =>
    from < points.length && IGNORABLE.test(String.fromCodePoint(points[from]!)) && glyph.id === font.glyphForCodePoint(0x20).id;
  glyphs.forEach((glyph, i) => {
    if (own(glyph, at)) {
      out.push(points.slice(at, (at += glyph.codePoints.length)));
    } else if (mapped(glyph, at)) {
      out.push([points[at++]!]);
    } else if (ignorable(glyph, at)) {
      out.push([0x20]);
      at += 1;
    } else {
      const next = glyphs[i + 1];
      let end = at;
      if (next === undefined) end = points.length;
      else {
        while (end < points.length && !own(next, end) && !mapped(next, end)) end += 1;
        if (end === points.length) end = Math.min(at + 1, points.length);
      }
      out.push(points.slice(at, end));
      at = end;
    }
  });
  return out;
}

/** The shaper of a parsed font, shared by every document of the context that uses the font. */
export function shaperFor(font: Font, scale: number, caches: PdfCaches): Shaper {
  let shaper = caches.shapers.get(font);
  if (shaper === undefined) {
    shaper = new Shaper(font, scale, (caches.lastShaperId += 1));
    caches.shapers.set(font, shaper);
  }
  return shaper;
}
