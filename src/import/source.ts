/**
 * What the readers of src/import/ make of a document: its paragraphs in
 * reading order, tables kept as rows of cells, and the text of its running
 * headers and footers. The recogniser (anatomy.ts) knows nothing of DOCX or
 * ODT; it reads only this.
 */

/** One paragraph of the source document. */
export interface SourceParagraph {
  kind: 'p';
  /** 1-based position among all paragraphs of the body, tables included: what the report's warnings cite. */
  n: number;
  /** The visible text (tabs and line breaks as spaces), without an automatic number. */
  text: string;
  /** Set when the paragraph belongs to an automatic (Word/LibreOffice) list. */
  list?: ListMark;
  /** Every run with text is bold. */
  bold: boolean;
  /** Outline level of a heading style (0 for Heading 1), when the style says so. */
  outline?: number;
  /** The paragraph starts a new page (a page break before it or in the previous one). */
  pageBreakBefore: boolean;
  /** Inside a table (at any depth). */
  inTable: boolean;
  /** The outermost table cell holding it (`table:row:column`), so blocks laid out in a cell stay together. */
  cell?: string;
  /** Pictures anchored in the paragraph (a logo, a stamp): not imported, but named in the report. */
  pictures?: number;
}

/** An automatic number or bullet. */
export interface ListMark {
  /** The kind of list (Word's abstract numbering, the ODF list style): lists of one kind number alike. */
  id: string;
  /** 0 for the outermost level. */
  level: number;
  bullet: boolean;
  /** The number as displayed ("3.", "2.1.", "а)"), when it could be computed; empty for bullets. */
  label: string;
}

export interface SourceTable {
  kind: 'table';
  /** rows[r][c]: the blocks of one cell. */
  rows: SourceBlock[][][];
}

export type SourceBlock = SourceParagraph | SourceTable;

export interface SourceDocument {
  /** The format read: `docx` or `odt`. */
  format: 'docx' | 'odt';
  blocks: SourceBlock[];
  /** Text of the running headers, footers and watermarks (one entry per paragraph). */
  margins: string[];
}

/** Every paragraph of `blocks` in reading order, table cells row by row. */
export function paragraphsOf(blocks: readonly SourceBlock[]): SourceParagraph[] {
  const out: SourceParagraph[] = [];
  const walk = (list: readonly SourceBlock[]): void => {
    for (const block of list) {
      if (block.kind === 'p') out.push(block);
      else for (const row of block.rows) for (const cell of row) walk(cell);
    }
  };
  walk(blocks);
  return out;
}

/** Text with every kind of white space folded to single spaces, trimmed, NFC. */
export function cleanText(text: string): string {
  return (
    text
      .normalize('NFC')
      // Control characters no document can show (jdgen refuses them in a role): invisible in Word, dropped here.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
      .replace(/[\s\u00a0\u2007\u202f\u200b]+/g, ' ')
      .trim()
  );
}
