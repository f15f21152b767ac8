import { constants, type Stats } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EnvironmentError, inContext, isOsFailure } from './os-error.js';
import { printable, shownPath } from './printable.js';

/** A path that had to be a folder (or nothing yet) but is something else: a file, a device… */
export class NotAFolderError extends Error {
  /** The path that is in the way: the folder asked for, or one of its parents. */
  readonly blocker: string;
  /** What it is instead, in words: "a file", "a character device". */
  readonly kind: string;
  constructor(blocker: string, kind: string) {
    super(`${blocker} is ${kind}, not a folder`);
    this.name = 'NotAFolderError';
    this.blocker = blocker;
    this.kind = kind;
  }
}

/** Why `folder` cannot be used, in words: "it is a file", or "notes is a file" for a parent. */
export function whyNotAFolder(error: NotAFolderError, folder: string, cwd: string): string {
  return error.blocker === folder ? `it is ${error.kind}` : `${printable(shownPath(cwd, error.blocker))} is ${error.kind}`;
}

/** What a path is, in words, for messages: `a folder`, `a FIFO (named pipe)`. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFile()) return 'a file';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/** stat, with "does not exist" (also: a parent is a file) as undefined. */
export async function statOrMissing(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw inContext(error, 'inspect', path);
  }
}

/**
 * The missing folders from `dir` up to the first that exists (outermost last).
 * Throws NotAFolderError when `dir` or a parent is something else.
 */
export async function missingFolders(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const stats = await statOrMissing(at);
    if (stats?.isDirectory()) return missing;
    if (stats) throw new NotAFolderError(at, kindOf(stats));
    missing.push(at);
    if (dirname(at) === at) return missing;
  }
}

/**
 * `mkdir -p` that cannot hang: Node's recursive mkdir loops forever where the
 * kernel answers ENOENT for a folder whose parent exists (under /proc), so
 * each missing level is created on its own. A parent that is a file is a
 * NotAFolderError; a refusal of the OS an EnvironmentError naming the folder.
 */
export async function ensureFolder(dir: string, shown: string = dir): Promise<void> {
  for (const folder of (await missingFolders(dir)).reverse()) {
    try {
      await mkdir(folder);
    } catch (error) {
      // Another process may have created it meanwhile: that is what was wanted.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await statOrMissing(folder))?.isDirectory()) continue;
      throw folderError(error, shown);
    }
  }
}

function folderError(error: unknown, shown: string): unknown {
  // ENOENT for a folder whose parent exists: a file system that takes no new folders (/proc, /sys).
  if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    return new EnvironmentError('create the folder', shown, 'ENOENT', 'this file system takes no new folders');
  return isOsFailure(error) ? new EnvironmentError('create the folder', shown, error.code) : error;
}

/**
 * Checks, without writing anything, that `dir` is a folder jdgen may write in:
 * a read-only file system, an immutable folder or missing permission are
 * found before any work is done.
 */
export async function checkWritableFolder(dir: string, shown: string = dir): Promise<void> {
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw inContext(error, 'write in the folder', shown);
  }
}
