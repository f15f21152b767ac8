import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '../../context.js';
import { BUNDLED_TEMPLATES } from '../../render/layers.js';
import { loadLocale } from '../../render/locale.js';
import { parseMargins } from '../../render/markup.js';
import { loadStyle } from '../../render/style.js';
import { docxPartsKeyFor } from '../docx.js';
import { writePrecompiledDocxParts, writePrecompiledFonts, type DocxPartsKey } from './skeleton.js';

/**
 * Build step: the docx library's parts of the DOCX skeleton for the keys the
 * bundled templates give, each bundled locale's page and theme in the bundled
 * style's font, with and without Track Changes. A key worked out here as
 * writeDocx works it out, from the locale's `layout` as the bundled
 * document.hbs passes it on (`@margins`, `@body-size`). And the faces every
 * DOCX in the bundled style embeds (regular and bold), deflated: the italic
 * ones, embedded only when a document has italics, are left to run time.
 */
export async function precompileDocxParts(): Promise<void> {
  const context = createContext();
  const style = loadStyle(context, BUNDLED_TEMPLATES);
  const font = style.docxFont;
  const keys: DocxPartsKey[] = [];
  const names = readdirSync(join(BUNDLED_TEMPLATES, 'locales'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
  for (const name of names) {
    const { layout } = await loadLocale(context, BUNDLED_TEMPLATES, name, 'npm run build');
    const page = { margins: parseMargins(name, layout.margins), ...(layout.body_size === undefined ? {} : { bodySize: Number(layout.body_size) }) };
    for (const trackRevisions of [false, true]) keys.push(docxPartsKeyFor({ meta: { language: name }, page }, font, trackRevisions));
  }
  await writePrecompiledDocxParts(keys);
  writePrecompiledFonts([style.pdfFonts.regular, style.pdfFonts.bold]);
}
