/**
 * Every use of pdfkit's and fontkit's private internals, in one place.
 *
 * Written against pdfkit 0.20.2 (js/pdfkit.js) and fontkit 2.0.4:
 * - pdfkit PDFDocument: `_font` (the EmbeddedFont selected last), `_write`
 *   and `_offset` (the file as written), `options.font` = null (no default font);
 * - pdfkit EmbeddedFont: `id`, `font`, `scale`, `subset`, `widths`, `unicode`,
 *   `ref()`, metrics;
 * - pdfkit PDFPage: `fonts` (resources), `content` and `markings`;
 *   PDFReference (a page's content stream): `buffer`, `compress`, `data`;
 * - fontkit TTFFont: `_glyphs` (glyph cache), `_variationProcessor`, `loca`,
 *   `_getTableStream`, `getGlyph`, `createSubset`, `directory`; Glyph
 *   `_metrics`, `_decode()`, `_getMetrics()`; Subset `glyphs`,
 *   `includeGlyph`, `encode`.
 * Each accessor checks the shape it relies on and throws a
 * PdfkitInternalsError naming what changed, rather than writing a wrong PDF;
 * test/unit/write-pdf.test.ts ("pdfkit internals") exercises every one of
 * them, so an upgrade that changes them fails loudly.
 *
 * Why: pdfkit's public `text()` re-measures and re-shapes every fragment it
 * draws. The writer shapes each word once per context (shaping.ts), writes the
 * text operators itself (glyphs.ts) and, to keep the embedded subset, widths
 * and ToUnicode map right, registers the glyphs with pdfkit's embedded font
 * exactly as pdfkit's `EmbeddedFont.encode` does.
 */

import { deflateSync } from 'node:zlib';
import type { Raster } from './raster.js';

export class PdfkitInternalsError extends Error {
  constructor(what: string) {
    super(`pdfkit/fontkit internals changed (written for pdfkit 0.20.2, fontkit 2.0.4): ${what}`);
    this.name = 'PdfkitInternalsError';
  }
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new PdfkitInternalsError(what);
}

/** A glyph as fontkit's layout returns it. */
export interface FontkitGlyph {
  readonly id: number;
  readonly codePoints: number[];
  readonly advanceWidth: number;
}

export interface FontkitPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** A parsed font (fontkit's TTFFont): the parts the writer uses. */
export interface FontkitFont {
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  layout(text: string): { glyphs: FontkitGlyph[]; positions: FontkitPosition[] };
}

/** fontkit's Subset (the glyphs a document uses, in the order first used). */
export interface FontSubset {
  readonly glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}

/**
 * pdfkit's EmbeddedFont: one per face and document. `widths` and `unicode`
 * are indexed by the glyph's id in the subset; pdfkit writes them as the
 * font's /W array and ToUnicode CMap when the document ends.
 */
export interface EmbeddedFont {
  /** The resource name in content streams (F2). */
  readonly id: string;
  readonly font: FontkitFont;
  /** 1000 / unitsPerEm: positions and widths are in thousandths of an em. */
  readonly scale: number;
  readonly ascender: number;
  readonly descender: number;
  readonly capHeight: number;
  readonly subset: FontSubset;
  readonly widths: Array<number | undefined>;
  readonly unicode: Array<number[] | undefined>;
  /** The font's dictionary reference, created on first use. */
  ref(): unknown;
}

interface DocumentInternals {
  _font?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isFunction = (value: unknown): boolean => typeof value === 'function';

/** The embedded font pdfkit selected last (`doc.font(name)`), checked for the fields the writer uses. */
export function currentEmbeddedFont(doc: PDFKit.PDFDocument): EmbeddedFont {
  const font = (doc as unknown as DocumentInternals)._font;
  check(isObject(font), 'PDFDocument._font is not an object');
  const embedded = font as Record<string, unknown>;
  check(typeof embedded.id === 'string', 'EmbeddedFont.id is not a string');
  check(typeof embedded.scale === 'number' && embedded.scale > 0, 'EmbeddedFont.scale is not a number');
  for (const key of ['ascender', 'descender', 'capHeight'] as const) check(typeof embedded[key] === 'number', `EmbeddedFont.${key} is not a number`);
  check(Array.isArray(embedded.widths) && Array.isArray(embedded.unicode), 'EmbeddedFont.widths/unicode are not arrays');
  check(isFunction(embedded.ref), 'EmbeddedFont.ref() is missing');
  const subset = embedded.subset;
  check(
    isObject(subset) && isFunction(subset.includeGlyph) && isFunction(subset.encode) && Array.isArray(subset.glyphs),
    'EmbeddedFont.subset is not a fontkit Subset',
  );
  const parsed = embedded.font;
  check(
    isObject(parsed) && isFunction(parsed.layout) && typeof parsed.unitsPerEm === 'number' && typeof parsed.numGlyphs === 'number',
    'EmbeddedFont.font is not a fontkit font',
  );
  return font as unknown as EmbeddedFont;
}

/**
 * Shapes `text` as fontkit's layout does, but from an empty glyph cache.
 *
 * fontkit keeps glyph objects on the font with the code points they were
 * first made for, and those code points are what the ToUnicode map says the
 * glyph stands for. Shaping from an empty cache makes them a function of the
 * word alone — never of what the process shaped or subsetted before — so a
 * document's bytes do not depend on the documents built before it. The
 * font's own cache (used for subsetting) is left as it was.
 */
export function shapeAlone(
  font: FontkitFont,
  text: string,
  glyphMetrics?: WeakMap<FontkitFont, Map<string, unknown>>,
): { glyphs: FontkitGlyph[]; positions: FontkitPosition[] } {
  const cached = font as unknown as { _glyphs?: unknown; _variationProcessor?: unknown };
  check(isObject(cached._glyphs), 'fontkit font._glyphs (the glyph cache) is missing');
  const saved = cached._glyphs;
  const fresh: Record<string, unknown> = {};
  // A new glyph object reads its metrics (advance, bearings) from the glyf and
  // hmtx tables when first asked; metrics depend on the glyph id alone, so
  // the ones already read are handed to the new object (not for variable
  // fonts, whose metrics depend on the variation).
  const known = cached._variationProcessor || !glyphMetrics ? undefined : metricsOf(font, glyphMetrics);
  cached._glyphs = known
    ? new Proxy(fresh, {
        set(target, key, glyph: unknown): boolean {
          target[key as string] = glyph;
          if (isObject(glyph) && glyph._metrics == null) {
            const metrics = known.get(key as string);
            if (metrics !== undefined) glyph._metrics = metrics;
          }
          return true;
        },
      })
    : fresh;
  try {
    return font.layout(text);
  } finally {
    cached._glyphs = saved;
    if (known) {
      for (const key in fresh) {
        const glyph = fresh[key];
        if (isObject(glyph) && isObject(glyph._metrics) && !known.has(key)) known.set(key, glyph._metrics);
      }
    }
  }
}

/** Glyph metrics (fontkit's Glyph._metrics) by glyph id, per font (kept in the writer's caches: PdfCaches.glyphMetrics). */
function metricsOf(font: FontkitFont, glyphMetrics: WeakMap<FontkitFont, Map<string, unknown>>): Map<string, unknown> {
  let metrics = glyphMetrics.get(font);
  if (metrics === undefined) {
    metrics = new Map();
    glyphMetrics.set(font, metrics);
  }
  return metrics;
}

/** Makes sure the font's dictionary is in the current page's /Font resources, as pdfkit's text() does before drawing. */
export function useFont(doc: PDFKit.PDFDocument, font: EmbeddedFont): void {
  const fonts = (doc.page as unknown as { fonts?: unknown }).fonts;
  check(isObject(fonts), 'PDFPage.fonts is not an object');
  const resources = fonts as Record<string, unknown>;
  if (resources[font.id] == null) resources[font.id] = font.ref();
}

/**
 * Appends operators (bytes, ending in a newline) to the current page's
 * content stream. pdfkit's PDFReference.write takes bytes as they are (a
 * string it would convert character by character and end with a newline).
 */
export function writeContent(doc: PDFKit.PDFDocument, operators: Uint8Array): void {
  doc.addContent(operators);
}

/* ------------------------------------------------------------------ */
/* Subsetting: fontkit's TrueType subset, without its per-document cost */

/** What a TrueType subset needs of one glyph of the font; read once per context (PdfCaches). */
export interface GlyphRecord {
  /** The glyph's bytes in the font's glyf table. */
  readonly data: Uint8Array;
  /** For a composite glyph: its components' glyph ids and where each id sits in `data`. */
  readonly components: ReadonlyArray<{ readonly glyphID: number; readonly pos: number }>;
  readonly advance: number;
  readonly bearing: number;
}

interface TrueTypeFont {
  loca: { offsets: number[]; version: number };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array } | null;
  getGlyph(id: number): { advanceWidth: number; _decode(): unknown; _getMetrics(): { leftBearing: number } };
  _variationProcessor?: unknown;
  directory: { tables: Record<string, unknown> };
  createSubset(): FontSubset;
}

/** The font as a plain TrueType font whose subsets we may encode ourselves, or undefined. */
export function trueTypeFont(font: FontkitFont): TrueTypeFont | undefined {
  const tt = font as unknown as Partial<TrueTypeFont>;
  const tables = tt.directory?.tables;
  if (!isObject(tables) || !tables.glyf || tables['CFF '] || tables.CFF2 || tt._variationProcessor) return undefined;
  check(isObject(tt.loca) && Array.isArray(tt.loca.offsets), 'fontkit font.loca.offsets is missing');
  check(
    isFunction(tt._getTableStream) && isFunction(tt.getGlyph) && isFunction(tt.createSubset),
    'fontkit font._getTableStream/getGlyph/createSubset are missing',
  );
  return tt as TrueTypeFont;
}

/** Reads a glyph's record the way fontkit's TTFSubset._addGlyph does. */
export function readGlyph(font: TrueTypeFont, id: number): GlyphRecord {
  const glyph = font.getGlyph(id);
  const start = font.loca.offsets[id];
  const end = font.loca.offsets[id + 1];
  check(typeof start === 'number' && typeof end === 'number', `fontkit loca has no offset for glyph ${id}`);
  const stream = font._getTableStream('glyf');
  check(stream !== null, 'the font has no glyf table');
  stream!.pos += start!;
  // A copy: fontkit's buffer is a view into the whole font file.
  const data = new Uint8Array(stream!.readBuffer(end! - start!));
  let components: GlyphRecord['components'] = [];
  // numberOfContours < 0: a composite glyph (only those need decoding).
  if (data.length >= 2 && (data[0]! & 0x80) !== 0) {
    const decoded = glyph._decode() as { numberOfContours?: number; components?: Array<{ glyphID: number; pos: number }> } | null;
    check(isObject(decoded) && Array.isArray(decoded.components), `fontkit did not decode composite glyph ${id}`);
    components = decoded!.components!.map(({ glyphID, pos }) => ({ glyphID, pos }));
  }
  return { data, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
}

/** Tables of a subset fontkit encoded, by tag, in the order it wrote them. */
export function referenceSubset(font: TrueTypeFont, ids: readonly number[]): { bytes: Uint8Array; tables: Map<string, Uint8Array> } {
  const subset = font.createSubset();
  for (const id of ids) subset.includeGlyph(id);
  const bytes = subset.encode();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, Uint8Array>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i += 1) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
    tables.set(tag, bytes.slice(view.getUint32(at + 8), view.getUint32(at + 8) + view.getUint32(at + 12)));
  }
  return { bytes, tables };
}

/** Replaces `encode` on one document's subset (an own property; fontkit's class is untouched). */
export function replaceSubsetEncoder(subset: FontSubset, encode: (glyphs: number[], include: (id: number) => number) => Uint8Array): void {
  check(Array.isArray(subset.glyphs) && isFunction(subset.includeGlyph), 'fontkit Subset.glyphs/includeGlyph are missing');
  (subset as { encode: () => Uint8Array }).encode = () => encode(subset.glyphs, (id) => subset.includeGlyph(id));
}

/**
 * The `font` option that makes a new PDFDocument load no default font.
 * pdfkit loads Helvetica unless told otherwise (initFonts: `if (defaultFont)`),
 * parsing its AFM metrics for every document; this writer never uses it.
 * null is outside pdfkit's typings but is what its code checks for.
 */
export const NO_DEFAULT_FONT = null as unknown as string;

interface ContentStream {
  buffer: Uint8Array[];
  compress: boolean;
  data: Record<string, unknown>;
}

/**
 * Deflates the content streams of the buffered pages at `level`, instead of
 * pdfkit deflating each one at zlib's default level when the document ends
 * (PDFReference.finalize). Call after the last drawing, right before
 * `doc.end()`: each page's stream is replaced by its compressed bytes and
 * marked as done, so pdfkit writes it as it is (still /FlateDecode).
 */
export function compressPageContents(doc: PDFKit.PDFDocument, level: number): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    const page = doc.switchToPage(i) as unknown as { content?: unknown; markings?: unknown };
    check(Array.isArray(page.markings), 'PDFPage.markings is not an array');
    const content = page.content as Partial<ContentStream> | undefined;
    check(
      isObject(content) && Array.isArray(content.buffer) && typeof content.compress === 'boolean' && isObject(content.data),
      'PDFPage.content is not a PDFReference',
    );
    const stream = content as ContentStream;
    // Marked content would still be closed (EMC) at the end: leave those pages to pdfkit.
    if (!stream.compress || stream.buffer.length === 0 || (page.markings as unknown[]).length > 0) continue;
    check(stream.data.Filter === 'FlateDecode', 'a compressed PDFReference has no /Filter /FlateDecode');
    stream.buffer = [deflateSync(Buffer.concat(stream.buffer), { level })];
    stream.compress = false;
  }
}

/**
 * An image pdfkit's image() draws as it is given: it calls embed() once to
 * make the XObject, then scales and places it. Used for pictures whose
 * samples jdgen compressed itself (raster.ts).
 */
interface PdfkitImage {
  readonly width: number;
  readonly height: number;
  readonly label: string;
  obj?: unknown;
  embed(doc: PDFKit.PDFDocument): void;
}

/** Draws a decoded picture at (x, y), `width` × `height` points, as an image XObject (with a soft mask for its alpha). */
export function drawRaster(doc: PDFKit.PDFDocument, raster: Raster, x: number, y: number, size: { width: number; height: number }): void {
  const counter = doc as unknown as { _imageCount?: unknown };
  check(typeof counter._imageCount === 'number', 'PDFDocument._imageCount is not a number');
  // pdfkit names its own images I1, I2…: this one takes the next number, as openImage would.
  const label = `I${(counter._imageCount as number) + 1}`;
  counter._imageCount = (counter._imageCount as number) + 1;
  const image: PdfkitImage = {
    width: raster.width,
    height: raster.height,
    label,
    embed(document): void {
      const samples = (data: Record<string, unknown>, bytes: Uint8Array) => {
        // A /Filter given up front: pdfkit writes the bytes as they are.
        const ref = document.ref({
          Type: 'XObject',
          Subtype: 'Image',
          Width: raster.width,
          Height: raster.height,
          BitsPerComponent: 8,
          Filter: 'FlateDecode',
          ...data,
        });
        ref.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        return ref;
      };
      const mask = raster.alpha ? samples({ ColorSpace: 'DeviceGray' }, raster.alpha) : undefined;
      this.obj = samples({ ColorSpace: 'DeviceRGB', ...(mask ? { SMask: mask } : {}) }, raster.rgb);
    },
  };
  doc.image(image as unknown as Buffer, x, y, { ...size, ignoreOrientation: true } as PDFKit.Mixins.ImageOption);
}

interface DocumentOutput {
  _write(data: unknown): void;
  _offset: number;
}

/**
 * The bytes of the file, collected as pdfkit writes them (PDFDocument._write)
 * instead of through its Readable stream, which costs an event for each of
 * the hundreds of small chunks of a file (several per object, one per xref
 * line). Call right after creating the document. The promise resolves when
 * the stream ends (pdfkit ends it after the trailer): like the stream's own
 * events, that lets the process run its pending callbacks between documents.
 */
export function captureOutput(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const output = doc as unknown as Partial<DocumentOutput>;
  check(isFunction(output._write) && typeof output._offset === 'number', 'PDFDocument._write/_offset are missing');
  const chunks: Uint8Array[] = [];
  // What the constructor wrote already (the %PDF header) waits in the stream.
  const written: unknown = doc.read();
  if (written instanceof Uint8Array) chunks.push(written);
  (output as DocumentOutput)._write = function write(this: DocumentOutput, data: unknown): void {
    // As pdfkit's _write: bytes as they are, anything else as a line of text (characters 0-255).
    const bytes = data instanceof Uint8Array ? data : Buffer.from(`${String(data)}\n`, 'latin1');
    chunks.push(bytes);
    this._offset += bytes.length;
  };
  return new Promise((resolve, reject) => {
    doc.on('error', reject);
    doc.on('data', () => reject(new PdfkitInternalsError('PDFDocument wrote past PDFDocument._write')));
    doc.on('end', () => {
      const file = Buffer.concat(chunks);
      resolve(new Uint8Array(file.buffer, file.byteOffset, file.byteLength));
    });
  });
}

/**
 * Names the embedded subset after its content. A subset font's name is a tag
 * of six capital letters, `+`, and the font's name (PDF 32000-1, 9.6.4); two
 * different subsets must not share a tag, or tools that merge PDFs take one
 * for the other. pdfkit makes the tag from the font's resource id (F1 →
 * BZZZZZ, in every file). Here it comes from a hash of the subset's bytes, so
 * it differs whenever the glyphs differ and stays the same from build to
 * build (the outputs are reproducible). pdfkit's `embed` reads the id only
 * for the tag (character i of the id, plus 17, is letter i of the tag), so
 * for the length of that call the id spells the wanted tag. The subset is
 * encoded once: `embed` gets the bytes that were hashed.
 */
export function tagSubsetByContent(font: EmbeddedFont, tagOf: (bytes: Uint8Array) => string): void {
  const embedded = font as unknown as { id: string; embed: () => unknown; subset: { encode: () => Uint8Array } };
  check(isFunction(embedded.embed), 'EmbeddedFont.embed() is missing');
  const embed = embedded.embed;
  embedded.embed = function (this: typeof embedded) {
    const bytes = this.subset.encode();
    const encode = this.subset.encode;
    this.subset.encode = () => bytes;
    const tag = tagOf(bytes);
    check(/^[A-Z]{6}$/.test(tag), `a subset tag is six capital letters, got ${tag}`);
    const id = this.id;
    this.id = id.charAt(0) + [...tag].map((letter) => String.fromCharCode(letter.charCodeAt(0) - 17)).join('');
    try {
      return embed.call(this);
    } finally {
      this.id = id;
      this.subset.encode = encode;
    }
  };
}

/**
 * An outline entry (bookmark) for the current page at `y` points from its
 * top, through pdfkit's public `doc.outline.addItem`. pdfkit 0.20.2 writes the
 * destination as [page /XYZ (width - left) (height - top) 0]: `left` is given
 * as the page width so the view keeps the left edge (a reader scrolls to x 0);
 * zoom 0 keeps the reader's zoom. test/unit/write-pdf.test.ts checks the
 * destination written, so a pdfkit that reads `left` the other way fails it.
 */
export function addBookmark(doc: PDFKit.PDFDocument, title: string, y: number): void {
  const options = { top: y, left: doc.page.width } as unknown as Parameters<PDFKit.PDFOutline['addItem']>[1];
  doc.outline.addItem(title, options);
}
