import type { ListMark, SourceBlock, SourceDocument, SourceParagraph, SourceTable } from './source.js';
import { cleanText } from './source.js';
import { attr, child, childElements, descendants, parseXml, type XmlElement } from './xml.js';
import { importError, readZipParts } from './zip.js';

/**
 * Reads a DOCX (WordprocessingML) into a SourceDocument: fflate for the zip,
 * @xmldom/xmldom for the XML. Word's automatic numbering (numbering.xml) is
 * turned into the number Word shows, and heading levels and bold come from
 * the styles as well as from direct formatting.
 */

/** Deeper nesting of tables or content controls than any real document has: refused rather than recursed into. */
const MAX_DEPTH = 64;

interface StyleInfo {
  basedOn?: string;
  bold?: boolean;
  outline?: number;
  numId?: string;
  ilvl?: number;
}

interface Level {
  start: number;
  format: string;
  text: string;
  legal: boolean;
}

interface Numbering {
  /** numId → its abstract levels and start overrides. */
  nums: Map<string, { abstract: string; levels: Level[]; overrides: Map<number, number> }>;
}

export function readDocx(file: string, bytes: Uint8Array): SourceDocument {
  const parts = readZipParts(file, bytes, (name) => /^word\/(document|styles|numbering|header\d*|footer\d*)\.xml$/.test(name));
  const main = parts.get('word/document.xml');
  if (!main)
    throw importError(
      file,
      'import/not-docx',
      'not a Word document: word/document.xml is missing',
      'ODT files are read when named .odt; old .doc files must be saved as .docx first',
    );
  const styles = readStyles(file, parts.get('word/styles.xml'));
  const numbering = readNumbering(file, parts.get('word/numbering.xml'));
  const reader = new BodyReader(styles, numbering, file);
  const body = child(parseXml(file, 'word/document.xml', main), 'body');
  const blocks = body ? reader.blocks(body, 0) : [];
  const margins: string[] = [];
  for (const [name, data] of [...parts].sort(([a], [b]) => a.localeCompare(b))) {
    if (!/^word\/(header|footer)/.test(name)) continue;
    collectMarginText(parseXml(file, name, data), margins, 0);
  }
  return { format: 'docx', blocks, margins };
}

function isOn(el: XmlElement | undefined): boolean | undefined {
  if (!el) return undefined;
  const val = attr(el, 'val');
  return val === undefined || !['0', 'false', 'off', 'none'].includes(val);
}

function readStyles(file: string, bytes: Uint8Array | undefined): Map<string, StyleInfo> {
  const out = new Map<string, StyleInfo>();
  if (!bytes) return out;
  for (const style of childElements(parseXml(file, 'word/styles.xml', bytes), 'style')) {
    const id = attr(style, 'styleId');
    if (!id) continue;
    const info: StyleInfo = {};
    const basedOn = attr(child(style, 'basedOn'), 'val');
    if (basedOn) info.basedOn = basedOn;
    const bold = isOn(child(child(style, 'rPr'), 'b'));
    if (bold !== undefined) info.bold = bold;
    const pPr = child(style, 'pPr');
    const outline = attr(child(pPr, 'outlineLvl'), 'val');
    const name = (attr(child(style, 'name'), 'val') ?? '').toLowerCase();
    const heading = /^heading (\d)$/.exec(name);
    if (outline !== undefined && Number(outline) < 9) info.outline = Number(outline);
    else if (heading) info.outline = Number(heading[1]) - 1;
    else if (name === 'title') info.outline = 0;
    const numPr = child(pPr, 'numPr');
    const numId = attr(child(numPr, 'numId'), 'val');
    if (numId) {
      info.numId = numId;
      info.ilvl = Number(attr(child(numPr, 'ilvl'), 'val') ?? 0);
    }
    out.set(id, info);
  }
  return out;
}

function readNumbering(file: string, bytes: Uint8Array | undefined): Numbering {
  const nums: Numbering['nums'] = new Map();
  if (!bytes) return { nums };
  const root = parseXml(file, 'word/numbering.xml', bytes);
  const abstracts = new Map<string, Level[]>();
  for (const abstract of childElements(root, 'abstractNum')) {
    const levels: Level[] = [];
    for (const lvl of childElements(abstract, 'lvl')) {
      const ilvl = Number(attr(lvl, 'ilvl') ?? 0);
      if (!(ilvl >= 0 && ilvl < 9)) continue;
      levels[ilvl] = {
        start: Number(attr(child(lvl, 'start'), 'val') ?? 1) || 0,
        format: attr(child(lvl, 'numFmt'), 'val') ?? 'decimal',
        text: attr(child(lvl, 'lvlText'), 'val') ?? '',
        legal: isOn(child(lvl, 'isLgl')) ?? false,
      };
    }
    abstracts.set(attr(abstract, 'abstractNumId') ?? '', levels);
  }
  for (const num of childElements(root, 'num')) {
    const abstract = attr(child(num, 'abstractNumId'), 'val') ?? '';
    const levels = abstracts.get(abstract) ?? [];
    const overrides = new Map<number, number>();
    for (const override of childElements(num, 'lvlOverride')) {
      const start = attr(child(override, 'startOverride'), 'val');
      if (start !== undefined) overrides.set(Number(attr(override, 'ilvl') ?? 0), Number(start));
    }
    nums.set(attr(num, 'numId') ?? '', { abstract, levels, overrides });
  }
  return { nums };
}

const RUSSIAN = 'абвгдежзиклмнопрстуфхцчшщэюя';

/** A counter in one of Word's number formats. */
export function formatNumber(value: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(value, 'abcdefghijklmnopqrstuvwxyz');
    case 'upperLetter':
      return letters(value, 'abcdefghijklmnopqrstuvwxyz').toUpperCase();
    case 'russianLower':
      return letters(value, RUSSIAN);
    case 'russianUpper':
      return letters(value, RUSSIAN).toUpperCase();
    case 'lowerRoman':
      return roman(value).toLowerCase();
    case 'upperRoman':
      return roman(value);
    case 'decimalZero':
      return String(value).padStart(2, '0');
    case 'none':
      return '';
    default:
      return String(value);
  }
}

function letters(value: number, alphabet: string): string {
  if (value < 1) return String(value);
  const letter = alphabet[(value - 1) % alphabet.length]!;
  return letter.repeat(Math.floor((value - 1) / alphabet.length) + 1);
}

function roman(value: number): string {
  if (value < 1 || value > 3999) return String(value);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = value;
  for (const [n, s] of table) {
    while (rest >= n) {
      out += s;
      rest -= n;
    }
  }
  return out;
}

class BodyReader {
  private n = 0;
  private pendingBreak = false;
  /** numId → the current counter of each level (undefined: not started). */
  private readonly counters = new Map<string, (number | undefined)[]>();
  private tableDepth = 0;
  private tables = 0;
  private cell: string | undefined;

  constructor(
    private readonly styles: Map<string, StyleInfo>,
    private readonly numbering: Numbering,
    private readonly file: string,
  ) {}

  blocks(container: XmlElement, depth: number): SourceBlock[] {
    if (depth > MAX_DEPTH)
      throw importError(this.file, 'import/too-deep', `word/document.xml nests tables or content controls more than ${MAX_DEPTH} deep; refused`);
    const out: SourceBlock[] = [];
    for (const el of childElements(container)) {
      switch (el.localName) {
        case 'p':
          for (const p of this.paragraph(el, depth)) out.push(p);
          break;
        case 'tbl':
          out.push(this.table(el, depth));
          break;
        case 'sdt':
          for (const b of this.blocks(child(el, 'sdtContent') ?? el, depth + 1)) out.push(b);
          break;
        case 'customXml':
        case 'ins':
        case 'smartTag':
          for (const b of this.blocks(el, depth + 1)) out.push(b);
          break;
        default:
          break;
      }
    }
    return out;
  }

  private table(el: XmlElement, depth: number): SourceTable {
    this.tableDepth += 1;
    const table = (this.tables += 1);
    const outer = this.tableDepth === 1;
    const rows: SourceBlock[][][] = [];
    for (const [r, tr] of childElements(el, 'tr').entries()) {
      const cells: SourceBlock[][] = [];
      for (const [c, tc] of childElements(tr, 'tc').entries()) {
        if (outer) this.cell = `${table}:${r}:${c}`;
        // A cell merged with the one above (vMerge without "restart") repeats nothing: its blocks stay empty.
        cells.push(this.blocks(tc, depth + 1));
      }
      rows.push(cells);
    }
    if (outer) this.cell = undefined;
    this.tableDepth -= 1;
    return { kind: 'table', rows };
  }

  private styleChain(id: string | undefined): StyleInfo[] {
    const chain: StyleInfo[] = [];
    const seen = new Set<string>();
    for (let at = id; at && !seen.has(at) && chain.length < 20;) {
      seen.add(at);
      const info = this.styles.get(at);
      if (!info) break;
      chain.push(info);
      at = info.basedOn;
    }
    return chain;
  }

  private paragraph(el: XmlElement, depth: number): SourceParagraph[] {
    const pPr = child(el, 'pPr');
    const chain = this.styleChain(attr(child(pPr, 'pStyle'), 'val'));
    const styleBold = chain.find((s) => s.bold !== undefined)?.bold ?? false;
    const outline = attr(child(pPr, 'outlineLvl'), 'val') ?? chain.find((s) => s.outline !== undefined)?.outline;
    const runs: { text: string; bold: boolean }[] = [];
    const extra: SourceParagraph[] = [];
    let breakAfter = false;
    let pictures = 0;
    const walk = (node: XmlElement, bold: boolean, level: number): void => {
      if (level > MAX_DEPTH) return;
      for (const c of childElements(node)) {
        switch (c.localName) {
          case 'r': {
            const rPr = child(c, 'rPr');
            const runStyle = this.styleChain(attr(child(rPr, 'rStyle'), 'val')).find((s) => s.bold !== undefined)?.bold;
            const runBold = isOn(child(rPr, 'b')) ?? runStyle ?? bold;
            let text = '';
            for (const part of childElements(c)) {
              if (part.localName === 't') text += part.textContent ?? '';
              else if (part.localName === 'tab' || part.localName === 'cr') text += '\t';
              else if (part.localName === 'br') {
                if (attr(part, 'type') === 'page') {
                  if (text === '' && runs.every((r) => r.text.trim() === '')) this.pendingBreak = true;
                  else breakAfter = true;
                } else text += '\n';
              } else if (part.localName === 'noBreakHyphen') text += '-';
              else if (part.localName === 'sym') text += '';
              else if (part.localName === 'AlternateContent' || part.localName === 'drawing' || part.localName === 'pict') {
                pictures += picturesIn(part);
                for (const box of textBoxes(part)) for (const b of this.blocks(box, depth + 1)) if (b.kind === 'p') extra.push(b);
              }
            }
            runs.push({ text, bold: runBold });
            break;
          }
          case 'del':
          case 'moveFrom':
          case 'pPr':
          case 'rPr':
            break;
          default:
            // Hyperlinks, fields, insertions, smart tags, inline content controls: their runs count.
            walk(c, bold, level + 1);
        }
      }
    };
    walk(el, styleBold, 0);
    const text = cleanText(runs.map((r) => r.text).join(''));
    const visible = runs.filter((r) => r.text.trim() !== '');
    const list = this.listMark(pPr, chain);
    const paragraph: SourceParagraph = {
      kind: 'p',
      n: (this.n += 1),
      text,
      bold: visible.length > 0 && visible.every((r) => r.bold),
      pageBreakBefore: isOn(child(pPr, 'pageBreakBefore')) === true || this.pendingBreak,
      inTable: this.tableDepth > 0,
    };
    if (this.cell !== undefined) paragraph.cell = this.cell;
    if (outline !== undefined && Number(outline) < 9) paragraph.outline = Number(outline);
    if (list) paragraph.list = list;
    if (pictures > 0) paragraph.pictures = pictures;
    if (text !== '') this.pendingBreak = false;
    // A section break in this paragraph starts the next on a new page (unless it is a continuous one).
    const sectPr = child(pPr, 'sectPr');
    if (breakAfter || (sectPr && attr(child(sectPr, 'type'), 'val') !== 'continuous')) this.pendingBreak = true;
    for (const p of extra) p.n = this.n += 1;
    return [paragraph, ...extra];
  }

  private listMark(pPr: XmlElement | undefined, chain: StyleInfo[]): ListMark | undefined {
    const numPr = child(pPr, 'numPr');
    const styled = chain.find((s) => s.numId !== undefined);
    const numId = attr(child(numPr, 'numId'), 'val') ?? styled?.numId;
    if (!numId || numId === '0') return undefined;
    const ilvl = Number(attr(child(numPr, 'ilvl'), 'val') ?? styled?.ilvl ?? 0);
    const num = this.numbering.nums.get(numId);
    if (!num || !(ilvl >= 0 && ilvl < 9)) return undefined;
    const level = num.levels[ilvl];
    const bullet = level?.format === 'bullet';
    let counters = this.counters.get(numId);
    if (!counters) this.counters.set(numId, (counters = []));
    const startOf = (i: number): number => num.overrides.get(i) ?? num.levels[i]?.start ?? 1;
    counters[ilvl] = counters[ilvl] === undefined ? startOf(ilvl) : counters[ilvl] + 1;
    for (let i = ilvl + 1; i < 9; i += 1) counters[i] = undefined;
    let label = '';
    if (level && !bullet) {
      label = level.text.replace(/%(\d)/g, (_, k: string) => {
        const i = Number(k) - 1;
        const value = counters[i] ?? startOf(i);
        return formatNumber(value, level.legal ? 'decimal' : (num.levels[i]?.format ?? 'decimal'));
      });
    }
    // The list's kind is its abstract numbering: LibreOffice writes a w:num of its own for each run of a list.
    return { id: `w${num.abstract}`, level: ilvl, bullet, label: cleanText(label) };
  }
}

/**
 * The pictures of a drawing: DrawingML's `a:blip` (one per picture); VML's
 * `v:imagedata` only where there is no DrawingML version of the same drawing
 * (an `mc:AlternateContent` carries both).
 */
function picturesIn(drawing: XmlElement): number {
  const blips = descendants(drawing, 'blip').length;
  return blips > 0 ? blips : descendants(drawing, 'imagedata').length;
}

/** The text-box contents inside a drawing (DrawingML first; VML only when there is no DrawingML version). */
function textBoxes(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (node: XmlElement, level: number): void => {
    if (level > MAX_DEPTH) return;
    for (const c of childElements(node)) {
      if (c.localName === 'Fallback') continue;
      if (c.localName === 'txbxContent') out.push(c);
      else walk(c, level + 1);
    }
  };
  walk(el, 0);
  return out;
}

/** Paragraph texts of a header or footer, and watermark strings (VML text paths). */
function collectMarginText(el: XmlElement, out: string[], level: number): void {
  if (level > MAX_DEPTH) return;
  for (const c of childElements(el)) {
    if (c.localName === 'p') {
      let text = '';
      const walk = (node: XmlElement, depth: number): void => {
        if (depth > MAX_DEPTH) return;
        for (const part of childElements(node)) {
          if (part.localName === 't') text += part.textContent ?? '';
          else if (part.localName === 'tab') text += '\t';
          else if (part.localName === 'textpath') out.push(cleanText(attr(part, 'string') ?? ''));
          else if (part.localName === 'txbxContent') collectMarginText(part, out, depth + 1);
          else if (part.localName !== 'del' && part.localName !== 'instrText') walk(part, depth + 1);
        }
      };
      walk(c, level + 1);
      for (const part of text.split('\t')) {
        const clean = cleanText(part);
        if (clean) out.push(clean);
      }
    } else collectMarginText(c, out, level + 1);
  }
}
