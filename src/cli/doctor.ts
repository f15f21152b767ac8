import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { packagePath } from '../package-root.js';
import { formatDiagnosticPlain, UserError } from '../diagnostics.js';
import { terminalSafe } from '../env/printable.js';
import { BUNDLED_TEMPLATES, listNames } from '../render/layers.js';
import { loadStyle } from '../render/style.js';
import { createContext } from '../context.js';
import { diskFiles } from '../load/files.js';
import { CONFIG_FILE, findConfig, loadConfig } from '../resolve/config.js';
import { SCHEMA_DIR } from '../validate/schema.js';
import { readVersion } from '../version.js';
import { colours, EXIT, type CliIO } from './io.js';

/** One line of the report: a fact, or a problem that makes the run exit 1. */
interface Finding {
  label: string;
  value: string;
  problem?: string;
}

const PACKAGE_ROOT = packagePath('./');

/**
 * `jdgen doctor` (and `jdgen --version --verbose`): what a bug report needs —
 * versions, platform, where the bundled templates, schemas and fonts are and
 * which config applies here — and a check that each can be read, so a broken
 * install (a font package missing, templates not shipped) is found before a
 * build fails half-way. Exit 1 when anything is broken.
 */
export async function doctorCommand(io: CliIO): Promise<number> {
  const findings: Finding[] = [
    { label: 'jdgen', value: `${readVersion()} (${PACKAGE_ROOT})` },
    { label: 'Node.js', value: `${process.version} (zlib ${process.versions.zlib})` },
    { label: 'platform', value: `${process.platform}/${process.arch}` },
    ...templateFindings(BUNDLED_TEMPLATES, 'templates'),
    ...schemaFindings(),
  ];
  const config = findConfig(join(io.cwd, CONFIG_FILE));
  if (!config) findings.push({ label: 'config', value: `none found from ${io.cwd} (defaults apply)` });
  else {
    const shown = relative(io.cwd, config) || config;
    const loaded = await loadConfig(createContext(), diskFiles(io.cwd), config, shown);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    findings.push({ label: 'config', value: config, ...(errors.length ? { problem: errors.map(formatDiagnosticPlain).join('\n') } : {}) });
    const templates = loaded.config?.data.templates;
    if (typeof templates === 'string') findings.push(...templateFindings(resolve(dirname(config), templates), 'config templates'));
  }
  return report(findings, io);
}

/** The templates folder's main files, its locales, and the fonts its style.yaml names (each checked to be a font). */
function templateFindings(dir: string, label: string): Finding[] {
  const findings: Finding[] = [];
  const missing = ['document.hbs', 'style.yaml'].filter((file) => !readable(join(dir, file)) && !readable(join(BUNDLED_TEMPLATES, file)));
  findings.push({ label, value: dir, ...(missing.length ? { problem: `cannot read ${missing.join(', ')}` } : {}) });
  const locales = safely(() => listNames(dir, 'locales', '.yaml'));
  findings.push({
    label: '  locales',
    value: locales.value?.join(', ') ?? '',
    ...(locales.problem || locales.value?.length === 0 ? { problem: locales.problem ?? 'no locales/*.yaml' } : {}),
  });
  // A fresh context: the fonts as they are now.
  const style = safely(() => loadStyle(createContext(), dir));
  if (!style.value) {
    findings.push({ label: '  fonts', value: '', problem: style.problem! });
    return findings;
  }
  const fonts = style.value.pdfFonts;
  for (const [face, path] of [
    ['regular', fonts.regular],
    ['bold', fonts.bold],
    ['italic', fonts.italic],
    ['bold italic', fonts.boldItalic],
  ] as const) {
    findings.push({ label: `  font ${face}`, value: path, ...(readable(path) ? {} : { problem: 'cannot be read' }) });
  }
  return findings;
}

/** Every published schema, parsed: a truncated file would only fail when an editor loads it. */
function schemaFindings(): Finding[] {
  const listed = safely(() =>
    readdirSync(SCHEMA_DIR)
      .filter((f) => f.endsWith('.schema.json'))
      .sort(),
  );
  if (!listed.value?.length) return [{ label: 'schemas', value: SCHEMA_DIR, problem: listed.problem ?? 'no *.schema.json files' }];
  const broken = listed.value.filter((file) => safely(() => JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as unknown).problem);
  return [
    { label: 'schemas', value: `${SCHEMA_DIR} (${listed.value.join(', ')})`, ...(broken.length ? { problem: `not valid JSON: ${broken.join(', ')}` } : {}) },
  ];
}

function report(findings: Finding[], io: CliIO): number {
  const out = colours(io, 'stdout');
  const err = colours(io, 'stderr');
  const width = Math.max(...findings.map((f) => f.label.length));
  for (const f of findings) {
    if (io.verbosity !== 'quiet') io.stdout.write(`${f.label.padEnd(width)}  ${terminalSafe(f.value)}\n`);
    if (f.problem) io.stderr.write(`${err.red('✗')} ${f.label.trim()}: ${terminalSafe(f.problem)}\n`);
  }
  const broken = findings.filter((f) => f.problem).length;
  if (broken === 0 && io.verbosity !== 'quiet') io.stdout.write(`${out.green('✓')} templates, schemas and fonts are readable\n`);
  return broken === 0 ? EXIT.ok : EXIT.invalid;
}

function readable(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A value, or why it could not be had (a jdgen error's message, or the system's). */
function safely<T>(work: () => T): { value?: T; problem?: string } {
  try {
    return { value: work() };
  } catch (error) {
    if (error instanceof UserError) return { problem: error.diagnostics.map(formatDiagnosticPlain).join('\n') };
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
