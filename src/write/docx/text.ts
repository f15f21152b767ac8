import type { Alignment, Change, Span } from '../../model/types.js';
import type { DocumentParts } from './parts.js';
import { element, escapeAttribute, textElement, valueElement } from './xml.js';
import type { ClauseColumns, Theme } from '../../theme/theme.js';
import type { Measure } from './measure.js';

/**
 * Paragraphs and runs of WordprocessingML, as XML strings.
 *
 * Element order inside w:pPr and w:rPr follows the schema (CT_PPr, CT_RPr):
 * Word rejects a document whose properties come in another order.
 */

/** What a block turns into: body-level content, a paragraph or a table, as XML. */
export interface DocxContent {
  kind: 'paragraph' | 'table';
  xml: string;
}

/**
 * Who and when tracked changes are attributed to (w:author, w:date). Ids are
 * not part of it: the document's parts number every change in document order.
 */
export interface RevisionAttributes {
  author: string;
  /** ISO 8601, e.g. 2026-11-05T00:00:00Z. */
  date: string;
}

/** Where and how a block is being laid out. */
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
  /** Space in twips the block above leaves under itself: this block's space before is shortened by it (blocks.ts, spaceAfter). */
  collapse: number;
  /**
   * Inside a table cell (a box). Word reads keepNext on any paragraph in a cell
   * as "keep this row with the next", which would glue the box to whatever
   * follows it; the box row is unsplittable anyway, so a cell's paragraphs
   * keep with the next only when their row does (cellKeepNext).
   */
  inCell: boolean;
  /**
   * The keepNext of the table row whose cell is being filled: paragraphs of
   * the cell that set no keepNext of their own take it, so a kept row stays
   * with the next in Word, which reads keeps from the paragraphs.
   */
  cellKeepNext?: boolean | undefined;
  /** Attribution of tracked changes (spans and clauses marked inserted or deleted). */
  revision: RevisionAttributes;
  /** The document being written: ids, relationships and media. */
  parts: DocumentParts;
  /** The layout theme (sizes, gaps) shared with the PDF writer. */
  theme: Theme;
  /** Where clause numbers and texts start, in points (measured, see theme.ts). */
  columns: ClauseColumns;
  /** Text widths in the body font. */
  measure: Measure;
}

/** What a nested render (a table cell) takes over from its parent. */
export type DocumentScope = Pick<RenderContext, 'revision' | 'parts' | 'theme' | 'columns' | 'measure'>;

export const ROOT_CONTEXT: Omit<RenderContext, 'width' | keyof DocumentScope> = {
  keepNext: false,
  keepTogether: false,
  breakBefore: false,
  spaceBefore: 0,
  collapse: 0,
  inCell: false,
};

/**
 * keepNext for content that wants to stay with what follows. In a cell the row
 * decides (cellKeepNext): yes when the row is kept with the next, otherwise an
 * explicit "no", which also overrides a style's keepNext (headings).
 */
export function mayKeepNext(ctx: RenderContext, wanted: boolean): boolean | undefined {
  if (!wanted) return undefined;
  return ctx.inCell ? ctx.cellKeepNext === true : true;
}

/** w:jc values. */
export const ALIGNMENT: Record<Alignment, string> = {
  left: 'left',
  center: 'center',
  right: 'right',
  justify: 'both',
};

/** w:spacing, in twips; undefined values are left to the style. */
export interface Spacing {
  before?: number | undefined;
  after?: number | undefined;
  line?: number | undefined;
  lineRule?: 'auto' | 'exact' | 'atLeast' | undefined;
}

export interface ParagraphProperties {
  style?: string | undefined;
  /** true writes w:keepNext, false an explicit w:val="false" (overriding the style), undefined nothing. */
  keepNext?: boolean | undefined;
  keepLines?: boolean | undefined;
  pageBreakBefore?: boolean | undefined;
  widowControl?: boolean | undefined;
  /** The content of w:pBdr. */
  border?: string | undefined;
  /** Left tab stops in twips. */
  tabs?: readonly number[] | undefined;
  /** No automatic hyphenation (a centred title). */
  noHyphens?: boolean | undefined;
  spacing?: Spacing | undefined;
  indent?: { left: number; hanging: number } | undefined;
  alignment?: string | undefined;
  /** The content of the paragraph mark's w:rPr (a tracked insertion or deletion of the paragraph). */
  mark?: string | undefined;
}

function spacingXml(spacing: Spacing): string {
  return element('w:spacing', { 'w:before': spacing.before, 'w:after': spacing.after, 'w:line': spacing.line, 'w:lineRule': spacing.lineRule });
}

function propertiesXml(p: ParagraphProperties): string {
  let xml = '';
  if (p.style !== undefined) xml += valueElement('w:pStyle', p.style);
  if (p.keepNext !== undefined) xml += p.keepNext ? '<w:keepNext/>' : '<w:keepNext w:val="false"/>';
  if (p.keepLines === true) xml += '<w:keepLines/>';
  if (p.pageBreakBefore === true) xml += '<w:pageBreakBefore/>';
  if (p.widowControl === true) xml += '<w:widowControl/>';
  if (p.border !== undefined) xml += `<w:pBdr>${p.border}</w:pBdr>`;
  if (p.tabs !== undefined) xml += `<w:tabs>${p.tabs.map((pos) => `<w:tab w:val="left" w:pos="${pos}"/>`).join('')}</w:tabs>`;
  if (p.noHyphens === true) xml += '<w:suppressAutoHyphens/>';
  if (p.spacing !== undefined) xml += spacingXml(p.spacing);
  if (p.indent !== undefined) xml += `<w:ind w:left="${p.indent.left}" w:hanging="${p.indent.hanging}"/>`;
  if (p.alignment !== undefined) xml += valueElement('w:jc', p.alignment);
  if (p.mark !== undefined) xml += `<w:rPr>${p.mark}</w:rPr>`;
  return xml === '' ? '' : `<w:pPr>${xml}</w:pPr>`;
}

/** A paragraph: its properties, then its runs (markup). */
export function paragraph(properties: ParagraphProperties, runs = ''): string {
  return `<w:p>${propertiesXml(properties)}${runs}</w:p>`;
}

/** A paragraph as body content. */
export function paragraphContent(properties: ParagraphProperties, runs = ''): DocxContent {
  return { kind: 'paragraph', xml: paragraph(properties, runs) };
}

/** Character formatting of a run. */
export interface RunFormat {
  bold?: boolean | undefined;
  italic?: boolean | undefined;
}

function runPropertiesXml(format: RunFormat | undefined): string {
  if (format === undefined) return '';
  let xml = '';
  if (format.bold === true) xml += '<w:b/><w:bCs/>';
  if (format.italic === true) xml += '<w:i/><w:iCs/>';
  return xml === '' ? '' : `<w:rPr>${xml}</w:rPr>`;
}

/**
 * A run of text. Deleted text is written as w:delText, so accepting the
 * change removes it and rejecting it restores it. `lineBreak` puts a line
 * break before the text.
 */
export function textRun(text: string, format?: RunFormat, deleted = false, lineBreak = false): string {
  return `<w:r>${runPropertiesXml(format)}${lineBreak ? '<w:br/>' : ''}${runText(text, deleted ? 'w:delText' : 'w:t')}</w:r>`;
}

/** A word holding a digit and a hyphen: a number or code such as "ПІ-08" or "BNJ-PP-07/2026". */
const CODE_WORD = /[^\s]*\d[^\s]*/gu;

/**
 * Word and LibreOffice may break a line after any hyphen, which in a centred
 * title line splits a document number ("№ ПІ-" / "08"); the PDF never breaks
 * a word that holds a digit. The hyphens of such words become U+2011, which
 * the run writes as w:noBreakHyphen (drawn as "-", read back as "-" by
 * jdgen's import).
 */
export function unbreakableCodes<T extends { text: string }>(spans: readonly T[]): T[] {
  return spans.map((span) =>
    span.text.includes('-') && /\d/.test(span.text) ? { ...span, text: span.text.replace(CODE_WORD, (word) => word.replace(/-/g, '\u2011')) } : span,
  );
}

/** The text of a run; a no-break hyphen (U+2011) is written as w:noBreakHyphen. */
function runText(text: string, name: string): string {
  if (!text.includes('\u2011')) return textElement(name, text);
  return text
    .split('\u2011')
    .map((part) => (part === '' ? '' : textElement(name, part)))
    .join('<w:noBreakHyphen/>');
}

export const TAB_RUN = '<w:r><w:tab/></w:r>';

/** A run and the tracked change it belongs to, if any. */
export interface ChangedRun {
  change: Change | undefined;
  xml: string;
}

/** The attributes of a w:ins or w:del element, its id taken from the document's sequence. */
function revisionAttributes(ctx: RenderContext): string {
  const { author, date } = ctx.revision;
  return `w:id="${ctx.parts.nextRevisionId()}" w:author="${escapeAttribute(author)}" w:date="${escapeAttribute(date)}"`;
}

const REVISION_ELEMENT: Record<Change, string> = { inserted: 'w:ins', deleted: 'w:del' };

/**
 * The paragraph mark's tracked change (w:pPr/w:rPr/w:ins or w:del): accepting
 * a deletion or rejecting an insertion then removes the paragraph itself.
 */
export function changedMark(change: Change | undefined, ctx: RenderContext): string | undefined {
  return change === undefined ? undefined : `<${REVISION_ELEMENT[change]} ${revisionAttributes(ctx)}/>`;
}

/**
 * Runs, each run of a tracked change wrapped in w:ins or w:del. Runs of one
 * change that follow each other (a clause's number, tab and text; bold and
 * plain parts of an insertion) share one element, as Word writes them, so a
 * reviewer meets one change rather than a few pieces of it. Ids are taken in
 * document order as the elements are written.
 */
export function trackedRuns(runs: readonly ChangedRun[], ctx: RenderContext): string {
  let xml = '';
  let open: Change | undefined;
  for (const run of runs) {
    if (run.change !== open) {
      if (open !== undefined) xml += `</${REVISION_ELEMENT[open]}>`;
      if (run.change !== undefined) xml += `<${REVISION_ELEMENT[run.change]} ${revisionAttributes(ctx)}>`;
      open = run.change;
    }
    xml += run.xml;
  }
  if (open !== undefined) xml += `</${REVISION_ELEMENT[open]}>`;
  return xml;
}

/**
 * Runs for a list of spans. A newline inside a span becomes a line break, as
 * Word would otherwise show it as a space. `change` (a whole inserted or
 * deleted clause) overrides the spans' own change marks.
 */
export function spanRuns(spans: readonly Span[], change?: Change): ChangedRun[] {
  const runs: ChangedRun[] = [];
  for (const span of spans) {
    const spanChange = change ?? span.change;
    const format: RunFormat = { bold: span.bold, italic: span.italic };
    const lines = span.text.split('\n');
    for (let index = 0; index < lines.length; index++) {
      runs.push({ change: spanChange, xml: textRun(lines[index] ?? '', format, spanChange === 'deleted', index > 0) });
    }
  }
  return runs;
}

/** The paragraph properties that decide where a page may break. */
export function flowProperties(ctx: RenderContext, keepWithNext = false): ParagraphProperties {
  return {
    keepNext: mayKeepNext(ctx, keepWithNext || ctx.keepNext) ?? ctx.cellKeepNext,
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
export function spacerParagraph(height: number, ctx: RenderContext): DocxContent {
  return paragraphContent({
    ...flowProperties(ctx),
    spacing: { before: 0, after: 0, line: Math.max(20, height), lineRule: 'exact' },
  });
}

/**
 * A paragraph that only starts a new page: before a table (Word ignores
 * pageBreakBefore inside table cells) or after the last block. One point
 * tall, so the new page starts practically at the table.
 */
export function pageBreakParagraph(ctx: RenderContext): DocxContent {
  return paragraphContent({
    keepNext: ctx.cellKeepNext,
    pageBreakBefore: true,
    spacing: { before: 0, after: 0, line: 20, lineRule: 'exact' },
  });
}
