/**
 * TrueType subsets for the embedded fonts, copied from the font file: the
 * glyphs a document draws, numbered in the order it first draws them (glyph 0,
 * .notdef, first), so the CIDs written in its content streams are the glyph
 * ids of the subset (/CIDToGIDMap /Identity) and a page is written before the
 * document knows every glyph it will use.
 *
 * The font file is read directly (OpenType: table directory, head, hhea,
 * maxp, loca, glyf, hmtx); each glyph's bytes, composite components and
 * metrics once per context, and each document only copies bytes: about a
 * tenth of a millisecond per face, where hb-subset (subset.ts) takes a few
 * milliseconds and fontkit took 2-3. The tables a PDF reader reads (ISO
 * 32000-1, 9.9) are written: head, hhea, loca, maxp, cvt, prep, glyf, hmtx,
 * fpgm. A unit test compares every glyph's outline and advance with the
 * font's (through HarfBuzz). Fonts this does not handle (CFF outlines,
 * variations) are subset by HarfBuzz.
 */

/** What a subset needs of one glyph of the font. */
interface GlyphRecord {
  /** The glyph's bytes in the glyf table. */
  readonly data: Uint8Array;
  /** For a composite glyph: where each component's glyph id sits in `data`. */
  readonly components: readonly number[];
  readonly advance: number;
  readonly bearing: number;
}

export interface FontData {
  readonly file: Uint8Array;
  readonly glyf: number;
  readonly loca: readonly number[];
  readonly hmtx: number;
  readonly metrics: number;
  readonly glyphs: Map<number, GlyphRecord>;
  /** The subset's tables in order; hhea, maxp, loca, glyf and hmtx are rewritten per subset. */
  readonly tables: ReadonlyArray<{ readonly tag: string; readonly bytes: Uint8Array }>;
  /** The first 12 bytes of the file (sfnt version and table count). */
  readonly header: Uint8Array;
  readonly longOffsets: boolean;
}

/** The tables of an sfnt file by tag: offset and length. */
function directory(file: Uint8Array): Map<string, { offset: number; length: number }> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tables = new Map<string, { offset: number; length: number }>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i += 1) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...file.subarray(at, at + 4));
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (offset + length > file.length) throw new Error(`the font's ${tag} table runs past the end of the file`);
    tables.set(tag, { offset, length });
  }
  return tables;
}

/** The tables a subset has, in the order it writes them; hhea, maxp, loca, glyf and hmtx are rewritten per subset, the others copied. */
const TABLES = ['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm'];
const REQUIRED = ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx'];

/** What subsets of a TrueType font file are made from, or null for a font this does not handle (CFF outlines, variations). */
export function fontData(bytes: Uint8Array): FontData | null {
  // A plain view: a Buffer's slice() would share the font's memory, and the subsets write into their copies.
  const file = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = directory(file);
  if (REQUIRED.some((tag) => !tables.has(tag)) || tables.has('CFF ') || tables.has('CFF2') || tables.has('fvar') || tables.has('gvar')) return null;
  const [head, hhea, maxp, loca, glyf, hmtx] = REQUIRED.map((tag) => tables.get(tag)!);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const longOffsets = view.getInt16(head!.offset + 50) === 1;
  const numGlyphs = view.getUint16(maxp!.offset + 4);
  const offsets: number[] = [];
  for (let i = 0; i <= numGlyphs; i += 1) {
    offsets.push(longOffsets ? view.getUint32(loca!.offset + 4 * i) : 2 * view.getUint16(loca!.offset + 2 * i));
  }
  const copied = TABLES.filter((tag) => tables.has(tag)).map((tag) => {
    const { offset, length } = tables.get(tag)!;
    const table = file.slice(offset, offset + length);
    // head: no checksum adjustment (no table checksums are written either).
    if (tag === 'head' && table.length >= 12) new DataView(table.buffer).setUint32(8, 0);
    return { tag, bytes: table };
  });
  const header = new Uint8Array(12);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, 0x00010000);
  // numTables, searchRange, entrySelector, rangeShift (OpenType table directory).
  const count = copied.length;
  const log2 = Math.floor(Math.log2(count));
  headerView.setUint16(4, count);
  headerView.setUint16(6, 16 * 2 ** log2);
  headerView.setUint16(8, log2);
  headerView.setUint16(10, 16 * count - 16 * 2 ** log2);
  return {
    file,
    glyf: glyf!.offset,
    loca: offsets,
    hmtx: hmtx!.offset,
    metrics: view.getUint16(hhea!.offset + 34),
    glyphs: new Map(),
    tables: copied,
    header,
    longOffsets,
  };
}

/** Reads a glyph's bytes, components (OpenType glyf: composite glyph description) and horizontal metrics. */
function readGlyph(font: FontData, id: number): GlyphRecord {
  const start = font.loca[id];
  const end = font.loca[id + 1];
  if (start === undefined || end === undefined || end < start) throw new Error(`the font has no glyph ${id}`);
  // A copy (Uint8Array.slice, never a view into the font file).
  const data = font.file.slice(font.glyf + start, font.glyf + end);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const components: number[] = [];
  // numberOfContours < 0: a composite glyph.
  if (data.length >= 10 && view.getInt16(0) < 0) {
    let at = 10;
    for (let more = true; more && at + 4 <= data.length;) {
      const flags = view.getUint16(at);
      components.push(at + 2);
      at += 4 + (flags & 0x0001 ? 4 : 2);
      if (flags & 0x0008) at += 2;
      else if (flags & 0x0040) at += 4;
      else if (flags & 0x0080) at += 8;
      more = (flags & 0x0020) !== 0;
    }
  }
  const file = new DataView(font.file.buffer, font.file.byteOffset, font.file.byteLength);
  const n = font.metrics;
  const advance = file.getUint16(font.hmtx + 4 * Math.min(id, n - 1));
  const bearing = id < n ? file.getInt16(font.hmtx + 4 * id + 2) : file.getInt16(font.hmtx + 4 * n + 2 * (id - n));
  return { data, components, advance, bearing };
}

/** A glyph's record, read once per context (at most one per glyph of the font). */
function record(font: FontData, id: number): GlyphRecord {
  let glyph = font.glyphs.get(id);
  if (glyph === undefined) {
    glyph = readGlyph(font, id);
    font.glyphs.set(id, glyph);
  }
  return glyph;
}

/**
 * The subset font file for `glyphs` (glyph ids of the font, in CID order;
 * the components of composite glyphs are added at the end as found).
 */
export function encodeSubset(data: FontData, ids: readonly number[]): Uint8Array {
  const glyphs = [...ids];
  const index = new Map<number, number>();
  glyphs.forEach((id, i) => {
    if (!index.has(id)) index.set(id, i);
  });
  const include = (id: number): number => {
    let at = index.get(id);
    if (at === undefined) {
      at = glyphs.length;
      glyphs.push(id);
      index.set(id, at);
    }
    return at;
  };
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
      for (const pos of glyph.components) view.setUint16(pos, include(view.getUint16(pos)));
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

  const start = 12 + 16 * tables.length;
  const file = new Uint8Array(start + tables.reduce((sum, t) => sum + t.bytes.length, 0));
  const view = new DataView(file.buffer);
  file.set(data.header, 0);
  let at = start;
  tables.forEach(({ tag, bytes }, i) => {
    const entry = 12 + 16 * i;
    for (let k = 0; k < 4; k += 1) file[entry + k] = tag.charCodeAt(k);
    // No checksums: PDF readers do not check them.
    view.setUint32(entry + 4, 0);
    view.setUint32(entry + 8, at);
    view.setUint32(entry + 12, bytes.length);
    file.set(bytes, at);
    at += bytes.length;
  });
  return file;
}
