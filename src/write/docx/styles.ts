import type { IParagraphStyleOptions, IStylesOptions } from 'docx';
import type { TextSize } from '../../model/types.js';
import type { Theme } from '../../theme/theme.js';
import { ptToTwips } from './units.js';

/**
 * The document's named styles. Formatting lives here rather than on each
 * paragraph so that a person editing the DOCX in Word gets the same look for
 * new text, and can restyle the whole document from the Styles pane.
 */

/*
 * Sizes, gaps and the line height come from the theme (src/theme/theme.ts),
 * the one the PDF writer reads, so the two formats of one document look
 * alike and break pages in the same places. Lines are set "exactly"
 * size x lineHeight tall: Word and LibreOffice then agree with the PDF
 * whatever line gap the font declares.
 */

/** Font sizes in half-points, Word's unit for w:sz. */
export function sizeHalfPoints(theme: Theme): Record<TextSize, number> {
  const half = (pt: number): number => Math.round(pt * 2);
  return { small: half(theme.sizes.small), normal: half(theme.sizes.normal), large: half(theme.sizes.large), title: half(theme.sizes.title) };
}

/** Exact line spacing for a font size in points, as w:spacing attributes. */
export function lineSpacing(theme: Theme, size: number): { line: number; lineRule: 'exact' } {
  return { line: ptToTwips(size * theme.lineHeight), lineRule: 'exact' };
}

export const STYLE = {
  normal: 'Normal',
  title: 'JdTitle',
  large: 'JdLarge',
  small: 'JdSmall',
  heading1: 'JdHeading1',
  heading2: 'JdHeading2',
  clause: ['JdClause1', 'JdClause2', 'JdClause3', 'JdClause4'] as const,
  signature: 'JdSignature',
  signatureCaption: 'JdSignatureCaption',
  tableText: 'JdTableText',
  tableHeader: 'JdTableHeader',
  header: 'JdHeader',
  footer: 'JdFooter',
} as const;

/** Space above a keep group, in twips. */
export const keepGap = (theme: Theme): number => ptToTwips(theme.keepGap);

/** Space before a heading of a level, in twips (the style's own). */
export const headingSpaceBefore = (theme: Theme, level: 1 | 2): number => ptToTwips(theme.heading[level].spaceBefore);

/** The paragraph style for each text size of a paragraph block. */
export const SIZE_STYLE: Record<TextSize, string> = {
  small: STYLE.small,
  normal: STYLE.normal,
  large: STYLE.large,
  title: STYLE.title,
};

/**
 * The clause styles: one per level that indents. Their indents are a fair
 * default for text a person adds in Word; the writer sets each clause's
 * measured indent on the paragraph itself (see blocks.ts).
 */
const CLAUSE_INDENT = [
  { left: 709, hanging: 709 },
  { left: 1559, hanging: 850 },
  { left: 2551, hanging: 992 },
  { left: 3685, hanging: 1134 },
] as const;

/** The clause style of a nesting depth; deeper levels share the deepest style. */
export function clauseStyle(level: number): { id: string } {
  const index = Math.min(Math.max(level, 1), CLAUSE_INDENT.length) - 1;
  return { id: STYLE.clause[index] ?? STYLE.clause[0] };
}

export interface StyleSettings {
  fontFamily: string;
  language: string;
  /** Width of the text column in twips: the running lines' right tab stop. */
  textWidth: number;
  theme: Theme;
}

export function buildStyles(settings: StyleSettings): IStylesOptions {
  const { theme } = settings;
  const sizes = sizeHalfPoints(theme);
  const font = {
    ascii: settings.fontFamily,
    hAnsi: settings.fontFamily,
    cs: settings.fontFamily,
    eastAsia: settings.fontFamily,
  };
  // docx's built-in Heading 1/2 are blue and large; ours are black and body-sized,
  // so a JdHeading that Word resets to its base style still looks right.
  const plainHeading = (outlineLevel: number) => ({
    run: { color: '000000', size: Math.round(theme.heading[1].size * 2), bold: true },
    paragraph: { outlineLevel, keepNext: true, keepLines: true },
  });
  return {
    default: {
      document: {
        run: {
          font,
          size: sizes.normal,
          // The document language makes Word's and LibreOffice's spell-checkers
          // and hyphenation use the right dictionary.
          language: { value: settings.language },
        },
        paragraph: { spacing: { before: 0, after: ptToTwips(theme.paragraphGap), ...lineSpacing(theme, theme.sizes.normal) } },
      },
      heading1: plainHeading(0),
      heading2: plainHeading(1),
    },
    paragraphStyles: [...textStyles(theme), ...headingStyles(theme), ...clauseStyles(theme), ...tableStyles(settings.textWidth, theme)],
  };
}

function textStyles(theme: Theme): IParagraphStyleOptions[] {
  const sizes = sizeHalfPoints(theme);
  const sized = (id: string, name: string, size: TextSize): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: STYLE.normal,
    next: STYLE.normal,
    quickFormat: true,
    run: { size: sizes[size] },
    paragraph: { spacing: lineSpacing(theme, theme.sizes[size]) },
  });
  return [sized(STYLE.title, 'JD Title', 'title'), sized(STYLE.large, 'JD Large', 'large'), sized(STYLE.small, 'JD Small', 'small')];
}

function headingStyles(theme: Theme): IParagraphStyleOptions[] {
  // Based on Heading 1/2 with an outline level, so Word's navigation pane and
  // PDF bookmarks exported from Word list the sections.
  const heading = (id: string, name: string, basedOn: string, level: 1 | 2): IParagraphStyleOptions => ({
    id,
    name,
    basedOn,
    next: STYLE.normal,
    quickFormat: true,
    run: { size: Math.round(theme.heading[level].size * 2), bold: true, color: '000000' },
    paragraph: {
      outlineLevel: level - 1,
      keepNext: true,
      keepLines: true,
      spacing: {
        before: ptToTwips(theme.heading[level].spaceBefore),
        after: ptToTwips(theme.heading[level].spaceAfter),
        ...lineSpacing(theme, theme.heading[level].size),
      },
      // The heading text starts where first-level clause text starts, as in the PDF.
      indent: { left: CLAUSE_INDENT[0].left, hanging: CLAUSE_INDENT[0].hanging },
      leftTabStop: CLAUSE_INDENT[0].left,
    },
  });
  return [heading(STYLE.heading1, 'JD Heading 1', 'Heading1', 1), heading(STYLE.heading2, 'JD Heading 2', 'Heading2', 2)];
}

function clauseStyles(theme: Theme): IParagraphStyleOptions[] {
  // The tab stop at the text position is what the tab after the clause number
  // jumps to; Word would also use the hanging indent, but an explicit stop
  // makes LibreOffice and Google Docs agree.
  return CLAUSE_INDENT.map((indent, index) => ({
    id: STYLE.clause[index] ?? STYLE.clause[0],
    name: `JD Clause ${index + 1}`,
    basedOn: STYLE.normal,
    next: STYLE.clause[index] ?? STYLE.clause[0],
    quickFormat: true,
    paragraph: {
      indent: { left: indent.left, hanging: indent.hanging },
      leftTabStop: indent.left,
      spacing: { after: ptToTwips(theme.clauseGap) },
      // Justified like the PDF: clause text reads as a formal document.
      alignment: 'both',
    },
  }));
}

function tableStyles(textWidth: number, theme: Theme): IParagraphStyleOptions[] {
  const compact = { spacing: { before: 0, after: 0, ...lineSpacing(theme, theme.table.size) } };
  const signature = { spacing: { before: 0, after: 0, ...lineSpacing(theme, theme.sizes.normal) } };
  return [
    {
      id: STYLE.tableText,
      name: 'JD Table Text',
      basedOn: STYLE.normal,
      // Table text is a little smaller than body text so that narrow columns hold more.
      run: { size: Math.round(theme.table.size * 2) },
      paragraph: compact,
    },
    {
      id: STYLE.tableHeader,
      name: 'JD Table Header',
      basedOn: STYLE.tableText,
      run: { bold: true },
      // No keepNext here: the header row carries it, and only outside boxes.
      paragraph: { ...compact, alignment: 'center' },
    },
    { id: STYLE.signature, name: 'JD Signature', basedOn: STYLE.normal, paragraph: signature },
    {
      id: STYLE.signatureCaption,
      name: 'JD Signature Caption',
      basedOn: STYLE.small,
      run: { size: Math.round(theme.signature.captionSize * 2) },
      paragraph: { alignment: 'center', spacing: { before: 0, after: 0, ...lineSpacing(theme, theme.signature.captionSize) } },
    },
    ...runningStyles(textWidth, theme),
  ];
}

/**
 * Header and footer lines: small grey text with a hairline towards the body.
 * The right tab stop at the text width puts the right-hand text flush with the
 * right margin, on the same line as the left-hand text.
 */
function runningStyles(textWidth: number, theme: Theme): IParagraphStyleOptions[] {
  const rule = { style: 'single', size: 3, color: theme.running.colour.replace('#', ''), space: Math.round(theme.running.ruleGap) } as const;
  const running = (id: string, name: string, border: 'top' | 'bottom'): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: STYLE.small,
    run: { color: theme.running.colour.replace('#', ''), size: Math.round(theme.running.size * 2) },
    paragraph: { spacing: { before: 0, after: 0, ...lineSpacing(theme, theme.running.size) }, rightTabStop: textWidth, border: { [border]: rule } },
  });
  return [running(STYLE.header, 'JD Header', 'bottom'), running(STYLE.footer, 'JD Footer', 'top')];
}
