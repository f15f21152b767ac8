import { dirname, resolve } from 'node:path';
import type { Context } from '../context.js';
import type { OutDirOrigin } from '../env/out-dir.js';
import { diskFiles } from '../load/files.js';
import { findConfig, loadConfig } from '../resolve/config.js';
import { DEFAULT_FORMATS, type Format } from '../write/registry.js';

export interface OutputRequest {
  outDir?: string;
  formats?: readonly Format[];
  configFile?: string;
  signFields?: boolean;
  tagged?: boolean;
}

export interface OutputTarget {
  /** Absolute output folder. */
  outDir: string;
  origin: OutDirOrigin;
  formats: readonly Format[];
  /** PDF signature fields: the command line, else the config's `output.sign_fields`, else off. */
  signFields: boolean;
  /** PDF: tagged (PDF/A-2a) unless the command line says --no-tagged. */
  tagged: boolean;
}

/**
 * Where a role's outputs go and in which formats: the command line first,
 * then the `output:` of the role's jdgen.config.yaml (its `dir` relative to
 * the config), then `dist` and DOCX + PDF + Markdown.
 */
export async function outputTarget(
  context: Context,
  file: string,
  request: OutputRequest,
  cwd: string,
  /** The config found for each role folder, kept by the caller for one batch (roles share folders). */
  found?: Map<string, string | undefined>,
): Promise<OutputTarget> {
  const folder = dirname(resolve(cwd, file));
  let configPath: string | undefined;
  if (request.configFile) configPath = resolve(cwd, request.configFile);
  else if (found?.has(folder)) configPath = found.get(folder);
  else found?.set(folder, (configPath = findConfig(resolve(cwd, file))));
  const config = configPath ? (await loadConfig(context, diskFiles(cwd), configPath, configPath)).config : undefined;
  const output = config?.data.output;
  const formats = request.formats ?? (output?.formats as Format[] | undefined) ?? DEFAULT_FORMATS;
  const signFields = request.signFields ?? output?.sign_fields ?? false;
  const tagged = request.tagged !== false;
  if (request.outDir) return { outDir: resolve(cwd, request.outDir), origin: { kind: 'option' }, formats, signFields, tagged };
  if (config && output?.dir) return { outDir: resolve(dirname(config.path), output.dir), origin: { kind: 'config', config }, formats, signFields, tagged };
  return { outDir: resolve(cwd, 'dist'), origin: { kind: 'default' }, formats, signFields, tagged };
}
