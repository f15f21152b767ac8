import { formatNumber } from './docx.js';
import { cleanText, type ListMark, type SourceBlock, type SourceDocument, type SourceParagraph, type SourceTable } from './source.js';
import { attr, child, childElements, parseXml, type XmlElement } from './xml.js';
import { importError, readZipParts } from './zip.js';

/**
 * Reads an ODT (OpenDocument text, as LibreOffice writes it) into a
 * SourceDocument, the same shape the DOCX reader makes: lists become list
 * marks with their level and displayed number, headings keep their outline
 * level, bold and page breaks come from the automatic and common styles.
 */

const MAX_DEPTH = 64;

interface ParaStyle {
  parent?: string;
  bold?: boolean;
  outline?: number;
  breakBefore?: boolean;
  breakAfter?: boolean;
  listStyle?: string;
}

interface ListLevel {
  bullet: boolean;
  format: string;
  prefix: string;
  suffix: string;
  displayLevels: number;
  start: number;
}

export function readOdt(file: string, bytes: Uint8Array): SourceDocument {
  const parts = readZipParts(file, bytes, (name) => name === 'content.xml' || name === 'styles.xml');
  const content = parts.get('content.xml');
  if (!content) throw importError(file, 'import/not-odt', 'not an OpenDocument text: content.xml is missing');
  const root = parseXml(file, 'content.xml', content);
  const stylesRoot = parts.get('styles.xml') ? parseXml(file, 'styles.xml', parts.get('styles.xml')!) : undefined;
  const reader = new OdtReader(file);
  if (stylesRoot) reader.readStyles(stylesRoot);
  reader.readStyles(root);
  const text = child(child(root, 'body'), 'text');
  const blocks = text ? reader.blocks(text, 0, undefined) : [];
  const margins: string[] = [];
  const masters = child(stylesRoot, 'master-styles');
  for (const master of masters ? childElements(masters, 'master-page') : []) {
    for (const part of childElements(master)) {
      if (!/^(header|footer|header-first|footer-first|header-left|footer-left)$/.test(part.localName ?? '')) continue;
      for (const p of reader.blocks(part, 0, undefined)) {
        if (p.kind !== 'p') continue;
        for (const piece of p.text.split('\t')) if (piece.trim()) margins.push(cleanText(piece));
      }
    }
  }
  return { format: 'odt', blocks, margins };
}

/** Where a list is: its identity, its style, its depth. */
interface ListContext {
  id: string;
  style: string | undefined;
  level: number;
}

class OdtReader {
  private readonly paraStyles = new Map<string, ParaStyle>();
  private readonly textBold = new Map<string, boolean>();
  private readonly listStyles = new Map<string, ListLevel[]>();
  /** List id → counters per level; continued lists share their first list's counters. */
  private readonly counters = new Map<string, number[]>();
  private n = 0;
  private pendingBreak = false;
  private tables = 0;
  private tableDepth = 0;
  private cell: string | undefined;
  private lists = 0;

  constructor(private readonly file: string) {}

  readStyles(root: XmlElement): void {
    for (const group of [...childElements(root, 'styles'), ...childElements(root, 'automatic-styles')]) {
      for (const style of childElements(group)) {
        const name = attr(style, 'name');
        if (!name) continue;
        if (style.localName === 'list-style') {
          const levels: ListLevel[] = [];
          for (const lvl of childElements(style)) {
            const level = Number(attr(lvl, 'level') ?? 1) - 1;
            if (!(level >= 0 && level < 10)) continue;
            levels[level] = {
              bullet: lvl.localName === 'list-level-style-bullet',
              format: attr(lvl, 'num-format') ?? '',
              prefix: attr(lvl, 'num-prefix') ?? '',
              suffix: attr(lvl, 'num-suffix') ?? '',
              displayLevels: Number(attr(lvl, 'display-levels') ?? 1),
              start: Number(attr(lvl, 'start-value') ?? 1),
            };
          }
          this.listStyles.set(name, levels);
          continue;
        }
        if (style.localName !== 'style') continue;
        const family = attr(style, 'family');
        const weight = attr(child(style, 'text-properties'), 'font-weight');
        const bold = weight === undefined ? undefined : weight === 'bold' || Number(weight) >= 600;
        if (family === 'text') {
          if (bold !== undefined) this.textBold.set(name, bold);
          continue;
        }
        if (family !== 'paragraph') continue;
        const info: ParaStyle = {};
        const parent = attr(style, 'parent-style-name');
        if (parent) info.parent = parent;
        if (bold !== undefined) info.bold = bold;
        const outline = attr(style, 'default-outline-level');
        const heading = /^heading (\d)$/i.exec(attr(style, 'display-name') ?? name.replace(/_20_/g, ' '));
        if (outline) info.outline = Number(outline) - 1;
        else if (heading) info.outline = Number(heading[1]) - 1;
        const props = child(style, 'paragraph-properties');
        if (attr(props, 'break-before') === 'page') info.breakBefore = true;
        if (attr(props, 'break-after') === 'page') info.breakAfter = true;
        const list = attr(style, 'list-style-name');
        if (list) info.listStyle = list;
        this.paraStyles.set(name, info);
      }
    }
  }

  private chain(name: string | undefined): ParaStyle[] {
    const out: ParaStyle[] = [];
    const seen = new Set<string>();
    for (let at = name; at && !seen.has(at) && out.length < 20;) {
      seen.add(at);
      const info = this.paraStyles.get(at);
      if (!info) break;
      out.push(info);
      at = info.parent;
    }
    return out;
  }

  blocks(container: XmlElement, depth: number, list: ListContext | undefined): SourceBlock[] {
    if (depth > MAX_DEPTH) throw importError(this.file, 'import/too-deep', `content.xml nests lists, tables or sections more than ${MAX_DEPTH} deep; refused`);
    const out: SourceBlock[] = [];
    for (const el of childElements(container)) {
      switch (el.localName) {
        case 'p':
        case 'h':
          for (const p of this.paragraph(el, depth, list)) out.push(p);
          break;
        case 'list': {
          const continued = attr(el, 'continue-list');
          const id = attr(el, 'id') ?? `odt-list-${(this.lists += 1)}`;
          const inner: ListContext = list
            ? { id: list.id, style: attr(el, 'style-name') ?? list.style, level: list.level + 1 }
            : { id: continued ?? (attr(el, 'continue-numbering') === 'true' ? (this.lastList ?? id) : id), style: attr(el, 'style-name'), level: 0 };
          if (!list) this.lastList = inner.id;
          for (const item of childElements(el)) {
            if (item.localName !== 'list-item' && item.localName !== 'list-header') continue;
            this.itemStart = item.localName === 'list-item' ? { start: attr(item, 'start-value') } : undefined;
            for (const b of this.blocks(item, depth + 1, item.localName === 'list-item' ? inner : undefined)) out.push(b);
          }
          break;
        }
        case 'table':
          out.push(this.table(el, depth));
          break;
        case 'section':
        case 'table-header-rows':
        case 'table-rows':
        case 'index-body':
        case 'table-of-content':
          for (const b of this.blocks(el, depth + 1, list)) out.push(b);
          break;
        default:
          break;
      }
    }
    return out;
  }

  private lastList: string | undefined;
  private itemStart: { start: string | undefined } | undefined;

  private table(el: XmlElement, depth: number): SourceTable {
    this.tableDepth += 1;
    const table = (this.tables += 1);
    const outer = this.tableDepth === 1;
    const rows: SourceBlock[][][] = [];
    const rowElements: XmlElement[] = [];
    const collect = (node: XmlElement, level: number): void => {
      for (const c of childElements(node)) {
        if (c.localName === 'table-row') rowElements.push(c);
        else if (level < 4 && /^(table-header-rows|table-rows|table-row-group)$/.test(c.localName ?? '')) collect(c, level + 1);
      }
    };
    collect(el, 0);
    for (const [r, tr] of rowElements.entries()) {
      const cells: SourceBlock[][] = [];
      for (const [c, tc] of childElements(tr)
        .filter((x) => x.localName === 'table-cell' || x.localName === 'covered-table-cell')
        .entries()) {
        if (outer) this.cell = `${table}:${r}:${c}`;
        cells.push(tc.localName === 'covered-table-cell' ? [] : this.blocks(tc, depth + 1, undefined));
      }
      rows.push(cells);
    }
    if (outer) this.cell = undefined;
    this.tableDepth -= 1;
    return { kind: 'table', rows };
  }

  private paragraph(el: XmlElement, depth: number, list: ListContext | undefined): SourceParagraph[] {
    const chain = this.chain(attr(el, 'style-name'));
    const styleBold = chain.find((s) => s.bold !== undefined)?.bold ?? false;
    const runs: { text: string; bold: boolean }[] = [];
    const extra: SourceParagraph[] = [];
    let pictures = 0;
    const walk = (node: XmlElement, bold: boolean, level: number): void => {
      if (level > MAX_DEPTH) return;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          // A no-break hyphen (U+2011, what Word's w:noBreakHyphen becomes in ODT) reads as "-", as in the DOCX reader.
          runs.push({ text: (c.nodeValue ?? '').replace(/\u2011/g, '-'), bold });
          continue;
        }
        if (c.nodeType !== 1) continue;
        const e = c as XmlElement;
        switch (e.localName) {
          case 'span':
          case 'a': {
            const own = this.textBold.get(attr(e, 'style-name') ?? '');
            walk(e, own ?? bold, level + 1);
            break;
          }
          case 's':
            runs.push({ text: ' '.repeat(Math.min(100, Number(attr(e, 'c') ?? 1) || 1)), bold });
            break;
          case 'tab':
            runs.push({ text: '\t', bold });
            break;
          case 'line-break':
            runs.push({ text: '\n', bold });
            break;
          case 'frame':
            pictures += childElements(e, 'image').length;
            for (const box of childElements(e, 'text-box')) for (const b of this.blocks(box, depth + 1, undefined)) if (b.kind === 'p') extra.push(b);
            break;
          case 'note':
          case 'annotation':
          case 'bookmark':
          case 'bookmark-start':
          case 'bookmark-end':
          case 'soft-page-break':
          case 'change':
          case 'change-start':
          case 'change-end':
            break;
          default:
            walk(e, bold, level + 1);
        }
      }
    };
    walk(el, styleBold, 0);
    const text = cleanText(runs.map((r) => r.text).join(''));
    const visible = runs.filter((r) => r.text.trim() !== '');
    const paragraph: SourceParagraph = {
      kind: 'p',
      n: (this.n += 1),
      text,
      bold: visible.length > 0 && visible.every((r) => r.bold),
      pageBreakBefore: chain.some((s) => s.breakBefore) || this.pendingBreak,
      inTable: this.tableDepth > 0,
    };
    if (this.cell !== undefined) paragraph.cell = this.cell;
    const outline = el.localName === 'h' ? Number(attr(el, 'outline-level') ?? 1) - 1 : chain.find((s) => s.outline !== undefined)?.outline;
    if (outline !== undefined && outline >= 0 && outline < 9) paragraph.outline = outline;
    if (list && text !== '') {
      const mark = this.listMark(list, chain);
      if (mark) paragraph.list = mark;
    }
    if (pictures > 0) paragraph.pictures = pictures;
    if (text !== '') this.pendingBreak = false;
    if (chain.some((s) => s.breakAfter)) this.pendingBreak = true;
    for (const p of extra) p.n = this.n += 1;
    return [paragraph, ...extra];
  }

  private listMark(list: ListContext, chain: ParaStyle[]): ListMark | undefined {
    const styleName = list.style ?? chain.find((s) => s.listStyle)?.listStyle;
    const levels = styleName ? this.listStyles.get(styleName) : undefined;
    const level = levels?.[list.level];
    const bullet = level ? level.bullet || level.format === '' : true;
    let counters = this.counters.get(list.id);
    if (!counters) this.counters.set(list.id, (counters = []));
    const restart = this.itemStart?.start;
    this.itemStart = undefined;
    const startOf = (i: number): number => levels?.[i]?.start ?? 1;
    counters[list.level] = restart !== undefined ? Number(restart) : counters[list.level] === undefined ? startOf(list.level) : counters[list.level]! + 1;
    counters.length = list.level + 1;
    let label = '';
    if (level && !bullet) {
      const shown: string[] = [];
      for (let i = Math.max(0, list.level - level.displayLevels + 1); i <= list.level; i += 1) {
        shown.push(formatNumber(counters[i] ?? startOf(i), odfFormat(levels?.[i]?.format ?? '1')));
      }
      label = `${level.prefix}${shown.join('.')}${level.suffix}`;
    }
    // The list's kind is its style: the same style in two separate lists still numbers alike.
    return { id: `o${styleName ?? list.id}`, level: list.level, bullet, label: cleanText(label) };
  }
}

/** ODF's number formats ("1", "a", "A", "i", "I", "а") in Word's names, for formatNumber. */
function odfFormat(format: string): string {
  switch (format) {
    case 'a':
      return 'lowerLetter';
    case 'A':
      return 'upperLetter';
    case 'i':
      return 'lowerRoman';
    case 'I':
      return 'upperRoman';
    case 'а, б, .., аа, аб, ... (ru)':
    case 'а':
      return 'russianLower';
    case 'А':
      return 'russianUpper';
    default:
      return 'decimal';
  }
}
