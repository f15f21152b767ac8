/**
 * Line breaking and line drawing for runs of mixed bold/italic text.
 *
 * Keep-with-next, orphan control and hanging indents need to know where the
 * lines of a text fall before anything is drawn, so lines are broken here
 * (greedy, at spaces and hyphenation points) and each line is drawn at the
 * position the layout chose.
 */
import type { Alignment, Change, Span } from '../../model/types.js';
import type { PdfDocument } from './file/document.js';
import { type Face, type Pdf, docFace, faceOf, fontMetrics, shapedWidth, wordWidth } from './fonts.js';
import { TextOut } from './glyphs.js';
import type { Shaped } from './shaping.js';
import { splitWord } from './split.js';
import { EPSILON, LINE_HEIGHT, MAX_STRETCH, REDLINE } from './style.js';
import type { Hyphenator } from '../../theme/hyphenation.js';

/** Part of a word in one face ("**Educ**ation" is one word of two pieces). */
export interface Piece {
  text: string;
  face: Face;
  /** The text as the face's shaper shapes it (it has no spaces). */
  shaped: Shaped;
  width: number;
  /** The text has whitespace other than spaces and tabs (a no-break space). */
  spaces: boolean;
  /** The text is nothing but such whitespace. */
  blank: boolean;
  /** In a redline: inserted or deleted text. */
  change?: Change | undefined;
}

export interface Word {
  pieces: Piece[];
  width: number;
  /** Width of the space after the word (0 at the end of the text). */
  space: number;
  /** A newline in the source ends the line after this word. */
  breakAfter: boolean;
  /**
   * A part of a word hyphenated across lines: what it stands for in the
   * text (its /ActualText). The last part stands for the whole word, the
   * parts before it (ending in the hyphen the break added) for nothing, so
   * copied, searched and read-aloud text has the word once, whole.
   */
  actualText?: string;
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

type Doc = PdfDocument;

export const measure = (pdf: Pdf, text: string, face: Face, size: number): number => wordWidth(pdf, face, text, size);

/** A break opportunity after a hyphen between letters (not in dates or "-5"). */
const HYPHEN_BREAK = /(?<=\p{L}[-\u2010])(?=\p{L})/u;

/** Whitespace as pdfkit's regular expressions see it (\s). */
export const WHITESPACE = /\s/;

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * Splits spans into words. Only space, tab and newline separate words: a
 * no-break space (U+00A0, as in "No.\u00a0JD-014") must keep its words together.
 */
function toWords(pdf: Pdf, spans: Span[], size: number): Word[] {
  const words: Word[] = [];
  let open = false; // whether the next token continues the last word
  const spaceWidths: Partial<Record<Face, number>> = {};
  const spaceOf = (face: Face): number => (spaceWidths[face] ??= measure(pdf, ' ', face, size));
  /** Adds a piece of text, to the last word (`join`) or as a new word. */
  const add = (part: string, face: Face, change: Change | undefined, join: boolean): void => {
    const shaped = docFace(pdf, face).shaper.shape(part);
    const spaces = WHITESPACE.test(part);
    const piece: Piece = { text: part, face, change, shaped, width: shapedWidth(shaped, size), spaces, blank: spaces && part.trim() === '' };
    const word = join ? words[words.length - 1] : undefined;
    if (word) {
      word.pieces.push(piece);
      word.width += piece.width;
    } else {
      words.push({ pieces: [piece], width: piece.width, space: 0, breakAfter: false });
    }
  };
  for (const span of spans) {
    const face = faceOf(span.bold, span.italic);
    const change = span.change;
    const text = span.text.includes('\r') ? span.text.replace(/\r\n?/g, '\n') : span.text;
    // The span's new words shaped together (shaping.ts): the same glyphs, fewer calls into HarfBuzz.
    docFace(pdf, face).shaper.prepare(text);
    const length = text.length;
    let at = 0;
    while (at < length) {
      const code = text.charCodeAt(at);
      if (code === NEWLINE) {
        at += 1;
        // An empty word gives an empty line for "\n\n".
        if (!open && (words[words.length - 1]?.breakAfter ?? true)) words.push({ pieces: [], width: 0, space: 0, breakAfter: false });
        const word = words[words.length - 1];
        if (word) word.breakAfter = true;
        open = false;
      } else if (code === SPACE || code === TAB) {
        while (at < length && (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB)) at += 1;
        const word = words[words.length - 1];
        if (open && word) word.space = spaceOf(word.pieces[word.pieces.length - 1]?.face ?? face);
        open = false;
      } else {
        const start = at;
        while (at < length) {
          const next = text.charCodeAt(at);
          if (next === SPACE || next === TAB || next === NEWLINE) break;
          at += 1;
        }
        const token = text.slice(start, at);
        // "Popescu-Ionescu" may break after its hyphen: each part becomes a
        // word joined to the next without a space. A word holding a digit is
        // a number or code ("BNJ-PP-07/2026", "ПІ-08") and never breaks.
        if ((token.includes('-') || token.includes('\u2010')) && !/\d/.test(token))
          token.split(HYPHEN_BREAK).forEach((part, i) => add(part, face, change, open && i === 0));
        else add(token, face, change, open);
        open = true;
      }
    }
  }
  return words;
}

/**
 * Greedy line breaking: as many words per line as fit. With a hyphenator, a
 * word that does not fit is broken at the last of its hyphenation points
 * that leaves the line (with a hyphen) within the width, as Word and
 * LibreOffice do; justified lines then keep their spaces close to normal.
 */
function breakLines(pdf: Pdf, words: Word[], width: number, size: number, hyphenate?: Hyphenator): Line[] {
  const lines: Line[] = [];
  let current: Word[] = [];
  let lineWidth = 0;
  const finish = (last: boolean): void => {
    lines.push({ words: current, width: lineWidth, last });
    current = [];
    lineWidth = 0;
  };
  const pieces = words.some((w) => w.width > width + EPSILON)
    ? words.flatMap((w) => (w.width > width + EPSILON ? splitWord(pdf, w, width, size) : [w]))
    : words;
  for (const original of pieces) {
    let word = original;
    for (;;) {
      const previous = current[current.length - 1];
      const added = previous ? previous.space + word.width : word.width;
      if (previous && lineWidth + added > width + EPSILON) {
        const split = hyphenate === undefined ? undefined : hyphenated(pdf, word, width - lineWidth - previous.space, size, hyphenate);
        if (split !== undefined) {
          lineWidth += previous.space + split[0].width;
          current.push(split[0]);
          finish(false);
          word = split[1];
          continue;
        }
        finish(false);
      }
      lineWidth += current.length > 0 ? added : word.width;
      current.push(word);
      if (word.breakAfter) finish(true);
      break;
    }
  }
  if (current.length > 0 || lines.length === 0) finish(true);
  return lines;
}

/** A word of one piece made anew from its text (a part of a hyphenated word standing for `actualText`). */
function wordOf(pdf: Pdf, piece: Piece, text: string, size: number, space: number, breakAfter: boolean, actualText: string): Word {
  const shaped = docFace(pdf, piece.face).shaper.shape(text);
  const width = shapedWidth(shaped, size);
  return { pieces: [{ ...piece, text, shaped, width }], width, space, breakAfter, actualText };
}

/**
 * The word broken at its last hyphenation point whose first part, with a
 * hyphen, fits `room`: [first part, rest], or undefined. Words of several
 * pieces (bold and plain in one word) and words with no-break spaces are
 * left whole.
 */
function hyphenated(pdf: Pdf, word: Word, room: number, size: number, hyphenate: Hyphenator): [Word, Word] | undefined {
  const piece = word.pieces[0];
  if (word.pieces.length !== 1 || piece === undefined || piece.spaces) return undefined;
  const breaks = hyphenate(piece.text);
  // The rest of a word broken before (on the line above) knows the whole word.
  const whole = word.actualText ?? piece.text;
  // Every head and tail the breaks give shaped in one call into HarfBuzz (shaping.ts): one or two of them are used.
  docFace(pdf, piece.face).shaper.prepareWords(breaks.flatMap((at) => [`${piece.text.slice(0, at)}-`, piece.text.slice(at)]));
  for (let k = breaks.length - 1; k >= 0; k -= 1) {
    const at = breaks[k]!;
    const head = wordOf(pdf, piece, `${piece.text.slice(0, at)}-`, size, 0, false, '');
    if (head.width <= room + EPSILON) return [head, wordOf(pdf, piece, piece.text.slice(at), size, word.space, word.breakAfter, whole)];
  }
  return undefined;
}

/** Hyphenation of a text: the language (part of the layout's cache key) and its hyphenator. */
export interface Hyphenation {
  language: string;
  hyphenate: Hyphenator;
}

/**
 * Breaks spans into lines of at most `width` points at `size`, hyphenating
 * words with `hyphenation` when given.
 */
export function layoutText(pdf: Pdf, spans: Span[], size: number, width: number, hyphenation?: Hyphenation): TextLines {
  const key = layoutKey(pdf, spans, size, width) + (hyphenation === undefined ? '' : `|h:${hyphenation.language}`);
  const { caches } = pdf;
  let text = caches.layouts.get(key);
  if (text === undefined) {
    const lines = breakLines(pdf, toWords(pdf, spans, size), width, size, hyphenation?.hyphenate);
    text = { lines, size, ...lineMetrics(pdf, size) };
    caches.layouts.set(key, text);
  }
  return text;
}

/*
 * Laid-out texts are shared by the documents of a context (PdfCaches.layouts). Job descriptions
 * repeat most of their paragraphs (standard clauses, headings, table
 * headers), and a layout depends only on the spans, the size, the width and
 * the fonts, so the lines of one document serve the next. Lines, words and
 * pieces are never modified once laid out. Bounded (LAYOUT_LIMIT in
 * caches.ts), so neither a long-running process nor a big batch grows without end.
 */

/** Everything a layout depends on, as a string (texts length-prefixed, so no two inputs share a key). */
function layoutKey(pdf: Pdf, spans: Span[], size: number, width: number): string {
  let key = `${pdf.facesKey}|${size}|${width}`;
  for (const span of spans) {
    const change = span.change === undefined ? '' : span.change === 'inserted' ? '+' : '-';
    key += `|${span.bold ? 'b' : ''}${span.italic ? 'i' : ''}${change}${span.text.length}:${span.text}`;
  }
  return key;
}

/** Line height and baseline offset for a size, glyphs centred in the line box. */
export function lineMetrics(pdf: Pdf, size: number): { lineHeight: number; baseline: number } {
  const { ascent, descent } = fontMetrics(pdf, 'regular', size);
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

/** Text of one face and change in a line: its words, each maybe followed by a space. */
interface Run {
  face: Face;
  change: Change | undefined;
  x: number;
  /** The words' shapes; undefined for a word of several pieces (shaped joined when drawn). */
  words: Array<Shaped | undefined>;
  texts: string[];
  spaced: boolean[];
  /** The last word may still grow (no space after it yet). */
  open: boolean;
  /** Some piece has whitespace other than spaces (see Piece). */
  spaces: boolean;
  /** Every piece is nothing but such whitespace. */
  blank: boolean;
}

/**
 * Draws one line with its baseline at `baseline`. Runs of the same face (and
 * change) are drawn as one text (fewer text objects, and copy/paste keeps
 * the spaces); justification widens the spaces as pdfkit's `wordSpacing` does.
 * Changed text is coloured, and its underline or strike runs unbroken over
 * the spaces between changed words. The text goes to `out`, written before
 * anything else is drawn; without `out`, at the end of the line.
 */
export function drawLine(pdf: Pdf, line: Line, size: number, at: { x: number; baseline: number; width: number; align: Alignment }, out?: TextOut): void {
  const slack = at.width - line.width;
  // Only real spaces stretch; words joined after a hyphen do not.
  const spaced = (word: Word, index: number): boolean => index < line.words.length - 1 && word.space > 0;
  let gaps = 0;
  for (let index = 0; index < line.words.length; index += 1) if (spaced(line.words[index]!, index)) gaps += 1;
  let stretch = at.align === 'justify' && !line.last && gaps > 0 && slack > 0 ? slack / gaps : 0;
  // A line before an unbreakable long word would be pulled apart into a few
  // words spread over the width; left-aligned it reads better.
  if (stretch > size * MAX_STRETCH) stretch = 0;
  let pen = at.x + (at.align === 'right' ? slack : at.align === 'center' ? slack / 2 : 0);
  let run: Run | undefined;
  const text = out ?? new TextOut(pdf);
  let colour: Change | undefined;
  /** Draws the run; with `actualText`, as a marked-content sequence standing for that text. */
  const flush = (actualText?: string): void => {
    // Nothing but spaces (no-break spaces) to draw: pdfkit would draw nothing.
    if (!run || run.blank) return;
    const { face, change, x } = run;
    if (change !== colour) {
      // A change of colour writes the text before it.
      text.flush();
      pdf.doc.fillColor(change === undefined ? 'black' : REDLINE.colour[change]);
      colour = change;
    }
    if (actualText === undefined) draw(run, face, x);
    else {
      // A text object and marked-content sequence of its own (PdfDocument.separately).
      text.flush();
      const part = run;
      pdf.doc.separately(() => {
        text.beginActualText(actualText);
        draw(part, face, x);
        text.endActualText();
        text.flush();
      });
    }
  };
  const draw = (run: Run, face: Face, x: number): void => {
    const { shaper } = docFace(pdf, face);
    if (stretch && run.spaces) {
      // pdfkit splits a justified text at every kind of space (a no-break space too).
      const joined = run.texts.map((t, k) => (run.spaced[k] ? `${t} ` : t)).join('');
      text.text(face, size, joined, x, at.baseline, stretch);
    } else {
      const words = run.words.map((word, k) => word ?? shaper.shape(run.texts[k]!));
      text.words(face, size, words, run.spaced, x, at.baseline, stretch);
    }
  };
  // Marks are drawn after the text, so they lie over the glyphs.
  const marks: Array<{ change: Change; x1: number; x2: number; open: boolean }> = [];
  line.words.forEach((word, index) => {
    // A part of a hyphenated word is a run of its own, with its space if one follows.
    const { actualText } = word;
    if (actualText !== undefined) {
      flush();
      run = undefined;
    }
    for (const piece of word.pieces) {
      if (run?.face !== piece.face || run.change !== piece.change) {
        flush();
        run = { face: piece.face, change: piece.change, x: pen, words: [], texts: [], spaced: [], open: false, spaces: false, blank: true };
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
      if (run.open) {
        // "Popescu-" and "Ionescu", or two spans in one word: drawn as one word.
        const last = run.words.length - 1;
        run.words[last] = undefined;
        run.texts[last] += piece.text;
      } else {
        run.words.push(piece.shaped);
        run.texts.push(piece.text);
        run.spaced.push(false);
        run.open = true;
      }
      run.spaces ||= piece.spaces;
      run.blank &&= piece.blank;
      pen += piece.width;
    }
    if (spaced(word, index) && run) {
      run.spaced[run.spaced.length - 1] = true;
      run.open = false;
      pen += word.space + stretch;
    }
    if (actualText !== undefined) {
      flush(spaced(word, index) ? `${actualText} ` : actualText);
      run = undefined;
    }
  });
  flush();
  if (colour !== undefined || marks.length > 0 || !out) text.flush();
  if (colour !== undefined) pdf.doc.fillColor('black');
  for (const mark of marks) drawChangeMark(pdf.doc, mark.change, mark.x1, mark.x2, at.baseline, size);
}
