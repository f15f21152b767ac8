/**
 * Running header and footer lines and the watermark, drawn after the body so
 * that {pages} is known: the document keeps every page in memory until it
 * ends, and we revisit them.
 */
import type { RunningLine } from '../../model/types.js';
import type { PdfDocument } from './file/document.js';
import { type Pdf, capHeight, textWidth, wordWidth } from './fonts.js';
import { GraphemeEnds, longestFit } from './fit.js';
import { showText } from './glyphs.js';
import { RUNNING, WATERMARK } from './style.js';
import { lineMetrics } from './text.js';

type Doc = PdfDocument;

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const fill = (text: string, page: number, pages: number): string => text.replaceAll('{page}', String(page)).replaceAll('{pages}', String(pages));

/**
 * Shortens `text` with an ellipsis until it is at most `width` wide, cut
 * between grapheme clusters, in O(log n) measurements (see fit.ts).
 */
function fitWidth(pdf: Pdf, text: string, width: number): string {
  const measure = (t: string): number => textWidth(pdf, 'regular', t, RUNNING.size);
  if (measure(text) <= width) return text;
  const clusters = new GraphemeEnds(text);
  const kept = longestFit(clusters, 0, (end) => measure(`${text.slice(0, end)}…`) <= width);
  return `${text.slice(0, clusters.end(kept)).trimEnd()}…`;
}

/**
 * Shortened texts of one document, by width and text: the footer of every
 * page is usually the same text in the same room, so it is measured once
 * per document, not once per page.
 */
type Fitted = Map<string, string>;

function fitted(pdf: Pdf, cache: Fitted, text: string, width: number): string {
  const key = `${width}|${text}`;
  let shown = cache.get(key);
  if (shown === undefined) {
    shown = fitWidth(pdf, text, width);
    cache.set(key, shown);
  }
  return shown;
}

/** Left and right text on one line; the right text wins if both do not fit. */
function drawTexts(pdf: Pdf, cache: Fitted, line: RunningLine, at: { page: number; pages: number; baseline: number }, m: Margins): void {
  const { doc } = pdf;
  const width = doc.page.width - m.left - m.right;
  doc.fillColor(RUNNING.colour);
  const right = fill(line.right, at.page, at.pages);
  const rightWidth = textWidth(pdf, 'regular', right, RUNNING.size);
  const left = fitted(pdf, cache, fill(line.left, at.page, at.pages), width - rightWidth - 12);
  if (left) showText(pdf, 'regular', RUNNING.size, left, m.left, at.baseline);
  if (right) showText(pdf, 'regular', RUNNING.size, right, doc.page.width - m.right - rightWidth, at.baseline);
  doc.fillColor('black');
}

function rule(doc: Doc, m: Margins, y: number): void {
  doc.save().lineWidth(RUNNING.rule).strokeColor(RUNNING.colour);
  doc
    .moveTo(m.left, y)
    .lineTo(doc.page.width - m.right, y)
    .stroke()
    .restore();
}

/**
 * The watermark: large bold text along the page diagonal (bottom left to top
 * right), centred on the page. Translucent black over the page, so the text
 * under it stays black and readable; see WATERMARK.
 */
function drawWatermark(pdf: Pdf, text: string): void {
  const { doc } = pdf;
  const { width, height } = doc.page;
  const diagonal = Math.hypot(width, height);
  const unit = wordWidth(pdf, 'bold', text, 1);
  if (unit <= 0) return;
  const size = Math.min(WATERMARK.maxSize, (WATERMARK.share * diagonal) / unit);
  const [cx, cy] = [width / 2, height / 2];
  doc.save().rotate(WATERMARK.angle, [cx, cy]).fillColor('black', WATERMARK.opacity);
  // Centred on the capital letters: half the cap height below the centre.
  showText(pdf, 'bold', size, text, cx - (unit * size) / 2, cy + capHeight(pdf, 'bold', size) / 2);
  doc.restore().fillColor('black');
}

export interface PageMarks {
  header?: RunningLine | undefined;
  footer?: RunningLine | undefined;
  /** Drawn on every page, before the header and footer (which then read last). */
  watermark?: string | undefined;
}

/**
 * Header text centred in the top margin with a rule under it; footer with a
 * rule over it, centred in the bottom margin. Centring in the margin keeps
 * them clear of the body whatever margins the model asks for.
 */
export function drawRunningLines(pdf: Pdf, { header, footer, watermark }: PageMarks, m: Margins): void {
  const { doc } = pdf;
  const { lineHeight, baseline } = lineMetrics(pdf, RUNNING.size);
  const block = lineHeight + RUNNING.ruleGap;
  const range = doc.bufferedPageRange();
  const cache: Fitted = new Map();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const page = i - range.start + 1;
    // Artifacts of the page, not text of the document (a tagged PDF's readers skip them).
    if (watermark !== undefined) doc.artifact(() => drawWatermark(pdf, watermark), { Type: 'Pagination', Subtype: 'Watermark' });
    if (header) {
      const top = (m.top - block) / 2;
      doc.artifact(
        () => {
          drawTexts(pdf, cache, header, { page, pages: range.count, baseline: top + baseline }, m);
          rule(doc, m, top + lineHeight + RUNNING.ruleGap);
        },
        { Type: 'Pagination', Subtype: 'Header' },
      );
    }
    if (footer) {
      const top = doc.page.height - m.bottom + (m.bottom - block) / 2;
      doc.artifact(
        () => {
          rule(doc, m, top);
          drawTexts(pdf, cache, footer, { page, pages: range.count, baseline: top + RUNNING.ruleGap + baseline }, m);
        },
        { Type: 'Pagination', Subtype: 'Footer' },
      );
    }
  }
}
