import {
  BorderStyle,
  HeightRule,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
} from 'docx';
import type { Block, BoxBlock, SignatureBlock, TableBlock } from '../../model/types.js';
import { STYLE } from './styles.js';
import { ALIGNMENT, mayKeepNext, ROOT_CONTEXT, type DocxContent, type RenderContext } from './text.js';
import { percentOf, ptToTwips } from './units.js';

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

const noBorders = {
  top: NO_BORDER,
  bottom: NO_BORDER,
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
};

const thinBorders = {
  top: THIN,
  bottom: THIN,
  left: THIN,
  right: THIN,
  insideHorizontal: THIN,
  insideVertical: THIN,
};

/** A light grey behind the header row, as in the PDF. */
const HEADER_SHADING = { type: ShadingType.CLEAR, color: 'auto', fill: 'EFEFEF' };

/** Cell padding of ruled tables, in twips (1.5 mm at the sides). */
const CELL_MARGIN = { top: 40, bottom: 40, left: 85, right: 85 };

/**
 * Every table is laid out with fixed twip widths: Word honours percentages, but
 * LibreOffice and Google Docs lay tables out from the grid, and a fixed layout
 * stops Word auto-fitting columns to their content.
 */
function fixedTable(rows: TableRow[], columnWidths: number[], borders: typeof noBorders, margins = CELL_MARGIN): Table {
  return new Table({
    rows,
    columnWidths,
    width: { size: columnWidths.reduce((sum, width) => sum + width, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders,
    margins,
  });
}

function cellWidth(width: number) {
  return { size: width, type: WidthType.DXA };
}

/** A ruled table with a bold header row that repeats on every page. */
export function renderTable(block: TableBlock, ctx: RenderContext): Table {
  const total = block.columns.reduce((sum, column) => sum + column.width, 0);
  // Widths are percent of the text width; a total over 100 is scaled down to fit.
  const scale = total > 100 ? 100 / total : 1;
  const widths = block.columns.map((column) => percentOf(ctx.width, column.width * scale));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    // Never leave the header alone at the foot of a page.
    keepNext: mayKeepNext(ctx, true),
    children: block.columns.map(
      (column, index) =>
        new TableCell({
          width: cellWidth(widths[index] ?? 0),
          verticalAlign: VerticalAlignTable.CENTER,
          shading: HEADER_SHADING,
          children: [new Paragraph({ style: STYLE.tableHeader, children: [new TextRun({ text: column.title })] })],
        }),
    ),
  });
  const body = block.rows.map((row, rowIndex) => {
    const isLast = rowIndex === block.rows.length - 1;
    return new TableRow({
      cantSplit: true,
      keepNext: mayKeepNext(ctx, (ctx.keepTogether && !isLast) || (isLast && ctx.keepNext)),
      height: { value: ptToTwips(block.minRowHeight), rule: HeightRule.ATLEAST },
      children: block.columns.map(
        (column, index) =>
          new TableCell({
            width: cellWidth(widths[index] ?? 0),
            verticalAlign: VerticalAlignTable.CENTER,
            children: [
              new Paragraph({
                style: STYLE.tableText,
                alignment: ALIGNMENT[column.align],
                // An empty cell gets no run at all rather than an empty w:t.
                children: (row[index] ?? '') === '' ? [] : [new TextRun({ text: row[index] ?? '' })],
              }),
            ],
          }),
      ),
    });
  });
  return fixedTable([header, ...body], widths, thinBorders);
}

/** Padding between the signature line and the texts beside it, in twips (2 mm). */
const SIGNATURE_GAP = 113;
/** Room above the signature line for the handwritten signature, in twips (18 pt). */
const SIGNATURE_ROOM = 360;

/**
 * A signature row: label | line with caption under it | printed name.
 *
 * The line is the bottom border of an empty paragraph in the middle cell, and
 * the caption is the next paragraph of that cell, so the caption always sits
 * right under the line. Label, line and name share the same space before, so
 * label and name stand on the line's baseline. Without a label (inside the
 * APPROVED box) the line and name share the whole width.
 */
export function renderSignature(block: SignatureBlock, ctx: RenderContext): Table {
  const hasLabel = block.label !== '';
  // The same shares as the PDF writer: label 40 %, then the line 55 % of the rest.
  const shares = hasLabel ? [40, 33, 27] : [55, 45];
  const widths = shares.map((share) => percentOf(ctx.width, share));
  const text = (value: string) =>
    new Paragraph({ style: STYLE.signature, spacing: { before: SIGNATURE_ROOM }, children: [new TextRun({ text: value })] });
  const line = new Paragraph({
    style: STYLE.signature,
    spacing: { before: SIGNATURE_ROOM },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
  });
  const caption = new Paragraph({ style: STYLE.signatureCaption, children: [new TextRun({ text: block.caption })] });
  const cells = [
    ...(hasLabel ? [{ children: [text(block.label)], margins: { left: 0, right: SIGNATURE_GAP } }] : []),
    { children: [line, caption], margins: { left: 0, right: 0 } },
    { children: [text(block.name)], margins: { left: SIGNATURE_GAP, right: 0 } },
  ];
  const row = new TableRow({
    cantSplit: true,
    keepNext: mayKeepNext(ctx, ctx.keepNext),
    children: cells.map(
      (cell, index) => new TableCell({ ...cell, width: cellWidth(widths[index] ?? 0), verticalAlign: VerticalAlignTable.TOP }),
    ),
  });
  return fixedTable([row], widths, noBorders, { top: 0, bottom: 0, left: 0, right: 0 });
}

type RenderBlocks = (blocks: readonly Block[], ctx: RenderContext) => DocxContent[];

/**
 * A narrow column against one side of the page (the APPROVED block). It is a
 * borderless full-width table with an empty spacer cell and the content cell:
 * unlike indents or a right-aligned table, a two-cell grid puts the column in
 * the same place in Word, LibreOffice and Google Docs.
 */
export function renderBox(block: BoxBlock, ctx: RenderContext, renderBlocks: RenderBlocks): Table {
  const boxWidth = percentOf(ctx.width, Math.min(block.width, 100));
  const spacerWidth = ctx.width - boxWidth;
  const inner = renderBlocks(block.blocks, { ...ROOT_CONTEXT, width: boxWidth, inCell: true, revision: ctx.revision });
  const content = new TableCell({ width: cellWidth(boxWidth), children: endWithParagraph(inner) });
  const spacer = new TableCell({ width: cellWidth(spacerWidth), children: [new Paragraph({ style: STYLE.signature })] });
  const cells = block.align === 'right' ? [spacer, content] : [content, spacer];
  const widths = block.align === 'right' ? [spacerWidth, boxWidth] : [boxWidth, spacerWidth];
  const row = new TableRow({ cantSplit: true, keepNext: mayKeepNext(ctx, ctx.keepNext), children: cells });
  return fixedTable([row], widths, noBorders, { top: 0, bottom: 0, left: 0, right: 0 });
}

/** Word requires every table cell to end with a paragraph, even after a nested table. */
function endWithParagraph(content: DocxContent[]): DocxContent[] {
  const last = content[content.length - 1];
  if (last instanceof Paragraph) return content;
  return [...content, new Paragraph({ style: STYLE.signature, spacing: { line: 20, lineRule: 'exact' } })];
}
