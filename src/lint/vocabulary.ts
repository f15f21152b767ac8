import { join } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, makeDiagnostic, UserError } from '../diagnostics.js';
import { parseYamlText } from '../load/load.js';
import { readRegularText } from '../load/read-file.js';
import { allCopies } from '../render/layers.js';
import { fileLocator } from '../validate/locator.js';
import { formatPath } from '../validate/rules.js';

/**
 * The words the lint rules look for, per language: `templates/lint/<locale>.yaml`
 * beside the locale phrases (and layered the same way, so a templates folder
 * may add a language or change one list). The rules are written against the
 * ids in these files, never against words, so a new language adds a file.
 *
 * A pattern is a regular expression, in lower case, over the clause text in lower case,
 * with three short-hands that keep stems readable and inflection-proof:
 * `~` is any word ending (`договор~` matches договор, договора, договорами),
 * a space is any run of spaces and punctuation, and ` … ` is up to five
 * words in between. A pattern matches whole words: it never starts inside a
 * word, and unless it ends with `~` it never stops inside one either.
 */
export interface VocabularyData {
  /** Fold diacritics in text and patterns (Romanian is often typed without ș ț ă â î). */
  fold_diacritics?: boolean;
  /**
   * Read ş ţ (s, t with a cedilla) as ș ț (with a comma below): Romanian text typed with the old
   * cedilla letters. Never for Azerbaijani or Turkish, where ş is the letter itself.
   */
  cedillas_as_commas?: boolean;
  /**
   * What a document in this language is expected to carry (its practice, not every jurisdiction's law).
   * Whether a familiarisation sheet is expected is the locale's own setting
   * (`familiarization_sheet: expected` in locales/<locale>.yaml), read by validation and lint alike.
   */
  expects?: { agreement?: boolean };
  /** duty-without-right: per authority, the duties that need it and the rights that grant it. */
  authorities?: Record<string, { duty?: string[]; right?: string[] }>;
  liability?: Record<string, string[]>;
  general_provisions?: Record<string, string[]>;
  discrimination?: Record<string, string[]>;
  /** skills-match-duties: per skill, duties that need it and the qualification text that provides it. */
  skills?: Record<string, { duty?: string[]; qualification?: string[] }>;
  /** Tools named literally (CRM, 1C, SAP): a duty naming one needs a qualification naming it too. */
  tools?: string[];
  /** Blanks to fill in this language ("[указать]"), besides TODO, XXX, … and bracketed capitals. */
  placeholders?: string[];
}

/** One pattern, with its source for messages. */
export interface Pattern {
  source: string;
  /** Text every match contains (see leadingLiteral), or '': a text without it is not run through the expression. */
  literal: string;
  /** The compiled expression, made on first use (see makePattern). */
  readonly regex: RegExp;
}

export interface Vocabulary {
  locale: string;
  /** The files it was read from, bundled first. */
  files: string[];
  foldDiacritics: boolean;
  /** See VocabularyData.cedillas_as_commas. */
  cedillasAsCommas?: boolean;
  expects: { agreement: boolean };
  authorities: Map<string, { duty: Pattern[]; right: Pattern[] }>;
  liability: Map<string, Pattern[]>;
  generalProvisions: Map<string, Pattern[]>;
  discrimination: Map<string, Pattern[]>;
  skills: Map<string, { duty: Pattern[]; qualification: Pattern[] }>;
  tools: string[];
  placeholders: Pattern[];
}

const WORD = '[\\p{L}\\p{N}]';
const GAP = '[^\\p{L}\\p{N}]+';

/** A pattern of the vocabulary as a regular expression (see VocabularyData). */
export function compilePattern(source: string, fold: boolean): RegExp {
  return new RegExp(expression(source, fold, WORD, GAP), 'u');
}

/** The expression of a pattern, with `word` for a letter or digit and `gap` for a run of anything else. */
function expression(source: string, fold: boolean, word: string, gap: string): string {
  // Patterns are written in lower case: lowering them here would break escapes such as \P{L} or \D.
  const text = fold ? foldDiacritics(source) : source;
  const body = text
    .replace(/ … /g, `\u0000`)
    .replace(/~/g, `${word}*`)
    .replace(/ /g, gap)
    .replace(/\u0000/g, `${gap}(?:${word}+${gap}){0,5}`);
  const end = source.endsWith('~') ? '' : `(?!${word})`;
  return `(?<!${word})(?:${body})${end}`;
}

/** The same expression over `\w`, which V8 compiles without building the Unicode tables of \p{L} and \p{N}. */
const CHEAP_WORD = '[\\w]';
const CHEAP_GAP = '[^\\w]+';

/**
 * A pattern, checked now and compiled on first use. Compiling is what costs
 * (about 0.3 ms a pattern, and several times that on its first run: V8
 * builds the classes \p{L} and \p{N} anew for every expression), while the
 * lint gate of a build runs two rules of the nine, and a clause is run through
 * a pattern only when it contains the pattern's leading literal. The syntax
 * is checked with the same expression built on `\w` instead: the two differ
 * only inside the bracketed classes written here, so one is refused exactly
 * when the other is; a refused pattern is compiled for the message it gives.
 * Throws the SyntaxError of an invalid pattern.
 */
export function makePattern(source: string, fold: boolean): Pattern {
  try {
    new RegExp(expression(source, fold, CHEAP_WORD, CHEAP_GAP), 'u');
  } catch {
    compilePattern(source, fold);
  }
  let regex: RegExp | undefined;
  return {
    source,
    literal: leadingLiteral(fold ? foldDiacritics(source) : source),
    get regex(): RegExp {
      return (regex ??= compilePattern(source, fold));
    },
  };
}

/** Characters with a meaning in a pattern: a literal stops before them (a space is a gap, `~` a word ending). */
const SPECIAL = new Set('\\^$.*+?()[]{}|~ ');
/** What makes the character before it optional or repeated. */
const QUANTIFIERS = new Set('*+?{');

/**
 * The text every match of a pattern starts with: its characters up to the
 * first one with a meaning, less the last one when a quantifier follows it;
 * '' when the pattern has alternatives at its top level (`a|b`), which need
 * not share a start.
 */
export function leadingLiteral(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') {
      // A class ends at its first unescaped `]` (`u` mode has no nested classes).
      for (i++; i < text.length && text[i] !== ']'; i++) if (text[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth <= 0) return '';
  }
  let end = 0;
  while (end < text.length && !SPECIAL.has(text[end]!)) end++;
  // The quantifier takes the whole character before it (in `u` mode, a surrogate pair is one).
  if (end < text.length && QUANTIFIERS.has(text[end]!))
    end -= end >= 2 && /[\uDC00-\uDFFF]/.test(text[end - 1]!) && /[\uD800-\uDBFF]/.test(text[end - 2]!) ? 2 : 1;
  return text.slice(0, Math.max(0, end));
}

/** NFD without combining marks, then NFC: ș → s, ă → a. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * The text as the patterns see it: lower case in the language's own rules (Azerbaijani İ → i, I → ı),
 * and where the vocabulary says so (Romanian) cedillas as commas — only there: ş is a letter of its own in Azerbaijani.
 */
export function normaliseText(text: string, vocabulary: Pick<Vocabulary, 'locale' | 'foldDiacritics' | 'cedillasAsCommas'>): string {
  const commas = vocabulary.cedillasAsCommas ? text.replace(/ş/g, 'ș').replace(/Ş/g, 'Ș').replace(/ţ/g, 'ț').replace(/Ţ/g, 'Ț') : text;
  const lower = commas.toLocaleLowerCase(vocabulary.locale);
  return (vocabulary.foldDiacritics ? foldDiacritics(lower) : lower).replace(/ё/g, 'е');
}

/** The first pattern that matches, with the words it matched. */
export function firstMatch(patterns: readonly Pattern[], text: string): { pattern: Pattern; match: string } | undefined {
  for (const pattern of patterns) {
    // A text without the literal cannot match: skipping it changes no result, and spares compiling and running the expression.
    if (!text.includes(pattern.literal)) continue;
    const found = pattern.regex.exec(text);
    if (found) return { pattern, match: found[0] };
  }
  return undefined;
}

/** The vocabulary of a locale, read once per context and templates folder; undefined when no file offers that language. */
export function loadVocabulary(context: Context, templatesDir: string, locale: string): Promise<Vocabulary | undefined> {
  const cache = (context.lintVocabularies ??= new Map());
  const key = `${templatesDir}\0${locale}`;
  let vocabulary = cache.get(key);
  if (!vocabulary) {
    vocabulary = readVocabulary(templatesDir, locale);
    cache.set(key, vocabulary);
    vocabulary.catch(() => cache.delete(key));
  }
  return vocabulary;
}

/** A vocabulary with no words: what a locale without a lint file gets, and where a file's lists go. */
export function emptyVocabulary(locale: string, files: string[] = []): Vocabulary {
  return {
    locale,
    files,
    foldDiacritics: false,
    expects: { agreement: false },
    authorities: new Map(),
    liability: new Map(),
    generalProvisions: new Map(),
    discrimination: new Map(),
    skills: new Map(),
    tools: [],
    placeholders: [],
  };
}

async function readVocabulary(templatesDir: string, locale: string): Promise<Vocabulary | undefined> {
  const files = allCopies(templatesDir, join('lint', `${locale}.yaml`));
  if (files.length === 0) return undefined;
  const vocabulary = emptyVocabulary(locale, files);
  // Each layer replaces the lists it gives (a user's file may change one list and keep the rest).
  for (const file of files) {
    const loaded = parseYamlText(file, await readRegularText(file, 'yaml'));
    if (hasErrors(loaded.diagnostics) || !loaded.source) throw new UserError(loaded.diagnostics);
    const data = (loaded.data ?? {}) as VocabularyData;
    const where = fileLocator(loaded.source);
    const compile = (list: unknown, path: Array<string | number>): Pattern[] => {
      if (list === undefined) return [];
      if (!Array.isArray(list) || list.some((p) => typeof p !== 'string')) throw vocabularyError(where, path, 'expected a list of patterns (text)');
      return list.map((source: string, i) => {
        try {
          return makePattern(source, vocabulary.foldDiacritics);
        } catch (error) {
          throw vocabularyError(where, [...path, i], `not a valid pattern: ${(error as Error).message}`);
        }
      });
    };
    if (data.fold_diacritics !== undefined) vocabulary.foldDiacritics = data.fold_diacritics === true;
    if (data.cedillas_as_commas !== undefined) vocabulary.cedillasAsCommas = data.cedillas_as_commas === true;
    vocabulary.expects = {
      agreement: data.expects?.agreement ?? vocabulary.expects.agreement,
    };
    for (const [id, entry] of Object.entries(data.authorities ?? {}))
      vocabulary.authorities.set(id, { duty: compile(entry.duty, ['authorities', id, 'duty']), right: compile(entry.right, ['authorities', id, 'right']) });
    for (const [id, entry] of Object.entries(data.skills ?? {}))
      vocabulary.skills.set(id, {
        duty: compile(entry.duty, ['skills', id, 'duty']),
        qualification: compile(entry.qualification, ['skills', id, 'qualification']),
      });
    for (const [field, map] of [
      ['liability', vocabulary.liability],
      ['general_provisions', vocabulary.generalProvisions],
      ['discrimination', vocabulary.discrimination],
    ] as const)
      for (const [id, list] of Object.entries(data[field] ?? {})) map.set(id, compile(list, [field, id]));
    if (data.tools !== undefined) vocabulary.tools = compile(data.tools, ['tools']).map((p) => p.source);
    if (data.placeholders !== undefined) vocabulary.placeholders = compile(data.placeholders, ['placeholders']);
  }
  return vocabulary;
}

function vocabularyError(where: ReturnType<typeof fileLocator>, path: Array<string | number>, message: string): UserError {
  return new UserError([makeDiagnostic({ code: 'lint/vocabulary', ...where(path), path: formatPath(path), message })]);
}
