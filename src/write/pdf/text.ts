/**
 * Line breaking and line drawing for runs of mixed bold/italic text.
 *
 * pdfkit can wrap text itself, but it cannot tell us where its lines fall
 * before drawing them, and keep-with-next, orphan control and hanging indents
 * all need exactly that. So we break lines here (greedy, at spaces) and draw
 * each line at a position we chose.
 */
import type { Alignment, Change, Span } from '../../model/types.js';
import { type Face, faceOf, fontMetrics, useFont, widthOf } from './fonts.js';
import { EPSILON, LINE_HEIGHT, MAX_STRETCH, REDLINE } from './style.js';

/** Part of a word in one face ("**Educ**ation" is one word of two pieces). */
interface Piece {
  text: string;
  face: Face;
  width: number;
  /** In a redline: inserted or deleted text. */
  change?: Change | undefined;
}

interface Word {
  pieces: Piece[];
  width: number;
  /** Width of the space after the word (0 at the end of the text). */
  space: number;
  /** A newline in the source ends the line after this word. */
  breakAfter: boolean;
}

export interface Line {
  words: Word[];
  /** Natural width: the words and the single spaces between them. */
  width: number;
  /** Last line of the paragraph or before a newline: never justified. */
  last: boolean;
}

/** Text broken into lines for one size and width, with vertical metrics. */
export interface TextLines {
  lines: Line[];
  size: number;
  lineHeight: number;
  /** Distance from the top of a line box to the baseline. */
  baseline: number;
}

type Doc = PDFKit.PDFDocument;

const measure = widthOf;

/** A break opportunity after a hyphen between letters (not in dates or "-5"). */
const HYPHEN_BREAK = /(?<=\p{L}[-\u2010])(?=\p{L})/u;

/**
 * Splits spans into words. Only space, tab and newline separate words: a
 * no-break space (U+00A0, as in "No.\u00a0JD-014") must keep its words together.
 */
function toWords(doc: Doc, spans: Span[], size: number): Word[] {
  const words: Word[] = [];
  let open = false; // whether the next token continues the last word
  const last = (): Word | undefined => words[words.length - 1];
  for (const span of spans) {
    const face = faceOf(span.bold, span.italic);
    const change = span.change;
    for (const token of span.text.replace(/\r\n?/g, '\n').match(/[^ \t\n]+|[ \t]+|\n/g) ?? []) {
      if (token === '\n') {
        // An empty word gives an empty line for "\n\n".
        if (!open && (last()?.breakAfter ?? true)) words.push({ pieces: [], width: 0, space: 0, breakAfter: false });
        const word = last();
        if (word) word.breakAfter = true;
        open = false;
      } else if (/^[ \t]/.test(token)) {
        const word = last();
        if (open && word) word.space = measure(doc, ' ', word.pieces[word.pieces.length - 1]?.face ?? face, size);
        open = false;
      } else {
        // "Popescu-Ionescu" may break after its hyphen: each part becomes a
        // word joined to the next without a space.
        token.split(HYPHEN_BREAK).forEach((part, i) => {
          const piece: Piece = { text: part, face, change, width: measure(doc, part, face, size) };
          const word = open && i === 0 ? last() : undefined;
          if (word) {
            word.pieces.push(piece);
            word.width += piece.width;
          } else {
            words.push({ pieces: [piece], width: piece.width, space: 0, breakAfter: false });
          }
        });
        open = true;
      }
    }
  }
  return words;
}

/** Cuts a word wider than the line into chunks that fit (long codes, URLs). */
function splitWord(doc: Doc, word: Word, width: number, size: number): Word[] {
  const chunks: Word[] = [];
  let current: Word = { pieces: [], width: 0, space: 0, breakAfter: false };
  for (const piece of word.pieces) {
    let text = '';
    for (const char of Array.from(piece.text)) {
      const next = measure(doc, text + char, piece.face, size);
      if (current.width + next > width + EPSILON && (text !== '' || current.pieces.length > 0)) {
        if (text !== '') current.pieces.push({ ...piece, text, width: measure(doc, text, piece.face, size) });
        current.width = current.pieces.reduce((sum, p) => sum + p.width, 0);
        chunks.push(current);
        current = { pieces: [], width: 0, space: 0, breakAfter: false };
        text = char;
      } else {
        text += char;
      }
    }
    if (text !== '') {
      const width = measure(doc, text, piece.face, size);
      current.pieces.push({ ...piece, text, width });
      current.width += width;
    }
  }
  current.space = word.space;
  current.breakAfter = word.breakAfter;
  chunks.push(current);
  return chunks;
}

/** Greedy line breaking: as many words per line as fit. */
function breakLines(doc: Doc, words: Word[], width: number, size: number): Line[] {
  const lines: Line[] = [];
  let current: Word[] = [];
  let lineWidth = 0;
  const finish = (last: boolean): void => {
    lines.push({ words: current, width: lineWidth, last });
    current = [];
    lineWidth = 0;
  };
  const pieces = words.flatMap((w) => (w.width > width + EPSILON ? splitWord(doc, w, width, size) : [w]));
  for (const word of pieces) {
    const previous = current[current.length - 1];
    const added = previous ? previous.space + word.width : word.width;
    if (previous && lineWidth + added > width + EPSILON) finish(false);
    lineWidth += current.length > 0 ? added : word.width;
    current.push(word);
    if (word.breakAfter) finish(true);
  }
  if (current.length > 0 || lines.length === 0) finish(true);
  return lines;
}

/** Breaks spans into lines of at most `width` points at `size`. */
export function layoutText(doc: Doc, spans: Span[], size: number, width: number): TextLines {
  const lines = breakLines(doc, toWords(doc, spans, size), width, size);
  return { lines, size, ...lineMetrics(doc, size) };
}

/** Line height and baseline offset for a size, glyphs centred in the line box. */
export function lineMetrics(doc: Doc, size: number): { lineHeight: number; baseline: number } {
  const { ascent, descent } = fontMetrics(useFont(doc, 'regular', size));
  const lineHeight = size * LINE_HEIGHT;
  return { lineHeight, baseline: (lineHeight - ascent - descent) / 2 + ascent };
}

/**
 * The redline mark under or through changed text from x1 to x2: an underline
 * for inserted text, a strike-through for deleted text, in the change's colour.
 */
export function drawChangeMark(doc: Doc, change: Change, x1: number, x2: number, baseline: number, size: number): void {
  if (x2 <= x1) return;
  const y = change === 'inserted' ? baseline + size * REDLINE.underline : baseline - size * REDLINE.strike;
  doc
    .save()
    .lineWidth(Math.max(REDLINE.minThickness, size * REDLINE.thickness))
    .strokeColor(REDLINE.colour[change])
    .moveTo(x1, y)
    .lineTo(x2, y)
    .stroke()
    .restore();
}

/** Draws `draw`'s text in the colour of a change (black again afterwards). */
export function inChangeColour(doc: Doc, change: Change | undefined, draw: () => void): void {
  if (change === undefined) {
    draw();
    return;
  }
  doc.fillColor(REDLINE.colour[change]);
  draw();
  doc.fillColor('black');
}

/**
 * Draws one line with its baseline at `baseline`. Runs of the same face (and
 * change) are drawn as one string (fewer text objects, and copy/paste keeps
 * the spaces); justification widens the spaces through pdfkit's `wordSpacing`.
 * Changed text is coloured, and its underline or strike runs unbroken over
 * the spaces between changed words.
 */
export function drawLine(
  doc: Doc,
  line: Line,
  size: number,
  at: { x: number; baseline: number; width: number; align: Alignment },
): void {
  const slack = at.width - line.width;
  // Only real spaces stretch; words joined after a hyphen do not.
  const spaced = (word: Word, index: number): boolean => index < line.words.length - 1 && word.space > 0;
  const gaps = line.words.filter(spaced).length;
  let stretch = at.align === 'justify' && !line.last && gaps > 0 && slack > 0 ? slack / gaps : 0;
  // A line before an unbreakable long word would be pulled apart into a few
  // words spread over the width; left-aligned it reads better.
  if (stretch > size * MAX_STRETCH) stretch = 0;
  let pen = at.x + (at.align === 'right' ? slack : at.align === 'center' ? slack / 2 : 0);
  let run: { face: Face; change: Change | undefined; text: string; x: number } | undefined;
  const flush = (): void => {
    if (!run || run.text.trim() === '') return;
    const { face, change, text, x } = run;
    inChangeColour(doc, change, () => {
      useFont(doc, face, size).text(text, x, at.baseline, {
        lineBreak: false,
        baseline: 'alphabetic',
        wordSpacing: stretch,
      });
    });
  };
  // Marks are drawn after the text, so they lie over the glyphs.
  const marks: Array<{ change: Change; x1: number; x2: number; open: boolean }> = [];
  line.words.forEach((word, index) => {
    for (const piece of word.pieces) {
      if (run?.face !== piece.face || run.change !== piece.change) {
        flush();
        run = { face: piece.face, change: piece.change, text: '', x: pen };
      }
      if (piece.change !== undefined) {
        const mark = marks[marks.length - 1];
        // The same change since the last mark (only spaces between): extend it.
        if (mark?.change === piece.change && mark.open) mark.x2 = pen + piece.width;
        else marks.push({ change: piece.change, x1: pen, x2: pen + piece.width, open: true });
      } else {
        const mark = marks[marks.length - 1];
        if (mark) mark.open = false;
      }
      run.text += piece.text;
      pen += piece.width;
    }
    if (spaced(word, index) && run) {
      run.text += ' ';
      pen += word.space + stretch;
    }
  });
  flush();
  for (const mark of marks) drawChangeMark(doc, mark.change, mark.x1, mark.x2, at.baseline, size);
}
