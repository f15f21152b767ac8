/**
 * Ruled tables (the familiarisation sheet). Rows never split; when a row does
 * not fit, the table continues on the next page under a repeated header.
 */
import type { TableBlock } from '../../model/types.js';
import type { Flow } from './flow.js';
import type { Pdf } from './fonts.js';
import type { Laid } from './laid.js';
import type { Theme } from '../../theme/theme.js';
import { type TextLines, drawLine, layoutText } from './text.js';

interface Row {
  /** The row's cell texts (named signature fields). */
  texts: string[];
  cells: TextLines[];
  height: number;
  header: boolean;
}

/**
 * Column widths in points. Widths are percentages of the text width; they
 * are scaled to their sum so the grid always spans the text exactly, even if
 * the percentages add up to 99 or 101.
 */
function columnWidths(block: TableBlock, width: number): number[] {
  const total = block.columns.reduce((sum, c) => sum + c.width, 0);
  return block.columns.map((c) => (total > 0 ? (c.width / total) * width : width / block.columns.length));
}

/**
 * Whether the last column of a table is for handwritten signatures: the
 * familiarisation sheet leaves room for handwriting (a minimum row height)
 * and its last column empty in every row.
 */
export function signatureColumn(block: TableBlock): boolean {
  return block.minRowHeight > 0 && block.rows.length > 0 && block.rows.every((row) => (row[row.length - 1] ?? '').trim() === '');
}

/** The document's table measures (its theme: a larger body size makes larger tables). */
type TableTheme = Theme['table'];

function layoutRow(pdf: Pdf, table: TableTheme, texts: string[], widths: number[], header: boolean, minHeight: number): Row {
  const cells = widths.map((w, i) => layoutText(pdf, [{ text: texts[i] ?? '', bold: header }], table.size, Math.max(w - 2 * table.padX, 1)));
  const content = Math.max(...cells.map((c) => c.lines.length * c.lineHeight));
  return { texts, cells, height: Math.max(minHeight, content + 2 * table.padY), header };
}

/**
 * Draws a row. In the structure it is a TR of TH (the header, with column
 * scope) or TD cells, the fill and rules are artifacts, and a signature
 * field sits in the last cell of a familiarisation row. A header repeated on
 * a continuation page is an artifact as a whole (`repeat`): the table has
 * one header row.
 */
function drawRow(pdf: Pdf, table: TableTheme, block: TableBlock, widths: number[], row: Row, x: number, y: number, repeat = false): void {
  const { doc } = pdf;
  if (repeat) {
    doc.artifact(() => drawCells(pdf, table, block, widths, row, x, y, false), { Type: 'Pagination' });
    return;
  }
  drawCells(pdf, table, block, widths, row, x, y, true);
}

function drawCells(pdf: Pdf, table: TableTheme, block: TableBlock, widths: number[], row: Row, x: number, y: number, tagged: boolean): void {
  const { doc } = pdf;
  const open: typeof doc.open = (...args) => {
    if (tagged) doc.open(...args);
  };
  const close = (): void => {
    if (tagged) doc.close();
  };
  const width = widths.reduce((a, b) => a + b, 0);
  if (row.header) doc.artifact(() => doc.save().rect(x, y, width, row.height).fill(table.headerFill).restore());
  // The familiarisation sheet: a table with room for handwriting whose last column is left empty for the signatures.
  const signatures = !row.header && signatureColumn(block);
  open('TR');
  let cellX = x;
  row.cells.forEach((cell, i) => {
    open(row.header ? 'TH' : 'TD', row.header ? { attributes: { O: 'Table', Scope: 'Column' } } : undefined);
    // Cells are centred vertically: short entries sit in the middle of the
    // tall rows that leave room for a handwritten signature.
    const top = y + (row.height - cell.lines.length * cell.lineHeight) / 2;
    const align = row.header ? 'center' : (block.columns[i]?.align ?? 'left');
    cell.lines.forEach((line, n) => {
      drawLine(pdf, line, cell.size, {
        x: cellX + table.padX,
        baseline: top + n * cell.lineHeight + cell.baseline,
        width: widths[i]! - 2 * table.padX,
        align: align === 'justify' ? 'left' : align,
      });
    });
    if (signatures && i === row.cells.length - 1) {
      const last = widths[widths.length - 1]!;
      const inset = 1;
      doc.signatureField(row.texts.filter((t) => t.trim() !== '').join(' '), {
        x: x + width - last + inset,
        y: y + inset,
        width: last - 2 * inset,
        height: row.height - 2 * inset,
      });
    }
    close();
    cellX += widths[i]!;
  });
  close();
  doc.artifact(() => {
    doc.save().lineWidth(table.rule).rect(x, y, width, row.height).stroke();
    let ruleX = x;
    for (const w of widths.slice(0, -1)) {
      ruleX += w;
      doc
        .moveTo(ruleX, y)
        .lineTo(ruleX, y + row.height)
        .stroke();
    }
    doc.restore();
  });
}

export function tableBlock(pdf: Pdf, block: TableBlock, width: number, table: TableTheme): Laid {
  const widths = columnWidths(block, width);
  const header = layoutRow(
    pdf,
    table,
    block.columns.map((c) => c.title),
    widths,
    true,
    0,
  );
  const rows = block.rows.map((r) => layoutRow(pdf, table, r, widths, false, block.minRowHeight));
  const height = header.height + rows.reduce((sum, r) => sum + r.height, 0);
  return {
    height,
    lead: header.height + (rows[0]?.height ?? 0),
    spaceBefore: table.spaceBefore,
    spaceAfter: table.spaceAfter,
    keepWithNext: false,
    unbreakable: false,
    draw(flow: Flow, x: number): void {
      const put = (row: Row, repeat = false): void => {
        drawRow(pdf, table, block, widths, row, x, flow.y, repeat);
        flow.advance(row.height);
      };
      pdf.doc.open('Table');
      put(header);
      for (const row of rows) {
        // A row taller than a whole page cannot be helped: it overflows.
        if (!flow.fits(row.height) && flow.y > flow.top + header.height + 0.5) {
          flow.newPage(true);
          put(header, true);
        }
        put(row);
      }
      pdf.doc.close();
    },
  };
}
