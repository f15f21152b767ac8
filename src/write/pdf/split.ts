/**
 * Cutting a word wider than the line (a long code, a URL, a run of letters
 * without a space) into chunks that each fit a line.
 */
import { type Pdf, docFace, shapedWidth } from './fonts.js';
import { CodePointEnds, GraphemeEnds, longestFit } from './fit.js';
import { EPSILON } from './style.js';
import { type Piece, type Word, WHITESPACE, measure } from './text.js';

/** The piece `text` cut from `piece`, shaped and measured. */
function part(pdf: Pdf, piece: Piece, text: string, size: number): Piece {
  const shaped = docFace(pdf, piece.face).shaper.shape(text);
  const spaces = WHITESPACE.test(text);
  return { ...piece, text, shaped, width: shapedWidth(shaped, size), spaces, blank: spaces && text.trim() === '' };
}

const emptyWord = (): Word => ({ pieces: [], width: 0, space: 0, breakAfter: false });

/**
 * Cuts a word wider than the line into chunks that fit (long codes, URLs),
 * between grapheme clusters, each chunk found in O(log n) measurements (see
 * fit.ts). A single cluster wider than the line is cut between its code
 * points: there is no better place.
 */
export function splitWord(pdf: Pdf, word: Word, width: number, size: number): Word[] {
  const chunks: Word[] = [];
  let current = emptyWord();
  for (const piece of word.pieces) {
    const clusters = new GraphemeEnds(piece.text);
    let placed = 0; // clusters of the piece already in chunks
    let start = 0; // their length in code units
    while (clusters.end(placed + 1) !== undefined) {
      const fits = (end: number): boolean => current.width + measure(pdf, piece.text.slice(start, end), piece.face, size) <= width + EPSILON;
      const count = longestFit(clusters, placed, fits);
      if (count === 0 && current.pieces.length > 0) {
        chunks.push(current);
        current = emptyWord();
        continue;
      }
      const end = count > 0 ? clusters.end(placed + count)! : clusters.end(placed + 1)!;
      const texts = count > 0 ? [piece.text.slice(start, end)] : cutCluster(pdf, piece, piece.text.slice(start, end), width, size);
      texts.forEach((text, index) => {
        if (index > 0) {
          chunks.push(current);
          current = emptyWord();
        }
        const cut = part(pdf, piece, text, size);
        current.pieces.push(cut);
        current.width += cut.width;
      });
      placed += Math.max(count, 1);
      start = end;
      if (clusters.end(placed + 1) !== undefined) {
        chunks.push(current);
        current = emptyWord();
      }
    }
  }
  current.space = word.space;
  current.breakAfter = word.breakAfter;
  chunks.push(current);
  return chunks;
}

/** One cluster wider than the line, cut between code points into texts that fit (at least one code point each). */
function cutCluster(pdf: Pdf, piece: Piece, cluster: string, width: number, size: number): string[] {
  const points = new CodePointEnds(cluster);
  const texts: string[] = [];
  let placed = 0;
  let start = 0;
  while (points.end(placed + 1) !== undefined) {
    const fits = (end: number): boolean => measure(pdf, cluster.slice(start, end), piece.face, size) <= width + EPSILON;
    const count = Math.max(1, longestFit(points, placed, fits));
    const end = points.end(placed + count)!;
    texts.push(cluster.slice(start, end));
    placed += count;
    start = end;
  }
  return texts;
}
