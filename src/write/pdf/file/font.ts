/**
 * A TrueType (or CFF) face embedded in one document as a composite font
 * (PDF 32000-1, 9.7): a Type0 font with Identity-H encoding over a
 * CIDFontType2 whose CIDs are the glyph ids of a subset font file, with /W
 * widths and a ToUnicode CMap so text extraction, search and screen readers
 * get the letters back.
 *
 * The subset is fontkit's (public API: createSubset, includeGlyph, encode),
 * or the same bytes made faster from the font file (subset.ts). fontkit
 * numbers the glyphs of a subset in the order they are included, glyph 0
 * (.notdef) first; the CIDs written in the content streams are those
 * numbers, and `embed` checks fontkit agrees.
 */
import { createHash } from 'node:crypto';
import type { Font } from 'fontkit';
import type { PdfFile } from './file.js';
import { type PdfDict, type Ref, Text } from './objects.js';

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

/**
 * A ToUnicode CMap (PDF 32000-1, 9.10.3; Adobe technical note 5411) for
 * 2-byte codes 0..n-1: bfrange lines of up to 256 codes, each with an array
 * of destination strings. A glyph that stands for no text maps to nothing
 * (U+FFFD would put a replacement character into extracted text).
 */
export function toUnicodeCMap(unicode: ReadonlyArray<readonly number[] | undefined>): string {
  const ranges: string[] = [];
  for (let start = 0; start < unicode.length; start += 256) {
    const end = Math.min(start + 256, unicode.length);
    const entries: string[] = [];
    for (let code = start; code < end; code += 1) entries.push(`<${utf16Hex(unicode[code] ?? [])}>`);
    ranges.push(`<${hex4(start)}> <${hex4(end - 1)}> [${entries.join(' ')}]`);
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
    `${ranges.length} beginbfrange`,
    ...ranges,
    'endbfrange',
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
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
  /** /W widths by CID (subset glyph id). */
  readonly widths: number[];
  /** ToUnicode code points by CID. */
  readonly unicode: Array<number[] | undefined>;
  /** The font's glyph id of each CID. */
  private readonly glyphs: number[] = [0];
  /** CID by the font's glyph id. */
  private readonly cids = new Map<number, number>([[0, 0]]);
  /** The Type0 font dictionary (made on first use). */
  private dictionary: Ref | undefined;

  constructor(
    /** The resource name in content streams (F1). */
    readonly id: string,
    readonly font: Font,
    /** A CFF (OpenType 'OTTO') font: embedded as CIDFontType0C. */
    private readonly cff: boolean,
    /** Makes the subset font file for glyph ids in CID order (subset.ts), where fontkit's own would be slow. */
    private readonly subsetter?: (glyphs: readonly number[]) => Uint8Array,
  ) {
    this.scale = 1000 / font.unitsPerEm;
    this.ascender = font.ascent * this.scale;
    this.descender = font.descent * this.scale;
    this.capHeight = font.capHeight * this.scale;
    this.widths = [font.getGlyph(0).advanceWidth * this.scale];
    this.unicode = [[0]];
  }

  /**
   * The CID of a glyph of the font, added to the subset the first time with
   * its width (thousandths of an em) and the code points it stands for.
   */
  include(glyph: number, width: number, codePoints: number[] | undefined): number {
    let cid = this.cids.get(glyph);
    if (cid === undefined) {
      cid = this.glyphs.length;
      this.glyphs.push(glyph);
      this.cids.set(glyph, cid);
      this.widths[cid] = width;
      this.unicode[cid] = codePoints;
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

  /** The subset font file as fontkit encodes it. */
  fontkitSubset(): Uint8Array {
    const subset = this.font.createSubset();
    this.glyphs.forEach((glyph, cid) => {
      // fontkit includes .notdef itself, as CID 0.
      if (cid === 0) return;
      const given = subset.includeGlyph(glyph);
      if (typeof given === 'number' && given !== cid) throw new Error(`fontkit numbered glyph ${glyph} ${given} in the subset, expected ${cid}`);
    });
    return subset.encode();
  }

  /** The subset font file as `embed` writes it. */
  subsetFile(): Uint8Array {
    return this.subsetter ? this.subsetter(this.glyphs) : this.fontkitSubset();
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
      W: [0, this.widths.map((w) => w ?? 0)],
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
