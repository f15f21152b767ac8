import { BASE_THEME, PT_PER_MM } from '../../theme/theme.js';

/*
 * The measures shared with the DOCX writer come from the theme
 * (src/theme/theme.ts); what is left here only the PDF draws (redline
 * marks, the watermark). Sizes that a locale may change (body size) are read
 * from the document's theme in blocks.ts; these are the base theme's.
 */
export { PT_PER_MM };

export const mm = (value: number): number => value * PT_PER_MM;

export const LINE_HEIGHT = BASE_THEME.lineHeight;
export const MAX_STRETCH = BASE_THEME.maxStretch;
export const MIN_LINES_AT_BREAK = BASE_THEME.minLinesAtBreak;
export const SIGNATURE = BASE_THEME.signature;
export const IMAGE = BASE_THEME.image;
export const RUNNING = BASE_THEME.running;

/**
 * A printable redline: inserted text dark green and underlined, deleted text
 * red and struck through (the colours reviewers know from Word). Offsets and
 * thickness are fractions of the font size: the underline sits just under the
 * baseline, the strike at the middle of the lowercase letters.
 */
export const REDLINE = {
  colour: { inserted: '#1a6b2e', deleted: '#c62828' },
  underline: 0.13,
  strike: 0.27,
  thickness: 0.055,
  minThickness: 0.5,
} as const;

/**
 * The mark across every page of a document not yet approved (DRAFT). Black at
 * 16 % opacity drawn over the page: white paper turns a light grey, black text
 * stays black, so nothing under the mark is hidden. The text is bold, along
 * the diagonal from bottom left to top right, as wide as `share` of that
 * diagonal but never taller than `maxSize` points.
 */
export const WATERMARK = {
  opacity: 0.16,
  share: 0.55,
  maxSize: 150,
  angle: -45,
} as const;

/** Tolerance for floating point comparisons of positions. */
export const EPSILON = 0.01;
