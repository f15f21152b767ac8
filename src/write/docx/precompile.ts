import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '../../context.js';
import { BUNDLED_TEMPLATES } from '../../render/layers.js';
import { loadLocale } from '../../render/locale.js';
import { parseMargins } from '../../render/markup.js';
import { loadStyle } from '../../render/style.js';
import { docxPartsKeyFor } from '../docx.js';
import { docxCaches } from './caches.js';
import { writePrecomputedDeflated } from './deflated.js';
import { contentTypes, documentRelationships, type RunningPart } from './package.js';
import { DocumentParts, RELATIONSHIP_TYPE } from './parts.js';
import { skeletonFor, writePrecompiledDocxParts, writePrecompiledFonts, type DocxPartsKey, type Skeleton } from './skeleton.js';
import { deflatedEntry, type ZipEntry } from './zip.js';

/**
 * Build step: the docx library's parts of the DOCX skeleton for the keys the
 * bundled templates give, each bundled locale's page and theme in the bundled
 * style's font, with and without Track Changes. A key worked out here as
 * writeDocx works it out, from the locale's `layout` as the bundled
 * document.hbs passes it on (`@margins`, `@body-size`). And the faces every
 * DOCX in the bundled style embeds (regular and bold), deflated: the italic
 * ones, embedded only when a document has italics, are left to run time.
 * Then the constant parts of those skeletons in their locale's language,
 * with and without the italic faces, and the content types and relationships
 * of a document with and without a running header and footer, deflated
 * (./deflated.ts): a cold build then deflates only the document's own parts.
 */
export async function precompileDocxParts(): Promise<void> {
  const context = createContext();
  const style = loadStyle(context, BUNDLED_TEMPLATES);
  const font = style.docxFont;
  const keys: { key: DocxPartsKey; language: string }[] = [];
  const names = readdirSync(join(BUNDLED_TEMPLATES, 'locales'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
  for (const name of names) {
    const { layout, language } = await loadLocale(context, BUNDLED_TEMPLATES, name, 'npm run build');
    const page = { margins: parseMargins(name, layout.margins), ...(layout.body_size === undefined ? {} : { bodySize: Number(layout.body_size) }) };
    for (const trackRevisions of [false, true]) keys.push({ key: docxPartsKeyFor({ meta: { language: name }, page }, font, trackRevisions), language });
  }
  await writePrecompiledDocxParts(keys.map(({ key }) => key));
  writePrecompiledFonts([style.pdfFonts.regular, style.pdfFonts.bold]);

  // As writeDocx embeds the faces: only when the DOCX names the PDF's family.
  const embeds = font === style.pdfFonts.family ? [false, true].map((italic) => ({ fonts: style.pdfFonts, italic })) : [undefined];
  const deflated: ZipEntry[] = [];
  for (const { key, language } of keys) {
    for (const embed of embeds) deflated.push(...constantParts(await skeletonFor({ ...key, language, embed }, docxCaches(context))));
  }
  writePrecomputedDeflated(deflated);
}

/** A skeleton's deflated parts (not the faces: those have files of their own), and the content types and relationships writeDocx adds to it for its running parts. */
function constantParts(skeleton: Skeleton): ZipEntry[] {
  const entries = skeleton.entries.filter((entry) => entry.method === 8 && !entry.name.endsWith('.odttf'));
  const kinds: RunningPart['kind'][][] = [[], ['header'], ['footer'], ['header', 'footer']];
  for (const running of kinds) {
    const parts = new DocumentParts(skeleton.firstFreeRelationshipId);
    for (const kind of running) parts.addRelationship(RELATIONSHIP_TYPE[kind], `${kind}1.xml`);
    const files = running.map((kind): RunningPart => ({ kind, name: `${kind}1.xml`, xml: '' }));
    entries.push(deflatedEntry('[Content_Types].xml', contentTypes(skeleton, files)));
    entries.push(deflatedEntry('word/_rels/document.xml.rels', documentRelationships(skeleton, parts)));
  }
  return entries;
}
