/**
 * The body of an HTML document: the model's blocks as semantic elements.
 * Headings are h1-h3, the numbered clauses of a section one nested ordered
 * list (the computed numbers are shown as text, so every format numbers
 * alike), tables have header cells, a signature is a caption, a line and a
 * name. Redline changes are <ins> and <del>.
 */
import type { Block, BoxBlock, ClauseBlock, HeadingBlock, ImageBlock, ParagraphBlock, SignatureBlock, Span, TableBlock } from '../../model/types.js';
import { cssNumber, escapeHtml } from './escape.js';

/** Ids already given out in this document: a repeated clause id would make the HTML invalid, so only the first keeps it. */
type Ids = Set<string>;

function idAttribute(ids: Ids, id: string | undefined): string {
  if (id === undefined || id === '' || ids.has(id)) return '';
  ids.add(id);
  return ` id="${escapeHtml(id)}"`;
}

const CHANGE_TAG = { inserted: 'ins', deleted: 'del' } as const;

export function spansToHtml(spans: readonly Span[]): string {
  return spans
    .map((span) => {
      let html = escapeHtml(span.text);
      if (span.italic) html = `<em>${html}</em>`;
      if (span.bold) html = `<strong>${html}</strong>`;
      if (span.change !== undefined) html = `<${CHANGE_TAG[span.change]}>${html}</${CHANGE_TAG[span.change]}>`;
      return html;
    })
    .join('');
}

function classes(...names: (string | false | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

function paragraph(block: ParagraphBlock): string {
  const cls = classes(block.size !== 'normal' && block.size !== 'title' && block.size, block.align, block.keepWithNext && 'keep-next');
  const style = block.spaceAfter === undefined ? '' : ` style="margin-bottom:${cssNumber(block.spaceAfter)}pt"`;
  const tag = block.size === 'title' ? 'h1' : 'p';
  return `<${tag} class="${cls}"${style}>${spansToHtml(block.spans)}</${tag}>`;
}

function heading(block: HeadingBlock, ids: Ids): string {
  const tag = block.level === 2 ? 'h3' : 'h2';
  const number = block.number ? `<span class="num">${escapeHtml(block.number)}</span>` : '';
  return `<${tag}${idAttribute(ids, block.id)}>${number}<span>${escapeHtml(block.text)}</span></${tag}>`;
}

/** One clause's own line: number and text, both marked when the whole clause was added or removed. */
function clauseItem(clause: ClauseBlock): string {
  const number = escapeHtml(clause.number);
  if (clause.change === undefined) return `<span class="num">${number}</span><span class="text">${spansToHtml(clause.spans)}</span>`;
  const tag = CHANGE_TAG[clause.change];
  const spans = clause.spans.map(({ change: _own, ...span }): Span => span);
  return `<${tag} class="num">${number}</${tag}><span class="text"><${tag}>${spansToHtml(spans)}</${tag}></span>`;
}

/**
 * A run of consecutive clauses as nested lists: a clause deeper than the one
 * before it opens a list inside that clause's item. A level that skips
 * (1 then 3) nests one list per level, so the columns still line up.
 */
function clauseList(clauses: readonly ClauseBlock[], ids: Ids): string {
  let html = '';
  let depth = 0;
  for (const clause of clauses) {
    const level = Math.max(1, clause.level);
    if (level > depth) {
      for (let open = depth + 1; open <= level; open += 1) html += `${open > 1 && open > depth + 1 ? '<li>' : ''}<ol class="clauses level-${open}">`;
    } else {
      html += '</li>';
      for (; depth > level; depth -= 1) html += `</ol></li>`;
    }
    depth = level;
    html += `<li${idAttribute(ids, clause.id)}${clause.keepWithNext ? ' class="keep-next"' : ''}>${clauseItem(clause)}`;
  }
  html += '</li>';
  for (; depth > 1; depth -= 1) html += '</ol></li>';
  return `${html}</ol>`;
}

function signature(block: SignatureBlock): string {
  const label = block.label ? `<div class="label">${escapeHtml(block.label)}</div>` : '';
  return `<div class="signature">${label}<div class="sign"><div class="line">${escapeHtml(block.caption)}</div><div class="name">${escapeHtml(block.name)}</div></div></div>`;
}

function table(block: TableBlock): string {
  const total = block.columns.reduce((sum, column) => sum + column.width, 0);
  const share = (width: number): string => cssNumber(total > 0 ? (width / total) * 100 : 100 / block.columns.length);
  const cols = block.columns.map((column) => `<col style="width:${share(column.width)}%">`).join('');
  const head = block.columns.map((column) => `<th scope="col">${escapeHtml(column.title)}</th>`).join('');
  const rowStyle = block.minRowHeight > 0 ? ` style="height:${cssNumber(block.minRowHeight)}pt"` : '';
  const rows = block.rows
    .map((row) => {
      const cells = block.columns.map((column, i) => `<td class="${column.align === 'justify' ? 'left' : column.align}">${escapeHtml(row[i] ?? '')}</td>`);
      return `<tr${rowStyle}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table><colgroup>${cols}</colgroup>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody></table>`;
}

function box(block: BoxBlock, ids: Ids): string {
  const width = cssNumber(Math.min(Math.max(block.width, 1), 100));
  return `<div class="box box-${block.align}" style="width:${width}%">\n${blocksToHtml(block.blocks, ids)}\n</div>`;
}

function image(block: ImageBlock): string {
  const src = `data:image/${block.format};base64,${block.data}`;
  return `<figure class="${block.align}"><img src="${src}" alt="${escapeHtml(block.alt)}" width="${block.pixelWidth}" height="${block.pixelHeight}" style="width:${cssNumber(block.width)}mm"></figure>`;
}

function blockToHtml(block: Exclude<Block, ClauseBlock>, ids: Ids): string {
  switch (block.type) {
    case 'paragraph':
      return paragraph(block);
    case 'heading':
      return heading(block, ids);
    case 'signature':
      return signature(block);
    case 'table':
      return table(block);
    case 'keep':
      return `<div class="keep">\n${blocksToHtml(block.blocks, ids)}\n</div>`;
    case 'box':
      return box(block, ids);
    case 'image':
      return image(block);
    case 'space':
      return `<div class="space" style="height:${cssNumber(block.size)}pt"></div>`;
    case 'pageBreak':
      return '<div class="page-break"></div>';
  }
}

export function blocksToHtml(blocks: readonly Block[], ids: Ids = new Set()): string {
  const parts: string[] = [];
  for (let i = 0; i < blocks.length;) {
    const block = blocks[i]!;
    if (block.type !== 'clause') {
      parts.push(blockToHtml(block, ids));
      i += 1;
      continue;
    }
    const run: ClauseBlock[] = [];
    for (; i < blocks.length && blocks[i]!.type === 'clause'; i += 1) run.push(blocks[i] as ClauseBlock);
    parts.push(clauseList(run, ids));
  }
  return parts.join('\n');
}

/** Every text the document shows, for the font subsets. */
export function* blockTexts(blocks: readonly Block[]): Generator<string> {
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
      case 'clause':
        if (block.type === 'clause') yield block.number;
        for (const span of block.spans) yield span.text;
        break;
      case 'heading':
        yield block.number;
        yield block.text;
        break;
      case 'signature':
        yield block.label;
        yield block.name;
        yield block.caption;
        break;
      case 'table':
        for (const column of block.columns) yield column.title;
        for (const row of block.rows) yield* row;
        break;
      case 'keep':
      case 'box':
        yield* blockTexts(block.blocks);
        break;
      default:
        break;
    }
  }
}
