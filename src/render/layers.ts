import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { packagePath } from '../package-root.js';

/**
 * Template folders are layered: a user's folder (`--templates DIR`) may hold
 * only what it changes — one partial, one locale, style.yaml — and everything
 * else comes from the templates bundled with jdgen.
 */
export const BUNDLED_TEMPLATES = packagePath('templates/');

/** A bundled file's path inside the bundled templates folder (`locales/en.yaml`); undefined for any other file. */
export function bundledKey(file: string): string | undefined {
  const key = relative(BUNDLED_TEMPLATES, file).split(sep).join('/');
  return key.startsWith('..') || isAbsolute(key) ? undefined : key;
}

/** The folders to look in, most specific first. */
export function layers(templatesDir: string): string[] {
  const same = join(templatesDir, '.') === join(BUNDLED_TEMPLATES, '.');
  return same ? [BUNDLED_TEMPLATES] : [templatesDir, BUNDLED_TEMPLATES];
}

/** The first layer's copy of a file, or undefined when no layer has it. */
export function findFile(templatesDir: string, relative: string): string | undefined {
  return layers(templatesDir)
    .map((dir) => join(dir, relative))
    .find((path) => existsSync(path));
}

/** Every layer's copy of a file, bundled first, so later entries override earlier ones. */
export function allCopies(templatesDir: string, relative: string): string[] {
  return layers(templatesDir)
    .reverse()
    .map((dir) => join(dir, relative))
    .filter((path) => existsSync(path));
}

/** File names with an extension in a sub-folder of any layer, sorted. */
export function listNames(templatesDir: string, subdir: string, extension: string): string[] {
  const names = new Set<string>();
  for (const dir of layers(templatesDir)) {
    const folder = join(dir, subdir);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) if (name.endsWith(extension)) names.add(name.slice(0, -extension.length));
  }
  return [...names].sort();
}
