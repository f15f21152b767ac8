import { createContext } from '../context.js';
import { diskFiles } from '../load/files.js';
import { dirname, relative, resolve } from 'node:path';
import type { Report } from '../api.js';
import { terminalSafe } from '../env/printable.js';
import { BUNDLED_TEMPLATES } from '../render/layers.js';
import { findConfig, loadConfig } from '../resolve/config.js';
import { readVersion } from '../version.js';
import { colours, type CliIO } from './io.js';
import type { ValidateCliOptions } from './options.js';

/** Where one role's settings come from: the config file and the template layers, most specific first. */
export interface Origins {
  config?: string;
  templates: string[];
}

/**
 * The config and templates a role is built with, found the way the pipeline
 * finds them (`--config`, else the nearest jdgen.config.yaml; `--templates`,
 * else the config's `templates:`, always over the bundled folder), so
 * `--verbose` answers "which config did it use?" without reading the code.
 */
export async function originsOf(file: string, options: ValidateCliOptions, cwd: string): Promise<Origins> {
  const config = options.config ? resolve(cwd, options.config) : findConfig(resolve(cwd, file));
  let own: string | undefined = options.templates ? resolve(cwd, options.templates) : undefined;
  if (!own && config) {
    const data = (await loadConfig(createContext(), diskFiles(cwd), config, relative(cwd, config) || config)).config?.data;
    if (typeof data?.templates === 'string') own = resolve(dirname(config), data.templates);
  }
  return { ...(config ? { config } : {}), templates: [...(own ? [own] : []), BUNDLED_TEMPLATES] };
}

/** `--verbose`: per role, its status, when it finished and where its config and templates came from; then the run's time. On stderr, so stdout stays the report. */
export async function printOrigins(
  report: Report,
  options: ValidateCliOptions,
  io: CliIO,
  timing: { seconds: number; finished?: ReadonlyMap<string, number> },
): Promise<void> {
  const c = colours(io, 'stderr');
  const shown = (path: string) => terminalSafe(relative(io.cwd, path) || '.');
  const lines = [c.dim(`jdgen ${readVersion()}, Node.js ${process.version}, ${process.platform}/${process.arch}`)];
  for (const file of report.files) {
    const origins = await originsOf(file.file, options, io.cwd);
    const at = timing.finished?.get(file.file);
    lines.push(`${terminalSafe(file.file)}: ${file.status}${at === undefined ? '' : ` after ${at.toFixed(2)} s`}`);
    lines.push(c.dim(`  config: ${origins.config ? shown(origins.config) : '(none found; defaults)'}`));
    lines.push(c.dim(`  templates: ${origins.templates.map((t) => (t === BUNDLED_TEMPLATES ? `${terminalSafe(t)} (bundled)` : shown(t))).join(' over ')}`));
  }
  lines.push(`${report.files.length} role${report.files.length === 1 ? '' : 's'} in ${timing.seconds.toFixed(2)} s`);
  io.stderr.write(`${lines.join('\n')}\n`);
}
