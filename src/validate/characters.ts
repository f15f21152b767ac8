import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { DataPath } from '../load/source.js';
import { pathOf, walkData, type Place } from '../load/walk.js';
import type { Locator } from './locator.js';
import { formatPath } from './rules.js';

/*
 * Characters no document can show. Control characters (C0 but tab, line feed
 * and carriage return; DEL; C1) and halves of a surrogate pair print as
 * boxes or nothing, break the DOCX's XML and would reach the Markdown and
 * the terminal raw, so they are refused where they were written. Bidi
 * embedding and isolate controls show the text in another order than it
 * is stored (and compared): a warning, as a right-to-left name may need one.
 */
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * Every key and text value of the data, checked for those characters. With
 * `warnings: false` only the refusals come back (the merged role repeats
 * the files' text, whose warnings were given already).
 */
export function checkCharacters(locator: Locator, data: unknown, options: { warnings: boolean }): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (text: string, place: Place | undefined, key: boolean): void => {
    const refused = REFUSED.exec(text);
    if (refused) diagnostics.push(characterDiagnostic(locator, pathOf(place), key, text, refused.index, 'error'));
    const bidi = options.warnings ? BIDI.exec(text) : null;
    if (bidi) diagnostics.push(characterDiagnostic(locator, pathOf(place), key, text, bidi.index, 'warning'));
  };
  walkData(data, (value, place) => {
    if (typeof place?.key === 'string') check(place.key, place, true);
    if (typeof value === 'string') check(value, place, false);
  });
  return diagnostics;
}

function characterDiagnostic(locator: Locator, path: DataPath, key: boolean, text: string, index: number, severity: 'error' | 'warning'): Diagnostic {
  const at = locator(path, { key });
  const char = text.codePointAt(index)!;
  const code = `U+${char.toString(16).toUpperCase().padStart(4, '0')}`;
  // Written as itself on the value's line, the character is pointed at; written as an escape ("\e"), the value is.
  const raw = at.sourceLine.indexOf(String.fromCodePoint(char), at.column - 1);
  const where = raw >= 0 ? `at column ${raw + 1}` : `at character ${index + 1} of the ${key ? 'key' : 'text'}`;
  const error = severity === 'error';
  return makeDiagnostic({
    severity,
    code: error ? 'text/control-character' : 'text/bidi-control',
    ...at,
    column: raw >= 0 ? raw + 1 : at.column,
    path: formatPath(path) || '(top level)',
    message: error
      ? `${isSurrogate(char) ? 'half of a character' : 'control character'} ${code} ${where}; remove it`
      : `bidirectional control ${code} ${where}: the text would show in another order than it is written`,
    hint: error
      ? 'no document can show it; it often comes from copying text out of another program'
      : 'remove it unless the text really mixes right-to-left and left-to-right writing',
  });
}

function isSurrogate(codePoint: number): boolean {
  return codePoint >= 0xd800 && codePoint <= 0xdfff;
}
