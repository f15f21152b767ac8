import { join } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, makeDiagnostic, UserError } from '../diagnostics.js';
import { loadYamlFile, parseYamlText } from '../load/load.js';
import { readRegularText } from '../load/read-file.js';
import { bundledData } from './bundled-data.js';
import { isGenitiveLanguage, type GenitiveLanguage } from './genitive.js';
import { allCopies, listNames } from './layers.js';

/** A locale file: every fixed phrase of the document in one language. */
export interface Locale {
  name: string;
  /** Where it was read from, for messages about missing phrases. */
  file: string;
  /** Every layer's copy that was merged into it (bundled first). */
  files: string[];
  /** BCP 47 tag of the document text (DOCX w:lang, PDF /Lang), e.g. `uk-UA`. */
  language: string;
  /** The tag handed to Intl for dates (e.g. `en-GB`); defaults to `language`. */
  intl: string;
  date: DateStyle;
  phrases: Record<string, unknown>;
  grammar: Grammar;
  /** `expected`: the familiarisation sheet is how the employer proves the employee was informed (ru, uk); a role without one is warned about. */
  familiarizationSheet: 'expected' | 'optional';
  /** Per-locale layout values (from the locale file's `layout:`), for the templates (`{{layout "margins"}}`) and the writers' theme. */
  layout: LocaleLayout;
  /**
   * Intl's month names in dates, for a locale that does not list `date.months`:
   * made on the first date and kept with the locale (making one loads the language's data), not per date.
   */
  monthFormat?: Intl.DateTimeFormat;
}

/**
 * How the locale writes a date in a document. Tokens: {d} {dd} {m} {mm}
 * {month} {yyyy} {year_suffix}. {month} is the month name as it stands in a
 * date: from `months` (the genitive «2 листопада», Latvian's locative
 * «2. novembrī»), else Intl's. The bundled locales list them: the output then
 * does not depend on the ICU data of the Node.js in use, and no Intl locale
 * data is loaded (a noticeable part of a cold start). `year_suffix` gives the ending that follows the year where
 * the language inflects it (Azerbaijani «2026-cı il»), chosen by the year's
 * last non-zero digits.
 */
export interface DateStyle {
  format: string;
  months?: string[];
  year_suffix?: YearSuffixRules;
}

export interface YearSuffixRules {
  /** Indexed by the last digit (1-9). */
  units: string[];
  /** Indexed by the tens digit (1-9), for years ending in 0. */
  tens: string[];
  /** Years ending in 00. */
  hundreds: string;
  /** Years ending in 000. */
  thousands: string;
}

/** How the language joins data into fixed wording. */
export interface Grammar {
  /** `ru` or `uk`: the position title is declined into the genitive after the document title (see genitive.ts). */
  title_genitive?: GenitiveLanguage;
  /** Data following a colon in template text starts with a small letter («Непосредственный руководитель: начальник…»). */
  lowercase_after_colon?: boolean;
}

export interface LocaleLayout {
  /** Page margins in millimetres, `top right bottom left` (ДСТУ 4163:2020 asks for a 30 mm left margin). */
  margins: string;
  /** Body text size in points where the locale's standard fixes it (ГОСТ Р 7.0.97: 12–14 pt); absent: the writers' own. */
  body_size?: number;
  /** Where the AGREED signatures go in this locale's practice (header, end or sheet); a role or config may override it. */
  agreed?: string;
}

/** Today's margins of every locale: 25 mm on the left for filing. */
export const DEFAULT_LAYOUT: LocaleLayout = { margins: '20 15 20 25' };

const DEFAULT_DATE_STYLE: DateStyle = { format: '{d} {month} {yyyy}' };

/** The locale names the templates offer: bundled ones and the user's `locales/<name>.yaml`. */
export async function availableLocales(context: Context, templatesDir: string): Promise<string[]> {
  // Listed once per context, as the locales are read once: not a folder listing per role.
  const listed = context.localeNames;
  let names = listed.get(templatesDir);
  if (!names) listed.set(templatesDir, (names = listNames(templatesDir, 'locales', '.yaml')));
  return names;
}

/** Reads a locale once per context (the roles of a batch share it). */
export function loadLocale(context: Context, templatesDir: string, name: string, requestedBy: string): Promise<Locale> {
  const key = `${templatesDir}\0${name}`;
  const cache = context.locales;
  let locale = cache.get(key);
  if (!locale) {
    locale = readLocale(context, templatesDir, name, requestedBy);
    cache.set(key, locale);
    locale.catch(() => cache.delete(key));
  }
  return locale;
}

type LocaleFile = Partial<Pick<Locale, 'language' | 'intl' | 'date' | 'phrases' | 'grammar'>> & {
  familiarization_sheet?: string;
  layout?: Partial<LocaleLayout>;
};

/**
 * A user's locale file is laid over the bundled one of the same name, so it
 * may change a single phrase; a new locale must give every phrase itself.
 */
async function readLocale(context: Context, templatesDir: string, name: string, requestedBy: string): Promise<Locale> {
  const files = allCopies(templatesDir, join('locales', `${name}.yaml`));
  if (files.length === 0) throw await unknownLocale(context, templatesDir, name, requestedBy);
  let merged: LocaleFile = {};
  for (const file of files) merged = deepMerge(merged, await readLocaleFile(file)) as LocaleFile;
  const language = merged.language ?? name;
  return {
    name,
    file: files[files.length - 1]!,
    files,
    language,
    intl: merged.intl ?? language,
    date: merged.date ?? DEFAULT_DATE_STYLE,
    phrases: merged.phrases ?? {},
    grammar: grammarOf(merged.grammar),
    familiarizationSheet: merged.familiarization_sheet === 'expected' ? 'expected' : 'optional',
    layout: { ...DEFAULT_LAYOUT, ...merged.layout },
  };
}

async function readLocaleFile(file: string): Promise<LocaleFile> {
  const text = await readRegularText(file, 'yaml').catch(() => undefined);
  const known = text === undefined ? undefined : bundledData(file, text);
  if (known !== undefined) return known as LocaleFile;
  // A file that cannot be read (or is refused: a FIFO, too large) is reported by loadYamlFile, as any other.
  const loaded = text === undefined ? await loadYamlFile(file, file) : parseYamlText(file, text);
  if (hasErrors(loaded.diagnostics)) throw new UserError(loaded.diagnostics);
  return (loaded.data ?? {}) as LocaleFile;
}

async function unknownLocale(context: Context, templatesDir: string, name: string, requestedBy: string): Promise<UserError> {
  const known = await availableLocales(context, templatesDir);
  return new UserError([
    makeDiagnostic({
      code: 'locale/unknown',
      file: requestedBy,
      line: 0,
      column: 0,
      message: `unknown locale \`${name}\``,
      hint: `known locales: ${known.join(', ') || '(none)'}; add locales/${name}.yaml to your templates folder to offer another`,
    }),
  ]);
}

/** Unknown values are dropped: a misspelt language leaves the title undeclined rather than failing the build. */
function grammarOf(raw: LocaleFile['grammar']): Grammar {
  const grammar: Grammar = {};
  if (isGenitiveLanguage(raw?.title_genitive)) grammar.title_genitive = raw.title_genitive;
  if (raw?.lowercase_after_colon === true) grammar.lowercase_after_colon = true;
  return grammar;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isRecord(base) || !isRecord(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Looks up `a.b.c` in the phrases; undefined when any part is missing or not text. */
export function phrase(locale: Locale, key: string): string | undefined {
  let node: unknown = locale.phrases;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node.normalize('NFC') : undefined;
}

/**
 * A date that may wrap in a narrow table column: the locale's no-break spaces
 * become spaces, except before a last word of one or two letters («г.», «р.»,
 * «il»), which stays with the year. A date in running text never breaks
 * (formatDate); one too wide for its cell would otherwise be cut inside a
 * word («15 September 2 / 026»).
 */
export function wrappableDate(date: string): string {
  const words = date.split('\u00a0');
  const last = words.pop() ?? '';
  if (words.length === 0) return last;
  const short = last.replace(/[^\p{L}\p{N}]/gu, '').length <= 2;
  return `${words.join(' ')}${short ? '\u00a0' : ' '}${last}`;
}

/** Formats an ISO date (`2026-11-02`) the way the locale writes dates in documents. */
export function formatDate(locale: Locale, iso: string): string {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  const tokens: Record<string, string> = {
    d: String(day),
    dd: String(day).padStart(2, '0'),
    m: String(month),
    mm: String(month).padStart(2, '0'),
    yyyy: String(year),
    month: monthName(locale, year, month, day),
    year_suffix: locale.date.year_suffix ? yearSuffix(locale.date.year_suffix, year) : '',
  };
  return locale.date.format.replace(/\{(\w+)\}/g, (whole, token: string) => tokens[token] ?? whole);
}

/** Asking for day + month makes Intl pick the form used in dates (genitive in uk, ru); UTC: a document date is a calendar date, not an instant. */
function monthFormatOf(intl: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'long', timeZone: 'UTC' });
}

function monthName(locale: Locale, year: number, month: number, day: number): string {
  const listed = locale.date.months?.[month - 1];
  if (listed) return listed;
  const format = (locale.monthFormat ??= monthFormatOf(locale.intl));
  return format.formatToParts(new Date(Date.UTC(year, month - 1, day))).find((p) => p.type === 'month')?.value ?? String(month);
}

function yearSuffix(rules: YearSuffixRules, year: number): string {
  if (year % 1000 === 0) return rules.thousands;
  if (year % 100 === 0) return rules.hundreds;
  if (year % 10 === 0) return rules.tens[(year % 100) / 10 - 1] ?? '';
  return rules.units[(year % 10) - 1] ?? '';
}
