import { relative } from 'node:path';

/** A path as the user sees it: relative to the current folder when inside it, else absolute. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/**
 * Characters a terminal acts on instead of showing: C0 controls but tab (ESC
 * starts colour and cursor sequences, BEL rings, CR and LF rewrite lines),
 * DEL, C1 controls (U+009B is a one-character CSI), the bidirectional
 * embeddings, overrides and isolates (they reorder what follows, as in
 * "Trojan Source"), and the line and paragraph separators.
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** How an unsafe character is shown: `\x1b`, `\u202e`, as in a JavaScript string. */
function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character written as a visible escape, so it can go to a terminal as is. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** terminalSafe line by line, for messages whose line breaks are their own. */
export function terminalSafeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}

/**
 * A value from outside (a path, an environment variable) as it may be shown on
 * a terminal: control characters escaped, so they cannot move the cursor or
 * recolour the screen, and a very long value shortened.
 */
export function printable(text: string, max = 200): string {
  return terminalSafe(text.length > max ? `${text.slice(0, max)}…` : text);
}
