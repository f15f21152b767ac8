import { FileRefused, readRegularFileSync } from '../load/read-file.js';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { sha256 } from '../hash.js';
import { BUNDLED_TEMPLATES } from '../render/layers.js';

/** jdgen's own folder: files inside it (bundled templates, its fonts) are named relative to it. */
export const JDGEN_ROOT = dirname(resolve(BUNDLED_TEMPLATES));

/**
 * Content hashes of files, kept for one batch: a batch of a thousand roles
 * shares one set of templates and fonts, which are hashed once. Each batch
 * (and each worker thread of it) makes its own, so a long-lived process
 * calling build() again sees the files edited in between.
 */
export type FileHashes = Map<string, string | undefined>;

/** The recorded "hash" of a dependency that does not exist (an override a templates folder could add). */
export const ABSENT = 'absent';

/**
 * What `fileHash` answers for something that exists but is not a readable
 * regular file of sane size (a FIFO, a device, a folder, a huge file): it
 * never equals a recorded hash, so whatever depends on it is rebuilt.
 */
export const UNUSABLE = 'unusable';

/**
 * The sha256 of a regular file; undefined when it does not exist; UNUSABLE
 * for anything else. The file is opened without blocking (a FIFO would wait
 * for a writer forever) and checked on the open descriptor before a byte is
 * read, so a path swapped for a device between a check and the read is still
 * never read. With `hashes`, a file is hashed once per batch.
 */
export function fileHash(path: string, hashes?: FileHashes): string | undefined {
  if (hashes?.has(path)) return hashes.get(path);
  const hash = hashRegularFile(path);
  hashes?.set(path, hash);
  return hash;
}

function hashRegularFile(path: string): string | undefined {
  try {
    // The one reader of untrusted files: a FIFO, device or folder is never read, only judged "changed".
    return sha256(readRegularFileSync(path, 'hashed'));
  } catch (error) {
    return error instanceof FileRefused && error.reason === 'not found' ? undefined : UNUSABLE;
  }
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

/**
 * The absolute path a dependency key names. Keys come from the manifest,
 * which anyone can edit: a `jdgen:` key must stay inside jdgen's folder, and
 * no key may be absolute (undefined for those). Whether the path lies inside
 * the project is the caller's question (see trust.ts).
 */
export function dependencyPath(key: string, outDir: string): string | undefined {
  if (key.includes('\0')) return undefined;
  if (key.startsWith('jdgen:')) {
    const rest = key.slice('jdgen:'.length);
    if (rest === '' || isAbsolute(rest) || rest.split(/[\\/]/).includes('..')) return undefined;
    return resolve(JDGEN_ROOT, rest);
  }
  if (key === '' || isAbsolute(key) || /^[A-Za-z]:/.test(key)) return undefined;
  return resolve(outDir, key);
}

export function posix(path: string): string {
  return path.split(sep).join('/');
}
