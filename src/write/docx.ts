import { createContext } from '../context.js';
import type { Block, DocumentModel } from '../model/types.js';
import { docxCaches } from './docx/caches.js';
import { renderBlocks } from './docx/blocks.js';
import { contentTypes, coreProperties, documentRelationships, runningPartXml, zipPackage, type RunningPart } from './docx/package.js';
import { DocumentParts, RELATIONSHIP_TYPE } from './docx/parts.js';
import { fitRunning, runningFooter, runningHeader } from './docx/running.js';
import { skeletonFor, type DocxPartsKey } from './docx/skeleton.js';
import { ROOT_CONTEXT, type RevisionAttributes } from './docx/text.js';
import { A4_TWIPS, mmToTwips, twipsToPt } from './docx/units.js';
import { measureWith } from './docx/measure.js';
import { clauseColumns, documentTheme } from '../theme/theme.js';
import { documentTimestamp } from './timestamp.js';
import type { Writer } from './types.js';
import { watermarkText } from './watermark.js';

/**
 * The DOCX writer. The parts that do not depend on the text (styles, theme,
 * numbering, settings, …) come from the docx library, built once per font,
 * text width, tracking setting and language and then reused
 * (./docx/skeleton.ts); the document's own parts (body, header, footer,
 * relationships, content types, core properties, pictures) are written as
 * WordprocessingML strings and zipped once (./docx/package.ts), so the same
 * model always gives the same bytes.
 *
 * Layout decisions (styles, clause indents, how signatures and the APPROVED box
 * are built from borderless tables) live in ./docx/.
 */
export const writeDocx: Writer = async (model, options) => {
  const family = options.fontFamily ?? options.fonts.family;
  const margins = pageMargins(model);
  const partsKey = docxPartsKeyFor(model, family, hasChanges(model.blocks));
  const { theme, textWidth } = partsKey;
  const timestamp = documentTimestamp(model.meta);
  const revision = revisionAttributes(model);
  const caches = docxCaches(options.context ?? createContext());
  // The family the PDF draws with is embedded, so Word and LibreOffice set
  // the text in the very font the PDF uses (and break lines and pages alike);
  // another family is left to the reader's machine. Italic faces only when
  // the text has italics: each face adds about 300 KB.
  const embedding = family === options.fonts.family;
  const italic = embedding && usesItalic(model.blocks);
  const skeleton = await skeletonFor({ ...partsKey, language: model.meta.language, embed: embedding ? { fonts: options.fonts, italic } : undefined }, caches);
  const measure = await measureWith(options.fonts.regular, caches);
  const columns = clauseColumns(
    theme,
    widestNumbers(model.blocks, (text) => measure(text, theme.sizes.normal)),
    twipsToPt(textWidth),
  );

  const parts = new DocumentParts(skeleton.firstFreeRelationshipId);
  const watermark = watermarkText(model);
  const running: RunningPart[] = [];
  const references: string[] = [];
  const addRunning = (kind: RunningPart['kind'], content: string | undefined): void => {
    if (content === undefined) return;
    const name = `${kind}1.xml`;
    const id = parts.addRelationship(RELATIONSHIP_TYPE[kind], name);
    running.push({ kind, name, xml: runningPartXml(skeleton, kind, content) });
    references.push(`<w:${kind}Reference w:type="default" r:id="${id}"/>`);
  };
  const fit = { measure, size: theme.running.size, width: twipsToPt(textWidth) };
  addRunning(
    'header',
    runningHeader(model.header && fitRunning(model.header, fit), watermark === undefined ? undefined : { text: watermark, fontFamily: family }),
  );
  addRunning('footer', runningFooter(model.footer, fit));

  const body = renderBlocks(model.blocks, { ...ROOT_CONTEXT, width: textWidth, revision, parts, theme, columns, measure });
  let documentXml = skeleton.documentStart + '<w:body>';
  for (const content of body) documentXml += content.xml;
  documentXml += sectionProperties(references.join(''), margins) + '</w:body></w:document>';

  return zipPackage(
    skeleton,
    {
      contentTypes: contentTypes(skeleton, running),
      documentXml,
      relationships: documentRelationships(skeleton, parts),
      core: coreProperties(skeleton, model.meta, timestamp),
      running,
      media: parts.media,
    },
    timestamp,
    caches.recurring,
  );
};

type Margins = ReturnType<typeof pageMargins>;

function textWidthOf(margins: Pick<Margins, 'left' | 'right'>): number {
  return A4_TWIPS.width - margins.left - margins.right;
}

/**
 * What docx's parts of the skeleton depend on (./docx/skeleton.ts) for a
 * document of this language and page in this font, as writeDocx works it
 * out: what `npm run build` precomputes them for.
 */
export function docxPartsKeyFor(
  model: { meta: Pick<DocumentModel['meta'], 'language'>; page: Pick<DocumentModel['page'], 'margins' | 'bodySize'> },
  fontFamily: string,
  trackRevisions: boolean,
): DocxPartsKey {
  return { fontFamily, textWidth: textWidthOf(pageMargins(model)), trackRevisions, theme: documentTheme(model) };
}

/**
 * Page margins in twips. The header and footer sit halfway into the top and
 * bottom margins, so they never push into the text area.
 */
function pageMargins(model: { page: Pick<DocumentModel['page'], 'margins'> }) {
  const { top, right, bottom, left } = model.page.margins;
  const twips = { top: mmToTwips(top), right: mmToTwips(right), bottom: mmToTwips(bottom), left: mmToTwips(left) };
  return { ...twips, header: Math.round(twips.top / 2), footer: Math.round(twips.bottom / 2) };
}

/** The one section: header and footer references, A4 portrait, the margins. */
function sectionProperties(references: string, m: Margins): string {
  return (
    `<w:sectPr>${references}<w:pgSz w:w="${A4_TWIPS.width}" w:h="${A4_TWIPS.height}" w:orient="portrait"/>` +
    `<w:pgMar w:top="${m.top}" w:right="${m.right}" w:bottom="${m.bottom}" w:left="${m.left}" w:header="${m.header}" w:footer="${m.footer}" w:gutter="0"/>` +
    `<w:docGrid w:linePitch="360"/></w:sectPr>`
  );
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
 * the model gives a day.
 */
function revisionAttributes(model: DocumentModel): RevisionAttributes {
  const { author, date } = model.revision ?? { author: model.meta.author, date: model.meta.date };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`revision.date must be a date in the form yyyy-mm-dd, got "${date}"`);
  return { author, date: `${date}T00:00:00Z` };
}

/** Whether any span is italic (the italic faces are then embedded). */
function usesItalic(blocks: readonly Block[]): boolean {
  return blocks.some((block) => {
    if ((block.type === 'clause' || block.type === 'paragraph') && block.spans.some((span) => span.italic === true)) return true;
    return (block.type === 'keep' || block.type === 'box') && usesItalic(block.blocks);
  });
}

/** The widest clause number of each level, in points. */
function widestNumbers(blocks: readonly Block[], width: (text: string) => number, widest: number[] = []): number[] {
  for (const block of blocks) {
    if (block.type === 'clause') {
      const level = Math.max(1, block.level);
      widest[level] = Math.max(widest[level] ?? 0, width(block.number));
    } else if (block.type === 'keep' || block.type === 'box') widestNumbers(block.blocks, width, widest);
  }
  return widest;
}
