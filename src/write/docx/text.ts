import { AlignmentType, DeletedTextRun, InsertedTextRun, Paragraph, TextRun, type IRunOptions, type Table } from 'docx';
import type { Alignment, Change, Span } from '../../model/types.js';

/** What a block turns into: body-level DOCX content. */
export type DocxContent = Paragraph | Table;

/** A run of body text: plain, or a tracked insertion or deletion. */
export type BodyRun = TextRun | InsertedTextRun | DeletedTextRun;

/**
 * Who and when tracked changes are attributed to (w:author, w:date). The id
 * every change gets here is a placeholder: the re-zip pass (package.ts)
 * numbers all revisions in document order, so ids never depend on how the
 * elements were built.
 */
export interface RevisionAttributes {
  id: number;
  author: string;
  /** ISO 8601, e.g. 2026-11-05T00:00:00Z. */
  date: string;
}

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
  /** Extra space in twips above this block (0 for none), e.g. before a keep group. */
  spaceBefore: number;
  /**
   * Inside a table cell (a box). Word reads keepNext on any paragraph in a cell
   * as "keep this row with the next", which would glue the box to whatever
   * follows it; the box row is unsplittable anyway, so keeps are dropped.
   */
  inCell: boolean;
  /** Attribution of tracked changes (spans and clauses marked inserted or deleted). */
  revision: RevisionAttributes;
}

export const ROOT_CONTEXT: Omit<RenderContext, 'width' | 'revision'> = {
  keepNext: false,
  keepTogether: false,
  breakBefore: false,
  spaceBefore: 0,
  inCell: false,
};

/**
 * keepNext for content that wants to stay with what follows. In a cell the
 * answer is an explicit "no", which also overrides a style's keepNext (headings).
 */
export function mayKeepNext(ctx: RenderContext, wanted: boolean): boolean | undefined {
  if (!wanted) return undefined;
  return !ctx.inCell;
}

export const ALIGNMENT: Record<Alignment, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

/**
 * A run, wrapped in w:ins or w:del when it is a tracked change. Deleted text
 * is written as w:delText, so accepting the change removes it and rejecting
 * it restores it.
 */
export function changedRun(options: IRunOptions, change: Change | undefined, revision: RevisionAttributes): BodyRun {
  if (change === 'inserted') return new InsertedTextRun({ ...options, ...revision });
  if (change === 'deleted') return new DeletedTextRun({ ...options, ...revision });
  return new TextRun(options);
}

/**
 * Runs for a list of spans. A newline inside a span becomes a line break, as
 * Word would otherwise show it as a space. `change` (a whole inserted or
 * deleted clause) overrides the spans' own change marks.
 */
export function spanRuns(spans: readonly Span[], revision: RevisionAttributes, change?: Change): BodyRun[] {
  return spans.flatMap((span) =>
    span.text.split('\n').map((line, index) =>
      changedRun(
        {
          text: line,
          bold: span.bold === true ? true : undefined,
          italics: span.italic === true ? true : undefined,
          break: index > 0 ? 1 : undefined,
        },
        change ?? span.change,
        revision,
      ),
    ),
  );
}

/** The paragraph properties that decide where a page may break. */
export function flowProperties(ctx: RenderContext, keepWithNext = false) {
  return {
    keepNext: mayKeepNext(ctx, keepWithNext || ctx.keepNext),
    keepLines: ctx.keepTogether ? true : undefined,
    pageBreakBefore: ctx.breakBefore ? true : undefined,
    // Absent w:widowControl means "off" in WordprocessingML, unlike Word's UI default.
    widowControl: true,
  };
}

/**
 * An empty paragraph exactly `height` twips tall: a space block, or the space
 * above a table (tables have no "space before" of their own).
 */
export function spacerParagraph(height: number, ctx: RenderContext): Paragraph {
  return new Paragraph({
    ...flowProperties(ctx),
    spacing: { before: 0, after: 0, line: Math.max(20, height), lineRule: 'exact' },
  });
}

/**
 * A paragraph that only starts a new page: before a table (Word ignores
 * pageBreakBefore inside table cells) or after the last block. One point
 * tall, so the new page starts practically at the table.
 */
export function pageBreakParagraph(): Paragraph {
  return new Paragraph({ pageBreakBefore: true, spacing: { before: 0, after: 0, line: 20, lineRule: 'exact' } });
}
