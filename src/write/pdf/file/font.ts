/**
 * A TrueType (or CFF) face embedded in one document as a composite font
 * (PDF 32000-1, 9.7): a Type0 font with Identity-H encoding over a
 * CIDFontType2 whose CIDs are the glyph ids of its font program (/CIDToGIDMap
 * /Identity), with /W widths and a ToUnicode CMap so text extraction, search
 * and screen readers get the letters back. The font program is a subset of
 * the glyphs drawn: copied from a TrueType file with the glyphs numbered in
 * order of first use (truetype-subset.ts), or HarfBuzz's, glyph ids kept
 * (subset.ts), for the fonts the copy does not handle.
 */
import { createHash } from 'node:crypto';
import type { ShapingFont } from '../../harfbuzz.js';
import type { PdfFile } from './file.js';
import { type PdfDict, type PdfValue, type Ref, Text } from './objects.js';

/** Makes a face's subset font files. */
export interface FontProgram {
  /** Whether the subset keeps the font's glyph ids (CID = glyph id), or numbers the glyphs in the order given (CID = order of first use). */
  readonly keepsGlyphIds: boolean;
  /** The subset font file for the font's glyph ids `glyphs`, in CID order (.notdef first). */
  subset(glyphs: readonly number[]): Uint8Array;
}

/** Hexadecimal UTF-16 code units of code points, as a ToUnicode CMap writes them. */
function utf16Hex(codePoints: readonly number[]): string {
  const units: string[] = [];
  for (let value of codePoints) {
    if (value > 0xffff) {
      value -= 0x10000;
      units.push((((value >>> 10) & 0x3ff) | 0xd800).toString(16).padStart(4, '0'));
      value = 0xdc00 | (value & 0x3ff);
    }
    units.push(value.toString(16).padStart(4, '0'));
  }
  return units.join('');
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Consecutive keys of a sorted list, split where a run would cross a multiple of 256 (a bfrange keeps its high byte). */
function runs(keys: readonly number[]): number[][] {
  const out: number[][] = [];
  for (const key of keys) {
    const run = out[out.length - 1];
    if (run !== undefined && key === run[run.length - 1]! + 1 && key % 256 !== 0) run.push(key);
    else out.push([key]);
  }
  return out;
}

/**
 * A ToUnicode CMap (PDF 32000-1, 9.10.3; Adobe technical note 5411) for the
 * 2-byte codes (CIDs) a document uses: bfrange lines over runs of
 * consecutive codes, each with an array of destination strings, at most 100
 * lines per block. A glyph that stands for no text maps to nothing (U+FFFD
 * would put a replacement character into extracted text).
 */
export function toUnicodeCMap(unicode: ReadonlyMap<number, readonly number[] | undefined>): string {
  const ranges = runs([...unicode.keys()].sort((a, b) => a - b)).map(
    (run) => `<${hex4(run[0]!)}> <${hex4(run[run.length - 1]!)}> [${run.map((code) => `<${utf16Hex(unicode.get(code) ?? [])}>`).join(' ')}]`,
  );
  const blocks: string[] = [];
  for (let at = 0; at < ranges.length; at += 100) {
    const block = ranges.slice(at, at + 100);
    blocks.push(`${block.length} beginbfrange`, ...block, 'endbfrange');
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo <<',
    '  /Registry (Adobe)',
    '  /Ordering (UCS)',
    '  /Supplement 0',
    '>> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000><ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** A /W array (PDF 32000-1, 9.7.4.3): `c [w1 w2 …]` for each run of consecutive CIDs. */
export function widthsArray(widths: ReadonlyMap<number, number>): PdfValue[] {
  const out: PdfValue[] = [];
  for (const run of runs([...widths.keys()].sort((a, b) => a - b)))
    out.push(
      run[0]!,
      run.map((cid) => widths.get(cid)!),
    );
  return out;
}

/**
 * The six capital letters that prefix a subset font's name (PDF 32000-1,
 * 9.6.4), from a SHA-256 of its bytes: different subsets get different tags
 * (26^6 of them), so tools that merge PDFs never take one for the other, and
 * the same subset always the same one, so a rebuilt document is byte-identical.
 */
export function subsetTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  let tag = '';
  for (let i = 0; i < 6; i += 1) tag += String.fromCharCode(65 + (digest.readUInt32BE(i * 4) % 26));
  return tag;
}

export class EmbeddedFont {
  /** 1000 / unitsPerEm: widths and positions are in thousandths of an em. */
  readonly scale: number;
  readonly ascender: number;
  readonly descender: number;
  readonly capHeight: number;
  /** /W widths by CID, .notdef's from the start. */
  readonly widths = new Map<number, number>();
  /** ToUnicode code points by CID, for every glyph drawn. */
  readonly unicode = new Map<number, number[] | undefined>();
  /** The font's glyph id of each CID, in order of first use (.notdef first). */
  private readonly glyphs: number[] = [0];
  /** CID by the font's glyph id. */
  private readonly cids = new Map<number, number>([[0, 0]]);
  /** The Type0 font dictionary (made on first use). */
  private dictionary: Ref | undefined;

  constructor(
    /** The resource name in content streams (F1). */
    readonly id: string,
    readonly font: ShapingFont,
    /** A CFF (OpenType 'OTTO') font: embedded as CIDFontType0C. */
    private readonly cff: boolean,
    /** Makes the subset font file. */
    private readonly program: FontProgram,
  ) {
    this.scale = 1000 / font.unitsPerEm;
    this.ascender = font.ascent * this.scale;
    this.descender = font.descent * this.scale;
    this.capHeight = font.capHeight * this.scale;
    this.widths.set(0, font.advanceOf(0) * this.scale);
  }

  /**
   * The CID of a glyph of the font, added to the subset the first time with
   * its width (thousandths of an em) and the code points it stands for.
   */
  include(glyph: number, width: number, codePoints: number[] | undefined): number {
    let cid = this.cids.get(glyph);
    if (cid === undefined) {
      cid = this.program.keepsGlyphIds ? glyph : this.glyphs.length;
      this.glyphs.push(glyph);
      this.cids.set(glyph, cid);
      this.widths.set(cid, width);
      this.unicode.set(cid, codePoints);
    }
    return cid;
  }

  /** The font dictionary's reference, for page resources. */
  ref(file: PdfFile): Ref {
    return (this.dictionary ??= file.ref());
  }

  get used(): boolean {
    return this.dictionary !== undefined;
  }

  /** The subset font file as `embed` writes it: .notdef and the glyphs drawn. */
  subsetFile(): Uint8Array {
    return this.program.subset(this.glyphs);
  }

  /** Writes the font's objects (nothing when no page uses the font). */
  embed(file: PdfFile): void {
    if (this.dictionary === undefined) return;
    const { font, scale } = this;
    const bytes = this.subsetFile();
    const name = `${subsetTag(bytes)}+${(font.postscriptName ?? 'Font').replaceAll(' ', '_')}`;
    const fontFile = file.addStream(this.cff ? { Subtype: 'CIDFontType0C' } : { Length1: bytes.length }, bytes, { deflate: 6 });
    const { bbox } = font;
    // Symbolic (bit 3): the glyphs are addressed by CID, outside any standard character set; italic is bit 7.
    const flags = 4 | (font.italicAngle !== 0 ? 64 : 0);
    const descriptor: PdfDict = {
      Type: 'FontDescriptor',
      FontName: name,
      Flags: flags,
      FontBBox: [bbox.minX * scale, bbox.minY * scale, bbox.maxX * scale, bbox.maxY * scale],
      ItalicAngle: font.italicAngle,
      Ascent: this.ascender,
      Descent: this.descender,
      CapHeight: (font.capHeight || font.ascent) * scale,
      XHeight: (font.xHeight || 0) * scale,
      StemV: 0,
      [this.cff ? 'FontFile3' : 'FontFile2']: fontFile,
    };
    const descendant = file.add({
      Type: 'Font',
      Subtype: this.cff ? 'CIDFontType0' : 'CIDFontType2',
      BaseFont: name,
      CIDSystemInfo: { Registry: new Text('Adobe'), Ordering: new Text('Identity'), Supplement: 0 },
      FontDescriptor: file.add(descriptor),
      W: widthsArray(this.widths),
      ...(this.cff ? {} : { CIDToGIDMap: 'Identity' }),
    });
    const cmap = file.addStream({}, new TextEncoder().encode(toUnicodeCMap(this.unicode)), { deflate: 6 });
    file.set(this.dictionary, {
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: name,
      Encoding: 'Identity-H',
      DescendantFonts: [descendant],
      ToUnicode: cmap,
    });
  }
}
