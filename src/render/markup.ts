import { makeDiagnostic, UserError } from '../diagnostics.js';
import { ALIGNMENTS, TEXT_SIZES, type Block, type DocumentModel, type Span, type TableBlock } from '../model/types.js';
import type { ImageAsset } from '../load/image.js';
import { splitFields, unescapeMarkup } from './escape.js';
import { themeFor } from '../theme/theme.js';

/**
 * The block markup that templates emit, parsed into the document model.
 *
 * One block per line: `@name option option=value | field | field`. Options are
 * template-authored words; fields carry (escaped) text. Containers (`@box`,
 * `@keep`, `@table`, `@sub`) close with `@end`. Section and clause numbers are
 * computed here, once, so every writer prints the same numbering.
 * The README's "Templates" section documents every directive.
 */

interface Line {
  number: number;
  name: string;
  options: Map<string, string>;
  fields: string[];
  raw: string;
}

type Container =
  | { kind: 'root'; blocks: Block[] }
  | { kind: 'keep'; blocks: Block[] }
  | { kind: 'box'; blocks: Block[]; align: 'left' | 'right'; width: number }
  | { kind: 'table'; table: TableBlock }
  | { kind: 'sub' };

interface ParseState {
  model: DocumentModel;
  stack: Container[];
  section: number;
  /** clauseCounters[d] counts clauses at depth d+1 in the current section. */
  clauseCounters: number[];
  depth: number;
}

export interface MarkupSource {
  /** The template that produced the markup, for error messages. */
  templateFile: string;
  meta: DocumentModel['meta'];
  /** Images the role names (the logo), by the key `@image` uses. */
  images?: ReadonlyMap<string, ImageAsset>;
}

/** Body sizes a printed job instruction can use: below 8 pt is unreadable on paper, above 16 pt a poster. */
const MIN_BODY_SIZE = 8;
const MAX_BODY_SIZE = 16;

/** `@margins | top right bottom left` in millimetres; those left out are the language theme's. */
export function parseMargins(language: string, text: string): DocumentModel['page']['margins'] {
  const base = themeFor(language).margins;
  const [top = base.top, right = base.right, bottom = base.bottom, left = base.left] = text.split(/[ ,]+/).map(Number);
  return { top, right, bottom, left };
}

export function parseMarkup(markup: string, source: MarkupSource): DocumentModel {
  const model: DocumentModel = {
    meta: { ...source.meta },
    // The theme's margins (a locale may change them); a template's `@margins` wins.
    page: { size: 'A4', margins: { ...themeFor(source.meta.language).margins } },
    blocks: [],
  };
  const state: ParseState = { model, stack: [{ kind: 'root', blocks: model.blocks }], section: 0, clauseCounters: [], depth: 1 };
  const lines = markup.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const line = tokenize(raw, index + 1, source);
    const handler = DIRECTIVES[line.name];
    if (!handler)
      fail(
        source,
        line,
        `unknown directive \`@${line.name}\``,
        `known: ${Object.keys(DIRECTIVES)
          .map((d) => `@${d}`)
          .join(' ')}`,
      );
    handler(state, line, source);
  }
  if (state.stack.length > 1) fail(source, undefined, `\`@${state.stack[state.stack.length - 1]!.kind}\` is never closed`, 'add a matching `@end`');
  return model;
}

function tokenize(raw: string, number: number, source: MarkupSource): Line {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('@')) {
    fail(source, { number, raw } as Line, 'text outside a block', 'every line of template output starts with a directive such as `@p | text`');
  }
  const bar = firstUnescapedBar(trimmed);
  const head = bar === -1 ? trimmed : trimmed.slice(0, bar);
  const fields = bar === -1 ? [] : splitFields(trimmed.slice(bar + 1));
  const [name = '', ...words] = head.slice(1).trim().split(/\s+/);
  const options = new Map(
    words.map((w) => (w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, 'true'])) as Array<[string, string]>,
  );
  return { number, name, options, fields, raw };
}

function firstUnescapedBar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '|') return i;
  }
  return -1;
}

type Directive = (state: ParseState, line: Line, source: MarkupSource) => void;

const DIRECTIVES: Record<string, Directive> = {
  meta: (state, line) => {
    const key = [...line.options.keys()][0];
    const value = unescapeMarkup(line.fields[0] ?? '');
    if (key === 'keywords')
      state.model.meta.keywords = value
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean);
    else if (key === 'title' || key === 'subject' || key === 'author') state.model.meta[key] = value;
  },
  margins: (state, line) => {
    state.model.page.margins = parseMargins(state.model.meta.language, line.fields[0] ?? '');
  },
  'body-size': (state, line, source) => {
    const size = Number(line.fields[0]);
    if (!Number.isFinite(size) || size < MIN_BODY_SIZE || size > MAX_BODY_SIZE)
      fail(
        source,
        line,
        `\`@body-size\` must be a size in points from ${MIN_BODY_SIZE} to ${MAX_BODY_SIZE}`,
        'for example `@body-size | 12` (a locale file sets it as `layout: { body_size: 12 }`)',
      );
    state.model.page.bodySize = size;
  },
  watermark: (state, line) => {
    state.model.watermark = unescapeMarkup(line.fields[0] ?? '');
  },
  header: (state, line) => {
    state.model.header = { left: unescapeMarkup(line.fields[0] ?? ''), right: unescapeMarkup(line.fields[1] ?? '') };
  },
  footer: (state, line) => {
    state.model.footer = { left: unescapeMarkup(line.fields[0] ?? ''), right: unescapeMarkup(line.fields[1] ?? '') };
  },
  p: (state, line, source) => {
    const align = pick(line, ALIGNMENTS, 'left', source);
    const size = pick(line, TEXT_SIZES, 'normal', source);
    const emphasis = { bold: line.options.has('bold'), italic: line.options.has('italic') };
    const after = line.options.get('after');
    append(state, line, source, {
      type: 'paragraph',
      spans: parseSpans(line.fields[0] ?? '', emphasis),
      align,
      size,
      ...(after !== undefined ? { spaceAfter: numberOption(source, line, 'after', after) } : {}),
      ...(line.options.has('keep') ? { keepWithNext: true } : {}),
      ...(line.options.has('bookmark') ? { bookmark: true } : {}),
    });
  },
  section: (state, line, source) => {
    state.section += 1;
    state.clauseCounters = [];
    const id = line.options.get('id');
    append(state, line, source, { type: 'heading', level: 1, number: `${state.section}.`, text: unescapeMarkup(line.fields[0] ?? ''), ...(id ? { id } : {}) });
  },
  clause: (state, line, source) => {
    const depth = state.depth;
    state.clauseCounters.length = depth;
    state.clauseCounters[depth - 1] = (state.clauseCounters[depth - 1] ?? 0) + 1;
    const parts = [...(state.section > 0 ? [state.section] : []), ...state.clauseCounters.slice(0, depth).map((n) => n ?? 1)];
    const id = line.options.get('id');
    append(state, line, source, { type: 'clause', level: depth, number: parts.join('.'), spans: parseSpans(line.fields[0] ?? '', {}), ...(id ? { id } : {}) });
  },
  sub: (state) => {
    keepLastClauseWithNext(state);
    state.stack.push({ kind: 'sub' });
    state.depth += 1;
  },
  signature: (state, line, source) => {
    const [label = '', name = '', caption = ''] = line.fields.map(unescapeMarkup);
    append(state, line, source, { type: 'signature', label, name, caption });
  },
  keep: (state, line) => {
    // `@keep with-previous`: the block before the group goes with it to the
    // next page (a signature block never stands alone on a page).
    if (line.options.has('with-previous')) keepLastBlockWithNext(state);
    state.stack.push({ kind: 'keep', blocks: [] });
  },
  box: (state, line, source) => {
    const align = line.options.has('left') ? 'left' : 'right';
    const width = numberOption(source, line, 'width', line.options.get('width') ?? '45');
    state.stack.push({ kind: 'box', blocks: [], align, width });
  },
  table: (state, line, source) => {
    const minRowHeight = numberOption(source, line, 'minrow', line.options.get('minrow') ?? '0');
    state.stack.push({ kind: 'table', table: { type: 'table', columns: [], rows: [], minRowHeight } });
  },
  column: (state, line, source) => {
    const table = currentTable(state, line, source);
    const width = numberOption(source, line, 'width', line.options.get('width') ?? '10');
    table.columns.push({ title: unescapeMarkup(line.fields[0] ?? ''), width, align: pick(line, ALIGNMENTS, 'left', source) });
  },
  row: (state, line, source) => {
    const table = currentTable(state, line, source);
    const cells = line.fields.map(unescapeMarkup);
    if (cells.length !== table.columns.length) fail(source, line, `a row with ${cells.length} cells in a table of ${table.columns.length} columns`, undefined);
    table.rows.push(cells);
  },
  space: (state, line, source) => {
    append(state, line, source, { type: 'space', size: numberOption(source, line, 'size', line.fields[0] || [...line.options.keys()][0] || '12') });
  },
  pagebreak: (state, line, source) => append(state, line, source, { type: 'pageBreak' }),
  image: (state, line, source) => {
    const [key = '', alt = ''] = line.fields.map(unescapeMarkup);
    const image = source.images?.get(key);
    if (!image) return fail(source, line, `no image \`${key}\``, `images available: ${[...(source.images?.keys() ?? [])].join(', ') || '(none)'}`);
    const align = line.options.has('center') ? 'center' : line.options.has('right') ? 'right' : 'left';
    const width = numberOption(source, line, 'width', line.options.get('width') ?? '30');
    append(state, line, source, { type: 'image', ...image, width, align, alt });
  },
  end: (state, line, source) => closeContainer(state, line, source),
};

/** "3.4 Negotiates, including:" belongs with 3.4.1 on the same page. */
function keepLastClauseWithNext(state: ParseState): void {
  const target = [...state.stack].reverse().find((c): c is Extract<Container, { blocks: Block[] }> => 'blocks' in c);
  const last = target?.blocks[target.blocks.length - 1];
  if (last?.type === 'clause') last.keepWithNext = true;
}

/** The last block so far keeps with what follows (a clause, a paragraph, or the last block of a group). */
function keepLastBlockWithNext(state: ParseState): void {
  const target = [...state.stack].reverse().find((c): c is Extract<Container, { blocks: Block[] }> => 'blocks' in c);
  const last = target?.blocks[target.blocks.length - 1];
  if (last?.type === 'clause' || last?.type === 'paragraph') last.keepWithNext = true;
}

function closeContainer(state: ParseState, line: Line, source: MarkupSource): void {
  const open = state.stack.pop();
  if (!open || open.kind === 'root') return fail(source, line, '`@end` without an open block', 'remove it, or open `@box`, `@keep`, `@table` or `@sub` before');
  if (open.kind === 'sub') {
    state.depth -= 1;
    return;
  }
  if (open.kind === 'table') return append(state, line, source, open.table);
  if (open.kind === 'keep') return append(state, line, source, { type: 'keep', blocks: open.blocks });
  append(state, line, source, { type: 'box', align: open.align, width: open.width, blocks: open.blocks });
}

function append(state: ParseState, line: Line, source: MarkupSource, block: Block): void {
  const target = [...state.stack].reverse().find((c): c is Extract<Container, { blocks: Block[] }> => 'blocks' in c);
  if (!target) return fail(source, line, 'a block inside a table', 'tables hold only `@column` and `@row` lines');
  const top = state.stack[state.stack.length - 1]!;
  if (top.kind === 'table') fail(source, line, `\`@${line.name}\` inside a table`, 'tables hold only `@column` and `@row` lines');
  target.blocks.push(block);
}

function currentTable(state: ParseState, line: Line, source: MarkupSource): TableBlock {
  const top = state.stack[state.stack.length - 1];
  if (top?.kind !== 'table') return fail(source, line, `\`@${line.name}\` outside a table`, 'open the table with `@table` first');
  return top.table;
}

/** `**bold**` is the only inline markup: enough for "Education: ..." labels. */
export function parseSpans(text: string, emphasis: { bold?: boolean; italic?: boolean }): Span[] {
  const spans: Span[] = [];
  let bold = false;
  let current = '';
  const flush = (): void => {
    if (current) spans.push({ text: unescapeMarkup(current), ...(bold || emphasis.bold ? { bold: true } : {}), ...(emphasis.italic ? { italic: true } : {}) });
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') current += text[i]! + (text[++i] ?? '');
    else if (text.startsWith('**', i)) {
      flush();
      bold = !bold;
      i++;
    } else current += text[i];
  }
  flush();
  return spans;
}

function pick<T extends string>(line: Line, allowed: readonly T[], fallback: T, source: MarkupSource): T {
  const chosen = allowed.filter((value) => line.options.has(value));
  if (chosen.length > 1) fail(source, line, `conflicting options ${chosen.join(' and ')}`, undefined);
  return chosen[0] ?? fallback;
}

function numberOption(source: MarkupSource, line: Line, name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) fail(source, line, `option \`${name}\` needs a number, got \`${value}\``, undefined);
  return number;
}

function fail(source: MarkupSource, line: Line | undefined, message: string, hint: string | undefined): never {
  const where = line ? ` (output line ${line.number}: \`${line.raw.trim().slice(0, 60)}\`)` : '';
  throw new UserError([
    makeDiagnostic({
      code: 'template/markup',
      file: source.templateFile,
      line: 0,
      column: 0,
      message: `template output: ${message}${where}`,
      ...(hint ? { hint } : {}),
    }),
  ]);
}
