import type { Block, BoxBlock, KeepTogetherBlock, SignatureBlock, TableBlock } from '../../model/types.js';
import { STYLE } from './styles.js';
import { ALIGNMENT, mayKeepNext, paragraph, ROOT_CONTEXT, textRun, type DocumentScope, type DocxContent, type RenderContext } from './text.js';
import { percentOf, ptToTwips } from './units.js';

/** Table borders (w:tblBorders content): none at all, or thin black rules everywhere. */
function borders(value: string): string {
  return ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} ${value}/>`).join('');
}
const NO_BORDERS = borders('w:val="none" w:sz="0" w:color="auto"');
const THIN_BORDERS = borders('w:val="single" w:sz="4" w:color="000000"');

/** A light grey behind the header row, as in the PDF. */
const HEADER_SHADING = '<w:shd w:val="clear" w:color="auto" w:fill="EFEFEF"/>';

interface CellMargins {
  top?: number;
  left: number;
  bottom?: number;
  right: number;
}

/** Cell padding of ruled tables, in twips (1.5 mm at the sides). */
const CELL_MARGIN: CellMargins = { top: 40, bottom: 40, left: 85, right: 85 };
const NO_MARGIN: CellMargins = { top: 0, bottom: 0, left: 0, right: 0 };

/** w:tblCellMar or w:tcMar content, in schema order (top, left, bottom, right). */
function margins(m: CellMargins): string {
  const side = (name: string, width: number | undefined) => (width === undefined ? '' : `<w:${name} w:w="${width}" w:type="dxa"/>`);
  return side('top', m.top) + side('left', m.left) + side('bottom', m.bottom) + side('right', m.right);
}

/**
 * Every table is laid out with fixed twip widths: Word honours percentages, but
 * LibreOffice and Google Docs lay tables out from the grid, and a fixed layout
 * stops Word auto-fitting columns to their content.
 */
function fixedTable(rows: string, columnWidths: readonly number[], tableBorders: string, cellMargins: CellMargins): DocxContent {
  const total = columnWidths.reduce((sum, width) => sum + width, 0);
  const grid = columnWidths.map((width) => `<w:gridCol w:w="${width}"/>`).join('');
  const xml =
    `<w:tbl><w:tblPr><w:tblW w:w="${total}" w:type="dxa"/><w:tblBorders>${tableBorders}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar>${margins(cellMargins)}</w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${grid}</w:tblGrid>${rows}</w:tbl>`;
  return { kind: 'table', xml };
}

interface RowOptions {
  header?: boolean;
  /** Minimum height in twips. */
  minHeight?: number;
}

/** A row that never splits across pages. */
function row(cells: string, options: RowOptions = {}): string {
  const height = options.minHeight === undefined ? '' : `<w:trHeight w:val="${options.minHeight}" w:hRule="atLeast"/>`;
  return `<w:tr><w:trPr><w:cantSplit/>${height}${options.header === true ? '<w:tblHeader/>' : ''}</w:trPr>${cells}</w:tr>`;
}

interface CellOptions {
  width: number;
  /** Grid columns the cell spans (1 when absent). */
  span?: number;
  shading?: string;
  margins?: CellMargins;
  verticalAlign?: 'top' | 'center';
}

/** A cell; its properties in schema order (tcW, gridSpan, shd, tcMar, vAlign). */
function cell(content: string, options: CellOptions): string {
  let properties = `<w:tcW w:w="${options.width}" w:type="dxa"/>`;
  if (options.span !== undefined && options.span > 1) properties += `<w:gridSpan w:val="${options.span}"/>`;
  if (options.shading !== undefined) properties += options.shading;
  if (options.margins !== undefined) properties += `<w:tcMar>${margins(options.margins)}</w:tcMar>`;
  if (options.verticalAlign !== undefined) properties += `<w:vAlign w:val="${options.verticalAlign}"/>`;
  return `<w:tc><w:tcPr>${properties}</w:tcPr>${content}</w:tc>`;
}

/**
 * A ruled table with a bold header row that repeats on every page. A row's
 * keepNext is written on the paragraphs of its cells, where Word reads it.
 */
export function renderTable(block: TableBlock, ctx: RenderContext): DocxContent {
  const total = block.columns.reduce((sum, column) => sum + column.width, 0);
  // Widths are percent of the text width; a total over 100 is scaled down to fit.
  const scale = total > 100 ? 100 / total : 1;
  const widths = block.columns.map((column) => percentOf(ctx.width, column.width * scale));
  // Never leave the header alone at the foot of a page.
  const headerKeepNext = mayKeepNext(ctx, true);
  const header = row(
    block.columns
      .map((column, index) =>
        cell(paragraph({ style: STYLE.tableHeader, keepNext: headerKeepNext }, textRun(column.title)), {
          width: widths[index] ?? 0,
          shading: HEADER_SHADING,
          verticalAlign: 'center',
        }),
      )
      .join(''),
    { header: true },
  );
  const minHeight = ptToTwips(block.minRowHeight);
  const body = block.rows.map((cells, rowIndex) => {
    const isLast = rowIndex === block.rows.length - 1;
    const keepNext = mayKeepNext(ctx, (ctx.keepTogether && !isLast) || (isLast && ctx.keepNext));
    const content = block.columns.map((column, index) => {
      const text = cells[index] ?? '';
      // An empty cell gets no run at all rather than an empty w:t.
      const runs = text === '' ? '' : textRun(text);
      return cell(paragraph({ style: STYLE.tableText, keepNext, alignment: ALIGNMENT[column.align] }, runs), {
        width: widths[index] ?? 0,
        verticalAlign: 'center',
      });
    });
    return row(content.join(''), { minHeight });
  });
  return fixedTable(header + body.join(''), widths, THIN_BORDERS, CELL_MARGIN);
}

/** Points added to a measured name (see renderSignature). */
const NAME_SLACK = 3;

/** The signature line: the bottom border of an empty paragraph. */
const SIGNATURE_LINE = '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/>';

/** The cells of a signature row: their widths in twips, contents and margins. */
interface SignatureCells {
  widths: number[];
  cells: { content: string; margins: CellMargins }[];
}

/**
 * A signature row: label | line with caption under it | printed name.
 *
 * The line is the bottom border of an empty paragraph in the middle cell, and
 * the caption is the next paragraph of that cell, so the caption always sits
 * right under the line. Label, line and name share the same space before, so
 * label and name stand on the line's baseline. Without a label (inside the
 * APPROVED box) the line and name share the whole width.
 */
function signatureCells(block: SignatureBlock, ctx: RenderContext, keepNext: boolean | undefined): SignatureCells {
  const hasLabel = block.label !== '';
  // The theme's shares, as the PDF writer reads them: the label, then the line's share of the rest.
  const { labelShare, lineShare, room: roomPt, gap: gapPt, spaceAfter } = ctx.theme.signature;
  const label = hasLabel ? labelShare * 100 : 0;
  const gap = ptToTwips(gapPt);
  // As in the PDF, a name too long for its column shortens the rule rather
  // than wrap (down to a rule still long enough to sign on).
  const rest = 100 - label;
  // 3 pt to spare: Word and LibreOffice round widths their own way, and a name that just fits would wrap.
  const name = ((ptToTwips(ctx.measure(block.name, ctx.theme.sizes.normal) + NAME_SLACK) + gap) / ctx.width) * 100;
  const line = Math.max(rest * ctx.theme.signature.minLineShare, Math.min(rest * lineShare, rest - name));
  const shares = hasLabel ? [label, line, rest - line] : [line, rest - line];
  const widths = shares.map((share) => percentOf(ctx.width, share));
  const room = { before: Math.max(0, ptToTwips(roomPt) - ctx.collapse) };
  const text = (value: string) => paragraph({ style: STYLE.signature, keepNext, spacing: room }, textRun(value));
  const rule = paragraph({ style: STYLE.signature, keepNext, border: SIGNATURE_LINE, spacing: room });
  // The PDF leaves the signature's space after under the caption.
  const caption = paragraph({ style: STYLE.signatureCaption, keepNext, spacing: { after: ptToTwips(spaceAfter) } }, textRun(block.caption));
  const cells = [
    ...(hasLabel ? [{ content: text(block.label), margins: { left: 0, right: gap } }] : []),
    { content: rule + caption, margins: { left: 0, right: 0 } },
    { content: text(block.name), margins: { left: gap, right: 0 } },
  ];
  return { widths, cells };
}

/** A signature standing alone: a borderless table of one row (see signatureCells). */
export function renderSignature(block: SignatureBlock, ctx: RenderContext): DocxContent {
  const { widths, cells } = signatureCells(block, ctx, mayKeepNext(ctx, ctx.keepNext));
  const xml = cells.map((c, index) => cell(c.content, { width: widths[index] ?? 0, margins: c.margins, verticalAlign: 'top' })).join('');
  return fixedTable(row(xml), widths, NO_BORDERS, NO_MARGIN);
}

type RenderBlocks = (blocks: readonly Block[], ctx: RenderContext) => DocxContent[];

/**
 * A narrow column against one side of the page (the APPROVED block). It is a
 * borderless full-width table with an empty spacer cell and the content cell:
 * unlike indents or a right-aligned table, a two-cell grid puts the column in
 * the same place in Word, LibreOffice and Google Docs.
 */
export function renderBox(block: BoxBlock, ctx: RenderContext, renderBlocks: RenderBlocks): DocxContent {
  const boxWidth = percentOf(ctx.width, Math.min(block.width, 100));
  const spacerWidth = ctx.width - boxWidth;
  const keepNext = mayKeepNext(ctx, ctx.keepNext);
  const inner = renderBlocks(block.blocks, { ...ROOT_CONTEXT, ...scope(ctx), width: boxWidth, inCell: true, cellKeepNext: keepNext });
  const content = cell(endWithParagraph(inner, keepNext), { width: boxWidth });
  const spacer = cell(paragraph({ style: STYLE.signature, keepNext }), { width: spacerWidth });
  const cells = block.align === 'right' ? spacer + content : content + spacer;
  const widths = block.align === 'right' ? [spacerWidth, boxWidth] : [boxWidth, spacerWidth];
  return fixedTable(row(cells), widths, NO_BORDERS, NO_MARGIN);
}

/** What a cell's content takes over from the document. */
function scope(ctx: RenderContext): DocumentScope {
  return { revision: ctx.revision, parts: ctx.parts, theme: ctx.theme, columns: ctx.columns, measure: ctx.measure };
}

/** What renderKeep needs from the block renderer (blocks.ts), passed in to avoid an import cycle. */
export interface KeepRenderers {
  renderBlocks: RenderBlocks;
  /** The space in twips a block leaves under itself (the next block's space before is shortened by it). */
  spaceAfter: (block: Exclude<Block, { type: 'pageBreak' }>, ctx: RenderContext) => number;
}

/** One row of a kept group: cells between column boundaries (twips from the left edge). */
interface KeptRow {
  cells: { from: number; to: number; content: string; margins?: CellMargins; verticalAlign?: 'top' }[];
}

/**
 * A group that must stay on one page (the AGREED signatures): one borderless
 * full-width table without nested tables, a row per block (a signature's
 * label, line and name are cells of its row), every row unable to split and
 * kept with the next by its paragraphs' keepNext, the last row with what
 * follows only when the group is. Word keeps such rows together, and so does
 * LibreOffice, which ignores keep-with-next on paragraphs after a table
 * inside a cell. The first layout, one unsplittable row holding the
 * signatures as nested tables, kept the group together too, but LibreOffice
 * 7.4 then left a heading at the foot of the page before (lv example,
 * «6. Sadarbība») although it was kept with its first clause: one flat table
 * does not. The block before the group keeps with it through its own
 * keepNext (a paragraph before a table is kept with the table's first row in
 * both).
 */
export function renderKeep(block: KeepTogetherBlock, ctx: RenderContext, renderers: KeepRenderers): DocxContent {
  const keepLast = mayKeepNext(ctx, ctx.keepNext);
  const blocks = block.blocks.filter((child) => child.type !== 'pageBreak');
  const rows: KeptRow[] = [];
  let collapse = 0;
  blocks.forEach((child, index) => {
    // Every row but the last keeps with the next; a pageBreak has no meaning inside a kept group.
    const keepNext = index < blocks.length - 1 ? true : keepLast;
    const inner: RenderContext = { ...ROOT_CONTEXT, ...scope(ctx), width: ctx.width, inCell: true, cellKeepNext: keepNext, collapse };
    if (child.type === 'signature') {
      const { widths, cells } = signatureCells(child, inner, keepNext);
      let from = 0;
      rows.push({
        cells: cells.map((c, cellIndex) => {
          const to = cellIndex === cells.length - 1 ? ctx.width : from + (widths[cellIndex] ?? 0);
          const placed = { from, to, content: c.content, margins: c.margins, verticalAlign: 'top' as const };
          from = to;
          return placed;
        }),
      });
    } else {
      rows.push({ cells: [{ from: 0, to: ctx.width, content: endWithParagraph(renderers.renderBlocks([child], inner), keepNext) }] });
    }
    collapse = renderers.spaceAfter(child, ctx);
  });
  // The grid: every column boundary of every row; a cell spans the columns between its own.
  const bounds = [...new Set([0, ctx.width, ...rows.flatMap((r) => r.cells.flatMap((c) => [c.from, c.to]))])].sort((a, b) => a - b);
  const grid = bounds.slice(1).map((bound, index) => bound - (bounds[index] ?? 0));
  const xml = rows
    .map((r) =>
      row(
        r.cells
          .map((c) =>
            cell(c.content, {
              width: c.to - c.from,
              span: bounds.indexOf(c.to) - bounds.indexOf(c.from),
              margins: c.margins,
              verticalAlign: c.verticalAlign,
            }),
          )
          .join(''),
      ),
    )
    .join('');
  return fixedTable(xml, grid, NO_BORDERS, NO_MARGIN);
}

/** Word requires every table cell to end with a paragraph, even after a nested table. */
function endWithParagraph(content: readonly DocxContent[], keepNext: boolean | undefined): string {
  const xml = content.map((item) => item.xml).join('');
  if (content[content.length - 1]?.kind === 'paragraph') return xml;
  return xml + paragraph({ style: STYLE.signature, keepNext, spacing: { line: 20, lineRule: 'exact' } });
}
