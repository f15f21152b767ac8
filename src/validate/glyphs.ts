import type { Context } from '../context.js';
import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import { locate, sourceLineAt, type DataPath, type SourceFile } from '../load/source.js';
import { pathOf, walkData } from '../load/walk.js';
import type { DocumentModel } from '../model/types.js';
import type { GlyphCoverage } from './coverage.js';
import { formatPath } from './rules.js';

export { coverageOf, type GlyphCoverage } from './coverage.js';

/*
 * Finds characters the PDF font cannot draw. A missing glyph prints as an
 * empty box or nothing at all, which on a signed document is worse than an
 * error, so every such character is reported with where it is.
 */

/** One warning per field and character, at the field's position in the role file. */
export function checkRoleGlyphs(source: SourceFile, data: unknown, covered: GlyphCoverage, family: string): Diagnostic[] {
  // The usual case, cheaply: every character of the file is drawable, so every
  // value is (unless an escape like "\u4E2D" makes a character the text lacks).
  if (!source.text.includes('\\') && allDrawable(source.text, covered)) return [];
  const diagnostics: Diagnostic[] = [];
  for (const { path, text } of undrawableStrings(data, covered)) {
    for (const char of missingChars(text, covered)) {
      const { line, column } = locate(source, path);
      diagnostics.push(
        makeDiagnostic({
          severity: 'warning',
          code: 'font/missing-glyph',
          file: source.file,
          line,
          column,
          path: formatPath(path),
          message: `the font ${family} has no glyph for ${describeChar(char)}: it would not print`,
          hint: "replace the character, or choose a font that has it in the templates' style.yaml",
          sourceLine: sourceLineAt(source, line),
        }),
      );
    }
  }
  return diagnostics;
}

/** The same check for the locale's phrases, reported against the locale file. */
export function checkPhraseGlyphs(context: Context, file: string, phrases: unknown, covered: GlyphCoverage, family: string): Diagnostic[] {
  const checkedPhrases = context.checkedPhrases;
  // A batch checks the same locale for every role: once is enough.
  const key = phrases !== null && typeof phrases === 'object' ? phrases : undefined;
  const known = key && checkedPhrases.get(key)?.get(covered);
  if (known) return known;
  const found = undrawableStrings(phrases, covered).flatMap(({ path, text }) =>
    missingChars(text, covered).map((char) =>
      positionlessWarning(
        file,
        `the font ${family} has no glyph for ${describeChar(char)}: it would not print`,
        'replace the character, or choose a font that has it in style.yaml',
        `phrases.${formatPath(path)}`,
      ),
    ),
  );
  if (key) checkedPhrases.set(key, (checkedPhrases.get(key) ?? new Map()).set(covered, found));
  return found;
}

/**
 * Text the templates wrote themselves (fixed punctuation, a custom template's
 * wording): reported once per character against the document, unless the
 * role or locale checks already named that character.
 */
export function checkModelGlyphs(file: string, model: DocumentModel, covered: GlyphCoverage, family: string, already: Diagnostic[]): Diagnostic[] {
  const text = JSON.stringify({ header: model.header, footer: model.footer, blocks: model.blocks });
  if (allDrawable(text, covered)) return [];
  const reported = new Set(already.map((d) => /“(.+)”/u.exec(d.message)?.[1]));
  const chars = new Set(missingChars(text, covered));
  return [...chars]
    .filter((char) => !reported.has(char))
    .map((char) =>
      positionlessWarning(
        file,
        `the font ${family} has no glyph for ${describeChar(char)}, which the templates print: it would not print`,
        'change the template text, or choose a font that has it in style.yaml',
      ),
    );
}

function positionlessWarning(file: string, message: string, hint: string, path?: string): Diagnostic {
  return makeDiagnostic({ severity: 'warning', code: 'font/missing-glyph', file, line: 0, column: 0, ...(path ? { path } : {}), message, hint });
}

/** Whether every character has a glyph or needs none (needsNoGlyph): one scan by the coverage's regular expression. */
export function allDrawable(text: string, covered: GlyphCoverage): boolean {
  return !covered.undrawable.test(text);
}

/** Control characters and white space are never drawn, so they need no glyph. */
export function needsNoGlyph(codePoint: number): boolean {
  return codePoint < 0x20 || /\s/.test(String.fromCodePoint(codePoint));
}

function missingChars(text: string, covered: GlyphCoverage): string[] {
  let missing: Set<string> | undefined;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (covered(codePoint) || needsNoGlyph(codePoint)) continue;
    (missing ??= new Set()).add(char);
  }
  return missing ? [...missing] : [];
}

/** The texts of the data with a character the font cannot draw, and their paths. */
function undrawableStrings(data: unknown, covered: GlyphCoverage): Array<{ path: DataPath; text: string }> {
  const found: Array<{ path: DataPath; text: string }> = [];
  walkData(data, (value, place) => {
    if (typeof value === 'string' && !allDrawable(value, covered)) found.push({ path: pathOf(place), text: value });
  });
  return found;
}

export function describeChar(char: string): string {
  const hex = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `“${char}” (U+${hex})`;
}
