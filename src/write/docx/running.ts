import type { RunningLine } from '../../model/types.js';
import { STYLE } from './styles.js';
import { paragraph, TAB_RUN, textRun } from './text.js';
import { escapeAttribute } from './xml.js';
import { GraphemeEnds, longestFit } from '../pdf/fit.js';
import type { Measure } from './measure.js';

/** A complex field (w:fldChar begin, instruction, separate, end) that Word and LibreOffice fill in per page. */
function field(instruction: string): string {
  return (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
    `<w:r><w:instrText xml:space="preserve">${instruction}</w:instrText></w:r>` +
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' +
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
  );
}

const PAGE_FIELD = field('PAGE');
const PAGES_FIELD = field('NUMPAGES');

/**
 * Runs for running-line text: `{page}` and `{pages}` become PAGE and NUMPAGES
 * fields; the rest is literal.
 */
export function fieldRuns(text: string): string {
  let xml = '';
  for (const part of text.split(/(\{page\}|\{pages\})/)) {
    if (part === '') continue;
    xml += part === '{page}' ? PAGE_FIELD : part === '{pages}' ? PAGES_FIELD : textRun(part);
  }
  return xml;
}

/** One line: left text, then a tab to the right tab stop of the running style, then right text. */
function runningParagraph(line: RunningLine, style: string, extra = ''): string {
  const right = line.right === '' ? '' : TAB_RUN + fieldRuns(line.right);
  return paragraph({ style }, extra + fieldRuns(line.left) + right);
}

/** A watermark's text, and the font it is drawn in (the body font, which covers Cyrillic). */
export interface WatermarkOptions {
  text: string;
  fontFamily: string;
}

/** The WordArt shape type "text along a straight path" (#_x0000_t136), as Word defines it in every watermarked header. */
const WORD_ART_SHAPE_TYPE =
  '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">' +
  '<v:formulas>' +
  [
    'sum #0 0 10800',
    'prod #0 2 1',
    'sum 21600 0 @1',
    'sum 0 0 @2',
    'sum 21600 0 @3',
    'if @0 @3 0',
    'if @0 21600 @1',
    'if @0 0 @2',
    'if @0 @4 21600',
    'mid @5 @6',
    'mid @8 @5',
    'mid @7 @8',
    'mid @6 @7',
    'sum @6 0 @5',
  ]
    .map((eqn) => `<v:f eqn="${eqn}"/>`)
    .join('') +
  '</v:formulas>' +
  '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>' +
  '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>' +
  '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>';

/** Width Word gives an automatically sized watermark, in points. */
const WATERMARK_WIDTH = 527.85;
/** Behind the text, as Word's own watermarks. */
const WATERMARK_Z_INDEX = -251657216;

/**
 * A shape height that keeps the letters in proportion: Word stretches the
 * text to fill the shape. Without font metrics, a letter is taken as 0.8 and
 * a space as 0.35 of the height wide (the estimate the docx library uses).
 */
function watermarkHeight(text: string): number {
  const widths = [...text].reduce((total, char) => total + (char === ' ' ? 0.35 : 0.8), 0);
  return Math.round((WATERMARK_WIDTH / Math.max(widths, 1)) * 100) / 100;
}

/**
 * The watermark as Word's own Design > Watermark writes it: a VML WordArt
 * shape (v:shape of type #_x0000_t136 with a v:textpath) anchored in the
 * header, so it repeats on every page, centred on the page behind the text,
 * rotated 315° (bottom left to top right), silver at 50 % (Word's
 * "semitransparent"), bold like the PDF's mark. Word's Remove Watermark finds
 * it by its id prefix, PowerPlusWaterMarkObject; the number after it is the
 * shape's place in the document (there is one header, so 1).
 */
function watermarkRun(watermark: WatermarkOptions, shapeNumber: number): string {
  const style = [
    'position:absolute',
    'margin-left:0',
    'margin-top:0',
    `width:${WATERMARK_WIDTH}pt`,
    `height:${watermarkHeight(watermark.text)}pt`,
    'rotation:315',
    `z-index:${WATERMARK_Z_INDEX}`,
    'mso-position-horizontal:center',
    'mso-position-horizontal-relative:margin',
    'mso-position-vertical:center',
    'mso-position-vertical-relative:margin',
  ].join(';');
  // The font name is quoted inside the CSS-like style: a quote in it would end the value.
  const font = watermark.fontFamily.replace(/["\\]/g, '');
  const textStyle = `font-family:"${font}";font-size:1pt;font-weight:bold`;
  return (
    `<w:r><w:pict>${WORD_ART_SHAPE_TYPE}` +
    `<v:shape id="PowerPlusWaterMarkObject${shapeNumber}" type="#_x0000_t136" style="${style}" o:allowincell="f" fillcolor="silver" stroked="f">` +
    `<v:fill opacity="0.5"/><v:textpath style="${escapeAttribute(textStyle)}" string="${escapeAttribute(watermark.text)}"/>` +
    `</v:shape></w:pict></w:r>`
  );
}

function isEmpty(line: RunningLine | undefined): line is undefined {
  return line === undefined || (line.left === '' && line.right === '');
}

/**
 * The content of the page header: the running line, and the watermark
 * anchored in its first paragraph (a header paragraph of its own when there
 * is no running line); undefined for no header at all.
 */
export function runningHeader(line: RunningLine | undefined, watermark?: WatermarkOptions): string | undefined {
  const mark = watermark === undefined ? '' : watermarkRun(watermark, 1);
  if (isEmpty(line)) {
    // A plain paragraph: the running style's rule would draw a line with nothing above it.
    return mark === '' ? undefined : paragraph({ spacing: { after: 0 } }, mark);
  }
  return runningParagraph(line, STYLE.header, mark);
}

/** How running text is measured: the body font at the running size, in a column `width` points wide. */
export interface RunningFit {
  measure: Measure;
  size: number;
  width: number;
}

/**
 * Room kept between the left and right texts, in points, as in the PDF
 * (running.ts there).
 */
const RUNNING_GAP = 12;

/**
 * The left text shortened with an ellipsis so that it and the right text
 * share one line, as the PDF does: a long title would otherwise wrap the
 * footer over several lines and split "Page 1 of / 2". The page fields are
 * measured as two-digit numbers.
 */
export function fitRunning(line: RunningLine, fit: RunningFit): RunningLine {
  const width = (text: string): number => fit.measure(text, fit.size);
  const right = width(line.right.replaceAll('{page}', '99').replaceAll('{pages}', '99'));
  const room = fit.width - right - (line.right === '' ? 0 : RUNNING_GAP);
  const left = line.left.replaceAll('{page}', '').replaceAll('{pages}', '');
  if (width(left) <= room || left !== line.left) return line;
  const clusters = new GraphemeEnds(line.left);
  const kept = longestFit(clusters, 0, (end) => width(`${line.left.slice(0, end)}…`) <= room);
  return { ...line, left: `${line.left.slice(0, clusters.end(kept)).trimEnd()}…` };
}

/** The content of the page footer, or undefined for none. */
export function runningFooter(line: RunningLine | undefined, fit?: RunningFit): string | undefined {
  if (isEmpty(line)) return undefined;
  return runningParagraph(fit === undefined ? line : fitRunning(line, fit), STYLE.footer);
}
