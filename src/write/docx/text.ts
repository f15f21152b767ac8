import { AlignmentType, Paragraph, TextRun, type Table } from 'docx';
import type { Alignment, Span } from '../../model/types.js';

/** What a block turns into: body-level DOCX content. */
export type DocxContent = Paragraph | Table;

/**
 * Where and how a block is being laid out. Passed down rather than patched in
 * afterwards because docx elements cannot be changed once built.
 */
export interface RenderContext {
  /** Width in twips the block may fill: the text width, or a table cell's inner width. */
  width: number;
  /** Keep this block's last line on the same page as the next block. */
  keepNext: boolean;
  /** Inside a keep group: the block itself must not be split across pages. */
  keepTogether: boolean;
  /** A page break came just before this block. */
  breakBefore: boolean;
}

export const ALIGNMENT: Record<Alignment, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

/**
 * Runs for a list of spans. A newline inside a span becomes a line break, as
 * Word would otherwise show it as a space.
 */
export function spanRuns(spans: readonly Span[]): TextRun[] {
  return spans.flatMap((span) =>
    span.text.split('\n').map(
      (line, index) =>
        new TextRun({
          text: line,
          bold: span.bold === true ? true : undefined,
          italics: span.italic === true ? true : undefined,
          break: index > 0 ? 1 : undefined,
        }),
    ),
  );
}

/** The paragraph properties that decide where a page may break. */
export function flowProperties(ctx: RenderContext, keepWithNext = false) {
  return {
    keepNext: keepWithNext || ctx.keepNext ? true : undefined,
    keepLines: ctx.keepTogether ? true : undefined,
    pageBreakBefore: ctx.breakBefore ? true : undefined,
    // Absent w:widowControl means "off" in WordprocessingML, unlike Word's UI default.
    widowControl: true,
  };
}

/**
 * A paragraph that only starts a new page, for a page break before a table
 * (Word ignores pageBreakBefore inside table cells). One point tall, so the
 * new page starts practically at the table.
 */
export function pageBreakParagraph(): Paragraph {
  return new Paragraph({
    pageBreakBefore: true,
    spacing: { before: 0, after: 0, line: 20, lineRule: 'exact' },
  });
}
