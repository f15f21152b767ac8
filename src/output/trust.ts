import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Context } from '../context.js';
import { diskFiles } from '../load/files.js';
import { findConfig, loadConfig } from '../resolve/config.js';
import { JDGEN_ROOT } from './fingerprint.js';

/**
 * Where a manifest may send jdgen to hash a file. The manifest is untrusted
 * (anyone who can write the output folder can edit it), so a dependency it
 * names is only looked at when it lies — symlinks resolved — inside a folder
 * the role itself could have read from:
 *
 *   - the current folder;
 *   - the role's project: the folder of its jdgen.config.yaml (the role's own
 *     folder without one), the config's `allow_paths` and `templates`;
 *   - the `--templates` folder and the folder of the `--config` file;
 *   - jdgen's install and the node_modules folder its font package lives in.
 *
 * Anything else (a font named by an absolute path outside all of these, say)
 * is reported as a manifest warning and the role is rebuilt.
 */
export class DependencyScope {
  private readonly verdicts = new Map<string, boolean>();
  private readonly roots: string[];

  constructor(roots: readonly string[]) {
    // Each root both as written and with symlinks resolved: a project reached through a symlink is still the project.
    this.roots = [...new Set(roots.flatMap((root) => [resolve(root), realOrSelf(root)]))];
  }

  /** Whether the file at this absolute path may be read. Cached: a thousand roles share one set of templates. */
  allows(path: string): boolean {
    let verdict = this.verdicts.get(path);
    if (verdict === undefined) {
      verdict = this.inside(path) && this.inside(realOfExisting(path));
      this.verdicts.set(path, verdict);
    }
    return verdict;
  }

  private inside(path: string): boolean {
    return this.roots.some((root) => isInside(path, root));
  }
}

export interface ScopeOptions {
  /** Where the config read to find the output folder is kept (read once). */
  context: Context;
  cwd: string;
  templatesDir?: string;
  configFile?: string;
}

/** One scope per project (config) in a batch: roles of one project share it. */
export class Scopes {
  private readonly byConfig = new Map<string, Promise<DependencyScope>>();
  /** The config found for each role folder: roles of one folder share it (a thousand roles, a handful of folders). */
  private readonly configs = new Map<string, string | undefined>();
  constructor(private readonly options: ScopeOptions) {}

  forRole(roleFile: string): Promise<DependencyScope> {
    const { cwd, configFile } = this.options;
    const role = resolve(cwd, roleFile);
    const config = configFile ? resolve(cwd, configFile) : this.configOf(role);
    const key = config ?? `role:${dirname(role)}`;
    let scope = this.byConfig.get(key);
    if (!scope) this.byConfig.set(key, (scope = this.build(role, config)));
    return scope;
  }

  private configOf(role: string): string | undefined {
    const folder = dirname(role);
    if (!this.configs.has(folder)) this.configs.set(folder, findConfig(role));
    return this.configs.get(folder);
  }

  private async build(role: string, configPath: string | undefined): Promise<DependencyScope> {
    const { cwd, templatesDir } = this.options;
    const roots = [cwd, JDGEN_ROOT, ...fontPackageRoot(), ...(templatesDir ? [resolve(cwd, templatesDir)] : [])];
    if (!configPath) return new DependencyScope([...roots, dirname(role)]);
    const root = dirname(configPath);
    // The config was loaded (and cached) already to find the output folder: this costs no second read.
    const data = (await loadConfig(this.options.context, diskFiles(cwd), configPath, configPath)).config?.data;
    const allowed = (data?.allow_paths ?? []).filter((p) => typeof p === 'string').map((p) => resolve(root, p));
    const templates = typeof data?.templates === 'string' ? [resolve(root, data.templates)] : [];
    return new DependencyScope([...roots, root, ...allowed, ...templates]);
  }
}

/** The node_modules folder holding jdgen's default font package (beside jdgen when npm hoisted it). */
function fontPackageRoot(): string[] {
  try {
    const file = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/package.json');
    const at = file.lastIndexOf(`node_modules`);
    return at < 0 ? [] : [file.slice(0, at + 'node_modules'.length)];
  } catch {
    return [];
  }
}

export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${'/'}`) && !rel.startsWith('..\\') && !isAbsolute(rel));
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The real path of a file, or for one that does not exist, of its nearest existing folder joined with the rest.
 * The system's realpath(3): one call, where the JavaScript one stats every folder of the path (a no-op build
 * asks this of each of a thousand role files).
 */
export function realOfExisting(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realOfExisting(parent), basename(path));
  }
}
