/**
 * Text on the page, written from the glyphs the shaper already knows.
 *
 * The glyphs and their positions are those pdfkit's `text()` wrote (a unit
 * test compares the pages with pdfkit's): the glyphs as 2-byte codes of the
 * subset font in TJ arrays, kerning and the widened spaces of justified lines
 * as TJ adjustments, a text matrix for each glyph that has an offset
 * (combining marks). Each glyph is registered with the document's embedded
 * font the first time the document draws it (subset, /W width, ToUnicode code
 * points). Positions are computed with the same operations, so they are the
 * same numbers to the last bit (a rasteriser rounds them, and a different
 * last bit can move a glyph by a pixel), in an upright coordinate system
 * (q, a flipping cm, Q). Glyph codes are literal strings of 2 bytes, zero
 * adjustments are left out, and the texts of a paragraph's lines share one
 * text object.
 *
 * Operators are written as bytes into a buffer (content streams are bytes;
 * building strings and converting them costs more than the text itself).
 */
import { pdfNumber, serialize, Text } from './file/objects.js';
import { type DocFace, type Face, type Pdf, docFace } from './fonts.js';
import type { Shaped } from './shaping.js';

export { pdfNumber };

/** A growable byte buffer. */
class Bytes {
  data = new Uint8Array(4096);
  length = 0;

  private room(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + extra) size *= 2;
    const data = new Uint8Array(size);
    data.set(this.data.subarray(0, this.length));
    this.data = data;
  }

  /** Characters 0-127. */
  ascii(text: string): void {
    this.room(text.length);
    const { data } = this;
    let at = this.length;
    for (let i = 0; i < text.length; i += 1) data[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** A number as content streams have it (pdfNumber). */
  number(n: number): void {
    const rounded = pdfNumber(n);
    // Justified words end in the same adjustment, a line's texts share a baseline.
    if (rounded !== this.lastNumber) {
      this.lastNumber = rounded;
      this.lastWritten = String(rounded);
    }
    this.ascii(this.lastWritten);
  }

  private lastNumber = NaN;
  private lastWritten = '';

  /** Bytes [from, to) of `source`. */
  copy(source: Uint8Array, from: number, to: number): void {
    this.room(to - from);
    const { data } = this;
    let at = this.length;
    for (let i = from; i < to; i += 1) data[at++] = source[i]!;
    this.length = at;
  }

  /** A subset glyph id as the 2 bytes of a literal string: \, ( and ) escaped, and CR/LF (readers normalise line ends). */
  code(gid: number): void {
    this.room(4);
    this.byte(gid >> 8);
    this.byte(gid & 0xff);
  }

  private byte(byte: number): void {
    const { data } = this;
    switch (byte) {
      case 0x5c:
      case 0x28:
      case 0x29:
        data[this.length++] = 0x5c;
        data[this.length++] = byte;
        break;
      case 0x0d:
        data[this.length++] = 0x5c;
        data[this.length++] = 0x72; // r
        break;
      case 0x0a:
        data[this.length++] = 0x5c;
        data[this.length++] = 0x6e; // n
        break;
      default:
        data[this.length++] = byte;
    }
  }
}

/**
 * The pieces one document has drawn in one face, encoded: the glyph codes
 * grouped as pdfkit groups them in TJ arrays, in one byte buffer. A glyph
 * whose advance differs from its width (kerning) ends a segment, followed by
 * the difference. All glyphs but the last are fixed; the last one's advance
 * may still be widened (justification), so it is kept apart. Each piece has
 * five offsets into the buffer, at Shaped.encodedAt in `ranges`:
 *
 *   [lead, body)  codes up to and including the first kerned glyph, then ") adjustment "
 *   [body, rest)  whole segments after it, "(codes) adjustment " each
 *   [rest, last)  codes after the last kerned glyph, before the last glyph
 *   [last, end)   the last glyph's code
 *
 * Reused from one document to the next (clear()).
 */
export class Encodings {
  readonly bytes = new Bytes();
  ranges = new Int32Array(5 * 256);
  private count = 0;
  /** Marks the pieces encoded here (Shaped.encodedIn), and no others: each document's (reused) encodings get a new one. */
  generation: number;

  /** `generations`: the context's counter (PdfCaches.lastGeneration): a piece is shaped and encoded within one context. */
  constructor(private readonly generations: { lastGeneration: number }) {
    this.generation = generations.lastGeneration += 1;
  }

  /** Where a piece's offsets are in `ranges`, or -1. */
  find(shaped: Shaped): number {
    return shaped.encodedIn === this.generation ? shaped.encodedAt : -1;
  }

  /** Records a piece's offsets; returns where they are in `ranges`. */
  add(shaped: Shaped, lead: number, body: number, rest: number, last: number, end: number): number {
    const at = 5 * this.count;
    if (at + 5 > this.ranges.length) {
      const ranges = new Int32Array(2 * this.ranges.length);
      ranges.set(this.ranges);
      this.ranges = ranges;
    }
    const { ranges } = this;
    ranges[at] = lead;
    ranges[at + 1] = body;
    ranges[at + 2] = rest;
    ranges[at + 3] = last;
    ranges[at + 4] = end;
    this.count += 1;
    shaped.encodedIn = this.generation;
    shaped.encodedAt = at;
    return at;
  }

  clear(): void {
    this.generation = this.generations.lastGeneration += 1;
    this.count = 0;
    this.bytes.length = 0;
  }
}

/**
 * Registers glyph i of a piece with the document's subset font the first
 * time the document uses it (subset, /W width, ToUnicode code points);
 * returns its id in the subset.
 */
function subsetId(face: DocFace, shaped: Shaped, i: number): number {
  const id = shaped.ids[i]!;
  // Subset ids + 1 by font glyph id (0: not in the subset yet).
  let gid = face.gids[id]! - 1;
  if (gid < 0) {
    gid = face.embedded.include(id, shaped.advanceWidth[i]!, shaped.codePoints[i]);
    face.gids[id] = gid + 1;
  }
  return gid;
}

/** A TJ adjustment: the glyph's width minus its advance, in thousandths of an em. */
const adjustment = (shaped: Shaped, i: number): number => -(shaped.xAdvance[i]! - shaped.advanceWidth[i]!);

/** Where a piece's encoding is in `encodings.ranges`, made the first time the document draws the piece. */
function encode(face: DocFace, shaped: Shaped): number {
  const { encodings } = face;
  const known = encodings.find(shaped);
  if (known >= 0) return known;
  const { bytes } = encodings;
  const last = shaped.ids.length - 1;
  const { kerned } = shaped;
  const lead = bytes.length;
  let body = lead;
  let rest = lead;
  let from = 0;
  for (let n = 0; n < kerned.length; n += 1) {
    const k = kerned[n]!;
    if (n > 0) bytes.ascii('(');
    for (let i = from; i <= k; i += 1) bytes.code(subsetId(face, shaped, i));
    bytes.ascii(') ');
    bytes.number(adjustment(shaped, k));
    bytes.ascii(' ');
    if (n === 0) body = bytes.length;
    rest = bytes.length;
    from = k + 1;
  }
  for (let i = from; i < last; i += 1) bytes.code(subsetId(face, shaped, i));
  const lastAt = bytes.length;
  if (last >= 0) bytes.code(subsetId(face, shaped, last));
  return encodings.add(shaped, lead, body, rest, lastAt, bytes.length);
}

/**
 * Writes the TJ arrays of one text (a run of pieces) as pdfkit's `_fragment`
 * does: glyphs are grouped into segments that end where a glyph's advance
 * differs from its width (kerning, word spacing); a glyph with an offset gets
 * a text matrix of its own.
 */
class Showing {
  private inArray = false;
  private inSegment = false;
  private hadOffset = false;

  constructor(
    private readonly out: Bytes,
    private x: number,
    /** In PDF's upward coordinates (pdfkit flips its own around each text). */
    private readonly y: number,
    /** Size / 1000: text space units per thousandth of an em. */
    private readonly scale: number,
  ) {}

  private open(): void {
    if (!this.inArray) {
      this.out.ascii('[');
      this.inArray = true;
    }
    if (!this.inSegment) {
      this.out.ascii('(');
      this.inSegment = true;
    }
  }

  /** Ends the segment: the adjustment after its last glyph (none when 0). */
  private close(adjust: number): void {
    const written = pdfNumber(-adjust);
    if (written === 0) {
      this.out.ascii(')');
    } else {
      this.out.ascii(') ');
      this.out.ascii(String(written));
      this.out.ascii(' ');
    }
    this.inSegment = false;
  }

  /** Ends the TJ array. */
  flush(): void {
    if (this.inSegment) {
      this.out.ascii(')');
      this.inSegment = false;
    }
    if (this.inArray) {
      this.out.ascii('] TJ\n');
      this.inArray = false;
    }
  }

  /**
   * Adds a piece without glyph offsets from its encoding; `extra` widens the
   * advance of its last glyph (justification). The pen position is not
   * needed: no glyph of the text has an offset.
   */
  addPlain(encodings: Encodings, at: number, shaped: Shaped, extra: number): void {
    const { ranges } = encodings;
    const bytes = encodings.bytes.data;
    const lead = ranges[at]!;
    const body = ranges[at + 1]!;
    const rest = ranges[at + 2]!;
    const lastAt = ranges[at + 3]!;
    const end = ranges[at + 4]!;
    if (end === lastAt) return;
    const { out } = this;
    if (body > lead) {
      this.open();
      out.copy(bytes, lead, rest);
      this.inSegment = false;
    }
    if (lastAt > rest) {
      this.open();
      out.copy(bytes, rest, lastAt);
    }
    this.open();
    out.copy(bytes, lastAt, end);
    const last = shaped.ids.length - 1;
    // The same operations as pdfkit: the widened advance, then the difference.
    const adjust = shaped.xAdvance[last]! + extra - shaped.advanceWidth[last]!;
    if (adjust !== 0) this.close(adjust);
  }

  /** Adds a piece glyph by glyph, following the pen (for texts with glyph offsets). */
  add(face: DocFace, shaped: Shaped, extra: number): void {
    const last = shaped.ids.length - 1;
    const { xAdvance, advanceWidth, xOffset, yOffset } = shaped;
    const { out } = this;
    for (let i = 0; i <= last; i += 1) {
      const gid = subsetId(face, shaped, i);
      const advance = i === last ? xAdvance[i]! + extra : xAdvance[i]!;
      const adjust = advance - advanceWidth[i]!;
      const dx = xOffset[i]!;
      const dy = yOffset[i]!;
      if (dx || dy) {
        this.flush();
        out.ascii('1 0 0 1 ');
        out.number(this.x + dx * this.scale);
        out.ascii(' ');
        out.number(this.y + dy * this.scale);
        out.ascii(' Tm\n');
        this.open();
        out.code(gid);
        this.close(adjust);
        this.flush();
        this.hadOffset = true;
      } else {
        if (this.hadOffset) {
          out.ascii('1 0 0 1 ');
          out.number(this.x);
          out.ascii(' ');
          out.number(this.y);
          out.ascii(' Tm\n');
          this.hadOffset = false;
        }
        this.open();
        out.code(gid);
        if (adjust !== 0) this.close(adjust);
      }
      this.x += advance * this.scale;
    }
  }
}

/** Whitespace as pdfkit's regular expressions see it (\s). */
const WHITESPACE = /\s/;

/** The bytes of a document's texts before they go to the page, and which TextOut writes them now. */
export class TextBuffer {
  readonly bytes = new Bytes();
  owner: TextOut | undefined;

  clear(): void {
    this.bytes.length = 0;
    this.owner = undefined;
  }
}

/**
 * Texts for one stretch of drawing (the lines of a paragraph on one page),
 * written as one text object in one upright coordinate system (q, a
 * flipping cm, BT ... ET, Q), where pdfkit writes all of that around each
 * text. Each text is placed by its own text matrix, at the coordinates pdfkit
 * computes. Call flush() before anything else is drawn (a colour change, a
 * line, a new page).
 */
export class TextOut {
  /** The font and size set last in this text object. */
  private font = '';
  private readonly buffer: TextBuffer;

  constructor(private readonly pdf: Pdf) {
    this.buffer = pdf.text;
  }

  /**
   * Draws `text` in `face` at `size` with its baseline at (x, baseline), as
   * `doc.text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic',
   * wordSpacing })` would: with word spacing, words are drawn without their
   * spaces and each gap is the width of a space plus `wordSpacing`.
   */
  text(face: Face, size: number, text: string, x: number, baseline: number, wordSpacing = 0): void {
    // As pdfkit's _text and _fragment prepare the text.
    if (wordSpacing) text = text.replace(/\s{2,}/g, ' ');
    if (text.includes('\n')) text = text.replace(/\n/g, '');
    if (text.length === 0) return;
    const { shaper } = docFace(this.pdf, face);
    const pieces: Shaped[] = [];
    if (wordSpacing) {
      // A word has no whitespace left in it: pdfkit shapes it as one piece.
      if (WHITESPACE.test(text)) for (const word of text.trim().split(/\s+/)) pieces.push(shaper.shape(word));
      else pieces.push(shaper.shape(text));
    } else {
      shaper.forEachPiece(text, (shaped) => pieces.push(shaped));
    }
    this.pieces(face, size, pieces, x, baseline, wordSpacing);
  }

  /**
   * Draws the words of a line (with `spaced[i]`: a space follows word i) as
   * text() draws them joined by spaces: the words are shaped already.
   */
  words(face: Face, size: number, words: readonly Shaped[], spaced: readonly boolean[], x: number, baseline: number, wordSpacing: number): void {
    const space = docFace(this.pdf, face).shaper.shape(' ');
    if (wordSpacing) {
      // A justified line: each gap is a real space character (so the text,
      // read from the structure, has its spaces) followed by the stretch;
      // the words sit where a word and its widened gap would put them.
      let spaceAdvance = 0;
      for (const advance of space.xAdvance) spaceAdvance += advance;
      const pieces: Shaped[] = [];
      const extras: number[] = [];
      const extra = this.gap(face, size, wordSpacing);
      words.forEach((word, i) => {
        pieces.push(word);
        if (spaced[i]) {
          extras.push(0);
          pieces.push(space);
          extras.push(extra - spaceAdvance);
        } else extras.push(extra);
      });
      this.pieces(face, size, pieces, x, baseline, wordSpacing, extras);
      return;
    }
    const pieces: Shaped[] = [];
    words.forEach((word, i) => {
      pieces.push(word);
      if (spaced[i]) pieces.push(space);
    });
    this.pieces(face, size, pieces, x, baseline, 0);
  }

  /** The advance that replaces each space with word spacing, in thousandths of an em. */
  private gap(face: Face, size: number, wordSpacing: number): number {
    const spaceWidth = (docFace(this.pdf, face).shaper.advance(' ') * (size / 1000) * 100) / 100;
    return (wordSpacing + spaceWidth) * (1000 / size);
  }

  /** Draws shaped pieces one after the other; with word spacing, each is a word followed by a widened space. */
  private pieces(face: Face, size: number, pieces: readonly Shaped[], x: number, baseline: number, wordSpacing: number, extras?: readonly number[]): void {
    const drawn = docFace(this.pdf, face);
    const extra = wordSpacing ? this.gap(face, size, wordSpacing) : 0;
    const out = this.begin();
    // pdfkit's user space runs down the page: the text goes in a coordinate
    // system flipped back upright, at the same y pdfkit computes.
    const y = this.pdf.doc.page.height - baseline;
    out.ascii('1 0 0 1 ');
    out.number(x);
    out.ascii(' ');
    out.number(y);
    out.ascii(' Tm\n');
    const font = `/${drawn.embedded.id} ${pdfNumber(size)} Tf\n`;
    if (font !== this.font) out.ascii(font);
    this.font = font;
    const showing = new Showing(out, x, y, size / 1000);
    let offsets = false;
    for (const shaped of pieces) offsets ||= shaped.offsets;
    if (offsets) {
      pieces.forEach((shaped, i) => showing.add(drawn, shaped, extras?.[i] ?? extra));
    } else {
      pieces.forEach((shaped, i) => {
        const at = encode(drawn, shaped);
        showing.addPlain(drawn.encodings, at, shaped, extras?.[i] ?? extra);
      });
    }
    showing.flush();
    this.pdf.doc.useFont(drawn.embedded);
  }

  /** Starts the text object of this TextOut, if it has not started yet; its bytes. */
  private begin(): Bytes {
    const { buffer } = this;
    if (buffer.owner !== this) {
      if (buffer.owner !== undefined) throw new Error('two texts written at once (TextOut not flushed)');
      buffer.owner = this;
      buffer.bytes.ascii(`q\n1 0 0 -1 0 ${pdfNumber(this.pdf.doc.page.height)} cm\nBT\n`);
    }
    return buffer.bytes;
  }

  /**
   * The text drawn until endActualText() stands for `actualText` when it is
   * copied, searched or read aloud (a /Span with /ActualText, PDF 32000-1,
   * 14.9.4): a part of a hyphenated word. Inside the text object, where the
   * font and matrices of its glyphs are in force.
   */
  beginActualText(actualText: string): void {
    this.begin().ascii(`/Span <</ActualText ${serialize(new Text(actualText))}>> BDC\n`);
  }

  endActualText(): void {
    this.begin().ascii('EMC\n');
  }

  /** Writes the texts so far to the page. */
  flush(): void {
    const { buffer } = this;
    if (buffer.owner !== this) return;
    const { bytes } = buffer;
    bytes.ascii('ET\nQ\n');
    // A copy the page keeps.
    this.pdf.doc.addContent(bytes.data.slice(0, bytes.length));
    buffer.bytes.length = 0;
    buffer.owner = undefined;
    this.font = '';
  }
}

/** Draws one text on its own (see TextOut.text). */
export function showText(pdf: Pdf, face: Face, size: number, text: string, x: number, baseline: number, wordSpacing = 0): void {
  const out = new TextOut(pdf);
  out.text(face, size, text, x, baseline, wordSpacing);
  out.flush();
}
