import type { Palette } from '../palette.js';
import { formatDiagnosticPlain, type Diagnostic } from '../diagnostics.js';
import { terminalSafe } from '../env/printable.js';

/**
 * A diagnostic as a person reads it: the compiler-style first line (editors
 * and CI parse it), the offending source line with a caret, then the hint.
 *
 * Everything in a diagnostic may come from the input (a key, a value, a file
 * name, a line of the file), so every part goes through terminalSafe: an ESC
 * in a role file must not move the cursor or recolour the terminal of the
 * person reading the message.
 */
/** A stream that may ask the writer to wait (a pipe whose reader is slower): process.stderr is one. */
type WritableText = {
  write(text: string): unknown;
  once?(event: 'drain' | 'close', listener: () => void): unknown;
  off?(event: 'drain' | 'close', listener: () => void): unknown;
};

/** Resolves when the stream can take more, or is closed (a reader that left: nothing more will drain). */
function drained(stream: WritableText): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off?.('drain', done);
      stream.off?.('close', done);
      resolve();
    };
    stream.once!('drain', done);
    stream.once!('close', done);
  });
}

/**
 * Writes diagnostics in chunks of about 64 KB (one write per diagnostic is
 * most of the time for a file with 100,000 problems), waiting whenever the
 * stream asks to: otherwise Node queues every chunk a slow pipe cannot take
 * yet, and 38 MB of messages stay in memory.
 */
export async function writeDiagnostics(stream: WritableText, diagnostics: readonly Diagnostic[], c: Palette): Promise<void> {
  let chunk = '';
  const flush = async () => {
    if (stream.write(chunk) === false && stream.once) await drained(stream);
    chunk = '';
  };
  for (const d of diagnostics) {
    chunk += renderDiagnostic(d, c);
    if (chunk.length > 65_536) await flush();
  }
  if (chunk) await flush();
}

export function renderDiagnostic(d: Diagnostic, c: Palette): string {
  const colour = d.severity === 'error' ? c.red : c.yellow;
  const label = d.severity === 'error' ? c.errorLabel : c.warningLabel;
  const head = terminalSafe(formatDiagnosticPlain(d)).replace(`: ${d.severity}: `, `: ${label(d.severity)}: `);
  const lines = [c.bold(head)];
  if (d.sourceLine !== undefined && d.line > 0) {
    const gutter = String(d.line);
    const { text, caret } = shownLine(d.sourceLine, d.column);
    lines.push(c.dim(`  ${gutter} | `) + text);
    lines.push(c.dim(`  ${' '.repeat(gutter.length)} | `) + caret + colour('^'));
  }
  for (const from of d.includedFrom ?? []) lines.push(c.dim(`  included from ${terminalSafe(from.file)}:${from.line}:${from.column}`));
  if (d.hint) lines.push(`  ${c.cyan('hint:')} ${terminalSafe(d.hint)}`);
  return `${lines.join('\n')}\n`;
}

export { terminalSafe };

/** The most of a source line shown under a message, in code points: a 5 MB one-line file is not printed per error. */
const SHOWN_LINE = 160;
/** Code units of a long line looked at around the column: twice SHOWN_LINE, as any code point fits in two. */
const NEAR = SHOWN_LINE * 2;

/**
 * The source line as printed, and the padding that puts the caret under
 * column `column` (1-based, in UTF-16 code units as yaml counts) of the
 * original line. The padding keeps the line's tabs and the width of each
 * escape, and gives no width to combining marks, so the caret stays under
 * the character it points at. A long line is cut to a window around the
 * column, with an ellipsis at each cut; only that window is looked at, so a
 * diagnostic costs the same on a 5 MB line as on a short one.
 */
export function shownLine(line: string, column: number): { text: string; caret: string } {
  const near = line.length > NEAR ? window(line, column - 1, NEAR) : { text: line, start: 0 };
  const points = Array.from(near.text);
  // The caret's index among the code points looked at.
  let target = 0;
  for (let units = near.start; target < points.length && units < column - 1; target += 1) units += points[target]!.length;
  let first = 0;
  let last = points.length;
  if (points.length > SHOWN_LINE) {
    first = Math.max(0, Math.min(target - SHOWN_LINE / 2, points.length - SHOWN_LINE));
    last = first + SHOWN_LINE;
  }
  const cutBefore = near.start > 0 || first > 0;
  // A combining mark without its letter would draw over the ellipsis.
  while (cutBefore && first < target && /\p{M}/u.test(points[first]!)) first += 1;
  const cutAfter = last < points.length || near.start + near.text.length < line.length;
  const kept = points.slice(first, last);
  const text = (cutBefore ? '…' : '') + terminalSafe(kept.join('')) + (cutAfter ? '…' : '');
  const caret =
    (cutBefore ? ' ' : '') +
    kept
      .slice(0, target - first)
      .map(padding)
      .join('');
  return { text, caret };
}

/** A slice of `line` of about `size` code units around `at`, cut between code points. */
function window(line: string, at: number, size: number): { text: string; start: number } {
  let start = Math.max(0, Math.min(at - size / 2, line.length - size));
  let end = Math.min(line.length, start + size);
  if (isLowSurrogate(line.charCodeAt(start))) start += 1;
  if (isLowSurrogate(line.charCodeAt(end))) end += 1;
  return { text: line.slice(start, end), start };
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** What goes under one character of the shown line: as wide as it is printed. */
function padding(char: string): string {
  // Printable ASCII first: nearly every character of a source line.
  const code = char.charCodeAt(0);
  if (code >= 0x20 && code < 0x7f) return ' ';
  if (char === '\t') return '\t';
  if (/\p{M}/u.test(char)) return '';
  const shown = terminalSafe(char);
  return ' '.repeat(shown === char ? 1 : shown.length);
}
