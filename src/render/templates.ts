import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import type { Context } from '../context.js';
import { makeDiagnostic, UserError, type Diagnostic } from '../diagnostics.js';
import { escapeMarkup } from './escape.js';
import { FileRefused, readRegularText } from '../load/read-file.js';
import { sha256 } from '../hash.js';
import { bundledKey, findFile, listNames } from './layers.js';
import { smallFirst } from './genitive.js';
import { formatDate, phrase, wrappableDate, type Locale } from './locale.js';
import { lazyPackages } from '../lazy-packages.js';

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

export const TEMPLATE_ENTRY = 'document.hbs';
/** noEscape: document text is escaped per output format by the writers. strict: a misspelt field is an error. */
export const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;
/** The bundled templates precompiled by `npm run build` (precompile-templates.ts). */
export const PRECOMPILED_TEMPLATES_FILE = fileURLToPath(new URL('./templates.precompiled.cjs', import.meta.url));

type Precompiled = Record<string, { hash: string; spec: TemplateSpecification }>;
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

const require = createRequire(import.meta.url);

/** Loads and compiles a templates folder once per context (the roles of a batch share it). */
export function loadTemplates(context: Context, dir: string): Promise<TemplateSet> {
  const cache = context.templates;
  let set = cache.get(dir);
  if (!set) {
    set = compileTemplates(dir);
    cache.set(dir, set);
    set.catch(() => cache.delete(dir));
  }
  return set;
}

async function compileTemplates(dir: string): Promise<TemplateSet> {
  const entryFile = findFile(dir, TEMPLATE_ENTRY);
  if (!entryFile) throw templateError(join(dir, TEMPLATE_ENTRY), 0, 0, 'template not found', 'copy document.hbs from the bundled templates folder');
  const entry = { file: entryFile, source: await readTemplate(entryFile) };
  const partials = await loadPartials(dir);
  const specs = precompiledSpecs([entry, ...partials.values()]);
  // The Handlebars runtime alone is enough when every template was precompiled; the compiler is loaded only when needed.
  const hb = specs ? lazyPackages.handlebarsRuntime().create() : lazyPackages.handlebars().create();
  registerHelpers(hb);
  const prepare = (file: string, source: string) => located(file, specs?.get(file) ? hb.template(specs.get(file)!) : compileChecked(hb, file, source));
  for (const [name, partial] of partials) hb.registerPartial(name, prepare(partial.file, partial.source));
  const template = prepare(entry.file, entry.source);
  // Missing phrases are collected rather than thrown, so one run names them all.
  const render = (view: object, locale: Locale): string => {
    const data: RenderData = { locale, missing: [] };
    const markup = template(view, { data });
    if (data.missing.length > 0) throw new UserError(dedupeMissing(data.missing));
    return markup;
  };
  return { dir, entryFile, files: [entryFile, ...[...partials.values()].map((p) => p.file)], render };
}

/**
 * The build's precompiled specs for these templates, by file, when every one
 * of them is a bundled template unchanged since the build; else undefined.
 */
function precompiledSpecs(templates: ReadonlyArray<{ file: string; source: string }>): Map<string, TemplateSpecification> | undefined {
  if (!existsSync(PRECOMPILED_TEMPLATES_FILE)) return undefined;
  const precompiled = require(PRECOMPILED_TEMPLATES_FILE) as Precompiled;
  const specs = new Map<string, TemplateSpecification>();
  for (const { file, source } of templates) {
    const key = bundledKey(file);
    const known = key === undefined ? undefined : precompiled[key];
    if (!known || known.hash !== sha256(source)) return undefined;
    specs.set(file, known.spec);
  }
  return specs;
}

/** Partials by name; a user's partial replaces the bundled one of the same name. */
async function loadPartials(dir: string): Promise<Map<string, { file: string; source: string }>> {
  const partials = new Map<string, { file: string; source: string }>();
  for (const name of listNames(dir, 'partials', '.hbs')) {
    const file = findFile(dir, join('partials', `${name}.hbs`))!;
    partials.set(name, { file, source: await readTemplate(file) });
  }
  return partials;
}

/** A template's text; a template that is not a regular file (a FIFO, a folder) or is too large is the user's error. */
async function readTemplate(file: string): Promise<string> {
  try {
    return await readRegularText(file, 'template');
  } catch (error) {
    if (error instanceof FileRefused) throw templateError(file, 0, 0, `the file ${error.reason}`, 'a template is a regular Handlebars file');
    throw error;
  }
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
  return hb.compile(source, COMPILE_OPTIONS);
}

/** Errors raised inside a partial would otherwise be reported against the entry template. */
function located(file: string, template: Handlebars.TemplateDelegate): Handlebars.TemplateDelegate {
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
  // {{place organization.city}}: the place of issue the locale's way («г. Екатеринбург»,
  // «м. Вінниця»), from the phrase `document.place`; a city already written so is left as it is.
  hb.registerHelper('place', function (this: unknown, city: unknown, options: HelperOptions) {
    const text = String(city);
    const pattern = phrase(options.data.locale, 'document.place');
    if (pattern === undefined) {
      options.data.missing.push(missingPhrase(options, 'document.place'));
      return text;
    }
    const prefix = escapeMarkup(pattern.split('{city}')[0] ?? '');
    if (prefix.trim() !== '' && text.startsWith(prefix)) return text;
    return escapeMarkup(pattern).replace('{city}', text);
  });
  // {{after_colon position.reports_to}}: data after "label:" starts with a small letter where the
  // locale says so («Непосредственный руководитель: начальник отдела продаж»); abbreviations keep theirs.
  hb.registerHelper('after_colon', function (this: unknown, text: unknown, options: HelperOptions) {
    const value = String(text);
    return options.data.locale.grammar.lowercase_after_colon ? smallFirst(value) : value;
  });
  // {{small_first position.title}}: the title as it stands mid-sentence («fișa postului de manager de cont»).
  hb.registerHelper('small_first', function (this: unknown, text: unknown) {
    return smallFirst(String(text));
  });
  // {{layout "margins"}}: a per-locale layout value (the locale file's `layout:`).
  hb.registerHelper('layout', function (this: unknown, key: unknown, options: HelperOptions) {
    const value = (options.data.locale.layout as unknown as Record<string, unknown>)[String(key)];
    return value === undefined ? '' : escapeMarkup(String(value));
  });
  // {{date document.date}}: an ISO date written the locale's way.
  hb.registerHelper('date', function (this: unknown, iso: unknown, options: HelperOptions) {
    const date = formatDate(options.data.locale, String(iso));
    // {{date d wrap=true}}: in a table column, where a date may have to wrap (see wrappableDate).
    return escapeMarkup(options.hash['wrap'] === true ? wrappableDate(date) : date);
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
  const message = e.message
    .replace(/ - \d+:\d+$/, '')
    .replace(/\n[\s\S]*$/, '')
    .replace(/ in \[object Object\]$/, '');
  return templateError(file, line, column, message, undefined);
}

function templateError(file: string, line: number, column: number, message: string, hint: string | undefined): UserError {
  return new UserError([makeDiagnostic({ code: 'template/error', file, line, column, message: `template: ${message}`, ...(hint ? { hint } : {}) })]);
}
