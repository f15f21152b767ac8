/**
 * OpenType shaping shared by the documents of a process.
 *
 * Shaping a word (GSUB and GPOS lookups, by HarfBuzz: see ../harfbuzz.ts) is
 * the expensive part of setting text, and a batch of job descriptions uses
 * the same few thousand words over and over. Each word is shaped once per
 * font and kept: glyph ids, the code points each glyph stands for, advances
 * and offsets.
 *
 * Text is cut into words and spaces (see forEachPiece), and each piece is
 * shaped on its own. Glyph ids, positions and the code points of each glyph
 * (read off HarfBuzz's clusters: codePointsOf) depend on the piece and the
 * font alone, so what a piece gives never depends on what the process shaped
 * before, and neither do the bytes of a document.
 */
import { guessedScript, type ShapedRun, type ShapingFont } from '../harfbuzz.js';
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
  /** Sum of xAdvance, added in order. */
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

/** What text.ts cuts words at. */
const WORD_GAPS = /[ \t\r\n]+/;
/** The longest word prepare joins with others, and how many words one HarfBuzz call shapes. */
const MAX_JOINED_WORD = 64;
const JOINED_WORDS = 48;
/** The kerned list of a piece with no kerning, shared. */
const NONE = Object.freeze([]) as unknown as number[];

export class Shaper {
  private readonly pieces = new Map<string, Shaped>();
  /** The font's glyph for a space (see codePointsOf), looked up once. */
  private spaceGlyph: number | undefined;
  /**
   * Arrays shared by the pieces of this shaper (never modified): the one-code-point
   * ToUnicode entries by code point, and all-zero offsets by length. Most glyphs stand
   * for one character and most pieces have no offsets, so sharing them takes a shaped
   * word from about a dozen arrays to three or four (see shapedOf).
   */
  private readonly singles = new Map<number, number[]>();
  private readonly zeros: number[][] = [];

  constructor(
    private readonly font: ShapingFont,
    /** 1000 / unitsPerEm (EmbeddedFont.scale). */
    private readonly scale: number,
  ) {}

  /** A piece shaped by HarfBuzz, lengths in thousandths of an em. */
  shape(piece: string): Shaped {
    return this.pieces.get(piece) ?? this.remember(piece, shapeBounded(this.font, piece));
  }

  /**
   * Shapes the words of `text` that are not shaped yet, those of one script
   * (as HarfBuzz would guess it for each alone) together in one HarfBuzz call
   * (ShapingFont.shapeMany): what each word gives is exactly what shaping it
   * alone gives, and the words HarfBuzz cannot promise that of are left to
   * be shaped alone when asked for. Words are what text.ts cuts a text into
   * (at spaces, tabs and line ends); one with a hyphen is left out, since
   * text.ts may cut it at the hyphen.
   */
  prepare(text: string): void {
    this.prepareWords(text.split(WORD_GAPS).filter((word) => !word.includes('-') && !word.includes('\u2010')));
  }

  /** Shapes the words given that are not shaped yet, as prepare does. */
  prepareWords(words: readonly string[]): void {
    let groups: Map<string, Set<string>> | undefined;
    for (const word of words) {
      if (word === '' || word.length > MAX_JOINED_WORD || this.pieces.has(word)) continue;
      const script = guessedScript(word);
      if (script === undefined) continue;
      groups ??= new Map();
      let group = groups.get(script);
      if (group === undefined) groups.set(script, (group = new Set()));
      group.add(word);
    }
    if (groups === undefined) return;
    for (const group of groups.values()) {
      if (group.size < 2) continue;
      const list = [...group];
      for (let from = 0; from < list.length; from += JOINED_WORDS) {
        const chunk = list.slice(from, from + JOINED_WORDS);
        this.font.shapeMany(chunk).forEach((run, i) => {
          if (run !== undefined) this.remember(chunk[i]!, run);
        });
      }
    }
  }

  private remember(piece: string, run: ShapedRun): Shaped {
    const shaped = this.shapedOf(piece, run);
    if (this.pieces.size >= PIECE_LIMIT) this.pieces.clear();
    this.pieces.set(piece, shaped);
    return shaped;
  }

  private shapedOf(piece: string, run: ShapedRun): Shaped {
    const { font, scale } = this;
    const codePoints = codePointsOf(piece, run, (this.spaceGlyph ??= font.glyphFor(0x20))).map((points) => this.shared(points));
    const ids = run.ids;
    const xAdvance: number[] = [];
    let advanceWidth: number[] = xAdvance;
    let xOffset: number[] | undefined;
    let yOffset: number[] | undefined;
    let width = 0;
    let kerned: number[] = NONE;
    let offsets = false;
    for (let i = 0; i < ids.length; i += 1) {
      // The same products pdfkit's layoutRun computed, so widths match to the bit.
      const advance = run.xAdvance[i]! * scale;
      const own = font.advanceOf(ids[i]!) * scale;
      xAdvance.push(advance);
      // The glyph's own advances are the same array as long as they equal the pen's (no kerning).
      if (advanceWidth === xAdvance && own !== advance) advanceWidth = xAdvance.slice(0, i);
      if (advanceWidth !== xAdvance) advanceWidth.push(own);
      width += advance;
      if (i < ids.length - 1 && advance - own !== 0) {
        if (kerned === NONE) kerned = [];
        kerned.push(i);
      }
      const dx = run.xOffset[i]! * scale;
      const dy = run.yOffset[i]! * scale;
      if (dx || dy) offsets = true;
      if (offsets && xOffset === undefined) {
        xOffset = run.xOffset.slice(0, i).map((x) => x * scale);
        yOffset = run.yOffset.slice(0, i).map((y) => y * scale);
      }
      if (xOffset !== undefined) {
        xOffset.push(dx);
        yOffset!.push(dy);
      }
    }
    xOffset ??= this.zerosOf(ids.length);
    yOffset ??= xOffset;
    return { ids, codePoints, xAdvance, advanceWidth, xOffset, yOffset, width, kerned, offsets, encodedIn: 0, encodedAt: 0 };
  }

  /** A one-code-point entry shared by every glyph that stands for that code point; any other as it is. */
  private shared(points: number[]): number[] {
    if (points.length !== 1) return points;
    const code = points[0]!;
    let single = this.singles.get(code);
    if (single === undefined) this.singles.set(code, (single = points));
    return single;
  }

  /** An all-zero array of `length`, shared. */
  private zerosOf(length: number): number[] {
    return (this.zeros[length] ??= new Array<number>(length).fill(0));
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
 * means anything more. A longer run of marks is shaped in runs of this many,
 * each drawn where the one before ended (the extra marks pile up over the
 * letter, as they would), so one letter with 160,000 accents costs no more
 * than as many letters.
 */
export const MAX_MARK_RUN = 30;

/** The font's shaping, with runs of more than MAX_MARK_RUN marks cut (a cheap test first: such a run is longer than the limit). */
function shapeBounded(font: ShapingFont, text: string): ShapedRun {
  const cuts = text.length > MAX_MARK_RUN ? markRunCuts(text) : [];
  if (cuts.length === 0) return font.shape(text);
  const whole: ShapedRun = { ids: [], clusters: [], xAdvance: [], xOffset: [], yOffset: [] };
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    const run = font.shape(text.slice(start, cut));
    for (let i = 0; i < run.ids.length; i += 1) {
      whole.ids.push(run.ids[i]!);
      whole.clusters.push(run.clusters[i]! + start);
      whole.xAdvance.push(run.xAdvance[i]!);
      whole.xOffset.push(run.xOffset[i]!);
      whole.yOffset.push(run.yOffset[i]!);
    }
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
 * entry), from HarfBuzz's clusters (one per character, merged where glyphs
 * merge characters): the first glyph of a cluster stands for the characters
 * of the cluster (a ligature for its letters, a letter and its mark composed
 * into one glyph for both), any further glyph of the cluster for none (a
 * letter decomposed into a base and a mark). A default-ignorable character
 * such as a soft hyphen is drawn as the space glyph with no width: it stands
 * for a space, as the space glyph's CID does wherever it is drawn first. The
 * result depends on the text and the font only.
 */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

export function codePointsOf(text: string, run: Pick<ShapedRun, 'ids' | 'clusters'>, spaceGlyph: number): number[][] {
  const simple = oneGlyphPerUnit(text, run.clusters);
  if (simple !== undefined)
    return simple.map((code, i) => (code !== 0x20 && run.ids[i] === spaceGlyph && IGNORABLE.test(String.fromCharCode(code)) ? [0x20] : [code]));
  return codePointsByClusters(text, run, spaceGlyph);
}

/** codePointsOf for any clusters. */
export function codePointsByClusters(text: string, run: Pick<ShapedRun, 'ids' | 'clusters'>, spaceGlyph: number): number[][] {
  const starts = [...new Set(run.clusters)].sort((a, b) => a - b);
  const ends = new Map<number, number>();
  starts.forEach((start, i) => ends.set(start, starts[i + 1] ?? text.length));
  const first = starts[0];
  const seen = new Set<number>();
  return run.clusters.map((cluster, i) => {
    if (seen.has(cluster)) return [];
    seen.add(cluster);
    // Characters before the first cluster (none in practice) go with it.
    const points = Array.from(text.slice(cluster === first ? 0 : cluster, ends.get(cluster)), (c) => c.codePointAt(0)!);
    if (points.length === 1 && run.ids[i] === spaceGlyph && IGNORABLE.test(String.fromCodePoint(points[0]!))) return [0x20];
    return points;
  });
}

/**
 * The UTF-16 code units of `text` when the glyphs are one per code unit in
 * order (clusters 0, 1, 2 …), as most words are: each glyph then stands for
 * its one character (no unit is half of a surrogate pair, which would share
 * a cluster), what the general case gives, without sets, maps and slices.
 * Otherwise undefined. A space is no default-ignorable character, so only
 * other characters drawn as the space glyph need the test.
 */
function oneGlyphPerUnit(text: string, clusters: readonly number[]): number[] | undefined {
  if (clusters.length !== text.length) return undefined;
  const codes: number[] = [];
  for (let i = 0; i < clusters.length; i += 1) {
    if (clusters[i] !== i) return undefined;
    codes.push(text.charCodeAt(i));
  }
  return codes;
}

/** The shaper of a parsed font, shared by every document of the context that uses the font. */
export function shaperFor(font: ShapingFont, scale: number, caches: PdfCaches): Shaper {
  let shaper = caches.shapers.get(font);
  if (shaper === undefined) {
    shaper = new Shaper(font, scale);
    caches.shapers.set(font, shaper);
  }
  return shaper;
}
