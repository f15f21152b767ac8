import { strFromU8, strToU8, unzipSync } from 'fflate';
import type { LRUCache } from 'lru-cache';
import type { DocxCaches } from './caches.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { once } from '../../once.js';
import type { Theme } from '../../theme/theme.js';
import { readRegularFileSync } from '../../load/read-file.js';
import type { FontFaces } from '../fonts.js';
import { buildStyles } from './styles.js';
import { escapeAttribute } from './xml.js';
import { constantEntry } from './deflated.js';
import type { ZipEntry } from './zip.js';

/**
 * The parts of a DOCX package that do not depend on the document's text:
 * styles, numbering, settings, theme, font table, footnote and endnote
 * separators, the extended and custom properties, the package relationships.
 * The docx library knows what Word expects in them, so it builds them, from an
 * empty document, once per key; the writer adds the document's own parts.
 */

/** Everything the skeleton depends on. */
export interface SkeletonKey {
  /** Body font: style defaults and font table. */
  fontFamily: string;
  /** BCP 47 tag: the style defaults' w:lang. */
  language: string;
  /** Width of the text column in twips: the running styles' right tab stop. */
  textWidth: number;
  /** Open with Track Changes on (a redline). */
  trackRevisions: boolean;
  /** Sizes, gaps and line height of the styles. */
  theme: Theme;
  /** TrueType faces embedded in the package (the PDF's), or none when the family is left to the reader's machine. */
  embed?: { fonts: FontFaces; italic: boolean } | undefined;
}

export interface Skeleton {
  /** Parts used as they are, compressed once, by entry name. */
  entries: readonly ZipEntry[];
  /** [Content_Types].xml up to (not including) `</Types>`: the document adds its overrides. */
  contentTypesStart: string;
  /** word/_rels/document.xml.rels up to `</Relationships>`: the document adds its relationships. */
  relationshipsStart: string;
  /** The first free rId number after the skeleton's own relationships. */
  firstFreeRelationshipId: number;
  /** XML declaration and w:document start tag, with every namespace docx declares. */
  documentStart: string;
  /** The namespace declarations (and mc:Ignorable) of w:document, for header and footer roots. */
  rootAttributes: string;
  /** XML declaration and cp:coreProperties start tag of docProps/core.xml. */
  coreStart: string;
}

/** Parts the writer writes per document; the skeleton's versions only give it their frames. */
const PER_DOCUMENT = new Set(['[Content_Types].xml', 'word/_rels/document.xml.rels', 'word/document.xml', 'docProps/core.xml']);

const STYLES = 'word/styles.xml';

/**
 * The language docx is given for the style defaults' w:lang, replaced by the
 * document's (a private-use tag, so it can mean nothing else). Language is the
 * key that varies most within a run, and w:lang the only thing it changes, so
 * docx builds a skeleton per font, text width and tracking only.
 */
const LANGUAGE_PLACEHOLDER = 'x-jdgen';

/** What docx built for a font, text width and tracking: everything but the language. */
export interface BaseSkeleton extends Omit<Skeleton, 'entries'> {
  /** Every constant entry but word/styles.xml. */
  entries: readonly ZipEntry[];
  /** word/styles.xml with LANGUAGE_PLACEHOLDER for the language. */
  styles: string;
}

/**
 * The skeleton for a key: built on first use, then shared within the context
 * (DocxCaches). The caches are bounded (least recently used goes first); a
 * skeleton built again is the same bytes, since nothing in it depends on the
 * clock or on earlier builds.
 */
export function skeletonFor(key: SkeletonKey, caches: DocxCaches): Promise<Skeleton> {
  const id = JSON.stringify([key.fontFamily, key.textWidth, key.trackRevisions, key.theme, key.embed ?? null, key.language]);
  return cached(caches.skeletons, id, async () => withLanguage(await baseFor(key, caches.bases), key.language));
}

function baseFor(key: SkeletonKey, bases: DocxCaches['bases']): Promise<BaseSkeleton> {
  return cached(bases, JSON.stringify([key.fontFamily, key.textWidth, key.trackRevisions, key.theme, key.embed ?? null]), () => buildBase(key));
}

/** The promise in the cache, or a new one put there; a failed build is not remembered, so the next document tries again. */
function cached<T extends object>(cache: LRUCache<string, Promise<T>>, id: string, build: () => Promise<T>): Promise<T> {
  const known = cache.get(id);
  if (known !== undefined) return known;
  const built = build();
  cache.set(id, built);
  built.catch(() => cache.delete(id));
  return built;
}

function withLanguage(base: BaseSkeleton, language: string): Skeleton {
  const { styles, ...rest } = base;
  const styleEntry = constantEntry(STYLES, styles.split(`"${LANGUAGE_PLACEHOLDER}"`).join(`"${escapeAttribute(language)}"`));
  return { ...rest, entries: [...base.entries, styleEntry].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/** What docx's parts depend on: the skeleton's key without the language (a placeholder, see above) and the embedded faces (added after). */
export type DocxPartsKey = Pick<SkeletonKey, 'fontFamily' | 'textWidth' | 'trackRevisions' | 'theme'>;

/**
 * The parts docx writes for an empty document, as text by name (all are
 * XML). docProps/core.xml is cut to its start tag, the only part of it read:
 * the rest holds the clock time.
 */
export type DocxParts = Readonly<Record<string, string>>;

/** The key of a DocxPartsKey in the precompiled file. */
export function docxPartsId(key: DocxPartsKey): string {
  return JSON.stringify([key.fontFamily, key.textWidth, key.trackRevisions, key.theme]);
}

/** docx's parts for a key: run the docx library (about 0.1 s in a cold process, loading it included). */
export async function docxParts(key: DocxPartsKey): Promise<DocxParts> {
  const { Document, Packer } = await import('docx');
  const document = new Document({
    // A redline opens with Track Changes on, so a reviewer's own edits are tracked too.
    ...(key.trackRevisions ? { features: { trackRevisions: true } } : {}),
    // Word and LibreOffice hyphenate justified clauses with their dictionary
    // for the text's language (w:lang), as the PDF does with its patterns.
    hyphenation: { autoHyphenation: true, consecutiveHyphenLimit: 2 },
    styles: buildStyles({ fontFamily: key.fontFamily, language: LANGUAGE_PLACEHOLDER, textWidth: key.textWidth, theme: key.theme }),
    sections: [{ children: [] }],
  });
  const files = unzipSync(await Packer.toBuffer(document));
  const parts: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) {
    const data = files[name]!;
    const text = strFromU8(data);
    // The parts are kept as text: each must read back as the very bytes docx wrote (a byte order mark would not).
    if (!equalBytes(strToU8(text), data)) throw new Error(`docx wrote ${name} in bytes that do not read back as text`);
    if (name !== 'docProps/core.xml') parts[name] = text;
    else {
      const coreStart = /^(?:<\?xml[^>]*\?>)?<cp:coreProperties\b[^>]*>/.exec(text);
      if (coreStart === null) throw new Error('docx wrote docProps/core.xml without a cp:coreProperties start tag');
      parts[name] = coreStart[0];
    }
  }
  return parts;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * docx's parts for the keys the bundled templates give (each bundled locale,
 * with and without Track Changes), written by `npm run build`
 * (src/build.ts) so that a cold build with them never loads the docx
 * library. Read once: it is part of jdgen's installation, made by the docx
 * and the jdgen code installed with it; any other key runs docx.
 */
export const PRECOMPILED_DOCX_PARTS_FILE = fileURLToPath(new URL('./docx-parts.precompiled.json', import.meta.url));

/** Parts that several keys share (theme1.xml, numbering.xml…) are stored once, by index. */
interface PrecompiledDocxParts {
  texts: string[];
  keys: Record<string, Record<string, number>>;
}

const precompiledParts = once((): PrecompiledDocxParts | null =>
  existsSync(PRECOMPILED_DOCX_PARTS_FILE) ? (JSON.parse(readFileSync(PRECOMPILED_DOCX_PARTS_FILE, 'utf8')) as PrecompiledDocxParts) : null,
);

/** The precompiled parts of a key, if the build made them. */
export function precompiledDocxParts(key: DocxPartsKey): DocxParts | undefined {
  const file = precompiledParts();
  const names = file?.keys[docxPartsId(key)];
  if (file === null || names === undefined) return undefined;
  return Object.fromEntries(Object.entries(names).map(([name, index]) => [name, file.texts[index]!]));
}

/** Build step: docx's parts of these keys, into PRECOMPILED_DOCX_PARTS_FILE. */
export async function writePrecompiledDocxParts(keys: readonly DocxPartsKey[]): Promise<void> {
  const out: PrecompiledDocxParts = { texts: [], keys: {} };
  const indexes = new Map<string, number>();
  for (const key of keys) {
    const id = docxPartsId(key);
    if (out.keys[id] !== undefined) continue;
    const names: Record<string, number> = {};
    for (const [name, text] of Object.entries(await docxParts(key))) {
      let index = indexes.get(text);
      if (index === undefined) indexes.set(text, (index = out.texts.push(text) - 1));
      names[name] = index;
    }
    out.keys[id] = names;
  }
  writeFileSync(PRECOMPILED_DOCX_PARTS_FILE, `${JSON.stringify(out)}\n`);
}

async function buildBase(key: Omit<SkeletonKey, 'language'>): Promise<BaseSkeleton> {
  const faces = key.embed === undefined ? undefined : embeddedFaces(key.embed);
  const files = precompiledDocxParts(key) ?? (await docxParts(key));
  const embedded = faces === undefined ? undefined : embedFonts(faces);
  const text = (name: string): string => {
    const data = files[name];
    if (data === undefined) throw new Error(`docx produced no ${name}`);
    return data;
  };

  const entries: ZipEntry[] = [];
  for (const name of Object.keys(files).sort()) {
    const data = files[name];
    // docx writes a relationships part for every part, even with nothing in it; a
    // part without relationships needs none, and each entry costs zip time.
    if (data === undefined || name === STYLES || PER_DOCUMENT.has(name) || isEmptyRelationships(name, data)) continue;
    if (name === 'word/fontTable.xml') entries.push(constantEntry(name, declareFont(data, key.fontFamily, embedded?.elements)));
    else if (name === 'word/settings.xml' && embedded !== undefined) entries.push(constantEntry(name, embedSettings(data)));
    else entries.push(constantEntry(name, data));
  }
  if (embedded !== undefined) entries.push(...embedded.entries);
  const styles = text(STYLES);
  if (!styles.includes(`w:val="${LANGUAGE_PLACEHOLDER}"`)) throw new Error('docx wrote word/styles.xml without the document language');

  const documentXml = text('word/document.xml');
  const documentStart = /^(<\?xml[^>]*\?>)?<w:document\b([^>]*)>/.exec(documentXml);
  if (documentStart === null) throw new Error('docx wrote word/document.xml without a w:document start tag');
  const coreStart = /^(?:<\?xml[^>]*\?>)?<cp:coreProperties\b[^>]*>/.exec(text('docProps/core.xml'));
  if (coreStart === null) throw new Error('docx wrote docProps/core.xml without a cp:coreProperties start tag');

  const relationships = text('word/_rels/document.xml.rels');
  const ids = [...relationships.matchAll(/\bId="rId(\d+)"/g)].map((match) => Number(match[1]));
  return {
    entries,
    styles,
    contentTypesStart: before(text('[Content_Types].xml'), '</Types>') + (embedded === undefined ? '' : ODTTF_CONTENT_TYPE),
    relationshipsStart: before(relationships, '</Relationships>'),
    firstFreeRelationshipId: Math.max(0, ...ids) + 1,
    documentStart: documentStart[0],
    rootAttributes: documentStart[2] ?? '',
    coreStart: coreStart[0],
  };
}

function isEmptyRelationships(name: string, data: string): boolean {
  return name.endsWith('.rels') && /<Relationships\b[^>]*\/>\s*$/.test(data);
}

/** The text before the closing tag `end`, which must end it. */
function before(xml: string, end: string): string {
  if (!xml.endsWith(end)) throw new Error(`docx wrote a part that does not end with ${end}`);
  return xml.slice(0, -end.length);
}

/**
 * Declares the body font as a sans-serif in word/fontTable.xml, with its
 * embedded faces (`embeds`, w:embed* elements) when the package has them.
 * On a machine without the font and without embedding, Word uses this family
 * and the alternative name to substitute a sans-serif instead of falling back
 * to a serif face.
 */
export function declareFont(table: string, family: string, embeds = ''): string {
  const name = escapeAttribute(family);
  const withNamespace = embeds === '' || /<w:fonts\b[^>]*\bxmlns:r=/.test(table) ? table : table.replace('<w:fonts', `<w:fonts xmlns:r="${R_NAMESPACE}"`);
  if (withNamespace.includes(`w:name="${name}"`)) {
    // docx declared the family already: the embedded faces go at the end of its entry.
    const at = withNamespace.indexOf('</w:font>', withNamespace.indexOf(`w:name="${name}"`));
    return embeds === '' || at < 0 ? withNamespace : withNamespace.slice(0, at) + embeds + withNamespace.slice(at);
  }
  const font =
    `<w:font w:name="${name}"><w:altName w:val="Arial"/><w:charset w:val="00"/>` + `<w:family w:val="swiss"/><w:pitch w:val="variable"/>${embeds}</w:font>`;
  const selfClosed = /<w:fonts\b([^>]*?)\/>/;
  return selfClosed.test(withNamespace)
    ? withNamespace.replace(selfClosed, (_all, attributes: string) => `<w:fonts${attributes}>${font}</w:fonts>`)
    : withNamespace.replace('</w:fonts>', `${font}</w:fonts>`);
}

const R_NAMESPACE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

type FaceName = 'regular' | 'bold' | 'italic' | 'boldItalic';
type FaceFiles = { regular: Buffer; bold: Buffer; italic?: Buffer | undefined; boldItalic?: Buffer | undefined };

/** The font files' bytes (read once per skeleton; style.yaml's check refused unreadable fonts before). */
function embeddedFaces({ fonts, italic }: { fonts: FontFaces; italic: boolean }): FaceFiles {
  return {
    regular: readRegularFileSync(fonts.regular, 'font'),
    bold: readRegularFileSync(fonts.bold, 'font'),
    ...(italic ? { italic: readRegularFileSync(fonts.italic, 'font'), boldItalic: readRegularFileSync(fonts.boldItalic, 'font') } : {}),
  };
}

const EMBED_ELEMENTS: ReadonlyArray<[string, FaceName]> = [
  ['embedRegular', 'regular'],
  ['embedBold', 'bold'],
  ['embedItalic', 'italic'],
  ['embedBoldItalic', 'boldItalic'],
];

const FONT_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/font';
const ODTTF_CONTENT_TYPE = '<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/>';

/**
 * The embedded faces as package parts: each face obfuscated (ECMA-376
 * Part 1, 17.8.1) with a key made from its own bytes, so the same fonts
 * always give the same package (docx's own embedding draws a random key),
 * the font table's relationships, and the w:embed* elements for the font's
 * entry. Written here rather than by docx: its packer would compress the
 * megabytes of font data once more on every skeleton, and zlib does it in
 * a fraction of the time.
 */
function embedFonts(faces: FaceFiles): { entries: ZipEntry[]; elements: string } {
  const entries: ZipEntry[] = [];
  let relationships = '';
  let elements = '';
  let number = 0;
  for (const [element, face] of EMBED_ELEMENTS) {
    const data = faces[face];
    if (data === undefined) continue;
    number += 1;
    const hash = createHash('sha256').update(data).digest('hex');
    const key = fontKey(hash);
    const target = `fonts/font${number}.odttf`;
    entries.push(embeddedFontEntry(`word/${target}`, obfuscate(data, key), hash));
    relationships += `<Relationship Id="rId${number}" Type="${FONT_RELATIONSHIP}" Target="${target}"/>`;
    elements += `<w:${element} r:id="rId${number}" w:fontKey="{${key}}"/>`;
  }
  entries.push(
    constantEntry(
      'word/_rels/fontTable.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships}</Relationships>`,
    ),
  );
  return { entries, elements };
}

/** Settings that tell Word the fonts are embedded (w:embedTrueTypeFonts, before w:defaultTabStop in the schema's order). */
function embedSettings(settings: string): string {
  if (settings.includes('<w:embedTrueTypeFonts')) return settings;
  if (!settings.includes('<w:defaultTabStop')) throw new Error('docx wrote word/settings.xml without w:defaultTabStop');
  return settings.replace('<w:defaultTabStop', '<w:embedTrueTypeFonts/><w:defaultTabStop');
}

/**
 * An embedded face as a deflated entry, made by zlib (several times faster
 * than fflate on the megabytes of a font), or read from the file `npm run
 * build` deflated it into for the bundled style's regular and bold faces
 * (about 30 ms of a cold build): named by the SHA-256 of the font file, which
 * decides the obfuscated bytes too.
 */
function embeddedFontEntry(name: string, obfuscated: Uint8Array, fontHash: string): ZipEntry {
  const precompiled = precompiledFontFile(fontHash);
  const data = existsSync(precompiled) ? readFileSync(precompiled) : deflateFont(obfuscated);
  return { name, method: 8, crc: crc32(obfuscated) >>> 0, size: obfuscated.length, data };
}

function deflateFont(obfuscated: Uint8Array): Uint8Array {
  return deflateRawSync(obfuscated, { level: 6 });
}

/** Where `npm run build` puts the deflated, obfuscated face of the font file with this SHA-256. */
export function precompiledFontFile(fontHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(fontHash)) throw new Error(`not a SHA-256: ${fontHash}`);
  return fileURLToPath(new URL(`./docx-font-${fontHash}.deflated`, import.meta.url));
}

/** Build step: the faces given (font files), deflated as embedFonts deflates them, beside PRECOMPILED_DOCX_PARTS_FILE. */
export function writePrecompiledFonts(paths: readonly string[]): void {
  for (const path of paths) {
    const data = readRegularFileSync(path, 'font');
    const hash = createHash('sha256').update(data).digest('hex');
    writeFileSync(precompiledFontFile(hash), deflateFont(obfuscate(data, fontKey(hash))));
  }
}

/** A GUID made from the font's SHA-256: stable for a font, different between fonts. */
function fontKey(fontHash: string): string {
  const hex = fontHash.slice(0, 32).toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Font obfuscation of ECMA-376 Part 2, 11.1: the first 32 bytes of the file
 * XORed with the key's 16 bytes taken in reverse order.
 */
export function obfuscate(data: Uint8Array, key: string): Uint8Array {
  const bytes = (key.replace(/-/g, '').match(/../g) ?? []).map((pair) => parseInt(pair, 16)).reverse();
  if (bytes.length !== 16) throw new Error(`not a font key: ${key}`);
  const out = Uint8Array.from(data);
  for (let i = 0; i < Math.min(32, out.length); i += 1) out[i] = out[i]! ^ bytes[i % 16]!;
  return out;
}
