import { relative } from 'node:path';

/** A path as the user sees it: relative to the current folder when inside it, else absolute. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/**
 * A value from outside (a path, an environment variable) as it may be shown on
 * a terminal: control characters escaped, so they cannot move the cursor or
 * recolour the screen, and a very long value shortened.
 */
export function printable(text: string, max = 200): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return short.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
