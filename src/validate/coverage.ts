import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readRegularFileSync, readRegularHeadSync } from '../load/read-file.js';
import type { Context } from '../context.js';
import type { FontFaces } from '../write/fonts.js';
import { KNOWN_COVERAGE } from './known-coverage.js';

/**
 * Which characters the PDF fonts can draw. Asking HarfBuzz means loading it
 * and parsing four fonts; a cold `jdgen validate` need not. The bundled
 * fonts' coverage is therefore recorded in known-coverage.ts, keyed by the
 * font's identity (fontHash), so any other font (or another version of
 * these) is still read with HarfBuzz.
 */
export interface GlyphCoverage {
  (codePoint: number): boolean;
  /**
   * Matches the first character that has no glyph and needs one (not a
   * control character or white space): one native scan of a whole text,
   * where a loop calling the function above per character runs slowly in a
   * cold process (about 5 ms of a cold `jdgen validate`).
   */
  readonly undrawable: RegExp;
}

const UNICODE_SIZE = 0x110000;

/** A character is covered when every face can draw it (any text may be set bold or italic); kept in the context. */
export async function coverageOf(context: Context, faces: FontFaces): Promise<GlyphCoverage> {
  const cache = context.coverage;
  const paths = [faces.regular, faces.bold, faces.italic, faces.boldItalic];
  // The files' sizes and times are part of the key: a font replaced on disk is read again.
  const key = paths.map((path) => `${path}\0${fileStamp(path)}`).join('\n');
  let covered = cache.get(key);
  if (!covered) {
    let common: Range[] | undefined;
    for (const path of paths) {
      const face = parseRanges(await codePointsOf(path));
      common = common === undefined ? face : intersect(common, face);
    }
    covered = coverageFromRanges(common ?? []);
    cache.set(key, covered);
  }
  return covered;
}

/** The coverage of these sorted, disjoint ranges: a binary search for one code point, a regular expression for a text. */
export function coverageFromRanges(ranges: readonly Range[]): GlyphCoverage {
  const bounds = Uint32Array.from(ranges.flat());
  const covers = (codePoint: number): boolean => {
    // The last range starting at or below the code point, if any, holds it or none does.
    let lo = 0;
    let hi = bounds.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[2 * mid]! <= codePoint) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && codePoint <= bounds[2 * lo - 1]!;
  };
  // What needsNoGlyph (glyphs.ts) exempts: control characters and white space (`\s` is the same set with or without the u flag).
  const hex = (codePoint: number) => `\\u{${codePoint.toString(16)}}`;
  const drawable = ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('');
  return Object.assign(covers, { undrawable: new RegExp(`[^${drawable}\\0-\\x1f\\s]`, 'u') });
}

function fileStamp(path: string): string {
  const stat = statSync(path);
  return `${stat.size}:${stat.mtimeMs}`;
}

/** Code points with a glyph in the font, as "lo-hi" hexadecimal ranges joined by commas. */
async function codePointsOf(path: string): Promise<string> {
  const known = KNOWN_COVERAGE[fontHash(path)];
  return known ?? rangesOf(await readCharacterSet(path));
}

/**
 * A font's identity: its size and the SHA-256 of its first 4 KiB, which hold
 * the table directory with a checksum of every table, so a font whose glyphs
 * or character map differ gets another key, without reading megabytes.
 */
export function fontHash(path: string): string {
  // Read as every input file is (read-file.ts): a FIFO or a device put in the font's place is refused, not waited on.
  const { head, size } = readRegularHeadSync(path, 'font', 4096);
  return createHash('sha256').update(`${size}:`).update(head).digest('hex');
}

/** The font's character map as HarfBuzz reads it, loaded only when the font is not one we know. */
export async function readCharacterSet(path: string): Promise<number[]> {
  const { loadHarfbuzz, ShapingFont } = await import('../write/harfbuzz.js');
  return Array.from(new ShapingFont(await loadHarfbuzz(), readRegularFileSync(path, 'font')).characterSet());
}

export function rangesOf(codePoints: readonly number[]): string {
  const sorted = [...new Set(codePoints)].filter((c) => c > 0 && c < UNICODE_SIZE).sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? sorted[i]!.toString(16) : `${sorted[i]!.toString(16)}-${sorted[j]!.toString(16)}`);
    i = j + 1;
  }
  return ranges.join(',');
}

export type Range = readonly [number, number];

function parseRanges(ranges: string): Range[] {
  return ranges
    .split(',')
    .filter(Boolean)
    .map((range) => {
      const [lo, hi = lo] = range.split('-').map((hex) => parseInt(hex, 16)) as [number, number?];
      return [lo, hi] as const;
    });
}

/** The code points in both sorted lists of ranges, as sorted ranges. */
function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}
