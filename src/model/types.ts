/**
 * The document model: the one tree every writer reads.
 *
 * Writers know these blocks and nothing about job descriptions. Numbers
 * (section and clause numbers) are already computed here, as text, so every
 * output format shows exactly the same numbering.
 */

export const ALIGNMENTS = ['left', 'center', 'right', 'justify'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

export const TEXT_SIZES = ['small', 'normal', 'large', 'title'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** A run of text with its own emphasis. */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** In a redline: text added or removed since the compared version (tracked changes in DOCX). */
  change?: Change;
}

export const CHANGES = ['inserted', 'deleted'] as const;
export type Change = (typeof CHANGES)[number];

/** A plain paragraph. */
export interface ParagraphBlock {
  type: 'paragraph';
  spans: Span[];
  align: Alignment;
  size: TextSize;
  /** Extra space in points after the paragraph (defaults to the writer's normal gap). */
  spaceAfter?: number;
  /** Do not let a page break fall between this paragraph and the next block. */
  keepWithNext?: boolean;
  /** An entry of the PDF's outline (bookmarks), as section headings are: the title, AGREED, the sheet. */
  bookmark?: boolean;
}

/** A numbered section heading such as "3. Duties". */
export interface HeadingBlock {
  type: 'heading';
  level: 1 | 2;
  /** Computed number, e.g. "3." (empty for unnumbered headings). */
  number: string;
  text: string;
  id?: string;
}

/** A numbered clause such as "3.2.1 Prepares ...". */
export interface ClauseBlock {
  type: 'clause';
  /** Nesting depth: 1 for "3.2", 2 for "3.2.1", 3 for "3.2.1.4". */
  level: number;
  /** Computed number, e.g. "3.2." or "3.2.1." */
  number: string;
  spans: Span[];
  id?: string;
  /** Set when nested clauses follow: an introductory clause never ends a page alone. */
  keepWithNext?: boolean;
  /** In a redline: the whole clause (number included) was added or removed. */
  change?: Change;
}

/**
 * A signature row: a caption on the left (usually a position), a line to sign
 * on, and the printed name ("signature transcription") on the right.
 */
export interface SignatureBlock {
  type: 'signature';
  label: string;
  name: string;
  /** Small text printed under the signature line, e.g. "(signature)". */
  caption: string;
}

export interface TableColumn {
  title: string;
  /** Relative width in percent of the text width. */
  width: number;
  align: Alignment;
}

/** A ruled table; the header row repeats on every page the table spans. */
export interface TableBlock {
  type: 'table';
  columns: TableColumn[];
  rows: string[][];
  /** Minimum row height in points (room for a handwritten signature). */
  minRowHeight: number;
}

/** Blocks that must stay on one page (a signature block, a short list). */
export interface KeepTogetherBlock {
  type: 'keep';
  blocks: Block[];
}

/**
 * A narrow column of blocks placed against one side of the page, such as the
 * "APPROVED" block at the top right of page 1.
 */
export interface BoxBlock {
  type: 'box';
  align: 'left' | 'right';
  /** Width in percent of the text width. */
  width: number;
  blocks: Block[];
}

/**
 * A picture, such as the organisation's logo at the top of page 1. The bytes
 * travel inside the model (base64) so it stays self-contained: writers need
 * no file access, and the JSON output names no path on the build machine.
 */
export interface ImageBlock {
  type: 'image';
  format: 'png' | 'jpeg';
  /** The image file, base64-encoded. */
  data: string;
  /** Intrinsic size in pixels, for the aspect ratio. */
  pixelWidth: number;
  pixelHeight: number;
  /** Width on the page in millimetres; the height follows the aspect ratio. */
  width: number;
  align: 'left' | 'center' | 'right';
  /** Text for readers that cannot show images. */
  alt: string;
}

export interface SpaceBlock {
  type: 'space';
  /** Vertical space in points. */
  size: number;
}

export interface PageBreakBlock {
  type: 'pageBreak';
}

export type Block =
  ParagraphBlock | HeadingBlock | ClauseBlock | SignatureBlock | TableBlock | KeepTogetherBlock | BoxBlock | SpaceBlock | ImageBlock | PageBreakBlock;

/**
 * A running header or footer line. `{page}` and `{pages}` in the text stand for
 * the current page number and the page count; writers turn them into fields.
 */
export interface RunningLine {
  left: string;
  right: string;
}

export interface DocumentMeta {
  title: string;
  subject: string;
  /** BCP 47 language tag of the document text, e.g. "en" or "uk". */
  language: string;
  author: string;
  keywords: string[];
  /** The document's own date (ISO yyyy-mm-dd): used for reproducible file dates. */
  date: string;
}

export interface PageSetup {
  size: 'A4';
  /** Margins in millimetres. */
  margins: { top: number; right: number; bottom: number; left: number };
  /**
   * Body text size in points where the locale's office standard fixes it
   * (ГОСТ Р 7.0.97: 12–14 pt); absent, the theme's own. See documentTheme.
   */
  bodySize?: number;
}

export interface DocumentModel {
  meta: DocumentMeta;
  page: PageSetup;
  header?: RunningLine;
  footer?: RunningLine;
  /** A mark across every page, such as DRAFT for a document not yet approved. */
  watermark?: string;
  /** Present in a redline: who and when the tracked changes are attributed to. */
  revision?: { author: string; date: string };
  blocks: Block[];
}
