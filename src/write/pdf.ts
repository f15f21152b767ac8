/**
 * PDF writer: lays the document model out on A4 pages with pdfkit.
 *
 * The layout is ours (src/write/pdf/): blocks are measured before they are
 * drawn so headings stay with their text, signature groups stay on one page
 * and table headers repeat. So are the text operators (pdf/glyphs.ts), from
 * words shaped once per context (pdf/shaping.ts, pdf/caches.ts). pdfkit draws the lines and
 * pictures, builds the file and embeds the subset fonts (subsets encoded by
 * pdf/subset.ts). Every use of pdfkit's internals is in pdf/internals.ts.
 */
import PDFDocument from 'pdfkit';
import type { DocumentModel } from '../model/types.js';
import { clauseColumns, layoutBlocks } from './pdf/blocks.js';
import { Flow } from './pdf/flow.js';
import { createContext } from '../context.js';
import { pdfCaches } from './pdf/caches.js';
import { registerFaces, releaseFaces } from './pdf/fonts.js';
import { NO_DEFAULT_FONT, captureOutput, compressPageContents } from './pdf/internals.js';
import { drawSequence } from './pdf/laid.js';
import { type Margins, drawRunningLines } from './pdf/running.js';
import { mm } from './pdf/style.js';
import { documentTheme } from '../theme/theme.js';
import { hyphenatorFor } from '../theme/hyphenation.js';
import { documentTimestamp } from './timestamp.js';
import type { Writer } from './types.js';
import { watermarkText } from './watermark.js';

/**
 * zlib level for the page contents. pdfkit's default (6) spends twice the time
 * of level 3 on the text operators of a page for 10-15 % smaller streams (a
 * file about 2 % larger); level 1 is no faster on these streams.
 */
const CONTENT_DEFLATE_LEVEL = 3;

function createDocument(model: DocumentModel, margins: Margins): PDFKit.PDFDocument {
  const { meta } = model;
  const stamp = documentTimestamp(meta);
  return new PDFDocument({
    size: model.page.size,
    margins,
    // Pages stay in memory so the footers can say "Page 1 of N".
    bufferPages: true,
    pdfVersion: '1.7',
    // No Helvetica: the text uses the four registered faces only.
    font: NO_DEFAULT_FONT,
    lang: meta.language,
    displayTitle: true,
    info: {
      Title: meta.title,
      Subject: meta.subject,
      Author: meta.author,
      Keywords: meta.keywords.join(', '),
      Creator: 'jdgen',
      // Fixed dates make the output reproducible: pdfkit derives the file /ID
      // from this dictionary, and would otherwise stamp the current time.
      CreationDate: stamp,
      ModDate: stamp,
    },
  });
}

export const writePdf: Writer = async (model, options) => {
  const m = model.page.margins;
  const margins: Margins = { top: mm(m.top), right: mm(m.right), bottom: mm(m.bottom), left: mm(m.left) };
  const doc = createDocument(model, margins);
  const file = captureOutput(doc);
  const pdf = registerFaces(doc, options.fonts, pdfCaches(options.context ?? createContext()));
  const width = doc.page.width - margins.left - margins.right;
  const flow = new Flow(doc, margins.top, doc.page.height - margins.bottom);
  const theme = documentTheme(model);
  const hyphenate = hyphenatorFor(model.meta.language);
  const hyphenation = hyphenate === undefined ? undefined : { language: model.meta.language, hyphenate };
  const ctx = { pdf, theme, columns: clauseColumns(pdf, theme, model.blocks, width), hyphenation };
  drawSequence(flow, layoutBlocks(ctx, model.blocks, width), margins.left, false);
  drawRunningLines(pdf, { header: model.header, footer: model.footer, watermark: watermarkText(model) }, margins);
  compressPageContents(doc, CONTENT_DEFLATE_LEVEL);
  doc.end();
  releaseFaces(pdf);
  return file;
};
