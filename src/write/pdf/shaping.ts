/**
 * OpenType shaping shared by the documents of a batch.
 *
 * pdfkit shapes every word it measures or draws with fontkit (GSUB and GPOS
 * lookups, a new layout engine per call) and caches the result per document
 * only, so a thousand job descriptions shape the same few thousand words a
 * thousand times: most of the time of a PDF. Here the shaped result of a word
 * (glyph ids and positions) is kept per parsed font and replayed in later
 * documents.
 *
 * A replay must give exactly what shaping would have given in this document,
 * so that the bytes of a PDF never depend on what else was built before it.
 * The one thing shaping takes from outside the word is the glyph objects
 * fontkit keeps on the font (their code points feed the ToUnicode map, and the
 * font's glyph cache is emptied for each document). So a replay repeats
 * shaping's effects on that cache — the glyphs of the word's characters, the
 * glyphs shaping created, the space glyph — and is used only when the word's
 * glyphs carry the same code points as when it was shaped and nothing in it
 * is hidden as default-ignorable. Otherwise the word is shaped afresh.
 */

interface Glyph {
  id: number;
  codePoints: number[];
}

interface Position {
  xAdvance: number;
}

interface FontkitFont {
  _glyphs?: Record<number, Glyph | undefined>;
  glyphsForString(text: string): Glyph[];
  getGlyph(id: number, codePoints?: number[]): Glyph;
  glyphForCodePoint(codePoint: number): Glyph;
  readonly _layoutEngine?: { isDefaultIgnorable?: (codePoint: number) => boolean };
}

interface Run {
  glyphs: Glyph[];
  positions: Position[];
  advanceWidth: number;
}

/** pdfkit's EmbeddedFont (private API): the parsed font and the per-document shaping step. */
interface EmbeddedFont {
  font: FontkitFont;
  layoutRun(text: string, features?: unknown): Run;
}

interface Shaped {
  /** Code points of the word's glyphs before shaping, one list per glyph. */
  inputs: string;
  ids: number[];
  /** Code points of output glyphs that shaping created (undefined: the glyph existed already). */
  created: Array<number[] | undefined>;
  /** Positions already scaled by pdfkit; shared and never modified (pdfkit copies before changing one). */
  positions: Position[];
  advanceWidth: number;
}

interface FontCache {
  words: Map<string, Shaped>;
  isDefaultIgnorable: (codePoint: number) => boolean;
}

const caches = new WeakMap<FontkitFont, FontCache>();
/** Bounded, so a long-running process cannot grow without end. */
const WORD_LIMIT = 100_000;

const codePointsKey = (glyphs: readonly Glyph[]): string => glyphs.map((g) => g.codePoints.join(',')).join(';');

function cacheFor(font: FontkitFont): FontCache | undefined {
  let cache = caches.get(font);
  if (!cache) {
    const engine = font._layoutEngine;
    const isDefaultIgnorable = engine?.isDefaultIgnorable?.bind(engine);
    if (!isDefaultIgnorable || typeof font.glyphsForString !== 'function' || typeof font.getGlyph !== 'function') return undefined;
    cache = { words: new Map(), isDefaultIgnorable };
    caches.set(font, cache);
  }
  return cache;
}

/**
 * Makes the current font of `doc` reuse words shaped in earlier documents.
 * Anything unexpected in pdfkit's or fontkit's internals leaves the font as it is.
 */
export function shareShaping(doc: PDFKit.PDFDocument): void {
  const embedded = (doc as unknown as { _font?: Partial<EmbeddedFont> })._font;
  if (!embedded || typeof embedded.layoutRun !== 'function' || !embedded.font || typeof embedded.font !== 'object') return;
  const font = embedded.font;
  if (!font._glyphs || typeof font._glyphs !== 'object') return;
  const cache = cacheFor(font);
  if (!cache) return;
  const shape = embedded.layoutRun.bind(embedded);
  (embedded as EmbeddedFont).layoutRun = (text, features) => (features ? shape(text, features) : replay(font, cache, text) ?? record(font, cache, text, shape));
}

/** Shapes the word and keeps the result when it can be replayed exactly. */
function record(font: FontkitFont, cache: FontCache, text: string, shape: (text: string) => Run): Run {
  // The glyphs of the characters: shaping makes (or finds) exactly these first.
  const inputs = font.glyphsForString(text);
  const existed = new Set(Object.keys(font._glyphs!).map(Number));
  const run = shape(text);
  const space = font.glyphForCodePoint(0x20);
  // A zero-width space glyph is a hidden default-ignorable character: not replayed.
  const hidden = run.glyphs.some((g, i) => g === space && run.positions[i]!.xAdvance === 0);
  if (!hidden && text.length > 0) {
    if (cache.words.size >= WORD_LIMIT) cache.words.clear();
    const created = new Set<number>();
    cache.words.set(text, {
      inputs: codePointsKey(inputs),
      ids: run.glyphs.map((g) => g.id),
      created: run.glyphs.map((g) => {
        if (existed.has(g.id) || created.has(g.id)) return undefined;
        created.add(g.id);
        return [...g.codePoints];
      }),
      positions: run.positions,
      advanceWidth: run.advanceWidth,
    });
  }
  return run;
}

/** The word as shaping would give it now, or undefined when that cannot be known without shaping. */
function replay(font: FontkitFont, cache: FontCache, text: string): Run | undefined {
  const shaped = cache.words.get(text);
  if (!shaped) return undefined;
  // Shaping starts from the glyphs of the characters (made now if new, as shaping would).
  const inputs = font.glyphsForString(text);
  if (codePointsKey(inputs) !== shaped.inputs) return undefined;
  const glyphs = font._glyphs!;
  // Every output glyph must exist, or be one shaping created with known code points.
  const toCreate = new Set<number>();
  for (const [i, id] of shaped.ids.entries()) {
    if (glyphs[id] || toCreate.has(id)) continue;
    if (!shaped.created[i]) return undefined;
    toCreate.add(id);
  }
  const out = shaped.ids.map((id, i) => glyphs[id] ?? font.getGlyph(id, shaped.created[i]));
  font.glyphForCodePoint(0x20);
  if (out.some((g) => g.codePoints.length > 0 && cache.isDefaultIgnorable(g.codePoints[0]!))) return undefined;
  return { glyphs: out, positions: shaped.positions, advanceWidth: shaped.advanceWidth };
}
