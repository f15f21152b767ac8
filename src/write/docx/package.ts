import type { LRUCache } from 'lru-cache';
import type { DocumentMeta } from '../../model/types.js';
import type { DocumentParts } from './parts.js';
import type { Skeleton } from './skeleton.js';
import { element, escapeText, XML_DECLARATION } from './xml.js';
import { constantEntry } from './deflated.js';
import { deflatedEntry, storedEntry, zip, type ZipEntry } from './zip.js';

/**
 * Assembles the DOCX package: the skeleton's constant parts, the document's
 * own parts, and the zip around them. The same parts always give the same
 * bytes: entries in a fixed order, every entry dated with the document's own
 * timestamp, written independent of the time zone (./zip.ts).
 */

/** A header or footer part of the document, e.g. word/header1.xml. */
export interface RunningPart {
  kind: 'header' | 'footer';
  /** File name inside word/, e.g. header1.xml. */
  name: string;
  xml: string;
}

const RUNNING_CONTENT_TYPE = {
  header: 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml',
  footer: 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml',
} as const;

/** [Content_Types].xml: the skeleton's defaults (png, jpeg, jpg, …) and overrides, plus the running parts. */
export function contentTypes(skeleton: Skeleton, running: readonly RunningPart[]): string {
  const overrides = running.map((part) => `<Override ContentType="${RUNNING_CONTENT_TYPE[part.kind]}" PartName="/word/${part.name}"/>`);
  return `${skeleton.contentTypesStart}${overrides.join('')}</Types>`;
}

/** word/_rels/document.xml.rels: the skeleton's relationships, then the document's (headers, footers, images). */
export function documentRelationships(skeleton: Skeleton, parts: DocumentParts): string {
  return `${skeleton.relationshipsStart}${parts.relationshipXml()}</Relationships>`;
}

/** ISO 8601 in UTC without milliseconds, the form Word itself writes. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * docProps/core.xml. Created and modified are the document's own timestamp,
 * never the wall clock; dc:language is the document language. Empty values
 * are left out, as Word does.
 */
export function coreProperties(skeleton: Skeleton, meta: DocumentMeta, timestamp: Date): string {
  const optional = (name: string, value: string) => (value === '' ? '' : element(name, undefined, escapeText(value)));
  const stamp = isoSeconds(timestamp);
  return (
    skeleton.coreStart +
    optional('dc:title', meta.title) +
    optional('dc:subject', meta.subject) +
    optional('dc:creator', meta.author) +
    optional('cp:keywords', meta.keywords.join(', ')) +
    optional('cp:lastModifiedBy', meta.author) +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    optional('dc:language', meta.language) +
    '</cp:coreProperties>'
  );
}

/** The root start tag of a header or footer part, with the same namespaces as the body. */
export function runningPartXml(skeleton: Skeleton, kind: RunningPart['kind'], content: string): string {
  const root = kind === 'header' ? 'w:hdr' : 'w:ftr';
  return `${XML_DECLARATION}<${root}${skeleton.rootAttributes}>${content}</${root}>`;
}

/** The document's own parts. */
export interface DocumentEntries {
  contentTypes: string;
  documentXml: string;
  relationships: string;
  core: string;
  running: readonly RunningPart[];
  media: readonly { path: string; data: Uint8Array }[];
}

/**
 * Zips the package once: the skeleton's entries as compressed when it was
 * built, the document's own parts compressed now. [Content_Types].xml first
 * (some readers expect it there), then the package relationships, then every
 * other entry by name. Pictures are stored, not deflated: PNG and JPEG are
 * compressed already.
 */
export function zipPackage(skeleton: Skeleton, entries: DocumentEntries, timestamp: Date, recurring: LRUCache<string, ZipEntry>): Uint8Array {
  const all: ZipEntry[] = [
    ...skeleton.entries,
    recurringEntry(recurring, '[Content_Types].xml', entries.contentTypes),
    deflatedEntry('word/document.xml', entries.documentXml),
    recurringEntry(recurring, 'word/_rels/document.xml.rels', entries.relationships),
    deflatedEntry('docProps/core.xml', entries.core),
    ...entries.running.map((part) => recurringEntry(recurring, `word/${part.name}`, part.xml)),
    ...entries.media.map((file) => storedEntry(file.path, file.data)),
  ];
  return zip(all.sort(byEntryOrder), timestamp);
}

/**
 * Small parts that recur from document to document: [Content_Types].xml and
 * the relationships (one per combination of header, footer and pictures), a
 * running header or footer shared by a set of roles. Each costs far more to
 * compress (fflate's fixed cost per stream) than to write, so the last few are
 * kept compressed, per context (DocxCaches.recurring). DEFLATE is deterministic: a kept entry is the same bytes a
 * fresh one would be, so nothing depends on what the context wrote before.
 */
function recurringEntry(recurring: LRUCache<string, ZipEntry>, name: string, xml: string): ZipEntry {
  const key = `${name}\n${xml}`;
  const known = recurring.get(key);
  if (known !== undefined) return known;
  const entry = constantEntry(name, xml);
  recurring.set(key, entry);
  return entry;
}

const FIRST = ['[Content_Types].xml', '_rels/.rels'];

function byEntryOrder(a: ZipEntry, b: ZipEntry): number {
  const rank = (entry: ZipEntry) => {
    const index = FIRST.indexOf(entry.name);
    return index === -1 ? FIRST.length : index;
  };
  return rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
