// The part of fontkit (pdfkit's font engine) jdgen uses; the package ships no types.
declare module 'fontkit' {
  export interface Font {
    familyName: string;
    unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string): { advanceWidth: number };
  }
  export function openSync(path: string): Font;
  export function create(buffer: Buffer): Font;
}
