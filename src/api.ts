import { dirname, relative, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { writeAllAtomic } from './output/atomic.js';
import { checkDistinctOutputs, outputPath } from './output/paths.js';
import { compileRole, type CompileOptions, type CompileResult } from './pipeline.js';
import { roleToYaml } from './project/show.js';
import { findConfig, loadConfig } from './resolve/config.js';
import { BUNDLED_TEMPLATES } from './render/layers.js';
import { DEFAULT_FORMATS, loadWriter, type Format } from './write/registry.js';

/** The templates shipped with jdgen. */
export { BUNDLED_TEMPLATES };

export interface CommonOptions {
  /** Folder that relative paths are resolved against (defaults to process.cwd()). */
  cwd?: string;
  /** A copy of the templates folder to use instead of the bundled one. */
  templatesDir?: string;
  /** Overrides every role's `locale:`. */
  locale?: string;
  /** A jdgen.config.yaml to use instead of the nearest one above each role. */
  configFile?: string;
}

export interface BuildOptions extends CommonOptions {
  /** Output folder, default `dist`. */
  outDir?: string;
  formats?: readonly Format[];
}

export interface FileReport {
  file: string;
  status: 'built' | 'valid' | 'failed';
  /** Paths written (relative to cwd as given), empty for validate and failures. */
  outputs: string[];
  diagnostics: Diagnostic[];
}

export interface Report {
  ok: boolean;
  files: FileReport[];
}

/** Checks role files without writing anything: YAML, schema, rules, locale and templates. */
export async function validate(files: readonly string[], options: CommonOptions = {}): Promise<Report> {
  const reports: FileReport[] = [];
  for (const file of files) {
    const result = await compileRole(file, compileOptions(options));
    reports.push({ file, status: result.model ? 'valid' : 'failed', outputs: [], diagnostics: result.diagnostics });
  }
  return summarise(reports);
}

/**
 * Builds each role into the requested formats. A role is rendered to every
 * format in memory first and written only when all succeeded, each file
 * atomically, so an invalid input never leaves partial output behind.
 */
export async function build(files: readonly string[], options: BuildOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const targets = await Promise.all(files.map((file) => outputTarget(file, options, cwd)));
  checkDistinctOutputs(cwd, files.map((file, i) => ({ file, outDir: targets[i]!.outDir })));
  const reports: FileReport[] = [];
  for (const [i, file] of files.entries()) {
    const result = await compileRole(file, compileOptions(options));
    reports.push(await writeOutputs(result, { cwd, ...targets[i]! }));
  }
  return summarise(reports);
}

/**
 * Where a role's outputs go and in which formats: the command line first,
 * then the `output:` of the role's jdgen.config.yaml (its `dir` relative to
 * the config), then `dist` and DOCX + PDF + Markdown.
 */
async function outputTarget(file: string, options: BuildOptions, cwd: string): Promise<{ outDir: string; formats: readonly Format[] }> {
  const configPath = options.configFile ? resolve(cwd, options.configFile) : findConfig(resolve(cwd, file));
  const output = configPath ? (await loadConfig(configPath, relative(cwd, configPath))).config?.data.output : undefined;
  const configDir = configPath && output?.dir ? relative(cwd, resolve(dirname(configPath), output.dir)) || '.' : undefined;
  return {
    outDir: options.outDir ?? configDir ?? 'dist',
    formats: options.formats ?? (output?.formats as Format[] | undefined) ?? DEFAULT_FORMATS,
  };
}

/** Loads, validates and renders one role into the document model (no files written). */
export async function compile(file: string, options: CommonOptions = {}): Promise<CompileResult> {
  return compileRole(file, compileOptions(options));
}

async function writeOutputs(result: CompileResult, target: { cwd: string; outDir: string; formats: readonly Format[] }): Promise<FileReport> {
  const { file, model, style, diagnostics } = result;
  if (!model || !style || hasErrors(diagnostics)) return { file, status: 'failed', outputs: [], diagnostics };
  const rendered = [];
  for (const format of target.formats) {
    const writer = await loadWriter(format);
    const bytes = await writer(model, { fonts: style.pdfFonts, fontFamily: style.docxFont });
    rendered.push({ path: outputPath(target.outDir, file, format), bytes });
  }
  await writeAllAtomic(rendered.map((r) => ({ path: resolve(target.cwd, r.path), bytes: r.bytes })));
  return { file, status: 'built', outputs: rendered.map((r) => r.path), diagnostics };
}

function compileOptions(options: CommonOptions): CompileOptions {
  return {
    cwd: options.cwd ?? process.cwd(),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
  };
}

function summarise(files: FileReport[]): Report {
  return { ok: files.every((f) => f.status !== 'failed'), files };
}

/** The fully resolved role as role YAML (config, bases, libraries, placeholders and defaults applied). */
export async function show(file: string, options: CommonOptions = {}): Promise<{ yaml?: string; diagnostics: Diagnostic[] }> {
  const result = await compileRole(file, compileOptions(options));
  if (!result.role || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics };
  return { yaml: roleToYaml(result.role), diagnostics: result.diagnostics };
}

export { initProject } from './project/init.js';
export { newRole } from './project/new-role.js';
