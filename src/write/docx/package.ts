import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Makes the DOCX package reproducible. The docx library stamps the wall clock
 * into docProps/core.xml and into every zip entry, gives hyperlinks and some
 * parts random relationship ids, numbers drawings (images) from a counter
 * shared by every document the process builds, and gives watermark shapes
 * random ids; the same model must give the same bytes. Tracked changes are
 * numbered here too, in document order.
 */

export interface PackageInfo {
  /** The document's own timestamp: core.xml dates and zip entry times. */
  timestamp: Date;
  /** BCP 47 tag for dc:language (docx has no option for it). */
  language: string;
  /** The body font, declared in the font table so Word can pick a look-alike if it is missing. */
  fontFamily: string;
}

export function normalisePackage(docx: Uint8Array, info: PackageInfo): Uint8Array {
  const files = unzipSync(docx);
  const texts = new Map<string, string>();
  for (const [name, data] of Object.entries(files)) {
    if (/\.(xml|rels)$/.test(name)) texts.set(name, strFromU8(data));
  }
  fixCoreProperties(texts, info);
  declareFont(texts, info.fontFamily);
  canonicaliseRelationshipIds(texts);
  const renamed = canonicaliseMediaNames(texts);
  numberDrawings(texts);
  numberRevisions(texts);
  numberWatermarks(texts);
  const zippable: Zippable = {};
  const moved = [...renamed].map(([from, to]) => [to, files[from]] as const);
  for (const from of renamed.keys()) delete files[from];
  for (const [to, data] of moved) if (data !== undefined) files[to] = data;
  for (const name of entryOrder(Object.keys(files))) {
    const text = texts.get(name);
    const data = text === undefined ? files[name] : strToU8(text);
    // fflate converts mtime with local-time getters, so the value given here is
    // only a placeholder; setDosTimes writes the real one independent of TZ.
    if (data !== undefined) zippable[name] = [data, { mtime: PLACEHOLDER_MTIME }];
  }
  const zipped = zipSync(zippable, { level: 6 });
  setDosTimes(zipped, info.timestamp);
  return zipped;
}

const PLACEHOLDER_MTIME = new Date(1980, 0, 1, 12, 0, 0);

/** ISO 8601 in UTC without milliseconds, the form Word itself writes. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fixCoreProperties(texts: Map<string, string>, info: PackageInfo): void {
  const name = 'docProps/core.xml';
  let core = texts.get(name);
  if (core === undefined) throw new Error('docx produced no docProps/core.xml');
  const stamp = isoSeconds(info.timestamp);
  core = core
    .replace(/(<dcterms:created\b[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
    .replace(/(<dcterms:modified\b[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
  if (!core.includes('<dc:language>')) {
    core = core.replace('</cp:coreProperties>', `<dc:language>${escapeXml(info.language)}</dc:language></cp:coreProperties>`);
  }
  texts.set(name, core);
}

/**
 * Declares the body font as a sans-serif in word/fontTable.xml. The font is not
 * embedded (that would add megabytes and a random obfuscation key); on a machine
 * without it, Word uses this family and the alternative name to substitute a
 * sans-serif instead of falling back to a serif face.
 */
function declareFont(texts: Map<string, string>, family: string): void {
  const name = 'word/fontTable.xml';
  const table = texts.get(name);
  if (table === undefined || table.includes(`w:name="${escapeXml(family)}"`)) return;
  const font =
    `<w:font w:name="${escapeXml(family)}"><w:altName w:val="Arial"/><w:charset w:val="00"/>` +
    `<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>`;
  const selfClosed = /<w:fonts\b([^>]*?)\/>/;
  const updated = selfClosed.test(table)
    ? table.replace(selfClosed, `<w:fonts$1>${font}</w:fonts>`)
    : table.replace('</w:fonts>', `${font}</w:fonts>`);
  texts.set(name, updated);
}

/**
 * Random relationship ids (docx uses nanoids for hyperlinks and some parts)
 * become rId<n>, numbered after the ids already in the same .rels file, in the
 * order they appear. The owning part's references are renamed to match.
 */
function canonicaliseRelationshipIds(texts: Map<string, string>): void {
  for (const [relsName, rels] of [...texts]) {
    if (!relsName.endsWith('.rels')) continue;
    const ids = [...rels.matchAll(/\bId="([^"]+)"/g)].map((match) => match[1] ?? '');
    const random = ids.filter((id) => !/^rId\d+$/.test(id));
    if (random.length === 0) continue;
    let next = Math.max(0, ...ids.map((id) => Number(/^rId(\d+)$/.exec(id)?.[1] ?? 0))) + 1;
    const owner = ownerOf(relsName);
    for (const id of random) {
      const canonical = `rId${next++}`;
      const quoted = new RegExp(`"${id.replace(/[^\w-]/g, '\\$&')}"`, 'g');
      texts.set(relsName, (texts.get(relsName) ?? '').replace(quoted, `"${canonical}"`));
      const part = texts.get(owner);
      if (part !== undefined) texts.set(owner, part.replace(quoted, `"${canonical}"`));
    }
  }
}

/**
 * Media files become word/media/image<n>.<ext>, numbered in the order the
 * relationship files (taken by name) first refer to them. docx 9.15 already
 * names them so; other versions name them by a hash or at random, and the
 * names must not depend on that. Returns the renames (old → new entry name);
 * the relationship targets are updated here.
 */
function canonicaliseMediaNames(texts: Map<string, string>): Map<string, string> {
  const renamed = new Map<string, string>();
  const target = /(\bTarget=")((?:\.\.\/)?media\/)([^"/]+)(")/g;
  const relsNames = [...texts.keys()].filter((name) => name.startsWith('word/') && name.endsWith('.rels')).sort();
  for (const relsName of relsNames) {
    for (const match of (texts.get(relsName) ?? '').matchAll(target)) {
      const from = `word/media/${match[3] ?? ''}`;
      if (renamed.has(from)) continue;
      const extension = /\.([A-Za-z0-9]+)$/.exec(from)?.[1]?.toLowerCase() ?? 'bin';
      renamed.set(from, `word/media/image${renamed.size + 1}.${extension}`);
    }
  }
  for (const relsName of relsNames) {
    const rels = texts.get(relsName) ?? '';
    texts.set(
      relsName,
      rels.replace(target, (all, before: string, folder: string, file: string, after: string) => {
        const to = renamed.get(`word/media/${file}`);
        return to === undefined ? all : `${before}${folder}${to.slice('word/media/'.length)}${after}`;
      }),
    );
  }
  // Entries already named as they should be need no renaming. (Names may
  // also swap: the caller takes every entry out before putting any back.)
  for (const [from, to] of renamed) if (from === to) renamed.delete(from);
  return renamed;
}

/**
 * Drawing ids (wp:docPr id, unique in the document) become 1, 2, … in part
 * and document order. docx takes them from a process-wide counter, so the
 * second document a process writes would otherwise number its logo 2.
 */
function numberDrawings(texts: Map<string, string>): void {
  let next = 1;
  const parts = [...texts.keys()].filter((name) => name.startsWith('word/') && name.endsWith('.xml')).sort();
  for (const name of parts) {
    const xml = texts.get(name) ?? '';
    if (!xml.includes('<wp:docPr ')) continue;
    texts.set(
      name,
      xml.replace(/(<wp:docPr\b[^>]*?\bid=")\d+(")/g, (_all, before: string, after: string) => `${before}${next++}${after}`),
    );
  }
}

/** The parts that hold document content: the body first, then the others by name. */
function contentParts(texts: Map<string, string>): string[] {
  const others = [...texts.keys()].filter((name) => /^word\/[^/]+\.xml$/.test(name) && name !== 'word/document.xml').sort();
  return texts.has('word/document.xml') ? ['word/document.xml', ...others] : others;
}

/** Revision elements: tracked insertions and deletions, and formatting changes. */
const REVISION = /(<w:(?:ins|del|moveFrom|moveTo|rPrChange|pPrChange|sectPrChange|tblPrChange|trPrChange|tcPrChange)\b[^>]*?\bw:id=")\d+(")/g;

/**
 * Tracked changes (w:ins, w:del, …) get ids 1, 2, … in document order, the
 * body first. The writer builds them with a placeholder id: w:id must be
 * unique, and numbering here keeps it independent of how they were built.
 * They start after any bookmark or comment id, which share the id space in
 * Word's reading of the standard.
 */
function numberRevisions(texts: Map<string, string>): void {
  const parts = contentParts(texts);
  let next = 1;
  for (const name of parts) {
    const xml = texts.get(name) ?? '';
    for (const match of xml.matchAll(/<w:(?:bookmarkStart|commentRangeStart|comment)\b[^>]*?\bw:id="(\d+)"/g)) {
      next = Math.max(next, Number(match[1]) + 1);
    }
  }
  for (const name of parts) {
    const xml = texts.get(name) ?? '';
    if (!/<w:(?:ins|del|moveFrom|moveTo|[a-zA-Z]+PrChange)\b/.test(xml)) continue;
    const numbered = mergeAdjacentChanges(xml).replace(REVISION, (_all, before: string, after: string) => `${before}${next++}${after}`);
    texts.set(name, numbered);
  }
}

/**
 * docx wraps every run in a w:ins or w:del of its own. Runs of one change that
 * follow each other (a clause's number, tab and text; bold and plain parts of
 * an insertion) go into one element, as Word writes them, so a reviewer meets
 * one change rather than a few pieces of it.
 */
function mergeAdjacentChanges(xml: string): string {
  const attributesOf = /^<w:(?:ins|del) w:id="\d+"((?:\s+[\w:]+="[^"]*")*)>/;
  const seam = /<\/w:(ins|del)><w:\1 w:id="\d+"((?:\s+[\w:]+="[^"]*")*)>/g;
  return xml.replace(seam, (all: string, tag: string, attributes: string, at: number) => {
    // The element this closes: w:ins and w:del never nest in themselves.
    const opened = xml.lastIndexOf(`<w:${tag} w:id="`, at);
    // Same author and date: one change.
    return attributesOf.exec(xml.slice(opened, at))?.[1] === attributes ? '' : all;
  });
}

/**
 * Watermark shapes (docx: PowerPlusWaterMarkObject + a random nanoid) become
 * PowerPlusWaterMarkObject1, 2, … in part order. Word finds watermarks by the
 * prefix, so the number itself is free.
 */
function numberWatermarks(texts: Map<string, string>): void {
  let next = 1;
  for (const name of contentParts(texts)) {
    const xml = texts.get(name) ?? '';
    if (!xml.includes('PowerPlusWaterMarkObject')) continue;
    const id = /(<v:shape\b[^>]*?\bid="PowerPlusWaterMarkObject)[^"]*(")/g;
    texts.set(name, xml.replace(id, (_all, before: string, after: string) => `${before}${next++}${after}`));
  }
}

/** word/_rels/document.xml.rels → word/document.xml; _rels/.rels → the package (no part). */
function ownerOf(relsName: string): string {
  return relsName.replace(/(^|\/)_rels\/([^/]*)\.rels$/, '$1$2');
}

/**
 * [Content_Types].xml first (some readers expect it there), then the package
 * relationships, then every other entry by name: an order that does not depend
 * on how docx happens to assemble the zip.
 */
function entryOrder(names: string[]): string[] {
  const first = ['[Content_Types].xml', '_rels/.rels'];
  const rest = names.filter((name) => !first.includes(name)).sort();
  return [...first.filter((name) => names.includes(name)), ...rest];
}

/**
 * Writes the MS-DOS date and time of every entry, in both the local headers and
 * the central directory. Zip times have no time zone; we write the UTC wall
 * time so every machine produces the same bytes. Zip cannot store dates before
 * 1980, so earlier timestamps (e.g. SOURCE_DATE_EPOCH=0) are clamped to it.
 */
function setDosTimes(zip: Uint8Array, timestamp: Date): void {
  const clamped = new Date(Math.max(timestamp.getTime(), Date.UTC(1980, 0, 1)));
  const time = (clamped.getUTCHours() << 11) | (clamped.getUTCMinutes() << 5) | (clamped.getUTCSeconds() >> 1);
  const date = ((clamped.getUTCFullYear() - 1980) << 9) | ((clamped.getUTCMonth() + 1) << 5) | clamped.getUTCDate();
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let entry = view.getUint32(end + 16, true);
  for (let index = 0; index < count; index++) {
    if (view.getUint32(entry, true) !== 0x02014b50) throw new Error('corrupt zip: bad central directory entry');
    view.setUint16(entry + 12, time, true);
    view.setUint16(entry + 14, date, true);
    const local = view.getUint32(entry + 42, true);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    entry += 46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
  }
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes, at the very end.
  for (let offset = view.byteLength - 22; offset >= Math.max(0, view.byteLength - 22 - 0xffff); offset--) {
    if (view.getUint32(offset, true) === 0x06054b50) return offset;
  }
  throw new Error('corrupt zip: no end of central directory');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
