import { Document, Packer } from 'docx';
import type { Block, DocumentModel } from '../model/types.js';
import { renderBlocks } from './docx/blocks.js';
import { normalisePackage } from './docx/package.js';
import { runningFooter, runningHeader } from './docx/running.js';
import { buildStyles } from './docx/styles.js';
import { ROOT_CONTEXT, type RevisionAttributes } from './docx/text.js';
import { A4_TWIPS, mmToTwips } from './docx/units.js';
import { documentTimestamp } from './timestamp.js';
import type { Writer } from './types.js';
import { watermarkText } from './watermark.js';

/**
 * The DOCX writer: the document model as a Word document built with the `docx`
 * package, then re-packed so that the same model always gives the same bytes.
 *
 * Layout decisions (styles, clause indents, how signatures and the APPROVED box
 * are built from borderless tables) live in ./docx/.
 */
export const writeDocx: Writer = async (model, options) => {
  const family = options.fontFamily ?? options.fonts.family;
  const margins = pageMargins(model);
  const textWidth = A4_TWIPS.width - margins.left - margins.right;
  const watermark = watermarkText(model);
  const document = new Document({
    title: model.meta.title,
    subject: model.meta.subject,
    creator: model.meta.author,
    lastModifiedBy: model.meta.author,
    keywords: model.meta.keywords.join(', '),
    revision: 1,
    // A redline opens with Track Changes on, so a reviewer's own edits are tracked too.
    ...(hasChanges(model.blocks) ? { features: { trackRevisions: true } } : {}),
    styles: buildStyles({ fontFamily: family, language: model.meta.language, textWidth }),
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_TWIPS.width, height: A4_TWIPS.height, orientation: 'portrait' },
            margin: margins,
          },
        },
        headers: runningHeader(model.header, watermark === undefined ? undefined : { text: watermark, fontFamily: family }),
        footers: runningFooter(model.footer),
        children: renderBlocks(model.blocks, { ...ROOT_CONTEXT, width: textWidth, revision: revisionAttributes(model) }),
      },
    ],
  });
  const packed = await Packer.toBuffer(document);
  return normalisePackage(packed, {
    timestamp: documentTimestamp(model.meta),
    language: model.meta.language,
    fontFamily: family,
  });
};

/**
 * Page margins in twips. The header and footer sit halfway into the top and
 * bottom margins, so they never push into the text area.
 */
function pageMargins(model: DocumentModel) {
  const { top, right, bottom, left } = model.page.margins;
  const twips = { top: mmToTwips(top), right: mmToTwips(right), bottom: mmToTwips(bottom), left: mmToTwips(left) };
  return { ...twips, header: Math.round(twips.top / 2), footer: Math.round(twips.bottom / 2), gutter: 0 };
}

/** Whether any span or clause is marked as inserted or deleted. */
function hasChanges(blocks: readonly Block[]): boolean {
  return blocks.some((block) => {
    if (block.type === 'clause' && block.change !== undefined) return true;
    if ((block.type === 'clause' || block.type === 'paragraph') && block.spans.some((span) => span.change !== undefined)) return true;
    return (block.type === 'keep' || block.type === 'box') && hasChanges(block.blocks);
  });
}

/**
 * Author and date of the tracked changes: the model's revision, else the
 * document's own author and date. Word writes w:date in UTC to the second;
 * the model gives a day. The id is a placeholder (see RevisionAttributes).
 */
function revisionAttributes(model: DocumentModel): RevisionAttributes {
  const { author, date } = model.revision ?? { author: model.meta.author, date: model.meta.date };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`revision.date must be a date in the form yyyy-mm-dd, got "${date}"`);
  return { id: 0, author, date: `${date}T00:00:00Z` };
}
