import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { makeDiagnostic, UserError, type Diagnostic } from '../diagnostics.js';
import { escapeMarkup } from './escape.js';
import { findFile, listNames } from './layers.js';
import { formatDate, phrase, type Locale } from './locale.js';

/** A compiled template set: the document template plus its partials. */
export interface TemplateSet {
  dir: string;
  entryFile: string;
  /** Every template file read (entry and partials): what a rendered document depends on. */
  files: string[];
  render: (view: object, locale: Locale) => string;
}

/** What helpers see of a render: the locale, and where to note phrases it lacks. */
interface RenderData {
  locale: Locale;
  missing: Diagnostic[];
}

type HelperOptions = Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } }; data: RenderData };

const ENTRY = 'document.hbs';
const cache = new Map<string, Promise<TemplateSet>>();

/** Forgets the compiled templates: a new batch reads the folders as they are now. */
export function forgetTemplates(): void {
  cache.clear();
}

/** Loads and compiles a templates folder once per batch (batch builds reuse it). */
export function loadTemplates(dir: string): Promise<TemplateSet> {
  let set = cache.get(dir);
  if (!set) {
    set = compileTemplates(dir);
    cache.set(dir, set);
    set.catch(() => cache.delete(dir));
  }
  return set;
}

async function compileTemplates(dir: string): Promise<TemplateSet> {
  const entryFile = findFile(dir, ENTRY);
  if (!entryFile) throw templateError(join(dir, ENTRY), 0, 0, 'template not found', 'copy document.hbs from the bundled templates folder');
  const source = await readFile(entryFile, 'utf8');
  const hb = Handlebars.create();
  registerHelpers(hb);
  const partials = await loadPartials(dir);
  for (const [name, partial] of partials) hb.registerPartial(name, compileChecked(hb, partial.file, partial.source));
  const template = compileChecked(hb, entryFile, source);
  // Missing phrases are collected rather than thrown, so one run names them all.
  const render = (view: object, locale: Locale): string => {
    const data: RenderData = { locale, missing: [] };
    const markup = template(view, { data });
    if (data.missing.length > 0) throw new UserError(dedupeMissing(data.missing));
    return markup;
  };
  return { dir, entryFile, files: [entryFile, ...[...partials.values()].map((p) => p.file)], render };
}

/** Partials by name; a user's partial replaces the bundled one of the same name. */
async function loadPartials(dir: string): Promise<Map<string, { file: string; source: string }>> {
  const partials = new Map<string, { file: string; source: string }>();
  for (const name of listNames(dir, 'partials', '.hbs')) {
    const file = findFile(dir, join('partials', `${name}.hbs`))!;
    partials.set(name, { file, source: await readFile(file, 'utf8') });
  }
  return partials;
}

/**
 * Parses eagerly so a syntax error surfaces with its file, line and column
 * before any document is rendered. `strict` makes a misspelt field an error
 * instead of silently empty text.
 */
function compileChecked(hb: typeof Handlebars, file: string, source: string): Handlebars.TemplateDelegate {
  try {
    hb.parse(source);
  } catch (error) {
    throw toTemplateError(error, file);
  }
  const template = hb.compile(source, { strict: true, noEscape: true });
  // Errors raised inside a partial would otherwise be reported against the entry template.
  return (context, options) => {
    try {
      return template(context, options);
    } catch (error) {
      throw toTemplateError(error, file);
    }
  };
}

function registerHelpers(hb: typeof Handlebars): void {
  // {{t "sections" key}}: a locale phrase; the parts are joined with dots.
  // {{t "document.version" n=document.version}} fills `{n}` in the phrase, so
  // each language puts the value where its grammar wants it ("{n}. redakcija").
  hb.registerHelper('t', function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    const key = args.map(String).join('.');
    const text = phrase(options.data.locale, key);
    if (text === undefined) {
      options.data.missing.push(missingPhrase(options, key));
      return '';
    }
    const values = options.hash as Record<string, unknown>;
    return escapeMarkup(text).replace(/\{(\w+)\}/g, (token, name: string) => (name in values ? String(values[name]) : token));
  });
  // {{date document.date}}: an ISO date written the locale's way.
  hb.registerHelper('date', function (this: unknown, iso: unknown, options: HelperOptions) {
    return escapeMarkup(formatDate(options.data.locale, String(iso)));
  });
}

function missingPhrase(options: HelperOptions, key: string): Diagnostic {
  const locale = options.data.locale;
  const at = options.loc?.start;
  return makeDiagnostic({
    code: 'locale/missing-phrase',
    file: locale.file,
    line: 0,
    column: 0,
    path: `phrases.${key}`,
    message: `locale \`${locale.name}\` has no phrase \`${key}\`${at ? ` (used by the template at line ${at.line}, column ${at.column + 1})` : ''}`,
    hint: `add \`${key}\` under \`phrases:\` in ${locale.file}`,
  });
}

/** A phrase used in a loop is reported once. */
function dedupeMissing(missing: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return missing.filter((d) => !seen.has(d.path!) && seen.add(d.path!));
}

/** Handlebars reports 0-based columns; people and editors count from 1. */
function toTemplateError(error: unknown, file: string): Error {
  if (error instanceof UserError) return error;
  const e = error as Error & { lineNumber?: number; column?: number };
  const located = /- (\d+):(\d+)$/.exec(e.message) ?? /on line (\d+)/.exec(e.message);
  const line = e.lineNumber ?? (located ? Number(located[1]) : 0);
  const column = e.column !== undefined ? e.column + 1 : located?.[2] ? Number(located[2]) + 1 : 0;
  const message = e.message.replace(/ - \d+:\d+$/, '').replace(/\n[\s\S]*$/, '').replace(/ in \[object Object\]$/, '');
  return templateError(file, line, column, message, undefined);
}

function templateError(file: string, line: number, column: number, message: string, hint: string | undefined): UserError {
  return new UserError([
    makeDiagnostic({ code: 'template/error', file, line, column, message: `template: ${message}`, ...(hint ? { hint } : {}) }),
  ]);
}
