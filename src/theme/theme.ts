/**
 * The layout theme: every measure the DOCX and PDF writers (and any other
 * writer, such as HTML) share, in points and millimetres. Before this module
 * each writer had its own copy and the two had drifted (the signature caption
 * was 7.5 pt in the PDF and 9 pt in the DOCX, the line height 1.3 against
 * Word's "single"). Writers convert units (twips, half-points) themselves;
 * nothing here knows a file format.
 *
 * A locale may change a few measures (a left margin required by its office
 * standard, a body size its style guide asks for): see LOCALE_THEMES and
 * themeFor. The data is frozen plain objects: no state, nothing to set up.
 */
import type { TextSize } from '../model/types.js';

export interface PageMarginsMm {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface HeadingTheme {
  /** Size in points. */
  size: number;
  /** Space before and after, in points. */
  spaceBefore: number;
  spaceAfter: number;
}

export interface Theme {
  /** A4 page margins in millimetres (a template's `@margins` still wins). */
  margins: PageMarginsMm;
  /** Text sizes in points. */
  sizes: Record<TextSize, number>;
  /**
   * Line height as a multiple of the font size, in every format (the DOCX
   * writes it as an exact line spacing, so LibreOffice and Word break pages
   * where the PDF does). 1.3 keeps accents and descenders clear while reading
   * like "single" spacing in a word processor.
   */
  lineHeight: number;
  /** Space after a paragraph (when the template does not say) and after a clause, in points. */
  paragraphGap: number;
  clauseGap: number;
  /** Space before a kept group (the AGREED signatures), in points. */
  keepGap: number;
  heading: Record<1 | 2, HeadingTheme>;
  clause: {
    /** Gap between a clause number and its text, in points. */
    labelGap: number;
    /** The narrowest number column, in points. */
    minLabelColumn: number;
    /**
     * Deepest clause level that still indents (level 1 is "3.2", level 4 is
     * "3.2.1.4.5"). Deeper clauses keep level `maxIndentLevel`'s number
     * position and start their text after their own measured number; the
     * validator warns about them (layout/deep-nesting).
     */
    maxIndentLevel: number;
    /** Clause text never starts further right than this share of the text width. */
    maxIndentShare: number;
  };
  /** Lines a paragraph keeps together at a page break (orphans and widows). */
  minLinesAtBreak: number;
  /** Justification never widens a space by more than this many ems (PDF). */
  maxStretch: number;
  table: { size: number; padX: number; padY: number; rule: number; headerFill: string; spaceBefore: number; spaceAfter: number };
  signature: {
    /** Room above the signature line for the handwritten signature, in points. */
    room: number;
    /** Share of the row taken by the label when there is one. */
    labelShare: number;
    /** Share of the rest (after the label) taken by the line. */
    lineShare: number;
    /**
     * The shortest rule, when a long name needs the room. 0.3 of the APPROVED
     * box is 22 mm under the 30 mm left margin of uk documents: room enough to
     * sign, and «Олександр МЕЛЬНИЧУК» (ДСТУ 4163:2020 writes the given name and
     * the SURNAME) stays on one line beside it (0.35 wrapped it).
     */
    minLineShare: number;
    /** Gap between the line and the texts beside it, in points. */
    gap: number;
    captionSize: number;
    rule: number;
    spaceAfter: number;
  };
  /** Header and footer lines. */
  running: { size: number; rule: number; ruleGap: number; colour: string };
  image: { spaceAfter: number };
}

export const BASE_THEME: Theme = deepFreeze({
  margins: { top: 20, right: 15, bottom: 20, left: 25 },
  sizes: { small: 9, normal: 11, large: 13, title: 15 },
  lineHeight: 1.3,
  paragraphGap: 6,
  clauseGap: 4,
  keepGap: 20,
  heading: {
    1: { size: 12, spaceBefore: 14, spaceAfter: 6 },
    2: { size: 11, spaceBefore: 10, spaceAfter: 4 },
  },
  clause: { labelGap: 6, minLabelColumn: 18, maxIndentLevel: 4, maxIndentShare: 0.45 },
  minLinesAtBreak: 2,
  maxStretch: 1.2,
  table: { size: 10, padX: 4, padY: 3, rule: 0.5, headerFill: '#efefef', spaceBefore: 6, spaceAfter: 8 },
  signature: { room: 18, labelShare: 0.4, lineShare: 0.55, minLineShare: 0.3, gap: 10, captionSize: 7.5, rule: 0.6, spaceAfter: 6 },
  running: { size: 8.5, rule: 0.4, ruleGap: 3, colour: '#333333' },
  image: { spaceAfter: 6 },
});

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * What a locale changes, by primary language subtag. Office standards set
 * some measures: the wording of each locale is in templates/locales, these
 * are the few numbers that go with it.
 */
export const LOCALE_THEMES: Readonly<Record<string, DeepPartial<Theme>>> = deepFreeze({});

/** The theme of a document in `language` (a BCP 47 tag such as `uk-UA`). */
export function themeFor(language: string): Theme {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? '';
  const override = LOCALE_THEMES[primary];
  return override === undefined ? BASE_THEME : (merge(BASE_THEME, override) as Theme);
}

/**
 * The theme of one document: its language's theme with the body size the
 * document asks for (`page.bodySize`, from the locale's `layout.body_size`).
 * The other text sizes keep their distance from the body size, so a 12 pt
 * body still has a larger title and smaller captions; headings are never
 * smaller than the body they introduce.
 */
export function documentTheme(model: { meta: { language: string }; page: { bodySize?: number } }): Theme {
  const theme = themeFor(model.meta.language);
  const body = model.page.bodySize;
  if (body === undefined || body === theme.sizes.normal) return theme;
  const shift = body - theme.sizes.normal;
  const heading = (level: 1 | 2): HeadingTheme => ({ ...theme.heading[level], size: Math.max(body, theme.heading[level].size + shift) });
  return deepFreeze({
    ...theme,
    sizes: { small: theme.sizes.small + shift, normal: body, large: theme.sizes.large + shift, title: theme.sizes.title + shift },
    heading: { 1: heading(1), 2: heading(2) },
    table: { ...theme.table, size: theme.table.size + shift },
  });
}

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (base === null || typeof base !== 'object' || over === null || typeof over !== 'object') return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) out[key] = merge((base as Record<string, unknown>)[key], value);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Points per millimetre (72 pt per inch, 25.4 mm per inch). */
export const PT_PER_MM = 72 / 25.4;

/**
 * Where clause numbers and clause texts start, per level, in points from the
 * text's left edge. Every clause of a level uses the same column, sized to
 * the widest number of that level in the document (measured with the
 * document's font), so texts line up; a sub-clause's number starts where its
 * parent's text starts. Past `maxIndentLevel`, or where the text would start
 * beyond `maxIndentShare` of the width, numbers stop moving right: a deeper
 * clause's number stands where the last indenting level's number stands, and
 * its text starts after that number, so a number never runs into its text.
 * Both writers use this one function, so the formats indent alike.
 */
export interface ClauseColumns {
  labelX(level: number): number;
  textX(level: number): number;
  /** The deepest level that still indents. */
  readonly carried: number;
}

/** `widest[level]` is the width in points of the widest number of that level. */
export function clauseColumns(theme: Theme, widest: readonly (number | undefined)[], width: number): ClauseColumns {
  const { labelGap, minLabelColumn, maxIndentLevel, maxIndentShare } = theme.clause;
  const column = (level: number): number => Math.max(minLabelColumn, (widest[level] ?? 0) + labelGap);
  const limit = width * maxIndentShare;
  // The deepest level whose text still starts within the limit.
  let carried = 1;
  let x = column(1);
  for (let level = 2; level <= maxIndentLevel; level += 1) {
    x += column(level);
    if (x > limit) break;
    carried = level;
  }
  const indentLabel = (level: number): number => {
    let at = 0;
    for (let l = 1; l < Math.min(level, carried); l += 1) at += column(l);
    return at;
  };
  return {
    carried,
    labelX: indentLabel,
    textX: (level) => indentLabel(level) + column(level),
  };
}
