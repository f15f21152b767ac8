import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { SourceFiles } from '../load/files.js';
import { loadYamlFile } from '../load/load.js';
import type { SourceFile } from '../load/source.js';
import { checkSchema } from '../validate/validate.js';
import { modelineWarning } from '../validate/modeline.js';

export const CONFIG_FILE = 'jdgen.config.yaml';

/** A loaded, valid jdgen.config.yaml. */
export interface ProjectConfig {
  /** Absolute path. */
  path: string;
  source: SourceFile;
  data: ConfigData;
}

export interface ConfigData {
  locale?: string;
  organization?: { name?: string; city?: string; letterhead?: string[]; logo?: string };
  approval?: { position: string; name: string };
  agreed_by?: Array<{ position: string; name: string }>;
  familiarization?: Record<string, unknown>;
  layout?: { agreed?: string };
  output?: { formats?: string[]; dir?: string; sign_fields?: boolean };
  templates?: string;
  allow_paths?: string[];
  /** `jdgen lint`: each rule's level, and the longest clause in words. */
  lint?: { rules?: Record<string, 'off' | 'warn' | 'error'>; max_clause_words?: number };
}

/**
 * The folders searched for jdgen.config.yaml, nearest first: the role's own
 * and those above it, up to and including the top of its repository (the
 * first folder holding `.git`, as ESLint's `root` and Prettier stop at a
 * project's top), or `top` when given (an unpacked git revision has no `.git`:
 * its top is where it was unpacked), else up to the filesystem root but never
 * into a folder every user may write to (such as /tmp). A config above the
 * repository, or planted in a shared temp folder, never applies to its roles.
 */
export function* configFolders(roleFile: string, top?: string): Generator<string> {
  const last = top === undefined ? undefined : resolve(top);
  for (let dir = dirname(resolve(roleFile)); ; dir = dirname(dir)) {
    yield dir;
    const parent = dirname(dir);
    if (parent === dir || dir === last) return;
    if (last === undefined ? existsSync(join(dir, '.git')) : !isInside(parent, last)) return;
    // Outside a repository, a folder every user may write to (/tmp) is not searched: a config
    // planted there by someone else must not apply to the roles below it.
    if (anyoneMayWrite(parent)) return;
  }
}

function anyoneMayWrite(dir: string): boolean {
  try {
    return (statSync(dir).mode & 0o002) !== 0;
  } catch {
    return false;
  }
}

/** The nearest jdgen.config.yaml in the role's folder or above it (see configFolders for how far). */
export function findConfig(roleFile: string, top?: string): string | undefined {
  for (const dir of configFolders(roleFile, top)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The nearest config among the sources: on disk as findConfig searches; among
 * a caller's files, in the role's folder and those above it up to their root.
 */
export async function findConfigIn(sources: SourceFiles, roleFile: string, top?: string): Promise<string | undefined> {
  if (!sources.virtual) {
    // An in-memory role on disk (standard input) has no file of its own to stand beside: search from its folder.
    return findConfig(roleFile, top);
  }
  const root = resolve(sources.root);
  for (let dir = dirname(resolve(roleFile)); isInside(dir, root); dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (await sources.exists(candidate)) return candidate;
    if (dir === root) break;
  }
  return undefined;
}

/**
 * The jdgen.config.yaml files that do not exist but would be found before
 * `found` (or, with no config at all, before reaching above `top`): creating
 * one changes the role's document, so an incremental build depends on their
 * absence. Bounded by `top` so the list does not depend on how deep the
 * project sits on this machine.
 */
export function nearerConfigs(roleFile: string, found: string | undefined, top: string): string[] {
  const candidates: string[] = [];
  const last = resolve(top);
  for (const dir of configFolders(roleFile)) {
    if (found && dir === dirname(found)) return candidates;
    candidates.push(join(dir, CONFIG_FILE));
    // With no config found, the search is bounded by `top` (included); outside it, only the role's own folder counts.
    if (!found && (dir === last || !isInside(dirname(dir), last))) return candidates;
  }
  return candidates;
}

function isInside(dir: string, ancestor: string): boolean {
  const rel = relative(ancestor, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export type ConfigResult = { config?: ProjectConfig; diagnostics: Diagnostic[] };

/** A config read, with the stamp of its file at the time (see loadConfig). */
export interface ConfigEntry {
  stamp: string;
  result: Promise<ConfigResult>;
}

/**
 * Loads and validates a config file, once per context while the file is
 * unchanged; `shown` is the path as the user sees it. The context's cache is
 * keyed by both (diagnostics carry `shown`, which depends on the caller's cwd)
 * and re-reads the file when its size or modification time changes, so a
 * context kept by a long-lived process sees an edited config. A caller's
 * files (virtual) are read each time: they may differ from call to call.
 */
export function loadConfig(context: Context, sources: SourceFiles, path: string, shown: string): Promise<ConfigResult> {
  if (sources.virtual) return readConfig(sources, path, shown);
  const key = `${path}\0${shown}`;
  const stamp = fileStamp(path);
  const cache = context.configs;
  let entry = cache.get(key);
  if (!entry || entry.stamp !== stamp) {
    entry = { stamp, result: readConfig(sources, path, shown) };
    cache.set(key, entry);
  }
  return entry.result;
}

function fileStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
  } catch {
    return 'unreadable';
  }
}

async function readConfig(sources: SourceFiles, path: string, shown: string): Promise<ConfigResult> {
  const loaded = await loadYamlFile(shown, path, sources.readText);
  if (!loaded.source || hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics };
  const data = loaded.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { diagnostics: [makeDiagnostic({ code: 'config/shape', file: shown, line: 1, column: 1, message: 'expected a mapping of settings' })] };
  }
  const problems = checkSchema(loaded.source, data, 'config');
  const modeline = hasErrors(problems) ? undefined : modelineWarning(loaded.source, 'config', data);
  const diagnostics = [...loaded.diagnostics, ...problems, ...(modeline ? [modeline] : [])];
  if (hasErrors(diagnostics)) return { diagnostics };
  return { config: { path, source: loaded.source, data: data as ConfigData }, diagnostics };
}
