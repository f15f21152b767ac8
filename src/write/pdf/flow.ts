/**
 * The vertical flow of blocks down the pages: where the next block goes, when
 * to start a new page, and how the space between blocks collapses.
 */
import type { PdfDocument } from './file/document.js';
import { EPSILON } from './style.js';

export class Flow {
  /** Top of the next block, in points from the top of the page. */
  y: number;
  /** Space owed after the last block (collapses with the next block's space before). */
  pending = 0;
  /** Nothing drawn on this page yet. */
  blank = true;
  /** This page was started because the previous one was full (not by a page break). */
  overflowed = false;

  constructor(
    private readonly doc: PdfDocument,
    readonly top: number,
    readonly bottom: number,
  ) {
    this.y = top;
  }

  get pageHeight(): number {
    return this.bottom - this.top;
  }

  fits(height: number): boolean {
    return this.y + height <= this.bottom + EPSILON;
  }

  newPage(overflow: boolean): void {
    this.doc.addPage();
    this.y = this.top;
    this.pending = 0;
    this.blank = true;
    this.overflowed = overflow;
  }

  /** An outline entry (bookmark) for what is drawn next, at this height of this page. */
  bookmark(title: string): void {
    this.doc.bookmark(title, this.y);
  }

  /** Moves down past something just drawn. */
  advance(height: number): void {
    this.y += height;
    this.blank = false;
  }

  /**
   * The gap before a block: the larger of the previous block's space after
   * and this block's space before (as in CSS), none at the top of a page, so
   * a heading that starts a page sits on the top margin.
   */
  gapBefore(spaceBefore: number): number {
    return this.blank ? 0 : Math.max(this.pending, spaceBefore);
  }
}
