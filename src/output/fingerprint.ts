import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { sha256 } from '../hash.js';
import { BUNDLED_TEMPLATES } from '../render/layers.js';

/** jdgen's own folder: files inside it (bundled templates, its fonts) are named relative to it. */
const JDGEN_ROOT = dirname(resolve(BUNDLED_TEMPLATES));


/**
 * Content hashes of files, cached for one batch: a batch of a thousand roles
 * shares one set of templates and fonts, which are hashed once. Each batch
 * starts afresh (`forgetFileHashes`), so a long-lived process calling build()
 * again sees the files edited in between.
 */
const shared = new Map<string, string | undefined>();

/** The recorded "hash" of a dependency that does not exist (an override a templates folder could add). */
export const ABSENT = 'absent';

export function forgetFileHashes(): void {
  shared.clear();
}

export function fileHash(path: string, { cache = true } = {}): string | undefined {
  if (cache && shared.has(path)) return shared.get(path);
  let hash: string | undefined;
  try {
    hash = sha256(readFileSync(path));
  } catch {
    hash = undefined;
  }
  if (cache) shared.set(path, hash);
  return hash;
}

/**
 * A dependency's name in the manifest, the same on every machine: files that
 * ship with jdgen (bundled templates, the font package) are `jdgen:<path>`,
 * anything else is relative to the output folder.
 */
export function dependencyKey(path: string, outDir: string): string {
  const inJdgen = relative(JDGEN_ROOT, path);
  if (!inJdgen.startsWith('..') && !isAbsolute(inJdgen)) return `jdgen:${posix(inJdgen)}`;
  return posix(relative(outDir, path));
}

export function dependencyPath(key: string, outDir: string): string {
  return key.startsWith('jdgen:') ? resolve(JDGEN_ROOT, key.slice('jdgen:'.length)) : resolve(outDir, key);
}

export function posix(path: string): string {
  return path.split(sep).join('/');
}
