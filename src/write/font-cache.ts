import type { Context } from '../context.js';
import { ShapingFont, type Harfbuzz } from './harfbuzz.js';

/**
 * Font files and their HarfBuzz parses, shared by the writers of one context:
 * a build writes the DOCX (which measures with the regular face and embeds
 * the regular and bold files) and then the PDF (which shapes with the same
 * faces), and each file is read, and parsed, once for both. Bounded, so a
 * long-running process that sees many fonts cannot grow without end.
 */
export interface FontCache {
  /** Font files' bytes by path. Never modified: HarfBuzz, subsetting and obfuscation read copies. */
  readonly files: Map<string, Buffer>;
  /** HarfBuzz's parse of each file, by path. */
  readonly parsed: Map<string, ShapingFont>;
}

/** A process sees a handful of fonts; past this many of either, the cache starts again. */
const FONT_LIMIT = 32;

/** The context's font cache, made on first use. */
export function fontCache(context: Context): FontCache {
  return (context.fonts ??= { files: new Map(), parsed: new Map() });
}

/** A font file's bytes, read by `read` (each writer reports a bad file its own way) the first time. */
export function fontBytes(cache: FontCache, path: string, read: (path: string) => Buffer): Buffer {
  let data = cache.files.get(path);
  if (data === undefined) {
    data = read(path);
    if (cache.files.size >= FONT_LIMIT) cache.files.clear();
    cache.files.set(path, data);
  }
  return data;
}

/** HarfBuzz's parse of a font file, made the first time. */
export function shapingFont(cache: FontCache, harfbuzz: Harfbuzz, path: string, read: (path: string) => Buffer): ShapingFont {
  let font = cache.parsed.get(path);
  if (font === undefined) {
    font = new ShapingFont(harfbuzz, fontBytes(cache, path, read));
    if (cache.parsed.size >= FONT_LIMIT) cache.parsed.clear();
    cache.parsed.set(path, font);
  }
  return font;
}
