import { resolve } from 'node:path';
import { hasErrors, makeDiagnostic, UserError, type Diagnostic } from './diagnostics.js';
import { loadYamlFile } from './load/load.js';
import { locate, sourceLineAt, type SourceFile } from './load/source.js';
import type { DocumentModel } from './model/types.js';
import { availableLocales, loadLocale, type Locale } from './render/locale.js';
import { renderRole } from './render/render.js';
import { loadStyle, type Style } from './render/style.js';
import { checkModelGlyphs, checkPhraseGlyphs, checkRoleGlyphs, coverageOf } from './validate/glyphs.js';
import type { Role } from './validate/role.js';
import { validateRoleData } from './validate/validate.js';
import { didYouMean } from './validate/messages.js';

export interface CompileOptions {
  cwd: string;
  templatesDir: string;
  /** Overrides the role's own `locale:` (the CLI's --locale). */
  locale?: string;
}

export interface CompileResult {
  file: string;
  role?: Role;
  model?: DocumentModel;
  /** Fonts for the writers, from the templates' style.yaml. */
  style?: Style;
  diagnostics: Diagnostic[];
}

/**
 * load → validate → render for one role file. User mistakes come back as
 * diagnostics; only bugs throw.
 */
export async function compileRole(file: string, options: CompileOptions): Promise<CompileResult> {
  const loaded = await loadYamlFile(file, resolve(options.cwd, file));
  if (!loaded.source || loaded.data === undefined || hasErrors(loaded.diagnostics)) return { file, diagnostics: loaded.diagnostics };
  const validated = validateRoleData(loaded.source, loaded.data);
  const diagnostics = [...loaded.diagnostics, ...validated.diagnostics];
  if (!validated.role || hasErrors(diagnostics)) return { file, diagnostics };
  const role = options.locale ? { ...validated.role, locale: options.locale } : validated.role;
  const localeProblem = await checkLocale(loaded.source, role.locale, options);
  if (localeProblem) return { file, role, diagnostics: [...diagnostics, localeProblem] };
  try {
    const locale = await loadLocale(options.templatesDir, role.locale, file);
    const style = loadStyle(options.templatesDir);
    const model = await renderRole(role, { templatesDir: options.templatesDir, file, locale });
    const warnings = glyphWarnings(loaded.source, loaded.data, locale, style, model);
    return { file, role, model, style, diagnostics: [...diagnostics, ...warnings] };
  } catch (error) {
    if (error instanceof UserError) return { file, role, diagnostics: [...diagnostics, ...error.diagnostics] };
    throw error;
  }
}

/** An unknown locale is reported at the role's `locale:` line, listing the known ones. */
async function checkLocale(source: SourceFile, locale: string, options: CompileOptions): Promise<Diagnostic | undefined> {
  const known = await availableLocales(options.templatesDir);
  if (known.includes(locale)) return undefined;
  const fromRole = !options.locale;
  const { line, column } = fromRole ? locate(source, ['locale']) : { line: 0, column: 0 };
  const guess = didYouMean(locale, known);
  return makeDiagnostic({
    code: 'locale/unknown',
    file: source.file,
    line,
    column,
    ...(fromRole ? { path: 'locale', sourceLine: sourceLineAt(source, line) } : {}),
    message: `unknown locale \`${locale}\`${fromRole ? '' : ' (from --locale)'}`,
    hint: `${guess ? `did you mean \`${guess}\`? ` : ''}known locales: ${known.join(', ')}`,
  });
}

/** Characters the PDF font cannot draw: in the role, in the locale's phrases, then anywhere else in the document. */
function glyphWarnings(source: SourceFile, data: unknown, locale: Locale, style: Style, model: DocumentModel): Diagnostic[] {
  const covered = coverageOf(style.pdfFonts);
  const family = style.pdfFonts.family;
  const found = [...checkRoleGlyphs(source, data, covered, family), ...checkPhraseGlyphs(locale.file, locale.phrases, covered, family)];
  return [...found, ...checkModelGlyphs(source.file, model, covered, family, found)];
}
