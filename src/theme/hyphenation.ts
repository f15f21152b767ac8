import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Span } from '../model/types.js';
import { once } from '../once.js';

/**
 * Hyphenation for the PDF's line breaker, from the Liang patterns of the
 * TeX hyph-utf8 collection that the `hyphen` package ships (the patterns
 * LibreOffice's and TeX's hyphenation come from). The DOCX leaves
 * hyphenation to Word and LibreOffice (w:autoHyphenation) with their own
 * dictionaries for the text's language.
 *
 * Azerbaijani has no pattern set of its own: its syllables follow the same
 * rules as Turkish ones (a syllable holds one vowel, a single consonant
 * between vowels starts the next syllable, two are split), so the Turkish
 * patterns are used with the Azerbaijani letters that Turkish lacks mapped
 * to Turkish letters of the same kind (ə → e, x → h, q → k). The mapping keeps
 * every word's length, so the break positions apply to the original word.
 */

/** Offsets in a word where it may break (a hyphen is added at the break). */
export type Hyphenator = (word: string) => number[];

/** The hyphen package's hyphenator, as its `createHyphenator(patterns)` makes it (the README's API). */
type HyphenateSync = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
type CreateHyphenator = (patterns: unknown) => HyphenateSync;

const load = createRequire(import.meta.url);

/** The pattern sets the bundled locales use (see patternName). */
export const PATTERN_NAMES = ['en-gb', 'en-us', 'ru', 'uk', 'ro', 'lv', 'sq', 'tr'] as const;
type PatternName = (typeof PATTERN_NAMES)[number];

/** Pattern set by primary language subtag; `en` by region. */
function patternName(language: string): PatternName | undefined {
  const [primary = '', region = ''] = language.toLowerCase().split(/[-_]/);
  switch (primary) {
    case 'en':
      return region === 'us' ? 'en-us' : 'en-gb';
    case 'ru':
    case 'uk':
    case 'ro':
    case 'lv':
    case 'sq':
      return primary;
    case 'az':
      return 'tr';
    default:
      return undefined;
  }
}

/**
 * Where `npm run build` writes a pattern set as JSON, beside the bundle. The
 * package ships each set as a JavaScript file of one big literal (the trie),
 * which Node compiles on every cold start (en-gb: 164 kB, about 15 ms); the
 * same data as JSON is parsed in about half that.
 */
export function precompiledPatternsFile(name: string): string {
  return fileURLToPath(new URL(`./hyphen-patterns.${name}.json`, import.meta.url));
}

/** The installed hyphen package's version, which a precompiled file must carry. */
const hyphenVersion = once(() => (load('hyphen/package.json') as { version: string }).version);

/** Build step: every pattern set the bundled locales use, as JSON with the hyphen version it came from. */
export function writePrecompiledPatterns(): void {
  for (const name of PATTERN_NAMES) {
    writeFileSync(precompiledPatternsFile(name), JSON.stringify({ hyphen: hyphenVersion(), patterns: load(`hyphen/patterns/${name}.js`) as unknown }));
  }
}

/**
 * The hyphenator of a pattern set: the hyphen package's createHyphenator over
 * the precompiled copy of its patterns when `file` holds one made from the
 * installed version, else over the package's own file (a stale build is
 * slower, never wrong).
 */
export function loadPatterns(name: PatternName, file = precompiledPatternsFile(name)): HyphenateSync {
  const createHyphenator = load('hyphen') as CreateHyphenator;
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { hyphen?: unknown; patterns?: unknown };
    if (stored.hyphen === hyphenVersion() && Array.isArray(stored.patterns)) return createHyphenator(stored.patterns);
  }
  return createHyphenator(load(`hyphen/patterns/${name}.js`));
}

/** Each pattern set's hyphenator, made on first use (its patterns are jdgen's installed files, the same for every caller). */
const HYPHENATORS = Object.fromEntries(PATTERN_NAMES.map((name) => [name, once(() => loadPatterns(name))])) as Record<PatternName, () => HyphenateSync>;

const AZ_TO_TR: Readonly<Record<string, string>> = { ə: 'e', Ə: 'E', x: 'h', X: 'H', q: 'k', Q: 'K' };

/** Letters kept before and after a break: "a-" or "-ly" alone on a line reads badly. */
const MIN_BEFORE = 2;
const MIN_AFTER = 3;
/** The break mark the patterns insert; no letter of any of the languages. */
const MARK = '\u00ad';

/** The hyphenator for a document language, or undefined when there are no patterns for it. */
export function hyphenatorFor(language: string): Hyphenator | undefined {
  const name = patternName(language);
  if (name === undefined) return undefined;
  const hyphenateSync = HYPHENATORS[name]();
  const mapped = name === 'tr' && !language.toLowerCase().startsWith('tr');
  return (word) => {
    const input = mapped ? word.replace(/[əƏxXqQ]/g, (c) => AZ_TO_TR[c] ?? c) : word;
    const marked = hyphenateSync(input, { hyphenChar: MARK, minWordLength: MIN_BEFORE + MIN_AFTER });
    const breaks: number[] = [];
    let at = 0;
    for (const char of marked) {
      if (char === MARK) breaks.push(at);
      else at += char.length;
    }
    const letters = (from: number, to: number): number => (word.slice(from, to).match(/\p{L}/gu) ?? []).length;
    return breaks.filter((offset) => letters(0, offset) >= MIN_BEFORE && letters(offset, word.length) >= MIN_AFTER && /\p{L}/u.test(word[offset - 1] ?? ''));
  };
}

/**
 * A centred title block never ends with one short word or a number alone on
 * its last line («Код / профессии: 24075»). In a line of items set off by
 * " · " (number, city, date; reports to, category, code) a short item is
 * kept whole, and a short last word stays with the word before it. No-break
 * spaces do it, which Word, LibreOffice and the PDF's line breaker all honour.
 */
export function glueCentred(spans: readonly Span[]): Span[] {
  const glued = spans.map((span) => ({
    ...span,
    text: span.text.includes(' · ')
      ? span.text
          .split(' · ')
          .map((item) => (item.length <= SHORT_ITEM ? item.replace(/ /g, '\u00a0') : item))
          .join(' · ')
      : span.text,
  }));
  const last = glued[glued.length - 1];
  if (last !== undefined) {
    // The last word is what follows the last ordinary space: words already
    // joined by no-break spaces («№ ПІ-08», "No. JD-014") count as one.
    // A whole " · " item kept on one line above stays free to move alone.
    const match = /(?<!·) ([^ ]+)$/.exec(last.text);
    if (match !== null && (match[1]!.length <= SHORT_WORD || /\d/.test(match[1]!))) last.text = `${last.text.slice(0, match.index)}\u00a0${match[1]!}`;
  }
  return glued;
}

/** Characters of an item short enough to be kept on one line. */
const SHORT_ITEM = 30;
/** Letters in a word short enough to be glued to the word before it. */
const SHORT_WORD = 6;
