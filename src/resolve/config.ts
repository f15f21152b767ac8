import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { hasErrors, makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import { loadYamlFile } from '../load/load.js';
import type { SourceFile } from '../load/source.js';
import { checkSchema } from '../validate/validate.js';

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
  output?: { formats?: string[]; dir?: string };
  templates?: string;
  allow_paths?: string[];
}

/** The nearest jdgen.config.yaml in the role's folder or above it. */
export function findConfig(roleFile: string): string | undefined {
  let dir = dirname(resolve(roleFile));
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
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
  let dir = dirname(resolve(roleFile));
  const last = resolve(top);
  for (;;) {
    if (found && dir === dirname(found)) return candidates;
    candidates.push(join(dir, CONFIG_FILE));
    const parent = dirname(dir);
    // With no config found, the search is bounded by `top` (included); outside it, only the role's own folder counts.
    if (parent === dir || (!found && (dir === last || !isInside(parent, last)))) return candidates;
    dir = parent;
  }
}

function isInside(dir: string, ancestor: string): boolean {
  const rel = relative(ancestor, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

const cache = new Map<string, { stamp: string; result: Promise<{ config?: ProjectConfig; diagnostics: Diagnostic[] }> }>();

/**
 * Loads and validates a config file, once per process while the file is
 * unchanged; `shown` is the path as the user sees it. The cache is keyed by
 * both (diagnostics carry `shown`, which depends on the caller's cwd) and
 * re-reads the file when its size or modification time changes, so a
 * long-lived process using the library API sees an edited config.
 */
export function loadConfig(path: string, shown: string): Promise<{ config?: ProjectConfig; diagnostics: Diagnostic[] }> {
  const key = `${path}\0${shown}`;
  const stamp = fileStamp(path);
  let entry = cache.get(key);
  if (!entry || entry.stamp !== stamp) {
    entry = { stamp, result: readConfig(path, shown) };
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

async function readConfig(path: string, shown: string): Promise<{ config?: ProjectConfig; diagnostics: Diagnostic[] }> {
  const loaded = await loadYamlFile(shown, path);
  if (!loaded.source || hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics };
  const data = loaded.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { diagnostics: [makeDiagnostic({ code: 'config/shape', file: shown, line: 1, column: 1, message: 'expected a mapping of settings' })] };
  }
  const diagnostics = [...loaded.diagnostics, ...checkSchema(loaded.source, data, 'config')];
  if (hasErrors(diagnostics)) return { diagnostics };
  return { config: { path, source: loaded.source, data: data as ConfigData }, diagnostics };
}

/** Forgets loaded configs (watch mode, tests that rewrite a config). */
export function clearConfigCache(): void {
  cache.clear();
}
