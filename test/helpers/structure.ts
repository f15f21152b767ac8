/**
 * The logical structure of a tagged PDF read back: the structure tree from
 * qpdf's JSON, the text of each marked-content sequence from pdf.js, and the
 * problems of the marking (every BDC/BMC ended by an EMC, every painting
 * operator in marked content or an artifact, no artifact inside tagged
 * content, every MCID in the parent tree and in the element that names it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocumentProxy } from 'unpdf';
import type { Block, DocumentModel } from '../../src/model/types.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
interface QpdfObject {
  value?: Json;
  stream?: { dict: Record<string, Json>; data?: string };
}

export interface StructNode {
  type: string;
  alt?: string;
  lang?: string;
  /** Text of the node's own marked content, in order. */
  text: string;
  kids: StructNode[];
  /** Annotations (objects) the node holds. */
  annotations: number;
}

export interface Tagged {
  root: StructNode | undefined;
  problems: string[];
  markInfo: boolean;
  lang: string;
}

const dictOf = (o: QpdfObject | undefined): Record<string, Json> =>
  (o?.stream?.dict ?? (o?.value && typeof o.value === 'object' && !Array.isArray(o.value) ? o.value : {})) as Record<string, Json>;

const textOf = (value: Json | undefined): string => (typeof value === 'string' ? value.replace(/^u:/, '') : '');

const PAINTING = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do']);

/** Tokens of a content stream: operators and the MCID of a BDC's properties. */
function* tokens(content: string): Generator<{ op: string; operands: string[] }> {
  const re = /\((?:\\.|[^\\)])*\)|<<|>>|<[0-9a-fA-F\s]*>|\/[^\s/[\]()<>{}%]*|[-+]?\d*\.?\d+|\[|\]|[A-Za-z'"*]+\d?\*?|%[^\n]*/g;
  let operands: string[] = [];
  for (const match of content.matchAll(re)) {
    const token = match[0];
    if (/^[A-Za-z'"]/.test(token) && token !== 'true' && token !== 'false' && token !== 'null') {
      yield { op: token, operands };
      operands = [];
    } else if (!token.startsWith('%')) operands.push(token);
  }
}

/** Reads the structure of a PDF file, with the text of each element's marked content (from pdf.js). */
export async function readTagged(bytes: Uint8Array): Promise<Tagged> {
  const texts = new Map<string, string>();
  // Text of each marked-content sequence, by page object number and MCID, from pdf.js.
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  for (let i = 1; i <= pdf.numPages; i += 1) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: Array<string | null> = [];
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'endMarkedContent') stack.pop();
        else stack.push(item.id ?? null);
      } else {
        const id = stack.findLast((s) => s !== null);
        if (id !== undefined && id !== null) texts.set(id, (texts.get(id) ?? '') + item.str + (item.hasEOL ? ' ' : ''));
      }
    }
  }

  return readStructure(bytes, texts);
}

/**
 * Reads the structure of a PDF file and checks its marking; `texts` (by
 * pdf.js ids, p<page object>R_mc<MCID>) gives the elements their text.
 */
export function readStructure(bytes: Uint8Array, texts = new Map<string, string>()): Tagged {
  const problems: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'jdgen-tagged-'));
  let json: { qpdf: [unknown, Record<string, QpdfObject>] };
  try {
    const path = join(work, 'file.pdf');
    writeFileSync(path, bytes);
    json = JSON.parse(
      execFileSync('qpdf', ['--json', '--json-stream-data=inline', '--decode-level=generalized', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
    ) as typeof json;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const objects = json.qpdf[1];
  const get = (ref: Json | undefined): QpdfObject | undefined => (typeof ref === 'string' ? objects[`obj:${ref}`] : undefined);
  const catalog = dictOf(get(dictOf(objects.trailer)['/Root']));
  const markInfo = dictOf(get(catalog['/MarkInfo']) ?? { value: catalog['/MarkInfo'] ?? null })['/Marked'] === true;
  const lang = textOf(catalog['/Lang']);

  // Pages: their marked content, checked.
  const pageRefs: string[] = [];
  const collect = (ref: Json | undefined): void => {
    const d = dictOf(get(ref));
    if (d['/Type'] === '/Page') pageRefs.push(ref as string);
    else for (const kid of (d['/Kids'] as Json[] | undefined) ?? []) collect(kid);
  };
  collect(catalog['/Pages']);
  /** page ref → MCIDs drawn on it. */
  const drawn = new Map<string, Set<number>>();
  for (const ref of pageRefs) {
    const page = dictOf(get(ref));
    const content = ([] as Json[])
      .concat(page['/Contents'] ?? [])
      .map((c) => Buffer.from(get(c)?.stream?.data ?? '', 'base64').toString('latin1'))
      .join('\n');
    const mcids = new Set<number>();
    drawn.set(ref, mcids);
    const stack: Array<'artifact' | 'tagged' | 'other'> = [];
    for (const { op, operands } of tokens(content)) {
      if (op === 'BMC' || op === 'BDC') {
        const tag = operands[0];
        const mcidValue = op === 'BDC' ? operands[operands.indexOf('/MCID') + 1] : undefined;
        const kind = tag === '/Artifact' ? 'artifact' : operands.includes('/MCID') ? 'tagged' : 'other';
        if (kind === 'artifact' && stack.includes('tagged')) problems.push(`page ${ref}: an artifact inside tagged content`);
        if (kind === 'tagged' && stack.includes('artifact')) problems.push(`page ${ref}: tagged content inside an artifact`);
        if (kind === 'tagged') {
          const n = Number(mcidValue);
          if (mcids.has(n)) problems.push(`page ${ref}: MCID ${n} used twice`);
          mcids.add(n);
        }
        stack.push(kind);
      } else if (op === 'EMC') {
        if (stack.pop() === undefined) problems.push(`page ${ref}: an EMC without a BDC or BMC`);
      } else if (PAINTING.has(op) && !stack.includes('artifact') && !stack.includes('tagged')) {
        problems.push(`page ${ref}: "${op}" outside marked content and artifacts`);
      }
    }
    if (stack.length > 0) problems.push(`page ${ref}: ${stack.length} marked-content sequence(s) never ended`);
  }

  // The parent tree (a number tree).
  const treeRoot = dictOf(get(catalog['/StructTreeRoot']));
  const parents = new Map<number, Json>();
  const readNums = (node: Record<string, Json>): void => {
    const nums = (node['/Nums'] as Json[] | undefined) ?? [];
    for (let i = 0; i + 1 < nums.length; i += 2) parents.set(nums[i] as number, nums[i + 1]!);
    for (const kid of (node['/Kids'] as Json[] | undefined) ?? []) readNums(dictOf(get(kid)));
  };
  readNums(dictOf(get(treeRoot['/ParentTree'])));
  const roleMap = dictOf(get(treeRoot['/RoleMap']) ?? { value: treeRoot['/RoleMap'] ?? null });

  // The tree.
  const seen = new Map<string, Set<number>>();
  const walk = (ref: string): StructNode => {
    const d = dictOf(get(ref));
    const type = String(d['/S']).slice(1);
    const node: StructNode = { type, text: '', kids: [], annotations: 0 };
    if (d['/Alt'] !== undefined) node.alt = textOf(d['/Alt']);
    if (d['/Lang'] !== undefined) node.lang = textOf(d['/Lang']);
    if (!STANDARD.includes(type) && roleMap[`/${type}`] === undefined) problems.push(`${type}: not a standard structure type, and not in the role map`);
    const kids = ([] as Json[]).concat(d['/K'] ?? []);
    for (const kid of kids) {
      let mcid: number | undefined;
      let page = d['/Pg'] as string | undefined;
      if (typeof kid === 'number') mcid = kid;
      else if (typeof kid === 'string') {
        const kd = dictOf(get(kid));
        if (kd['/Type'] === '/StructElem' || kd['/S'] !== undefined) {
          if (dictOf(get(kd['/P']))['/S'] === undefined && dictOf(get(kd['/P']))['/Type'] !== '/StructTreeRoot') problems.push(`${kid}: its /P is no element`);
          node.kids.push(walk(kid));
        }
        continue;
      } else if (kid && typeof kid === 'object' && !Array.isArray(kid)) {
        if (kid['/Type'] === '/OBJR') {
          node.annotations += 1;
          const annotation = dictOf(get(kid['/Obj']));
          if (parents.get(annotation['/StructParent'] as number) !== ref)
            problems.push(`annotation ${String(kid['/Obj'])}: its /StructParent does not lead to ${ref}`);
          continue;
        }
        mcid = kid['/MCID'] as number;
        page = (kid['/Pg'] as string | undefined) ?? page;
      }
      if (mcid === undefined || page === undefined) {
        problems.push(`${ref}: a kid that is no MCID on a page`);
        continue;
      }
      const pageDict = dictOf(get(page));
      const list = parents.get(pageDict['/StructParents'] as number);
      if (!Array.isArray(list) && !(typeof list === 'string' && Array.isArray(get(list)?.value)))
        problems.push(`page ${page}: no parent tree entry for its /StructParents`);
      else {
        const array = (Array.isArray(list) ? list : get(list)!.value) as Json[];
        if (array[mcid] !== ref) problems.push(`page ${page} MCID ${mcid}: the parent tree names ${String(array[mcid])}, not ${ref}`);
      }
      if (!drawn.get(page)?.has(mcid)) problems.push(`${ref}: MCID ${mcid} is not drawn on page ${page}`);
      const used = seen.get(page) ?? new Set<number>();
      used.add(mcid);
      seen.set(page, used);
      node.text += texts.get(`p${page.replace(/ 0 R$/, 'R')}_mc${mcid}`) ?? '';
    }
    return node;
  };
  const top = ([] as Json[]).concat(treeRoot['/K'] ?? []);
  const root = top.length === 1 && typeof top[0] === 'string' ? walk(top[0]) : undefined;
  if (catalog['/StructTreeRoot'] !== undefined && root === undefined) problems.push('the structure tree root has no single element');
  for (const [page, mcids] of drawn)
    for (const mcid of mcids) if (!seen.get(page)?.has(mcid)) problems.push(`page ${page}: MCID ${mcid} belongs to no element`);
  return { root, problems, markInfo, lang };
}

/** Standard structure types (PDF 32000-1, 14.8.4). */
export const STANDARD = [
  'Document',
  'Part',
  'Art',
  'Sect',
  'Div',
  'BlockQuote',
  'Caption',
  'TOC',
  'TOCI',
  'Index',
  'NonStruct',
  'Private',
  'P',
  'H',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'L',
  'LI',
  'Lbl',
  'LBody',
  'Table',
  'TR',
  'TH',
  'TD',
  'THead',
  'TBody',
  'TFoot',
  'Span',
  'Quote',
  'Note',
  'Reference',
  'BibEntry',
  'Code',
  'Link',
  'Annot',
  'Ruby',
  'RB',
  'RT',
  'RP',
  'Warichu',
  'WT',
  'WP',
  'Figure',
  'Formula',
  'Form',
];

/** A structure tree as an outline: one line per element, its type and its text without spaces and hyphens. */
export function outline(node: StructNode, depth = 0): string[] {
  const text = squeeze(node.text);
  const extra = node.alt !== undefined ? ` alt=${node.alt}` : '';
  return [`${'  '.repeat(depth)}${node.type}${text ? ` ${text}` : ''}${extra}`, ...node.kids.flatMap((kid) => outline(kid, depth + 1))];
}

/** Text compared without whitespace and hyphens: line breaks and hyphenation change them, not the words. */
export const squeeze = (text: string): string => text.replace(/[\s\u00ad-]+/g, '');

/**
 * The outline the structure tree of a model's PDF must have, made from the
 * model: the title H1, outline paragraphs and sections H2, other
 * paragraphs P, clauses as nested lists (L > LI > Lbl + LBody, a deeper
 * clause's list inside the LBody above it), signatures P (with a Form per
 * field), tables Table > TR > TH/TD, pictures Figure with their alt text.
 */
export function expectedOutline(model: DocumentModel, signFields: boolean): string[] {
  const root: StructNode = { type: 'Document', text: '', kids: [], annotations: 0 };
  const node = (type: string, text = '', kids: StructNode[] = []): StructNode => ({ type, text, kids, annotations: 0 });
  let lists: StructNode[] = [];
  let items: StructNode[] = [];
  const add = (block: Block): void => {
    if (block.type === 'keep' || block.type === 'box') {
      block.blocks.forEach(add);
      return;
    }
    if (block.type === 'space' || block.type === 'pageBreak') return;
    if (block.type === 'clause') {
      const level = Math.max(1, block.level);
      lists = lists.slice(0, level);
      items = items.slice(0, level);
      while (lists.length < level) {
        const list = node('L');
        const parent = lists.length === 0 ? root : items[lists.length - 1]!.kids[1]!;
        parent.kids.push(list);
        lists.push(list);
      }
      const item = node('LI', '', [node('Lbl', block.number), node('LBody', block.spans.map((s) => s.text).join(''))]);
      lists[level - 1]!.kids.push(item);
      items[level - 1] = item;
      return;
    }
    lists = [];
    items = [];
    if (block.type === 'paragraph') {
      root.kids.push(node(block.size === 'title' ? 'H1' : block.bookmark ? 'H2' : 'P', block.spans.map((s) => s.text).join('')));
    } else if (block.type === 'heading') {
      root.kids.push(node(block.level === 1 ? 'H2' : 'H3', block.number + block.text));
    } else if (block.type === 'signature') {
      root.kids.push(node('P', block.label + block.name + block.caption, signFields ? [node('Form')] : []));
    } else if (block.type === 'table') {
      const signatures = block.minRowHeight > 0 && block.rows.length > 0 && block.rows.every((row) => (row[row.length - 1] ?? '').trim() === '');
      root.kids.push(
        node('Table', '', [
          node(
            'TR',
            '',
            block.columns.map((c) => node('TH', c.title)),
          ),
          ...block.rows.map((row) =>
            node(
              'TR',
              '',
              row.map((cell, i) => node('TD', cell, signatures && signFields && i === row.length - 1 ? [node('Form')] : [])),
            ),
          ),
        ]),
      );
    } else if (block.type === 'image') {
      if (block.alt.trim() !== '') root.kids.push({ ...node('Figure'), alt: block.alt });
    }
  };
  model.blocks.forEach(add);
  return outline(root).map((line) => line.replace(/^( *Form).*$/, '$1'));
}
