import { PdfDocument } from '../../src/write/pdf/file/document.js';

/** An empty A4 document of the PDF writer, without margins, for tests that draw on it directly. */
export function blankDocument(): PdfDocument {
  return new PdfDocument({
    size: [595.28, 841.89],
    margins: { top: 0, right: 0, bottom: 0, left: 0 },
    language: 'en',
    contentDeflate: 3,
    info: { title: 'Test', subject: '', author: '', keywords: '', creator: 'jdgen tests', producer: 'jdgen', date: new Date(0) },
  });
}
