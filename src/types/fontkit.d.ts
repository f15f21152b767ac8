// The part of fontkit jdgen uses, as its README documents it; the package ships no types.
declare module 'fontkit' {
  export interface Glyph {
    readonly id: number;
    /** The code points the glyph stands for (as first made: see src/write/pdf/shaping.ts). */
    readonly codePoints: number[];
    readonly advanceWidth: number;
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface GlyphRun {
    readonly glyphs: Glyph[];
    readonly positions: GlyphPosition[];
    readonly advanceWidth: number;
  }
  export interface Subset {
    includeGlyph(glyph: number | Glyph): unknown;
    encode(): Uint8Array;
  }
  export interface Font {
    readonly postscriptName: string | null;
    readonly familyName: string;
    readonly unitsPerEm: number;
    readonly ascent: number;
    readonly descent: number;
    readonly capHeight: number;
    readonly xHeight: number;
    readonly italicAngle: number;
    readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
    readonly numGlyphs: number;
    readonly characterSet: number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    getGlyph(id: number, codePoints?: number[]): Glyph;
    layout(text: string): GlyphRun;
    createSubset(): Subset;
  }
  export function openSync(path: string): Font;
  export function create(buffer: Buffer | Uint8Array): Font;
}
