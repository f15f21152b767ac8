import type { TextSize } from '../../model/types.js';

/** Points per millimetre (72 pt per inch, 25.4 mm per inch). */
export const PT_PER_MM = 72 / 25.4;

export const mm = (value: number): number => value * PT_PER_MM;

/**
 * Type scale in points. 11 pt body is the usual size of office documents;
 * the steps are about 1.2x apart so a title stands out without shouting.
 */
export const FONT_SIZE: Record<TextSize, number> = {
  small: 9,
  normal: 11,
  large: 13,
  title: 15,
};

/**
 * Line height as a multiple of the font size. Noto Sans' own line box is
 * 1.36 em, which looks airy in dense legal text; 1.3 keeps accents and
 * descenders clear while reading like "single" spacing in a word processor.
 */
export const LINE_HEIGHT = 1.3;

/** Justification never widens a space by more than this many ems. */
export const MAX_STRETCH = 1.2;

/** Space after a paragraph or clause when the model does not say. */
export const PARAGRAPH_GAP = 6;
export const CLAUSE_GAP = 4;
/** Space before a keep group (it usually starts a new part, e.g. the signatures). */
export const KEEP_GAP = 14;

export const HEADING = {
  1: { size: 12, spaceBefore: 14, spaceAfter: 6 },
  2: { size: 11, spaceBefore: 10, spaceAfter: 4 },
} as const;

/** Gap between a clause number and its text, and the narrowest number column. */
export const LABEL_GAP = 6;
export const MIN_LABEL_COLUMN = 18;

/** Lines a paragraph must keep together at a page break (orphans and widows). */
export const MIN_LINES_AT_BREAK = 2;

export const TABLE = {
  size: 10,
  padX: 4,
  padY: 3,
  rule: 0.5,
  headerFill: '#efefef',
} as const;

export const SIGNATURE = {
  /** Room above the signature line for the handwritten signature. */
  room: 18,
  /** Share of the row taken by the label when there is one. */
  labelShare: 0.4,
  /** Share of the rest (after the label) taken by the line. */
  lineShare: 0.55,
  /** The shortest rule, when a long name needs the room. */
  minLineShare: 0.35,
  gap: 10,
  captionSize: 7.5,
  rule: 0.6,
  spaceAfter: 6,
} as const;

export const IMAGE = {
  /** Space under a picture (the logo), as under a paragraph. */
  spaceAfter: 6,
} as const;

export const RUNNING = {
  size: 8.5,
  rule: 0.4,
  /** Distance between the rule and the footer text (or header text and rule). */
  ruleGap: 3,
  colour: '#333333',
} as const;

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
