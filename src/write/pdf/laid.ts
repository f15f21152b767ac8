/**
 * A block measured for a given width, ready to draw. Measuring before drawing
 * is what lets the flow keep a heading with its first lines, move a "keep"
 * group to the next page, or repeat a table header.
 */
import type { Flow } from './flow.js';
import { EPSILON } from './style.js';

export interface Laid {
  /** Height of the content (without the space before and after). */
  height: number;
  /**
   * The smallest first part that may end a page: two lines of a paragraph,
   * a table's header and first row; the whole block when unbreakable.
   */
  lead: number;
  spaceBefore: number;
  spaceAfter: number;
  /** A page break must not fall between this block and the next. */
  keepWithNext: boolean;
  /** Start a new page rather than split the block (when it fits a page). */
  unbreakable: boolean;
  /** A space block: the keep-with-next chain looks through it. */
  transparent?: boolean;
  /** Draws at flow.y with its left edge at x; moves the flow past itself. */
  draw(flow: Flow, x: number): void;
}

const first = (laid: Laid): number => (laid.unbreakable ? laid.height : laid.lead);

/** Space between two consecutive blocks. */
const between = (a: Laid, b: Laid): number => Math.max(a.spaceAfter, b.spaceBefore);

/** Height of blocks stacked as a sequence, without the outer spaces. */
export function sequenceHeight(laids: Laid[]): number {
  return laids.reduce((sum, laid, i) => sum + laid.height + (i > 0 ? between(laids[i - 1], laid) : 0), 0);
}

/**
 * How much room block i needs on the current page before it may start:
 * its lead, or for a keep-with-next chain every block of the chain plus the
 * lead of the block that ends it. A chain taller than a page cannot be kept
 * and falls back to the block's own lead.
 */
function neededHeight(laids: Laid[], i: number, pageHeight: number): number {
  const own = first(laids[i]);
  if (!laids[i].keepWithNext) return own;
  let height = laids[i].height;
  let k = i;
  while ((laids[k].keepWithNext || laids[k].transparent) && k + 1 < laids.length) {
    const next = laids[k + 1];
    const chained = next.keepWithNext || next.transparent;
    height += between(laids[k], next) + (chained ? next.height : first(next));
    k += 1;
  }
  return height <= pageHeight + EPSILON ? height : own;
}

/**
 * Draws blocks one below the other, breaking pages where needed. `nested`
 * sequences (inside a keep or a box) start right at flow.y: their container
 * already placed the space before them.
 */
export function drawSequence(flow: Flow, laids: Laid[], x: number, nested: boolean): void {
  if (nested) flow.pending = 0;
  laids.forEach((laid, i) => {
    const need = neededHeight(laids, i, flow.pageHeight);
    const gap = nested && i === 0 ? 0 : flow.gapBefore(laid.spaceBefore);
    if (!flow.blank && !flow.fits(gap + need) && need <= flow.pageHeight + EPSILON) {
      flow.newPage(true);
    } else {
      flow.y += gap;
    }
    laid.draw(flow, x);
    flow.pending = laid.spaceAfter;
  });
}
