/**
 * Fonts through HarfBuzz, the reference OpenType shaper, in its WebAssembly
 * build (harfbuzzjs, public API only): words shaped with hb-shape, glyph
 * advances, the font's metrics and character map. Used by the PDF writer
 * (shaping, metrics), the DOCX and HTML writers (text widths) and glyph
 * coverage of fonts jdgen does not know (validate/coverage.ts).
 *
 * harfbuzzjs instantiates its WebAssembly module when it is first imported
 * (once per thread, the package's own state); everything jdgen makes from it
 * (fonts, shapers) lives in the caches of a Context.
 */
import type * as HarfbuzzModule from 'harfbuzzjs';

export type Harfbuzz = typeof HarfbuzzModule;

/** harfbuzzjs, loaded on first use: `validate` and the Markdown writer never load it. */
export function loadHarfbuzz(): Promise<Harfbuzz> {
  return import('harfbuzzjs');
}

/** A run of text as hb-shape sets it; lengths in font units. */
export interface ShapedRun {
  /** Glyph ids. */
  readonly ids: number[];
  /** The UTF-16 offset in the text of the character each glyph comes from (HarfBuzz's clusters, one per character). */
  readonly clusters: number[];
  readonly xAdvance: number[];
  readonly xOffset: number[];
  readonly yOffset: number[];
}

const int16 = (table: Uint8Array | undefined, at: number): number =>
  table !== undefined && table.length >= at + 2 ? new DataView(table.buffer, table.byteOffset, table.byteLength).getInt16(at) : 0;

/** HB_GLYPH_FLAG_UNSAFE_TO_BREAK. */
const UNSAFE_TO_BREAK = 1;

/** Glyphs `from` to `to` (exclusive) of a shaped buffer as a run, clusters counted from `offset`. */
function runOf(
  infos: readonly HarfbuzzModule.GlyphInfo[],
  positions: readonly HarfbuzzModule.GlyphPosition[],
  from: number,
  to: number,
  offset: number,
): ShapedRun {
  const run: ShapedRun = { ids: [], clusters: [], xAdvance: [], xOffset: [], yOffset: [] };
  for (let i = from; i < to; i += 1) {
    const info = infos[i]!;
    const position = positions[i]!;
    run.ids.push(info.codepoint);
    run.clusters.push(info.cluster - offset);
    run.xAdvance.push(position.xAdvance);
    run.xOffset.push(position.xOffset);
    run.yOffset.push(position.yOffset);
  }
  return run;
}

/**
 * The script HarfBuzz's guess (hb_buffer_guess_segment_properties: the
 * script of the first character that is not Common or Inherited) gives a
 * text, for the texts shapeMany may join: 'Latn', 'Cyrl', or '' when every
 * character is Common (digits, punctuation); undefined when the text holds
 * any character outside the few blocks checked here (whose script
 * properties have been settled for decades), marks included.
 */
export function guessedScript(text: string): string | undefined {
  let script = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    let own: string;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0xaa || c === 0xba || (c >= 0xc0 && c <= 0x2af && c !== 0xd7 && c !== 0xf7)) own = 'Latn';
    else if (c >= 0x400 && c <= 0x4ff && !(c >= 0x483 && c <= 0x489)) own = 'Cyrl';
    else if ((c >= 0x21 && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e) || (c >= 0xa0 && c <= 0xbf) || c === 0xd7 || c === 0xf7) own = '';
    else if ((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || c === 0x20ac || c === 0x20bc || c === 0x2116) own = '';
    else return undefined;
    if (script === '') script = own;
  }
  return script;
}

/** HarfBuzz's cluster level 1 (HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS): a mark keeps a cluster of its own. */
const MONOTONE_CHARACTERS = 1;

/**
 * One TrueType or OpenType font: HarfBuzz's face and font (at its design
 * units, so positions are integers in font units, as in the font's tables)
 * and the metrics the writers read.
 */
export class ShapingFont {
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  /** hhea ascender and descender (descender negative). */
  readonly ascent: number;
  readonly descent: number;
  /** OS/2 sCapHeight (the ascender when the font has none) and sxHeight (0 when none). */
  readonly capHeight: number;
  readonly xHeight: number;
  /** post italicAngle, in degrees. */
  readonly italicAngle: number;
  /** head's bounding box of all glyphs. */
  readonly bbox: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
  /** The PostScript name (name ID 6), or null. */
  readonly postscriptName: string | null;
  private readonly face: HarfbuzzModule.Face;
  private readonly font: HarfbuzzModule.Font;
  private readonly buffer: HarfbuzzModule.Buffer;
  /** The hmtx table's long metrics (a copy: the table HarfBuzz hands out lives in memory that may move), or undefined to ask HarfBuzz for every advance. */
  private readonly longMetrics: DataView | undefined;
  /** How many glyphs have a long metric of their own (hhea numberOfHMetrics), 0 with no copy. */
  private readonly longMetricsCount: number;

  constructor(
    private readonly hb: Harfbuzz,
    /** The font file (a single font; style.yaml's check refused collections). */
    readonly data: Uint8Array,
  ) {
    this.face = new hb.Face(new hb.Blob(data), 0);
    this.font = new hb.Font(this.face);
    this.buffer = new hb.Buffer();
    this.unitsPerEm = this.face.upem;
    const head = this.face.referenceTable('head');
    const hhea = this.face.referenceTable('hhea');
    const os2 = this.face.referenceTable('OS/2');
    const post = this.face.referenceTable('post');
    const maxp = this.face.referenceTable('maxp');
    if (head === undefined || hhea === undefined || maxp === undefined) throw new Error('the font has no head, hhea or maxp table');
    this.numGlyphs = new DataView(maxp.buffer, maxp.byteOffset, maxp.byteLength).getUint16(4);
    this.ascent = int16(hhea, 4);
    this.descent = int16(hhea, 6);
    // OS/2 version 2 and later carry sxHeight and sCapHeight.
    const os2Version = os2 !== undefined && os2.length >= 2 ? (os2[0]! << 8) | os2[1]! : 0;
    this.xHeight = os2Version >= 2 ? int16(os2, 86) : 0;
    this.capHeight = os2Version >= 2 ? int16(os2, 88) : this.ascent;
    this.italicAngle = post !== undefined && post.length >= 8 ? new DataView(post.buffer, post.byteOffset, post.byteLength).getInt32(4) / 65536 : 0;
    this.bbox = { minX: int16(head, 36), minY: int16(head, 38), maxX: int16(head, 40), maxY: int16(head, 42) };
    // A font without variations: HarfBuzz's advance of a glyph with a long metric is that metric's advance (the font's scale is its em).
    const count = hhea.length >= 36 ? new DataView(hhea.buffer, hhea.byteOffset, hhea.byteLength).getUint16(34) : 0;
    const variable = this.face.referenceTable('fvar') !== undefined;
    const hmtx = this.face.referenceTable('hmtx')?.slice();
    const usable = !variable && hmtx !== undefined && hmtx.length >= count * 4;
    this.longMetrics = usable ? new DataView(hmtx.buffer, 0, count * 4) : undefined;
    this.longMetricsCount = usable ? count : 0;
    const name = this.face.getName(6, 'en');
    this.postscriptName = name === '' ? null : name;
  }

  /** The text shaped by HarfBuzz with its default features (kerning, marks, ligatures), left to right or as the script runs. */
  shape(text: string): ShapedRun {
    const { infos, positions } = this.shapeBuffer(text);
    return runOf(infos, positions, 0, infos.length, 0);
  }

  /**
   * Texts shaped in one HarfBuzz call, joined by spaces, each cut back out
   * where HarfBuzz says the result is the same as shaping it alone: the text
   * starts and ends on a cluster boundary that is not unsafe to break
   * (HB_GLYPH_FLAG_UNSAFE_TO_BREAK, whose absence HarfBuzz documents as "the
   * exact same result one would get if breaking input text at the beginning
   * of this cluster and shaping the two sides separately"). A text where
   * that does not hold gets undefined (shape it alone). HarfBuzz guesses one
   * script and direction for the whole buffer, so the caller joins only texts
   * whose own guess is the same (see guessedScript). A call into HarfBuzz
   * costs about as much as shaping a short word, so a paragraph's new words
   * together cost a fraction of what they cost one by one.
   */
  shapeMany(texts: readonly string[]): Array<ShapedRun | undefined> {
    const { infos, positions } = this.shapeBuffer(texts.join(' '));
    const runs: Array<ShapedRun | undefined> = [];
    for (let i = 1; i < infos.length; i += 1) if (infos[i]!.cluster < infos[i - 1]!.cluster) return texts.map(() => undefined);
    const safeAt = (glyph: number, cluster: number): boolean =>
      glyph < infos.length && infos[glyph]!.cluster === cluster && (infos[glyph]!.flags & UNSAFE_TO_BREAK) === 0;
    let glyph = 0;
    let start = 0;
    texts.forEach((text, k) => {
      const end = start + text.length;
      const first = glyph;
      const opens = first < infos.length && infos[first]!.cluster === start && (k === 0 || safeAt(first, start));
      while (glyph < infos.length && infos[glyph]!.cluster < end) glyph += 1;
      const closes = k === texts.length - 1 ? glyph === infos.length : safeAt(glyph, end);
      runs.push(opens && closes && glyph > first ? runOf(infos, positions, first, glyph, start) : undefined);
      // The joining space's glyphs.
      while (glyph < infos.length && infos[glyph]!.cluster <= end) glyph += 1;
      start = end + 1;
    });
    return runs;
  }

  private shapeBuffer(text: string): { infos: HarfbuzzModule.GlyphInfo[]; positions: HarfbuzzModule.GlyphPosition[] } {
    const { buffer, hb } = this;
    buffer.reset();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    buffer.setClusterLevel(MONOTONE_CHARACTERS);
    hb.shape(this.font, buffer);
    return { infos: buffer.getGlyphInfos(), positions: buffer.getGlyphPositions() };
  }

  /** The advance width of a glyph (hmtx), in font units. */
  advanceOf(glyph: number): number {
    // Read from the table in JavaScript: a call into WebAssembly per glyph cost a cold build about 12 ms.
    if (glyph < this.longMetricsCount) return this.longMetrics!.getUint16(glyph * 4);
    return this.font.glyphHAdvance(glyph);
  }

  /** A glyph's outline as an SVG path (empty for a glyph without one). */
  glyphPath(glyph: number): string {
    return this.font.glyphToPath(glyph);
  }

  /** The glyph the character map gives a code point, 0 (.notdef) when none. */
  glyphFor(codePoint: number): number {
    return this.font.nominalGlyph(codePoint) ?? 0;
  }

  /** Advance of a shaped text in font units. */
  advanceWidth(text: string): number {
    let width = 0;
    for (const advance of this.shape(text).xAdvance) width += advance;
    return width;
  }

  /** The code points the font's character map covers. */
  characterSet(): Uint32Array {
    return this.face.collectUnicodes();
  }
}
