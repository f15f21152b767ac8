/**
 * The style sheet of an HTML document, from the same layout theme as the
 * PDF and DOCX (src/theme/theme.ts): type sizes, line height, gaps, table and signature
 * proportions, page margins. On screen the page is a sheet of A4 width; in
 * print, @page gives the PDF's margins and its running header and footer
 * (margin boxes with the page counters), so printing from a browser comes
 * close to the PDF.
 */
import type { DocumentModel, RunningLine } from '../../model/types.js';
import type { Theme } from '../../theme/theme.js';
import { REDLINE } from '../pdf/style.js';
import { cssNumber, cssString } from './escape.js';
import type { EmbeddedFaces, Face } from './fonts.js';

/** The family name the embedded faces go by: our own, so an installed font of the same name is never used instead. */
export const FAMILY = 'jdgen text';

const pt = (value: number): string => `${cssNumber(value)}pt`;
const mmUnit = (value: number): string => `${cssNumber(value)}mm`;

const FACE_STYLE: Record<Face, { weight: number; style: string }> = {
  regular: { weight: 400, style: 'normal' },
  bold: { weight: 700, style: 'normal' },
  italic: { weight: 400, style: 'italic' },
  boldItalic: { weight: 700, style: 'italic' },
};

function fontFaces(faces: EmbeddedFaces): string {
  return (Object.keys(FACE_STYLE) as Face[])
    .map((face) => {
      const { weight, style } = FACE_STYLE[face];
      return `@font-face{font-family:${cssString(FAMILY)};font-weight:${weight};font-style:${style};src:url(data:font/woff2;base64,${faces.data[face]}) format("woff2")}`;
    })
    .join('\n');
}

/** A running line's text as CSS `content`: `{page}` and `{pages}` become the print counters. */
export function runningContent(text: string): string {
  const parts = text.split(/(\{pages?\})/).filter((part) => part !== '');
  if (parts.length === 0) return 'none';
  return parts.map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part))).join(' ');
}

/**
 * Header and footer as @page margin boxes. The PDF centres a line of text and
 * its rule in the margin; here the boxes get the same vertical room.
 */
function runningBoxes(model: DocumentModel, theme: Theme): string {
  const { running: RUNNING, lineHeight: LINE_HEIGHT } = theme;
  const lineBlock = RUNNING.size * LINE_HEIGHT + RUNNING.ruleGap;
  const box = (where: 'top' | 'bottom', line: RunningLine | undefined): string => {
    if (!line) return '';
    const margin = where === 'top' ? model.page.margins.top : model.page.margins.bottom;
    const inset = `calc((${mmUnit(margin)} - ${pt(lineBlock)}) / 2)`;
    const rule = `${pt(RUNNING.rule)} solid ${RUNNING.colour}`;
    const common = `font-family:${cssString(FAMILY)},sans-serif;font-size:${pt(RUNNING.size)};color:${RUNNING.colour};white-space:nowrap;overflow:hidden;text-overflow:ellipsis;margin-${where === 'top' ? 'top' : 'bottom'}:${inset};${where === 'top' ? `border-bottom:${rule};padding-bottom` : `border-top:${rule};padding-top`}:${pt(RUNNING.ruleGap)};vertical-align:top;height:${pt(lineBlock)}`;
    return [
      `@${where}-left{content:${runningContent(line.left)};${common};text-align:left}`,
      // An empty centre box keeps the rule unbroken between the left and right texts.
      `@${where}-center{content:"";${common};width:0}`,
      `@${where}-right{content:${runningContent(line.right)};${common};text-align:right}`,
    ].join('');
  };
  return box('top', model.header) + box('bottom', model.footer);
}

export function styleSheet(model: DocumentModel, theme: Theme, faces: EmbeddedFaces, fallbackFamily: string): string {
  const { sizes: FONT_SIZE, heading: HEADING, table: TABLE, signature: SIGNATURE, image: IMAGE, lineHeight: LINE_HEIGHT } = theme;
  const { paragraphGap: PARAGRAPH_GAP, clauseGap: CLAUSE_GAP, keepGap: KEEP_GAP, minLinesAtBreak: MIN_LINES_AT_BREAK } = theme;
  const m = model.page.margins;
  const margins = `${mmUnit(m.top)} ${mmUnit(m.right)} ${mmUnit(m.bottom)} ${mmUnit(m.left)}`;
  return `${fontFaces(faces)}
@page{size:A4;margin:${margins};${runningBoxes(model, theme)}}
:root{color-scheme:light;print-color-adjust:exact;-webkit-print-color-adjust:exact}
html{background:#e8e8e8}
body{margin:0;font-family:${cssString(FAMILY)},${cssString(fallbackFamily)},sans-serif;font-size:${pt(FONT_SIZE.normal)};line-height:${LINE_HEIGHT};color:#000;orphans:${MIN_LINES_AT_BREAK};widows:${MIN_LINES_AT_BREAK};font-kerning:normal;text-rendering:geometricPrecision}
.sheet{box-sizing:border-box;width:210mm;min-height:297mm;margin:16px auto;padding:${margins};background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25);position:relative}
p,h1,h2,h3,ol,li,table,figure{margin:0;padding:0}
p,li>.text{white-space:pre-line;overflow-wrap:break-word}
p{margin-bottom:${pt(PARAGRAPH_GAP)}}
.small{font-size:${pt(FONT_SIZE.small)}}
.large{font-size:${pt(FONT_SIZE.large)}}
h1{font-size:${pt(FONT_SIZE.title)};font-weight:700}
.left{text-align:left}.center{text-align:center}.right{text-align:right}.justify{text-align:justify}
.keep-next{break-after:avoid}
h2,h3{break-after:avoid;font-weight:700;display:flex}
h2{font-size:${pt(HEADING[1].size)};margin:${pt(HEADING[1].spaceBefore)} 0 ${pt(HEADING[1].spaceAfter)}}
h3{font-size:${pt(HEADING[2].size)};margin:${pt(HEADING[2].spaceBefore)} 0 ${pt(HEADING[2].spaceAfter)}}
h2>.num,h3>.num{flex:none;min-width:var(--num-1)}
ol.clauses{list-style:none}
ol.clauses>li{position:relative;padding-left:var(--num);text-align:justify}
ol.clauses>li>.text{display:block;margin-bottom:${pt(CLAUSE_GAP)}}
ol.clauses>li>.num{position:absolute;left:0;top:0;white-space:nowrap}
ol.clauses>li.keep-next>.text{break-after:avoid}
${[1, 2, 3, 4, 5, 6, 7, 8].map((level) => `ol.level-${level}>li{--num:var(--num-${level})}`).join('\n')}
.keep{break-inside:avoid;margin-top:${pt(KEEP_GAP)}}
.box{break-inside:avoid;margin-bottom:${pt(PARAGRAPH_GAP)}}
.box-right{margin-left:auto}
.box p{margin-bottom:0}
.space{break-after:avoid}
.page-break{break-after:page;height:0}
figure{margin-bottom:${pt(IMAGE.spaceAfter)};break-inside:avoid}
figure img{display:block;max-width:100%;height:auto}
figure.center img{margin:0 auto}figure.right img{margin-left:auto}
table{width:100%;border-collapse:collapse;font-size:${pt(TABLE.size)};table-layout:fixed;margin-bottom:${pt(PARAGRAPH_GAP)}}
th,td{border:${pt(TABLE.rule)} solid #000;padding:${pt(TABLE.padY)} ${pt(TABLE.padX)};vertical-align:middle;overflow-wrap:break-word}
th{background:${TABLE.headerFill};font-weight:700;text-align:center}
thead{display:table-header-group}
tr{break-inside:avoid}
.signature{display:flex;align-items:flex-start;margin:${pt(SIGNATURE.room)} 0 ${pt(SIGNATURE.spaceAfter)};break-inside:avoid}
.signature .label{flex:0 0 calc(${cssNumber(SIGNATURE.labelShare * 100)}% - ${pt(SIGNATURE.gap)});margin-right:${pt(SIGNATURE.gap)}}
.signature .sign{flex:1 1 auto;display:flex;align-items:flex-start;min-width:0}
.signature .line{flex:0 1000 ${cssNumber(SIGNATURE.lineShare * 100)}%;min-width:${cssNumber(SIGNATURE.minLineShare * 100)}%;border-top:${pt(SIGNATURE.rule)} solid #000;margin-top:calc(1lh - 0.15em);text-align:center;font-size:${pt(SIGNATURE.captionSize)};line-height:1.2}
/* As in the PDF, a long name shortens the rule (down to its shortest share) before it wraps. */
.signature .name{flex:1 1 auto;min-width:0;margin-left:${pt(SIGNATURE.gap)}}
ins{color:${REDLINE.colour.inserted};text-decoration:underline}
del{color:${REDLINE.colour.deleted};text-decoration:line-through}
.watermark{position:absolute;inset:0;pointer-events:none;display:flex;align-items:center;justify-content:center}
.watermark img{width:100%;height:100%}
@media print{
html{background:none}
.sheet{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}
.watermark{position:fixed}
}`;
}
