import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { makeDiagnostic, UserError } from '../diagnostics.js';
import { escapeMarkup } from './escape.js';
import { formatDate, phrase, type Locale } from './locale.js';

/** A compiled template set: the document template plus its partials. */
export interface TemplateSet {
  dir: string;
  entryFile: string;
  render: (view: object, locale: Locale) => string;
}

type HelperOptions = Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } }; data: { locale: Locale } };

const ENTRY = 'document.hbs';
const cache = new Map<string, Promise<TemplateSet>>();

/** Loads and compiles a templates folder once per process (batch builds reuse it). */
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
  const entryFile = join(dir, ENTRY);
  const source = await readFile(entryFile, 'utf8').catch(() => {
    throw templateError(entryFile, 0, 0, `template not found`, 'a templates folder needs document.hbs (copy the bundled templates/ folder to start)');
  });
  const hb = Handlebars.create();
  registerHelpers(hb);
  const partials = await loadPartials(dir);
  for (const [name, partial] of partials) hb.registerPartial(name, compileChecked(hb, partial.file, partial.source));
  const template = compileChecked(hb, entryFile, source);
  const render = (view: object, locale: Locale): string => template(view, { data: { locale } });
  return { dir, entryFile, render };
}

async function loadPartials(dir: string): Promise<Map<string, { file: string; source: string }>> {
  const partialDir = join(dir, 'partials');
  const names = (await readdir(partialDir).catch(() => [] as string[])).filter((n) => n.endsWith('.hbs')).sort();
  const partials = new Map<string, { file: string; source: string }>();
  for (const name of names) {
    const file = join(partialDir, name);
    partials.set(basename(name, '.hbs'), { file, source: await readFile(file, 'utf8') });
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
    if (text === undefined) throw missingPhrase(options, key);
    const values = options.hash as Record<string, unknown>;
    return escapeMarkup(text).replace(/\{(\w+)\}/g, (token, name: string) => (name in values ? String(values[name]) : token));
  });
  // {{date document.date}}: an ISO date written the locale's way.
  hb.registerHelper('date', function (this: unknown, iso: unknown, options: HelperOptions) {
    return escapeMarkup(formatDate(options.data.locale, String(iso)));
  });
}

function missingPhrase(options: HelperOptions, key: string): Error {
  const locale = options.data.locale;
  const at = options.loc?.start;
  return new UserError([
    makeDiagnostic({
      code: 'locale/missing-phrase',
      file: locale.file,
      line: 0,
      column: 0,
      message: `locale \`${locale.name}\` has no phrase \`${key}\`${at ? ` (used by the template at line ${at.line}, column ${at.column + 1})` : ''}`,
      hint: `add \`${key}\` under \`phrases:\` in ${locale.file}`,
    }),
  ]);
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
