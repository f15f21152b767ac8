/**
 * Paragraphs, headings and clauses: wrapped text, optionally with a number
 * hanging in a column to its left, that may break across pages between lines.
 */
import type { Alignment, Change } from '../../model/types.js';
import type { Flow } from './flow.js';
import { type Face, type Pdf, textWidth } from './fonts.js';
import { TextOut } from './glyphs.js';
import type { Laid } from './laid.js';
import { EPSILON, MIN_LINES_AT_BREAK } from './style.js';
import { type TextLines, drawChangeMark, drawLine, inChangeColour } from './text.js';

export interface TextBlockSpec {
  text: TextLines;
  align: Alignment;
  /** Where the text starts, relative to the block's left edge. */
  indent: number;
  width: number;
  /**
   * A number drawn on the first line (clause and heading numbers), marked
   * like changed text when the whole clause was inserted or deleted.
   */
  label?: { text: string; face: Face; x: number; change?: Change | undefined };
  /**
   * Draws the label in a structure element of its own: called with the
   * drawing of the label (which leaves no text unflushed), it opens the
   * label's element, draws, closes it and opens the element of the text.
   */
  aroundLabel?: (draw: () => void) => void;
  spaceBefore: number;
  spaceAfter: number;
  keepWithNext: boolean;
}

/**
 * How many of the `left` remaining lines to put on a page with room for
 * `room` lines. Never one lonely line at the bottom (orphan) or top (widow):
 * 0 means "start a new page first".
 */
function linesForPage(left: number, room: number): number {
  if (room >= left) return left;
  let take = room;
  if (left - take < MIN_LINES_AT_BREAK) take = left - MIN_LINES_AT_BREAK;
  return take < MIN_LINES_AT_BREAK ? 0 : take;
}

export function textBlock(pdf: Pdf, spec: TextBlockSpec): Laid {
  const { lines, lineHeight, baseline, size } = spec.text;
  const drawLabel = (x: number, y: number, out: TextOut): void => {
    if (!spec.label) return;
    const { text, face, x: dx, change } = spec.label;
    if (change !== undefined) out.flush();
    inChangeColour(pdf.doc, change, () => {
      out.text(face, size, text, x + dx, y + baseline);
      if (change !== undefined) out.flush();
    });
    if (change !== undefined) {
      // Through the gap up to the text too, as Word marks the tab after the number.
      const end = Math.max(x + dx + textWidth(pdf, face, text, size), x + spec.indent);
      drawChangeMark(pdf.doc, change, x + dx, end, y + baseline, size);
    }
  };
  return {
    height: lines.length * lineHeight,
    // The fewest lines that can end a page: a paragraph too short to leave
    // two lines on each side of a break moves whole.
    lead: (lines.length < 2 * MIN_LINES_AT_BREAK ? lines.length : MIN_LINES_AT_BREAK) * lineHeight,
    spaceBefore: spec.spaceBefore,
    spaceAfter: spec.spaceAfter,
    keepWithNext: spec.keepWithNext,
    unbreakable: false,
    draw(flow: Flow, x: number): void {
      // The lines on one page go out as one text object.
      const out = new TextOut(pdf);
      let next = 0;
      while (next < lines.length) {
        const room = Math.floor((flow.bottom - flow.y + EPSILON) / lineHeight);
        let take = linesForPage(lines.length - next, room);
        if (take === 0 && !flow.blank) {
          flow.newPage(true);
          continue;
        }
        // On an empty page there is nothing better to do than fill it.
        if (take === 0) take = Math.max(1, room);
        for (const line of lines.slice(next, next + take)) {
          if (line === lines[0]) {
            const top = flow.y;
            if (spec.aroundLabel)
              spec.aroundLabel(() => {
                drawLabel(x, top, out);
                out.flush();
              });
            else drawLabel(x, top, out);
          }
          drawLine(pdf, line, size, { x: x + spec.indent, baseline: flow.y + baseline, width: spec.width, align: spec.align }, out);
          flow.advance(lineHeight);
        }
        out.flush();
        next += take;
        if (next < lines.length) flow.newPage(true);
      }
    },
  };
}
