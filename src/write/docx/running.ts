import { Footer, Header, PageNumber, Paragraph, Tab, TextRun, type Run } from 'docx';
import { TextWatermark } from 'docx/watermarks';
import type { RunningLine } from '../../model/types.js';
import { STYLE } from './styles.js';

/**
 * Runs for running-line text: `{page}` and `{pages}` become PAGE and NUMPAGES
 * fields, which Word and LibreOffice fill in per page; the rest is literal.
 */
export function fieldRuns(text: string): TextRun[] {
  return text
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== '')
    .map((part) => {
      if (part === '{page}') return new TextRun({ children: [PageNumber.CURRENT] });
      if (part === '{pages}') return new TextRun({ children: [PageNumber.TOTAL_PAGES] });
      return new TextRun({ text: part });
    });
}

/** One line: left text, then a tab to the right tab stop of the running style, then right text. */
function runningParagraph(line: RunningLine, style: string, extra: Run[] = []): Paragraph {
  const right = line.right === '' ? [] : [new TextRun({ children: [new Tab()] }), ...fieldRuns(line.right)];
  return new Paragraph({ style, children: [...extra, ...fieldRuns(line.left), ...right] });
}

/** A watermark's text, and the font it is drawn in (the body font, which covers Cyrillic). */
export interface WatermarkOptions {
  text: string;
  fontFamily: string;
}

/**
 * The watermark as Word's own Design > Watermark writes it: a VML WordArt
 * shape (v:shape of type #_x0000_t136 with a v:textpath) anchored in the
 * header, so it repeats on every page, centred on the page behind the text,
 * rotated 315° (bottom left to top right), silver at 50 % (Word's
 * "semitransparent"), bold like the PDF's mark. Word's Remove Watermark finds
 * it by its id prefix, PowerPlusWaterMarkObject; package.ts replaces the
 * random rest of the id with a number.
 */
function watermarkRun(watermark: WatermarkOptions): Run {
  return new TextWatermark({
    text: watermark.text,
    font: watermark.fontFamily,
    bold: true,
    color: 'silver',
    opacity: 0.5,
    layout: 'diagonal',
  });
}

function isEmpty(line: RunningLine | undefined): line is undefined {
  return line === undefined || (line.left === '' && line.right === '');
}

/**
 * The page header: the running line, and the watermark anchored in its first
 * paragraph (a header paragraph of its own when there is no running line).
 */
export function runningHeader(line: RunningLine | undefined, watermark?: WatermarkOptions): { default: Header } | undefined {
  const mark = watermark === undefined ? [] : [watermarkRun(watermark)];
  if (isEmpty(line)) {
    // A plain paragraph: the running style's rule would draw a line with nothing above it.
    return mark.length === 0 ? undefined : { default: new Header({ children: [new Paragraph({ spacing: { after: 0 }, children: mark })] }) };
  }
  return { default: new Header({ children: [runningParagraph(line, STYLE.header, mark)] }) };
}

export function runningFooter(line: RunningLine | undefined): { default: Footer } | undefined {
  return isEmpty(line) ? undefined : { default: new Footer({ children: [runningParagraph(line, STYLE.footer)] }) };
}
