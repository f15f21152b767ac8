/**
 * TrueType subsets for the embedded fonts, byte for byte what fontkit's
 * TTFSubset.encode writes, at a fraction of its cost.
 *
 * fontkit decodes every glyph's outline again for every document (to find a
 * composite glyph's components) and encodes the tables field by field through
 * restructure. Here each glyph's bytes, components and metrics are read once
 * per context, the tables that never change (head, prep, cvt, fpgm) are taken
 * from a subset fontkit itself encoded, and each document only copies bytes.
 * A unit test compares the result with fontkit's for many glyph sets.
 */
import { createHash } from 'node:crypto';
import type { PdfCaches } from './caches.js';
import { type FontkitFont, type FontSubset, type GlyphRecord, readGlyph, referenceSubset, replaceSubsetEncoder, trueTypeFont } from './internals.js';

export interface FontData {
  readonly font: NonNullable<ReturnType<typeof trueTypeFont>>;
  readonly glyphs: Map<number, GlyphRecord>;
  /** fontkit's tables in its order; hhea, maxp, loca, glyf and hmtx are rewritten per subset. */
  readonly tables: ReadonlyArray<{ readonly tag: string; readonly bytes: Uint8Array }>;
  /** The first 12 bytes of the file (sfnt version and table count). */
  readonly header: Uint8Array;
  readonly longOffsets: boolean;
}

function fontData(font: FontkitFont, fonts: PdfCaches['subsets']): FontData | null {
  let data = fonts.get(font);
  if (data === undefined) {
    const tt = trueTypeFont(font);
    if (tt === undefined) {
      data = null;
    } else {
      const reference = referenceSubset(tt, [0]);
      const tables = [...reference.tables].map(([tag, bytes]) => ({ tag, bytes }));
      const known = new Set(['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm']);
      const version = tt.loca.version;
      // Anything else means fontkit's subsetter changed: leave it to fontkit.
      data =
        tables.every((t) => known.has(t.tag)) && (version === 0 || version === 1)
          ? { font: tt, glyphs: new Map(), tables, header: reference.bytes.slice(0, 12), longOffsets: version === 1 }
          : null;
    }
    fonts.set(font, data);
  }
  return data;
}

/** A glyph's record, read once per context (at most one per glyph of the font: bounded by the font). */
function record(data: FontData, id: number): GlyphRecord {
  let glyph = data.glyphs.get(id);
  if (glyph === undefined) {
    glyph = readGlyph(data.font, id);
    data.glyphs.set(id, glyph);
  }
  return glyph;
}

/** The subset font file for the glyphs of `glyphs` (components are added as found, as fontkit does). */
export function encodeSubset(data: FontData, glyphs: number[], include: (id: number) => number): Uint8Array {
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  const metrics: GlyphRecord[] = [];
  let offset = 0;
  // glyphs grows while composites add their components.
  for (let i = 0; i < glyphs.length; i += 1) {
    const glyph = record(data, glyphs[i]!);
    let bytes = glyph.data;
    if (glyph.components.length > 0) {
      bytes = bytes.slice();
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (const component of glyph.components) view.setUint16(component.pos, include(component.glyphID));
    }
    parts.push(bytes);
    offsets.push(offset);
    metrics.push(glyph);
    offset += bytes.length;
  }
  offsets.push(offset);
  const count = parts.length;

  const tables = data.tables.map(({ tag, bytes }): { tag: string; bytes: Uint8Array } => {
    switch (tag) {
      case 'hhea': {
        const hhea = bytes.slice();
        new DataView(hhea.buffer).setUint16(34, count); // numberOfMetrics
        return { tag, bytes: hhea };
      }
      case 'maxp': {
        const maxp = bytes.slice();
        new DataView(maxp.buffer).setUint16(4, count); // numGlyphs
        return { tag, bytes: maxp };
      }
      case 'loca': {
        const loca = new Uint8Array(offsets.length * (data.longOffsets ? 4 : 2));
        const view = new DataView(loca.buffer);
        offsets.forEach((value, i) => (data.longOffsets ? view.setUint32(4 * i, value) : view.setUint16(2 * i, value >>> 1)));
        return { tag, bytes: loca };
      }
      case 'glyf': {
        const glyf = new Uint8Array(offset);
        let at = 0;
        for (const part of parts) {
          glyf.set(part, at);
          at += part.length;
        }
        return { tag, bytes: glyf };
      }
      case 'hmtx': {
        const hmtx = new Uint8Array(4 * count);
        const view = new DataView(hmtx.buffer);
        metrics.forEach((glyph, i) => {
          view.setUint16(4 * i, glyph.advance);
          view.setInt16(4 * i + 2, glyph.bearing);
        });
        return { tag, bytes: hmtx };
      }
      default:
        return { tag, bytes };
    }
  });

  const directory = 12 + 16 * tables.length;
  const file = new Uint8Array(directory + tables.reduce((sum, t) => sum + t.bytes.length, 0));
  const view = new DataView(file.buffer);
  file.set(data.header, 0);
  let at = directory;
  tables.forEach(({ tag, bytes }, i) => {
    const entry = 12 + 16 * i;
    for (let k = 0; k < 4; k += 1) file[entry + k] = tag.charCodeAt(k);
    // fontkit writes no checksums.
    view.setUint32(entry + 4, 0);
    view.setUint32(entry + 8, at);
    view.setUint32(entry + 12, bytes.length);
    file.set(bytes, at);
    at += bytes.length;
  });
  return file;
}

/** The subset encoder for a font, or undefined when fontkit's own must be used (CFF, variable fonts). */
export function subsetEncoder(font: FontkitFont, caches: PdfCaches): ((glyphs: number[], include: (id: number) => number) => Uint8Array) | undefined {
  const data = fontData(font, caches.subsets);
  return data ? (glyphs, include) => encodeSubset(data, glyphs, include) : undefined;
}

/** Makes one document's subset of `font` encode through the shared glyph records. */
export function useFastSubset(subset: FontSubset, font: FontkitFont, caches: PdfCaches): void {
  const encoder = subsetEncoder(font, caches);
  if (encoder) replaceSubsetEncoder(subset, encoder);
}

/**
 * The six capital letters that prefix a subset font's name, from a SHA-256
 * of its bytes: different subsets get different tags (26^6 of them), the same
 * subset always the same one, so a rebuilt document is byte-identical.
 */
export function subsetTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  let tag = '';
  for (let i = 0; i < 6; i += 1) tag += String.fromCharCode(65 + (digest.readUInt32BE(i * 4) % 26));
  return tag;
}
