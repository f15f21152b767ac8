/**
 * Font subsets of the fonts the TrueType copy (truetype-subset.ts) does not
 * handle (CFF outlines, variable fonts), made by HarfBuzz's hb-subset (the
 * WebAssembly build harfbuzzjs ships, harfbuzz-subset.wasm, through
 * HarfBuzz's public C API: hb_subset_input_create_or_fail,
 * hb_subset_input_glyph_set, hb_subset_input_set, hb_subset_or_fail…).
 *
 * Subsets keep the glyph ids of the font (HB_SUBSET_FLAGS_RETAIN_GIDS): the
 * CIDs written in the content streams are the font's glyph ids, so a page is
 * written before its document knows every glyph it will use, and the
 * CIDFontType2 maps CIDs to glyphs with /CIDToGIDMap /Identity. Glyphs not
 * in the subset are empty (they cost a few bytes each in loca and hmtx, which
 * compress to almost nothing). A subset keeps only the tables a PDF reader
 * uses (ISO 32000-1, 9.9: glyf, loca, head, hhea, hmtx, maxp, cvt, fpgm,
 * prep; CFF for CFF outlines, whose bare table is embedded), the hinting
 * instructions and the .notdef outline (a missing glyph shows as a box).
 *
 * The WebAssembly instance is made once per context, when a font first needs it (PdfCaches.subsetter);
 * each font is copied into its memory once, and each document's subset of it
 * is one call.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The C functions of harfbuzz-subset.wasm used here (HarfBuzz's hb-blob, hb-face, hb-set and hb-subset API). */
interface SubsetExports {
  readonly memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_length(blob: number): number;
  hb_blob_get_data(blob: number, length: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

/** hb_memory_mode_t HB_MEMORY_MODE_WRITABLE: the blob owns its copy of the font (freed with the face, never). */
const HB_MEMORY_MODE_WRITABLE = 2;
/** hb_subset_sets_t HB_SUBSET_SETS_DROP_TABLE_TAG. */
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
/** hb_subset_flags_t: RETAIN_GIDS | NOTDEF_OUTLINE | NO_LAYOUT_CLOSURE (the glyphs drawn are all that is needed: no GSUB is kept). */
const SUBSET_FLAGS = 0x2 | 0x40 | 0x200;
/** The tables a PDF reader reads from an embedded TrueType or CFF font. */
const KEEP = new Set(['glyf', 'loca', 'head', 'hhea', 'hmtx', 'maxp', 'cvt ', 'fpgm', 'prep', 'CFF ']);

/** HarfBuzz's hb-subset, instantiated for one context. */
export class Subsetter {
  private readonly exports: SubsetExports;

  constructor() {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), {});
    this.exports = instance.exports as unknown as SubsetExports;
    // A WASI reactor module: its constructors run before any other export is called.
    (instance.exports as { _initialize?: () => void })._initialize?.();
  }

  /** A font copied into the module, ready to be subset (kept for the context's life). */
  font(data: Uint8Array): SubsetFont {
    const x = this.exports;
    const ptr = x.malloc(data.length);
    if (ptr === 0) throw new Error('hb-subset: out of memory');
    new Uint8Array(x.memory.buffer).set(data, ptr);
    const blob = x.hb_blob_create(ptr, data.length, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = x.hb_face_create(blob, 0);
    x.hb_blob_destroy(blob);
    const tags = tableTags(data);
    const drop = [...tags].filter((tag) => !KEEP.has(tag)).map(tagNumber);
    return new SubsetFont(x, face, drop, tags.has('CFF '));
  }
}

/** One font in the hb-subset module. */
export class SubsetFont {
  constructor(
    private readonly x: SubsetExports,
    private readonly face: number,
    /** Tags (as numbers) of the font's tables a subset leaves out. */
    private readonly drop: readonly number[],
    /** CFF outlines: the subset is the bare CFF table (a CIDFontType0C program). */
    private readonly cff: boolean,
  ) {}

  /** The subset font file with `glyphs` (glyph ids; .notdef and composite glyphs' components are added), glyph ids kept. */
  subset(glyphs: Iterable<number>): Uint8Array {
    const { x } = this;
    const input = x.hb_subset_input_create_or_fail();
    if (input === 0) throw new Error('hb-subset: hb_subset_input_create_or_fail failed');
    let subset: number;
    try {
      const set = x.hb_subset_input_glyph_set(input);
      for (const glyph of glyphs) x.hb_set_add(set, glyph);
      const drop = x.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
      for (const tag of this.drop) x.hb_set_add(drop, tag);
      x.hb_subset_input_set_flags(input, SUBSET_FLAGS);
      subset = x.hb_subset_or_fail(this.face, input);
    } finally {
      x.hb_subset_input_destroy(input);
    }
    if (subset === 0) throw new Error('hb-subset: hb_subset_or_fail failed (a damaged font?)');
    const blob = x.hb_face_reference_blob(subset);
    try {
      const at = x.hb_blob_get_data(blob, 0);
      // Read after the calls: the module's memory may have grown, which replaces memory.buffer.
      const bytes = new Uint8Array(x.memory.buffer).slice(at, at + x.hb_blob_get_length(blob));
      return this.cff ? table(bytes, 'CFF ') : bytes;
    } finally {
      x.hb_blob_destroy(blob);
      x.hb_face_destroy(subset);
    }
  }
}

const tagNumber = (tag: string): number => ((tag.charCodeAt(0) << 24) | (tag.charCodeAt(1) << 16) | (tag.charCodeAt(2) << 8) | tag.charCodeAt(3)) >>> 0;

/** The tags of an sfnt file's tables (OpenType: table directory). */
function tableTags(file: Uint8Array): Set<string> {
  const tags = new Set<string>();
  const count = file.length >= 6 ? (file[4]! << 8) | file[5]! : 0;
  for (let i = 0; i < count && 12 + 16 * i + 4 <= file.length; i += 1) tags.add(String.fromCharCode(...file.subarray(12 + 16 * i, 16 + 16 * i)));
  return tags;
}

/** One table's bytes of an sfnt file. */
function table(file: Uint8Array, tag: string): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const count = view.getUint16(4);
  for (let i = 0; i < count; i += 1) {
    const at = 12 + 16 * i;
    if (String.fromCharCode(...file.subarray(at, at + 4)) !== tag) continue;
    const offset = view.getUint32(at + 8);
    return file.slice(offset, offset + view.getUint32(at + 12));
  }
  throw new Error(`hb-subset wrote no ${tag} table`);
}
