/**
 * Fonts of the HTML writer: the same four TrueType faces as the PDF, cut down
 * to the characters the document uses (harfbuzz's hb-subset through
 * subset-font), as WOFF2 inside the file. The page then looks the same on every
 * machine, with or without Noto Sans installed, and needs no network.
 *
 * Also the widths of clause numbers, measured in the regular face, so the
 * number columns are as wide as in the PDF.
 */
import type { Context } from '../../context.js';
import { makeDiagnostic, UserError } from '../../diagnostics.js';
import { FileRefused, readRegularFileSync } from '../../load/read-file.js';
import type { FontFaces } from '../fonts.js';
import { loadHarfbuzz, ShapingFont } from '../harfbuzz.js';

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';
export const FACES: readonly Face[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** What the HTML writer keeps between documents of one context: font files, parsed fonts and subsets. */
export interface HtmlCaches {
  readonly files: Map<string, Buffer>;
  readonly metrics: Map<string, Promise<ShapingFont>>;
  /** WOFF2 subsets (base64) by font path and character set; a batch reuses the subsets of identical character sets. */
  readonly subsets: Map<string, Promise<string>>;
}

/** Subsets kept per context; an editing session makes a few new ones per save. */
const SUBSET_LIMIT = 64;

export function htmlCaches(context: Context): HtmlCaches {
  return (context.html ??= { files: new Map(), metrics: new Map(), subsets: new Map() });
}

function fontFile(caches: HtmlCaches, path: string): Buffer {
  let data = caches.files.get(path);
  if (!data) {
    try {
      data = readRegularFileSync(path, 'font');
    } catch (error) {
      if (error instanceof FileRefused)
        throw new UserError([makeDiagnostic({ code: 'style/font', file: path, line: 0, column: 0, message: `the font ${error.reason}` })]);
      throw error;
    }
    caches.files.set(path, data);
  }
  return data;
}

/** The characters a document shows, sorted, plus what the running lines and the print counters may add. */
export function characterSet(texts: Iterable<string>): string {
  const chars = new Set<string>('0123456789…');
  for (const text of texts) for (const char of text) if (char >= ' ') chars.add(char);
  return [...chars].sort().join('');
}

/** One face cut down to `chars`, as base64 WOFF2. */
export function subsetFace(caches: HtmlCaches, path: string, chars: string): Promise<string> {
  const key = `${path}\u0000${chars}`;
  let subset = caches.subsets.get(key);
  if (!subset) {
    if (caches.subsets.size >= SUBSET_LIMIT) caches.subsets.clear();
    const data = fontFile(caches, path);
    subset = import('subset-font').then(async ({ default: subsetFont }) => (await subsetFont(data, chars, { targetFormat: 'woff2' })).toString('base64'));
    caches.subsets.set(key, subset);
  }
  return subset;
}

export interface EmbeddedFaces {
  /** base64 WOFF2 per face. */
  readonly data: Readonly<Record<Face, string>>;
  /** Width in points of `text` in the regular face at `size` points. */
  width(text: string, size: number): number;
}

export async function embedFaces(context: Context, fonts: FontFaces, chars: string): Promise<EmbeddedFaces> {
  const caches = htmlCaches(context);
  const [regular, bold, italic, boldItalic] = await Promise.all(FACES.map((face) => subsetFace(caches, fonts[face], chars)));
  const metrics = await regularMetrics(caches, fonts.regular);
  return {
    data: { regular: regular!, bold: bold!, italic: italic!, boldItalic: boldItalic! },
    width: (text, size) => (metrics.advanceWidth(text) / metrics.unitsPerEm) * size,
  };
}

function regularMetrics(caches: HtmlCaches, path: string): Promise<ShapingFont> {
  let font = caches.metrics.get(path);
  if (!font) {
    const data = fontFile(caches, path);
    font = loadHarfbuzz().then((hb) => new ShapingFont(hb, data));
    caches.metrics.set(path, font);
  }
  return font;
}
