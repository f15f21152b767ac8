/**
 * The PDF/A-2 rules (ISO 19005-2) the PDF writer could break, checked on a
 * file read back with qpdf's JSON (no PDF/A validator runs here). Each
 * problem names its clause. Documented in the README ("PDF/A").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHarfbuzz, ShapingFont } from '../../src/write/harfbuzz.js';
import { readStructure } from './structure.js';

const harfbuzz = await loadHarfbuzz();

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
interface QpdfObject {
  value?: Json;
  stream?: { dict: Record<string, Json>; data?: string };
}

/** The rules checked, as the README lists them. */
export const PDFA_RULES = [
  '6.1.2 header: %PDF-1.n and a comment of four bytes above 127',
  '6.1.3 trailer: an /ID, no /Encrypt',
  '6.1.7 streams: no external files (/F, /FFilter, /FDecodeParms), no LZWDecode',
  '6.1.13 limits: strings up to 32767 bytes, names up to 127 bytes, integers within ±2^31',
  '6.2.2 output intent: exactly one GTS_PDFA1 intent with an RGB ICC profile (version 2 to 4, /N 3)',
  '6.2.4.3 device colours: DeviceRGB and DeviceGray only (no DeviceCMYK with an RGB intent)',
  '6.2.5 graphics states: no TR, TR2 other than /Default, HTP, HTO; soft masks only /None; standard blend modes',
  '6.2.8 images: no /Alternates, /OPI, /Interpolate true',
  '6.2.11.3 CIDFontType2: a CIDToGIDMap',
  '6.2.11.4 fonts: every font embedded (FontFile2 or FontFile3)',
  '6.2.11.5 widths: /W equals the embedded font program for every CID shown',
  '6.2.11.8 no .notdef: no text shows CID 0',
  '6.3 annotations: Print set, Hidden/Invisible/NoView unset, an /AP with /N only',
  '6.4 forms: no NeedAppearances true, no XFA',
  '6.5/6.6 no JavaScript, no additional actions (/AA), no Launch',
  '6.6.2 metadata: an unfiltered XMP stream with pdfaid:part 2 and conformance, matching the Info dictionary',
  '6.8 no embedded files',
  '6.2.11.7.2 (level A) every font has a ToUnicode map',
  '6.7.2.2 (level A) MarkInfo: /Marked true in the catalog',
  '6.7.3 (level A) a structure tree: a StructTreeRoot with a ParentTree; each page its /StructParents',
  '6.7.3 (level A) marked content: every BDC/BMC ended by an EMC; every text, path and image in content with an MCID of the parent tree or in an artifact; no artifact inside tagged content',
  '6.7.3.4 (level A) structure types: standard types, or mapped to them in the /RoleMap',
  '6.7.4 (level A) language: /Lang on the catalog',
];

const dict = (o: QpdfObject | undefined): Record<string, Json> =>
  (o?.stream?.dict ?? (o?.value && typeof o.value === 'object' && !Array.isArray(o.value) ? o.value : {})) as Record<string, Json>;

const text = (value: Json | undefined): string => {
  if (typeof value !== 'string') return '';
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) return Buffer.from(value.slice(2), 'hex').toString('latin1');
  return value;
};

/** Content stream operators showing text: the 2-byte codes of their strings. */
function shownCodes(content: string): number[] {
  const codes: number[] = [];
  const strings = /\((?:\\.|[^\\)])*\)|<[0-9a-fA-F\s]*>/g;
  for (const block of content.split(/\bBT\b/).slice(1)) {
    const body = block.split(/\bET\b/)[0]!;
    for (const match of body.matchAll(strings)) {
      const raw = match[0];
      let bytes: number[];
      if (raw.startsWith('<')) bytes = (raw.slice(1, -1).replace(/\s/g, '').match(/../g) ?? []).map((h) => parseInt(h, 16));
      else {
        bytes = [];
        for (let i = 1; i < raw.length - 1; i += 1) {
          const c = raw[i]!;
          if (c === '\\') {
            const next = raw[(i += 1)]!;
            bytes.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[next] ?? next.charCodeAt(0));
          } else bytes.push(c.charCodeAt(0));
        }
      }
      for (let i = 0; i + 1 < bytes.length; i += 2) codes.push(bytes[i]! * 256 + bytes[i + 1]!);
    }
  }
  return codes;
}

/** What a file breaks of PDF/A-2 (empty: nothing found). */
export function pdfaProblems(bytes: Uint8Array): string[] {
  const problems: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'jdgen-pdfa-'));
  try {
    const path = join(work, 'file.pdf');
    writeFileSync(path, bytes);
    const json = JSON.parse(
      execFileSync('qpdf', ['--json', '--json-stream-data=inline', '--decode-level=generalized', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
    ) as { qpdf: [unknown, Record<string, QpdfObject>] };
    const objects = json.qpdf[1];
    const get = (ref: Json | undefined): QpdfObject | undefined => (typeof ref === 'string' ? objects[`obj:${ref}`] : undefined);
    const data = (o: QpdfObject | undefined): Buffer => Buffer.from(o?.stream?.data ?? '', 'base64');

    // 6.1.2
    const head = Buffer.from(bytes.subarray(0, 32)).toString('latin1');
    if (!/^%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}/.test(head)) problems.push('6.1.2: no %PDF-1.n header followed by a binary comment');
    // 6.1.3
    const trailer = dict(objects.trailer);
    if (!Array.isArray(trailer['/ID']) || trailer['/ID'].length !== 2) problems.push('6.1.3: the trailer has no /ID');
    if (trailer['/Encrypt'] !== undefined) problems.push('6.1.3: the file is encrypted');
    const catalog = dict(get(trailer['/Root']));
    const info = dict(get(trailer['/Info']));

    const fontDicts: Array<Record<string, Json>> = [];
    const walk = (value: Json | undefined, at: string): void => {
      if (typeof value === 'string') {
        if (value.startsWith('u:') || value.startsWith('b:')) {
          const length = value.startsWith('b:') ? (value.length - 2) / 2 : Buffer.byteLength(value.slice(2), 'utf16le') + 2;
          if (length > 32767) problems.push(`6.1.13: a string of ${length} bytes at ${at}`);
        } else if (value.startsWith('/') && Buffer.byteLength(value.slice(1)) > 127) problems.push(`6.1.13: a name longer than 127 bytes at ${at}`);
      } else if (typeof value === 'number') {
        if (Number.isInteger(value) && Math.abs(value) > 2 ** 31 - 1) problems.push(`6.1.13: the integer ${value} at ${at}`);
      } else if (Array.isArray(value)) value.forEach((item) => walk(item, at));
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (Buffer.byteLength(key.slice(1)) > 127) problems.push(`6.1.13: a name longer than 127 bytes at ${at}`);
          if (key === '/JS' || key === '/AA') problems.push(`6.5/6.6: ${key} at ${at}`);
          if (key === '/S' && (item === '/Launch' || item === '/JavaScript')) problems.push(`6.6: a ${String(item)} action at ${at}`);
          if (key === '/EmbeddedFiles') problems.push(`6.8: embedded files at ${at}`);
          walk(item, at);
        }
      }
    };

    for (const [key, object] of Object.entries(objects)) {
      if (!key.startsWith('obj:')) continue;
      const d = dict(object);
      walk(object.value ?? object.stream?.dict ?? null, key);
      // 6.1.7
      if (object.stream) {
        for (const forbidden of ['/F', '/FFilter', '/FDecodeParms'])
          if (d[forbidden] !== undefined && d['/Type'] !== '/Annot') problems.push(`6.1.7: a stream with ${forbidden} (${key})`);
        const filters = ([] as Json[]).concat(d['/Filter'] ?? []);
        if (filters.includes('/LZWDecode')) problems.push(`6.1.7: an LZWDecode stream (${key})`);
      }
      // 6.2.5
      if (d['/Type'] === '/ExtGState') {
        for (const k of ['/TR', '/HTP', '/HTO']) if (d[k] !== undefined) problems.push(`6.2.5: ${k} in a graphics state (${key})`);
        if (d['/TR2'] !== undefined && d['/TR2'] !== '/Default') problems.push(`6.2.5: /TR2 in a graphics state (${key})`);
        if (d['/SMask'] !== undefined && d['/SMask'] !== '/None') problems.push(`6.2.10: a soft mask in a graphics state (${key})`);
        const blend = ([] as Json[]).concat(d['/BM'] ?? []);
        const standard = [
          '/Normal',
          '/Compatible',
          '/Multiply',
          '/Screen',
          '/Overlay',
          '/Darken',
          '/Lighten',
          '/ColorDodge',
          '/ColorBurn',
          '/HardLight',
          '/SoftLight',
          '/Difference',
          '/Exclusion',
          '/Hue',
          '/Saturation',
          '/Color',
          '/Luminosity',
        ];
        for (const mode of blend) if (!standard.includes(mode as string)) problems.push(`6.2.10: blend mode ${String(mode)} (${key})`);
      }
      // 6.2.8, 6.2.4.3
      if (d['/Subtype'] === '/Image') {
        for (const k of ['/Alternates', '/OPI']) if (d[k] !== undefined) problems.push(`6.2.8: ${k} in an image (${key})`);
        if (d['/Interpolate'] === true) problems.push(`6.2.8: an interpolated image (${key})`);
        if (d['/ColorSpace'] === '/DeviceCMYK') problems.push(`6.2.4.3: a DeviceCMYK image with an RGB output intent (${key})`);
      }
      if (d['/Type'] === '/Font') fontDicts.push(d);
      // 6.3
      if (d['/Type'] === '/Annot' || (d['/Subtype'] === '/Widget' && d['/Rect'] !== undefined)) {
        const flags = typeof d['/F'] === 'number' ? d['/F'] : 0;
        if ((flags & 4) === 0 || (flags & (1 | 2 | 32)) !== 0) problems.push(`6.3.2: annotation flags ${flags} (${key})`);
        if (['/Sound', '/Movie', '/FileAttachment', '/3D', '/RichMedia'].includes(d['/Subtype'] as string))
          problems.push(`6.3.1: a ${String(d['/Subtype'])} annotation`);
        const rect = d['/Rect'] as number[];
        const ap = dict(get(d['/AP'] as Json) ?? { value: d['/AP'] ?? null });
        if (rect && (rect[2]! - rect[0]! !== 0 || rect[3]! - rect[1]! !== 0)) {
          if (ap['/N'] === undefined) problems.push(`6.3.3: an annotation without a normal appearance (${key})`);
          if (ap['/D'] !== undefined || ap['/R'] !== undefined) problems.push(`6.3.3: an appearance with /D or /R (${key})`);
        }
      }
    }

    // 6.2.2
    const intents = (catalog['/OutputIntents'] as Json[] | undefined) ?? [];
    const pdfa = intents.map((i) => dict(get(i) ?? { value: i })).filter((i) => i['/S'] === '/GTS_PDFA1');
    if (pdfa.length !== 1) problems.push(`6.2.2: ${pdfa.length} GTS_PDFA1 output intents`);
    else {
      const profile = get(pdfa[0]!['/DestOutputProfile']);
      const icc = data(profile);
      if (icc.subarray(36, 40).toString('latin1') !== 'acsp') problems.push('6.2.2: the output intent profile is not an ICC profile');
      if (icc.subarray(16, 20).toString('latin1') !== 'RGB ' || dict(profile)['/N'] !== 3)
        problems.push('6.2.2: the output intent profile is not RGB with /N 3');
      if (icc[8]! < 2 || icc[8]! > 4) problems.push(`6.2.2: ICC profile version ${icc[8]}`);
    }

    // 6.2.11
    for (const font of fontDicts) {
      if (font['/Subtype'] !== '/Type0') {
        if (font['/Subtype'] !== '/CIDFontType2' && font['/Subtype'] !== '/CIDFontType0') problems.push(`6.2.11.4: a ${String(font['/Subtype'])} font`);
        continue;
      }
      const descendant = dict(get((font['/DescendantFonts'] as Json[])[0]));
      const name = text(font['/BaseFont']);
      if (descendant['/Subtype'] === '/CIDFontType2' && descendant['/CIDToGIDMap'] === undefined) problems.push(`6.2.11.3.2: ${name} has no CIDToGIDMap`);
      const descriptor = dict(get(descendant['/FontDescriptor']));
      const program = get(descriptor['/FontFile2'] ?? descriptor['/FontFile3']);
      if (!program) {
        problems.push(`6.2.11.4.1: ${name} is not embedded`);
        continue;
      }
      // /W: `first [w1 w2 …]` runs (the `first last w` form is not written by jdgen).
      const w = (descendant['/W'] as Json[] | undefined) ?? [];
      const widths = new Map<number, number>();
      for (let i = 0; i + 1 < w.length; i += 2)
        if (Array.isArray(w[i + 1])) (w[i + 1] as number[]).forEach((width, k) => widths.set((w[i] as number) + k, width));
      if (descriptor['/FontFile2'] !== undefined) {
        const parsed = new ShapingFont(harfbuzz, data(program));
        const scale = 1000 / parsed.unitsPerEm;
        widths.forEach((width, cid) => {
          if (Math.abs(parsed.advanceOf(cid) * scale - width) > 1) problems.push(`6.2.11.5: ${name} CID ${cid} is ${width} wide in /W, not as in the font`);
        });
      }
    }
    for (const page of catalog['/Pages'] ? collectPages(get(catalog['/Pages']), get) : []) {
      const contents = ([] as Json[]).concat(page['/Contents'] ?? []);
      const content = contents.map((ref) => data(get(ref)).toString('latin1')).join('\n');
      if (shownCodes(content).includes(0)) problems.push('6.2.11.8: a text shows the .notdef glyph (CID 0)');
      if (/(^|\s)\/DeviceCMYK\s+c[sS]\b|(^|\s)[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[kK]\b/.test(content))
        problems.push('6.2.4.3: DeviceCMYK colour in a content stream');
    }

    // 6.4
    const form = dict(get(catalog['/AcroForm']) ?? { value: catalog['/AcroForm'] ?? null });
    if (form['/NeedAppearances'] === true) problems.push('6.4.1: NeedAppearances true');
    if (form['/XFA'] !== undefined) problems.push('6.4.2: XFA forms');

    // 6.6.2
    const metadata = get(catalog['/Metadata']);
    if (!metadata?.stream) problems.push('6.6.2.1: no XMP metadata stream in the catalog');
    else {
      if (metadata.stream.dict['/Filter'] !== undefined) problems.push('6.6.2.1: the metadata stream is compressed');
      const xmp = data(metadata).toString('utf8');
      if (!/<pdfaid:part>2<\/pdfaid:part>/.test(xmp)) problems.push('6.6.4: no pdfaid:part 2');
      if (!/<pdfaid:conformance>[AB]<\/pdfaid:conformance>/.test(xmp)) problems.push('6.6.4: no pdfaid:conformance A or B');
      if (/<pdfaid:conformance>A<\/pdfaid:conformance>/.test(xmp)) problems.push(...levelAProblems(bytes, catalog, fontDicts, get));
      const unescape = (s: string): string =>
        s
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&');
      const field = (pattern: RegExp): string | undefined => {
        const match = pattern.exec(xmp);
        return match ? unescape(match[1]!) : undefined;
      };
      const xmpDate = (d: string | undefined): string | undefined => d?.replace(/[-:T]/g, '').replace(/Z$/, '');
      const infoDate = (d: string): string => d.replace(/^D:/, '').replace(/Z$/, '');
      const pairs: Array<[string, string | undefined, string | undefined]> = [
        ['/Title', text(info['/Title']), field(/<dc:title>.*?<rdf:li xml:lang="x-default">(.*?)<\/rdf:li>/s)],
        ['/Author', text(info['/Author']), field(/<dc:creator><rdf:Seq><rdf:li>(.*?)<\/rdf:li>/s)],
        ['/Subject', text(info['/Subject']), field(/<dc:description>.*?<rdf:li xml:lang="x-default">(.*?)<\/rdf:li>/s)],
        ['/Keywords', text(info['/Keywords']), field(/<pdf:Keywords>(.*?)<\/pdf:Keywords>/s)],
        ['/Creator', text(info['/Creator']), field(/<xmp:CreatorTool>(.*?)<\/xmp:CreatorTool>/s)],
        ['/Producer', text(info['/Producer']), field(/<pdf:Producer>(.*?)<\/pdf:Producer>/s)],
        ['/CreationDate', infoDate(text(info['/CreationDate'])), xmpDate(field(/<xmp:CreateDate>(.*?)<\/xmp:CreateDate>/))],
        ['/ModDate', infoDate(text(info['/ModDate'])), xmpDate(field(/<xmp:ModifyDate>(.*?)<\/xmp:ModifyDate>/))],
      ];
      for (const [key, inInfo, inXmp] of pairs) {
        if (info[key] !== undefined && inInfo !== inXmp) problems.push(`6.6.2.3: Info ${key} "${inInfo}" differs from the XMP "${inXmp}"`);
      }
    }
    if (catalog['/Names'] && dict(get(catalog['/Names']) ?? { value: catalog['/Names'] })['/EmbeddedFiles'] !== undefined) problems.push('6.8: embedded files');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return problems;
}

function collectPages(node: QpdfObject | undefined, get: (ref: Json | undefined) => QpdfObject | undefined): Array<Record<string, Json>> {
  const d = dict(node);
  if (d['/Type'] === '/Page') return [d];
  return ((d['/Kids'] as Json[] | undefined) ?? []).flatMap((kid) => collectPages(get(kid), get));
}

/** What PDF/A-2 level A adds (ISO 19005-2, 6.2.11.7.2 and 6.7): a tagged file. */
function levelAProblems(
  bytes: Uint8Array,
  catalog: Record<string, Json>,
  fonts: Array<Record<string, Json>>,
  get: (ref: Json | undefined) => QpdfObject | undefined,
): string[] {
  const problems: string[] = [];
  for (const font of fonts)
    if (font['/Subtype'] === '/Type0' && font['/ToUnicode'] === undefined) problems.push(`6.2.11.7.2: ${text(font['/BaseFont'])} has no ToUnicode`);
  const markInfo = dict(get(catalog['/MarkInfo']) ?? { value: catalog['/MarkInfo'] ?? null });
  if (markInfo['/Marked'] !== true) problems.push('6.7.2.2: no /MarkInfo with /Marked true');
  if (typeof catalog['/Lang'] !== 'string' || text(catalog['/Lang']).replace(/^u:/, '') === '') problems.push('6.7.4: no /Lang on the catalog');
  const root = dict(get(catalog['/StructTreeRoot']));
  if (catalog['/StructTreeRoot'] === undefined) problems.push('6.7.3: no StructTreeRoot');
  else if (root['/ParentTree'] === undefined) problems.push('6.7.3: no ParentTree');
  const pages = catalog['/Pages'] ? collectPages(get(catalog['/Pages']), get) : [];
  if (pages.some((page) => page['/StructParents'] === undefined)) problems.push('6.7.3: a page without /StructParents');
  for (const problem of readStructure(bytes).problems) problems.push(`${/standard structure type/.test(problem) ? '6.7.3.4' : '6.7.3'}: ${problem}`);
  return problems;
}
