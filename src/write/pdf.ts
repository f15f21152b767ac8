/**
 * PDF writer: lays the document model out on A4 pages with pdfkit.
 *
 * The layout is ours (src/write/pdf/): blocks are measured before they are
 * drawn so headings stay with their text, signature groups stay on one page
 * and table headers repeat. pdfkit only draws text and lines at positions we
 * give it, and embeds the subset fonts.
 */
import PDFDocument from 'pdfkit';
import type { DocumentModel } from '../model/types.js';
import { clauseColumns, layoutBlocks } from './pdf/blocks.js';
import { Flow } from './pdf/flow.js';
import { registerFaces, useFont } from './pdf/fonts.js';
import { drawSequence } from './pdf/laid.js';
import { type Margins, drawRunningLines } from './pdf/running.js';
import { FONT_SIZE, mm } from './pdf/style.js';
import { documentTimestamp } from './timestamp.js';
import type { Writer } from './types.js';
import { watermarkText } from './watermark.js';

function createDocument(model: DocumentModel, margins: Margins): PDFKit.PDFDocument {
  const { meta } = model;
  const stamp = documentTimestamp(meta);
  return new PDFDocument({
    size: model.page.size,
    margins,
    // Pages stay in memory so the footers can say "Page 1 of N".
    bufferPages: true,
    pdfVersion: '1.7',
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

/** Resolves with the whole file once pdfkit has finished writing. */
function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => {
      const file = Buffer.concat(chunks);
      resolve(new Uint8Array(file.buffer, file.byteOffset, file.byteLength));
    });
  });
}

export const writePdf: Writer = async (model, options) => {
  const m = model.page.margins;
  const margins: Margins = { top: mm(m.top), right: mm(m.right), bottom: mm(m.bottom), left: mm(m.left) };
  const doc = createDocument(model, margins);
  const file = collect(doc);
  registerFaces(doc, options.fonts);
  useFont(doc, 'regular', FONT_SIZE.normal);
  const width = doc.page.width - margins.left - margins.right;
  const flow = new Flow(doc, margins.top, doc.page.height - margins.bottom);
  const ctx = { doc, columns: clauseColumns(doc, model.blocks) };
  drawSequence(flow, layoutBlocks(ctx, model.blocks, width), margins.left, false);
  drawRunningLines(doc, { header: model.header, footer: model.footer, watermark: watermarkText(model) }, margins);
  doc.end();
  return file;
};
