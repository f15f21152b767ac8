/**
 * HTML writer: one self-contained page per role, from the same document
 * model as the other formats. Semantic markup (html/body.ts), the fonts
 * embedded as subsets (html/fonts.ts) and a style sheet from the PDF's layout
 * constants with print rules for A4 (html/css.ts). No script, and a
 * Content-Security-Policy that allows none: what an intranet publishes and
 * what the preview shows. The same model gives the same bytes.
 */
import { createContext } from '../context.js';
import type { Block, ClauseBlock, DocumentModel } from '../model/types.js';
import { blockTexts, blocksToHtml } from './html/body.js';
import { styleSheet } from './html/css.js';
import { cssNumber, escapeHtml } from './html/escape.js';
import { type EmbeddedFaces, characterSet, embedFaces } from './html/fonts.js';
import { clauseColumns, PT_PER_MM, type Theme, documentTheme } from '../theme/theme.js';
import { WATERMARK } from './pdf/style.js';
import type { Writer } from './types.js';
import { watermarkText } from './watermark.js';

/** Nothing may load or run: styles are inline, fonts and pictures are data: URLs. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

export const writeHtml: Writer = async (model, options) => {
  const context = options.context ?? createContext();
  const faces = await embedFaces(context, options.fonts, characterSet(documentTexts(model)));
  return new TextEncoder().encode(toHtml(model, faces, options.fontFamily ?? options.fonts.family));
};

function* documentTexts(model: DocumentModel): Generator<string> {
  yield* blockTexts(model.blocks);
  for (const line of [model.header, model.footer]) if (line) yield* [line.left, line.right];
}

export function toHtml(model: DocumentModel, faces: EmbeddedFaces, fallbackFamily: string): string {
  const { meta } = model;
  const theme = documentTheme(model);
  const head = [
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="jdgen">',
    `<title>${escapeHtml(meta.title)}</title>`,
    metaTag('author', meta.author),
    metaTag('description', meta.subject),
    metaTag('keywords', meta.keywords.join(', ')),
    `<style>\n${styleSheet(model, theme, faces, fallbackFamily)}\n</style>`,
  ].filter(Boolean);
  const watermark = watermarkText(model);
  const body = [watermark === undefined ? '' : watermarkElement(watermark), blocksToHtml(model.blocks)].filter(Boolean).join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(meta.language)}">
<head>
${head.join('\n')}
</head>
<body>
<main class="sheet" style="${numberColumns(model, theme, faces)}">
${body}
</main>
</body>
</html>
`;
}

function metaTag(name: string, content: string): string {
  return content ? `<meta name="${name}" content="${escapeHtml(content)}">` : '';
}

function collectClauses(blocks: readonly Block[], into: ClauseBlock[] = []): ClauseBlock[] {
  for (const block of blocks) {
    if (block.type === 'clause') into.push(block);
    if (block.type === 'keep' || block.type === 'box') collectClauses(block.blocks, into);
  }
  return into;
}

/**
 * The width of the number column of each clause level, from the columns the
 * PDF and DOCX use (theme.ts clauseColumns: the widest number of the level,
 * measured in the regular face, plus a gap). CSS variables --num-1, --num-2, …
 * on the page; a level deeper than the layout indents gets no column of its
 * own (its number stands where its parent's text starts).
 */
function numberColumns(model: DocumentModel, theme: Theme, faces: EmbeddedFaces): string {
  const widest: number[] = [];
  for (const clause of collectClauses(model.blocks)) {
    const level = Math.max(1, clause.level);
    widest[level] = Math.max(widest[level] ?? 0, faces.width(clause.number, theme.sizes.normal));
  }
  const { left, right } = model.page.margins;
  const columns = clauseColumns(theme, widest, (210 - left - right) * PT_PER_MM);
  const levels: string[] = [];
  for (let level = 1; level <= Math.max(widest.length - 1, 8); level += 1) {
    const own = level <= columns.carried ? columns.textX(level) - columns.labelX(level) : theme.clause.minLabelColumn;
    levels.push(`--num-${level}:${cssNumber(own)}pt`);
  }
  return levels.join(';');
}

/**
 * The DRAFT mark as a picture, so that print repeats it on every page as it
 * is (browsers drop transforms of elements repeated on each printed page).
 * Along the diagonal at the PDF's angle and opacity, at most as wide as the
 * PDF's share of the diagonal.
 */
function watermarkElement(text: string): string {
  const [width, height] = [210, 297];
  const diagonal = Math.hypot(width, height);
  const length = cssNumber(WATERMARK.share * diagonal);
  const size = cssNumber(Math.min((WATERMARK.maxSize * 25.4) / 72, (WATERMARK.share * diagonal) / Math.max(text.length * 0.62, 1)));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid meet">` +
    `<text x="${width / 2}" y="${height / 2}" transform="rotate(${WATERMARK.angle} ${width / 2} ${height / 2})" text-anchor="middle" dominant-baseline="central" ` +
    `font-family="Noto Sans, DejaVu Sans, Arial, sans-serif" font-weight="700" font-size="${size}" textLength="${length}" lengthAdjust="spacingAndGlyphs" fill-opacity="${WATERMARK.opacity}">` +
    `${escapeHtml(text)}</text></svg>`;
  return `<div class="watermark" aria-hidden="true"><img alt="" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></div>`;
}
