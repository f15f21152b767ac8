import type { IParagraphStyleOptions, IStylesOptions } from 'docx';
import type { TextSize } from '../../model/types.js';

/**
 * The document's named styles. Formatting lives here rather than on each
 * paragraph so that a person editing the DOCX in Word gets the same look for
 * new text, and can restyle the whole document from the Styles pane.
 */

/*
 * Sizes and gaps follow the PDF writer (src/write/pdf/style.ts), so the two
 * formats of one document look alike.
 */

/** Font sizes in half-points, Word's unit for w:sz. */
export const SIZE_HALF_POINTS: Record<TextSize, number> = {
  small: 18,
  normal: 22,
  large: 26,
  title: 30,
};

export const STYLE = {
  normal: 'Normal',
  title: 'JdTitle',
  large: 'JdLarge',
  small: 'JdSmall',
  heading1: 'JdHeading1',
  heading2: 'JdHeading2',
  clause: ['JdClause1', 'JdClause2', 'JdClause3'] as const,
  signature: 'JdSignature',
  signatureCaption: 'JdSignatureCaption',
  tableText: 'JdTableText',
  tableHeader: 'JdTableHeader',
  header: 'JdHeader',
  footer: 'JdFooter',
} as const;

/** Table text is a little smaller than body text so that narrow columns hold more. */
const TABLE_TEXT_HALF_POINTS = 20;

/** Heading sizes (half-points) and spacing (twips) per level. */
const HEADING = {
  1: { size: 24, before: 280, after: 120 },
  2: { size: 22, before: 200, after: 80 },
} as const;

export const HEADING_SPACE_BEFORE: Record<1 | 2, number> = { 1: HEADING[1].before, 2: HEADING[2].before };

/** Space above a keep group, in twips (14 pt). */
export const KEEP_GAP = 280;

/** The paragraph style for each text size of a paragraph block. */
export const SIZE_STYLE: Record<TextSize, string> = {
  small: STYLE.small,
  normal: STYLE.normal,
  large: STYLE.large,
  title: STYLE.title,
};

/**
 * Clause indents in twips. The number sits at `left - hanging` and the text at
 * `left`, so wrapped lines align under the text, not under the number. Each
 * level's number starts where the level above puts its text, and the hanging
 * part grows with the longer numbers ("1.1." → "1.2.2.1.").
 */
export const CLAUSE_INDENT = [
  { left: 709, hanging: 709 },
  { left: 1559, hanging: 850 },
  { left: 2551, hanging: 992 },
] as const;

/** The clause style of a nesting depth; deeper levels share the deepest style. */
export function clauseStyle(level: number): { id: string; left: number } {
  const index = Math.min(Math.max(level, 1), CLAUSE_INDENT.length) - 1;
  return { id: STYLE.clause[index] ?? STYLE.clause[0], left: CLAUSE_INDENT[index]?.left ?? 0 };
}

/** The normal gap after a paragraph, in twips (6 pt). */
export const PARAGRAPH_GAP = 120;

export interface StyleSettings {
  fontFamily: string;
  language: string;
  /** Width of the text column in twips: the running lines' right tab stop. */
  textWidth: number;
}

export function buildStyles(settings: StyleSettings): IStylesOptions {
  const font = {
    ascii: settings.fontFamily,
    hAnsi: settings.fontFamily,
    cs: settings.fontFamily,
    eastAsia: settings.fontFamily,
  };
  // docx's built-in Heading 1/2 are blue and large; ours are black and body-sized,
  // so a JdHeading that Word resets to its base style still looks right.
  const plainHeading = (outlineLevel: number) => ({
    run: { color: '000000', size: HEADING[1].size, bold: true },
    paragraph: { outlineLevel, keepNext: true, keepLines: true },
  });
  return {
    default: {
      document: {
        run: {
          font,
          size: SIZE_HALF_POINTS.normal,
          // The document language makes Word's and LibreOffice's spell-checkers
          // and hyphenation use the right dictionary.
          language: { value: settings.language },
        },
        paragraph: { spacing: { before: 0, after: PARAGRAPH_GAP, line: 240 } },
      },
      heading1: plainHeading(0),
      heading2: plainHeading(1),
    },
    paragraphStyles: [...textStyles(), ...headingStyles(), ...clauseStyles(), ...tableStyles(settings.textWidth)],
  };
}

function textStyles(): IParagraphStyleOptions[] {
  const sized = (id: string, name: string, size: TextSize): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: STYLE.normal,
    next: STYLE.normal,
    quickFormat: true,
    run: { size: SIZE_HALF_POINTS[size] },
  });
  return [sized(STYLE.title, 'JD Title', 'title'), sized(STYLE.large, 'JD Large', 'large'), sized(STYLE.small, 'JD Small', 'small')];
}

function headingStyles(): IParagraphStyleOptions[] {
  // Based on Heading 1/2 with an outline level, so Word's navigation pane and
  // PDF bookmarks exported from Word list the sections.
  const heading = (id: string, name: string, basedOn: string, level: 1 | 2): IParagraphStyleOptions => ({
    id,
    name,
    basedOn,
    next: STYLE.normal,
    quickFormat: true,
    run: { size: HEADING[level].size, bold: true, color: '000000' },
    paragraph: {
      outlineLevel: level - 1,
      keepNext: true,
      keepLines: true,
      spacing: { before: HEADING[level].before, after: HEADING[level].after },
      // The heading text starts where first-level clause text starts, as in the PDF.
      indent: { left: CLAUSE_INDENT[0].left, hanging: CLAUSE_INDENT[0].hanging },
      leftTabStop: CLAUSE_INDENT[0].left,
    },
  });
  return [heading(STYLE.heading1, 'JD Heading 1', 'Heading1', 1), heading(STYLE.heading2, 'JD Heading 2', 'Heading2', 2)];
}

function clauseStyles(): IParagraphStyleOptions[] {
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
      spacing: { after: 80 },
      // Justified like the PDF: clause text reads as a formal document.
      alignment: 'both',
    },
  }));
}

function tableStyles(textWidth: number): IParagraphStyleOptions[] {
  const compact = { spacing: { before: 0, after: 0 } };
  return [
    {
      id: STYLE.tableText,
      name: 'JD Table Text',
      basedOn: STYLE.normal,
      run: { size: TABLE_TEXT_HALF_POINTS },
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
    { id: STYLE.signature, name: 'JD Signature', basedOn: STYLE.normal, paragraph: compact },
    {
      id: STYLE.signatureCaption,
      name: 'JD Signature Caption',
      basedOn: STYLE.small,
      paragraph: { alignment: 'center', spacing: { before: 0, after: PARAGRAPH_GAP } },
    },
    ...runningStyles(textWidth),
  ];
}

/**
 * Header and footer lines: small grey text with a hairline towards the body.
 * The right tab stop at the text width puts the right-hand text flush with the
 * right margin, on the same line as the left-hand text.
 */
function runningStyles(textWidth: number): IParagraphStyleOptions[] {
  const rule = { style: 'single', size: 3, color: '333333', space: 3 } as const;
  const running = (id: string, name: string, border: 'top' | 'bottom'): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: STYLE.small,
    run: { color: '333333' },
    paragraph: { spacing: { before: 0, after: 0 }, rightTabStop: textWidth, border: { [border]: rule } },
  });
  return [running(STYLE.header, 'JD Header', 'bottom'), running(STYLE.footer, 'JD Footer', 'top')];
}
