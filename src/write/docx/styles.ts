import type { IParagraphStyleOptions, IStylesOptions } from 'docx';
import type { TextSize } from '../../model/types.js';

/**
 * The document's named styles. Formatting lives here rather than on each
 * paragraph so that a person editing the DOCX in Word gets the same look for
 * new text, and can restyle the whole document from the Styles pane.
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
  running: 'JdRunning',
} as const;

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
    run: { color: '000000', size: SIZE_HALF_POINTS.normal, bold: true },
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
  return [
    sized(STYLE.title, 'JD Title', 'title'),
    sized(STYLE.large, 'JD Large', 'large'),
    sized(STYLE.small, 'JD Small', 'small'),
  ];
}

function headingStyles(): IParagraphStyleOptions[] {
  // Based on Heading 1/2 with an outline level, so Word's navigation pane and
  // PDF bookmarks exported from Word list the sections.
  const heading = (id: string, name: string, basedOn: string, outlineLevel: number, before: number): IParagraphStyleOptions => ({
    id,
    name,
    basedOn,
    next: STYLE.normal,
    quickFormat: true,
    run: { size: SIZE_HALF_POINTS.normal, bold: true, color: '000000' },
    paragraph: { outlineLevel, keepNext: true, keepLines: true, spacing: { before, after: PARAGRAPH_GAP } },
  });
  return [
    heading(STYLE.heading1, 'JD Heading 1', 'Heading1', 0, 240),
    heading(STYLE.heading2, 'JD Heading 2', 'Heading2', 1, 180),
  ];
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
    },
  }));
}

function tableStyles(textWidth: number): IParagraphStyleOptions[] {
  const compact = { spacing: { before: 0, after: 0 } };
  return [
    { id: STYLE.tableText, name: 'JD Table Text', basedOn: STYLE.normal, paragraph: compact },
    {
      id: STYLE.tableHeader,
      name: 'JD Table Header',
      basedOn: STYLE.tableText,
      run: { bold: true },
      paragraph: { ...compact, alignment: 'center', keepNext: true },
    },
    { id: STYLE.signature, name: 'JD Signature', basedOn: STYLE.normal, paragraph: compact },
    {
      id: STYLE.signatureCaption,
      name: 'JD Signature Caption',
      basedOn: STYLE.small,
      paragraph: { alignment: 'center', spacing: { before: 0, after: PARAGRAPH_GAP } },
    },
    {
      id: STYLE.running,
      name: 'JD Header Footer',
      basedOn: STYLE.small,
      // The right tab stop at the text width puts the right-hand text flush
      // with the right margin on the same line as the left-hand text.
      paragraph: { ...compact, rightTabStop: textWidth },
    },
  ];
}
