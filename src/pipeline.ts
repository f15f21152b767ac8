import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Context } from './context.js';
import { hasErrors, makeDiagnostic, UserError, type Diagnostic } from './diagnostics.js';
import { diskFiles, type SourceFiles } from './load/files.js';
import { readImage, type ImageAsset } from './load/image.js';
import type { DataPath, SourceFile } from './load/source.js';
import type { DocumentModel } from './model/types.js';
import type { ReadFile } from './resolve/context.js';
import { resolveRole, type Resolution } from './resolve/resolve.js';
import { nearerConfigs } from './resolve/config.js';
import { availableLocales, loadLocale, type Locale } from './render/locale.js';
import { allCopies, BUNDLED_TEMPLATES, layers } from './render/layers.js';
import { renderRole } from './render/render.js';
import { deriveFor, type Derived } from './render/view.js';
import { loadTemplates } from './render/templates.js';
import { loadStyle, type Style } from './render/style.js';
import { checkModelGlyphs, checkPhraseGlyphs, checkRoleGlyphs, coverageOf } from './validate/glyphs.js';
import { mergedLocator, type Locator } from './validate/locator.js';
import { didYouMean } from './validate/messages.js';
import type { Role } from './validate/role.js';
import { validateRoleData } from './validate/validate.js';

export interface CompileOptions {
  cwd: string;
  /** A templates folder given on the command line; otherwise the config's, otherwise the bundled one. */
  templatesDir?: string;
  /** Overrides the role's own `locale:` (the CLI's --locale). */
  locale?: string;
  /** An explicit jdgen.config.yaml (`--config`). */
  configFile?: string;
  /** Where the search for the nearest config stops: the top of an unpacked git revision (see configFolders). */
  configTop?: string;
  /**
   * Where the role, its bases, libraries, config and logo are read from
   * (default: the disk). Not for worker threads: a build hands them only
   * roles on disk.
   */
  sources?: SourceFiles;
}

export interface CompileResult {
  file: string;
  role?: Role;
  model?: DocumentModel;
  /** Fonts for the writers, from the templates' style.yaml. */
  style?: Style;
  /** What jdgen derived for the role's locale (the title's genitive, the sheet's formula), for `jdgen show`. */
  derived?: Derived;
  /** @internal The resolution: merged data, config and every file read (its yaml documents are not part of the published types). */
  resolution?: Resolution;
  /**
   * Every file the document depends on (absolute): role, bases, libraries, config, templates, locale, style, fonts, logo;
   * with a layered templates folder also the overrides it could hold but does not (they may not exist).
   */
  dependencies?: string[];
  diagnostics: Diagnostic[];
}

/**
 * load → resolve → validate → render for one role file. User mistakes come
 * back as diagnostics; only bugs throw. Templates, locales, styles and
 * configs read are kept in `context` for the next role. `read`: the role as
 * checkRole() gave it for this file and these options (the build's lint gate
 * read it already), so it is not read again.
 */
export async function compileRole(context: Context, file: string, options: CompileOptions, read?: CheckResult): Promise<CompileResult> {
  const sources = options.sources ?? diskFiles(options.cwd);
  const checked = read ?? (await checkRole(context, file, { ...options, sources }));
  const { resolution, locator, diagnostics } = checked;
  if (!checked.role || !locator || !resolution.data) return { file, ...(checked.role ? { role: checked.role } : {}), resolution, diagnostics };
  const configPath = resolution.config?.path;
  const role = checked.role;
  const templatesDir = templatesFor(resolution, options);
  const localeProblem = await checkLocale(context, locator, role.locale, templatesDir, options);
  if (localeProblem) return { file, role, resolution, diagnostics: [...diagnostics, localeProblem] };
  const images = await roleImages(context, sources, role, locator);
  if (images instanceof Array) return { file, role, resolution, diagnostics: [...diagnostics, ...images] };
  try {
    const locale = await loadLocale(context, templatesDir, role.locale, file);
    const style = loadStyle(context, templatesDir);
    const model = await renderRole(role, { context, templatesDir, file, locale, images });
    const derived = deriveFor(role, locale);
    const warnings = [...wordingWarnings(role, locale, derived, locator), ...(await glyphWarnings(context, file, resolution.files, locale, style, model))];
    const templates = await loadTemplates(context, templatesDir);
    const fonts = style.pdfFonts;
    // The lint vocabulary of the role's language too: a build runs the error-level lint rules on a role
    // before building it, and skips an unchanged role without linting it again.
    const templateFiles = [...templates.files, ...locale.files, style.file, ...allCopies(templatesDir, join('lint', `${role.locale}.yaml`))];
    const dependencies = [
      ...resolution.files.map((f) => f.path),
      ...templateFiles,
      ...possibleOverrides(templatesDir, templateFiles),
      fonts.regular,
      fonts.bold,
      fonts.italic,
      fonts.boldItalic,
      ...(role.organization.logo ? [role.organization.logo] : []),
      ...(options.configFile || sources.virtual ? [] : nearerConfigs(resolve(options.cwd, file), configPath, options.cwd)),
    ];
    return { file, role, model, style, derived, resolution, dependencies: [...new Set(dependencies)], diagnostics: [...diagnostics, ...warnings] };
  } catch (error) {
    if (error instanceof UserError) return { file, role, resolution, diagnostics: [...diagnostics, ...error.diagnostics] };
    throw error;
  }
}

export interface CheckResult {
  role?: Role;
  resolution: Resolution;
  /** Places any path of the merged role in the file that wrote it (role, base, library, config). */
  locator?: Locator;
  diagnostics: Diagnostic[];
}

/**
 * load → resolve → validate for one role, without rendering: what `jdgen lint`
 * reads (the typed role, and where each of its values was written).
 */
export async function checkRole(context: Context, file: string, options: CompileOptions): Promise<CheckResult> {
  const sources = options.sources ?? diskFiles(options.cwd);
  const resolution = await resolveRole(file, {
    cwd: options.cwd,
    sources,
    context,
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.configTop ? { configTop: options.configTop } : {}),
  });
  if (!resolution.data || !resolution.source || hasErrors(resolution.diagnostics)) return { resolution, diagnostics: resolution.diagnostics };
  const locator = roleLocator(resolution, resolution.data, resolution.source);
  const validated = validateRoleData(locator, resolution.data);
  const diagnostics = [...resolution.diagnostics, ...validated.diagnostics];
  if (!validated.role || hasErrors(diagnostics)) return { resolution, locator, diagnostics };
  const role = options.locale ? { ...validated.role, locale: options.locale } : validated.role;
  return { role, resolution, locator, diagnostics };
}

/** The locator of a merged role (see roleLocator). */
export function locatorOf(resolution: Resolution): Locator {
  return roleLocator(resolution, resolution.data ?? {}, resolution.source!);
}

/** The locator of a merged role: the role file first, then its bases and libraries, the config last. */
function roleLocator(resolution: Resolution, data: Record<string, unknown>, source: SourceFile): Locator {
  const configPath = resolution.config?.path;
  const layers = [
    source,
    ...resolution.files.filter((f) => f.source !== source && f.path !== configPath).map((f) => f.source),
    ...(resolution.config ? [resolution.config.source] : []),
  ];
  return mergedLocator(data, resolution.origins, layers);
}

/** The pictures a role shows (its logo), read here so rendering touches no files. */
async function roleImages(context: Context, sources: SourceFiles, role: Role, locator: Locator): Promise<Map<string, ImageAsset> | Diagnostic[]> {
  const images = new Map<string, ImageAsset>();
  if (!role.organization.logo) return images;
  const read = await readImage(context, sources, role.organization.logo);
  if (!read.ok)
    return [
      makeDiagnostic({
        code: 'resolve/logo',
        ...locator(['organization', 'logo']),
        path: 'organization.logo',
        message: `${read.message}: ${role.organization.logo}`,
      }),
    ];
  images.set('logo', read.image);
  return images;
}

/**
 * Where a layered templates folder would override the bundled files in use.
 * Creating such a file (say `locales/en.yaml`) changes the document, so the
 * build depends on it even while it does not exist.
 */
function possibleOverrides(templatesDir: string, used: readonly string[]): string[] {
  const folders = layers(templatesDir);
  if (folders.length === 1) return [];
  return used
    .map((file) => relative(BUNDLED_TEMPLATES, file))
    .filter((rel) => !rel.startsWith('..') && !isAbsolute(rel))
    .map((rel) => join(folders[0]!, rel));
}

/** `--templates` wins; then the config's `templates:` (relative to the config); then the bundled set. */
export function templatesFor(resolution: Resolution, options: CompileOptions): string {
  if (options.templatesDir) return resolve(options.cwd, options.templatesDir);
  const fromConfig = resolution.config?.data.templates;
  if (fromConfig && resolution.config) return resolve(dirname(resolution.config.path), fromConfig);
  return BUNDLED_TEMPLATES;
}

/** An unknown locale is reported where it was set (role, base or config), listing the known ones. */
async function checkLocale(context: Context, locator: Locator, locale: string, templatesDir: string, options: CompileOptions): Promise<Diagnostic | undefined> {
  const known = await availableLocales(context, templatesDir);
  if (known.includes(locale)) return undefined;
  const fromRole = !options.locale;
  const path: DataPath = ['locale'];
  const where = fromRole ? locator(path) : { file: 'command line', line: 0, column: 0, sourceLine: '' };
  const guess = didYouMean(locale, known);
  return makeDiagnostic({
    code: 'locale/unknown',
    ...where,
    ...(fromRole ? { path: 'locale' } : {}),
    message: `unknown locale \`${locale}\`${fromRole ? '' : ' (from --locale)'}`,
    hint: `${guess ? `did you mean \`${guess}\`? ` : ''}known locales: ${known.join(', ')}`,
  });
}

/**
 * What the locale expects of the wording and the role does not give: a
 * familiarisation sheet (the employer's proof that the employee was informed,
 * ru and uk) dropped by `rows: 0` with no employees, and a title whose
 * genitive jdgen cannot derive (a Cyrillic one: a title in Latin letters is quoted as it is).
 */
function wordingWarnings(role: Role, locale: Locale, derived: Derived, locator: Locator): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const { rows, employees } = role.familiarization;
  if (locale.familiarizationSheet === 'expected' && rows === 0 && employees.length === 0)
    warnings.push(
      makeDiagnostic({
        code: 'wording/no-familiarization-sheet',
        severity: 'warning',
        ...locator(['familiarization', 'rows']),
        path: 'familiarization.rows',
        message: `\`rows: 0\` and no employees leave out the familiarisation sheet, which the \`${locale.name}\` locale expects: it is how the employer proves the employee was informed`,
        hint: 'give `rows` (empty rows to sign) or list the `employees`; keep 0 only if the organisation records familiarisation in a separate journal',
      }),
    );
  // A title in another script («Sales Manager») takes no Cyrillic endings: quoted is its right form, nothing to warn about.
  if (locale.grammar.title_genitive && !derived.titleGenitive && /\p{Script=Cyrillic}/u.test(role.position.title))
    warnings.push(
      makeDiagnostic({
        code: 'wording/title-genitive',
        severity: 'warning',
        ...locator(['position', 'title']),
        path: 'position.title',
        message: `jdgen cannot decline \`${role.position.title}\` into the genitive: the document prints it in quotes after the document title`,
        hint: 'add `position.title_genitive` with the title as it stands after the document title',
      }),
    );
  return warnings;
}

/** Characters the PDF font cannot draw: in every file read, in the locale's phrases, then anywhere else in the document. */
async function glyphWarnings(context: Context, file: string, files: ReadFile[], locale: Locale, style: Style, model: DocumentModel): Promise<Diagnostic[]> {
  const covered = await coverageOf(context, style.pdfFonts);
  const family = style.pdfFonts.family;
  const found = [
    ...files.flatMap((read) => checkRoleGlyphs(read.source, read.data, covered, family)),
    ...checkPhraseGlyphs(context, locale.file, locale.phrases, covered, family),
  ];
  return [...found, ...checkModelGlyphs(file, model, covered, family, found)];
}
