/**
 * PDF writer: lays the document model out on A4 pages and writes the file
 * with jdgen's own PDF object writer (pdf/file/).
 *
 * The layout is ours (src/write/pdf/): blocks are measured before they are
 * drawn so headings stay with their text, signature groups stay on one page
 * and table headers repeat. So are the text operators (pdf/glyphs.ts), from
 * words shaped once per context with HarfBuzz (harfbuzz.ts, pdf/shaping.ts,
 * pdf/caches.ts), and the file: objects, content streams, composite fonts with
 * subsets made by HarfBuzz's hb-subset and a ToUnicode map, images, outline
 * and cross-reference table
 * (pdf/file/), compressed with fflate so the bytes are the same on every
 * Node.js. Dependencies are used through their documented APIs only
 * (test/unit/no-private-api.test.ts).
 */
import type { DocumentModel } from '../model/types.js';
import { type Context, clauseColumns, endLists, layoutBlocks } from './pdf/blocks.js';
import { Flow } from './pdf/flow.js';
import { createContext } from '../context.js';
import { pdfCaches } from './pdf/caches.js';
import { PdfDocument } from './pdf/file/document.js';
import { loadFonts, registerFaces, releaseFaces, usedFonts } from './pdf/fonts.js';
import { drawSequence } from './pdf/laid.js';
import { type Margins, drawRunningLines } from './pdf/running.js';
import { mm } from './pdf/style.js';
import { documentTheme } from '../theme/theme.js';
import { hyphenatorFor } from '../theme/hyphenation.js';
import { documentTimestamp } from './timestamp.js';
import type { Writer } from './types.js';
import { watermarkText } from './watermark.js';

/**
 * Deflate level of the page contents: level 6 spends twice the time of
 * level 3 on the text operators of a page for 10-15 % smaller streams (a
 * file about 2 % larger).
 */
const CONTENT_DEFLATE_LEVEL = 3;

/** A4 in points, as PDF tools round it. */
const A4: readonly [number, number] = [595.28, 841.89];

function createDocument(model: DocumentModel, margins: Margins, signFields: boolean, tagged: boolean): PdfDocument {
  const { meta } = model;
  return new PdfDocument({
    size: A4,
    margins,
    language: meta.language,
    contentDeflate: CONTENT_DEFLATE_LEVEL,
    signFields,
    tagged,
    info: {
      title: meta.title,
      subject: meta.subject,
      author: meta.author,
      keywords: meta.keywords.join(', '),
      creator: 'jdgen',
      producer: 'jdgen',
      // Never the wall clock: the same input gives the same bytes.
      date: documentTimestamp(meta),
    },
  });
}

export const writePdf: Writer = async (model, options) => {
  const m = model.page.margins;
  const margins: Margins = { top: mm(m.top), right: mm(m.right), bottom: mm(m.bottom), left: mm(m.left) };
  const doc = createDocument(model, margins, Boolean(options.signFields), options.tagged !== false);
  const caches = pdfCaches(options.context ?? createContext());
  await loadFonts(caches);
  const pdf = registerFaces(doc, options.fonts, caches);
  const width = doc.page.width - margins.left - margins.right;
  const flow = new Flow(doc, margins.top, doc.page.height - margins.bottom);
  const theme = documentTheme(model);
  const hyphenate = hyphenatorFor(model.meta.language);
  const hyphenation = hyphenate === undefined ? undefined : { language: model.meta.language, hyphenate };
  const ctx: Context = { pdf, theme, columns: clauseColumns(pdf, theme, model.blocks, width), hyphenation, lists: [] };
  drawSequence(flow, layoutBlocks(ctx, model.blocks, width), margins.left, false);
  endLists(ctx);
  drawRunningLines(pdf, { header: model.header, footer: model.footer, watermark: watermarkText(model) }, margins);
  const file = doc.end(usedFonts(pdf));
  releaseFaces(pdf);
  // Lets the process run its pending callbacks between documents written in a loop.
  await new Promise<void>((resolve) => setImmediate(resolve));
  return file;
};
