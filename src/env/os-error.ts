import { printable } from './printable.js';

/**
 * Failures of the machine, not of jdgen: a full disk, a read-only file system,
 * a folder the user may not write. They are the user's to fix, so they end as
 * one line naming the place and the reason in words, with exit code 1 — never
 * as "a bug in jdgen" with a stack trace.
 */

/** The errno codes that describe the environment, with the words `strerror` uses for them. */
const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted (an immutable or protected file?)',
  ENOTDIR: 'part of the path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the folder is not empty',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  EBUSY: 'device or resource busy',
  ETXTBSY: 'text file busy',
  ENXIO: 'no such device or address',
  ENODEV: 'no such device',
  EXDEV: 'the folder spans two file systems',
  ESTALE: 'stale network file handle',
};

/** What a system call was doing, in words, for the catch-all in the CLI. */
const ACTIONS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'replace',
  unlink: 'remove',
  rm: 'remove',
  rmdir: 'remove the folder',
  scandir: 'list the folder',
  opendir: 'list the folder',
  stat: 'inspect',
  lstat: 'inspect',
  access: 'access',
  fsync: 'flush to disk',
  copyfile: 'copy to',
};

/** An operation on a file or folder that the machine refused. Exit code 1. */
export class EnvironmentError extends Error {
  /** The errno code, e.g. `ENOSPC`. */
  readonly code: string;
  /** The file or folder concerned, as the user named it (empty when the system did not say). */
  readonly path: string;
  constructor(action: string, path: string, code: string, reason = osReason(code)) {
    super(`cannot ${action}${path ? ` ${printable(path)}` : ''}: ${reason}`);
    this.name = 'EnvironmentError';
    this.code = code;
    this.path = path;
  }
}

/** An error thrown by node:fs (or a stream) whose code says the environment refused, not jdgen. */
export function isOsFailure(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && Object.hasOwn(REASONS, code);
}

export function osReason(code: string): string {
  return Object.hasOwn(REASONS, code) ? REASONS[code]! : code;
}

/**
 * The error to report for `error` met while doing `action` on `path`: an
 * EnvironmentError when the OS refused, else the error itself (a bug).
 */
export function inContext(error: unknown, action: string, path: string): unknown {
  return isOsFailure(error) ? new EnvironmentError(action, path, error.code) : error;
}

/** Runs file-system work, turning a refusal of the OS into an EnvironmentError naming `path`. */
export async function osWork<T>(action: string, path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw inContext(error, action, path);
  }
}

/**
 * The last resort where the CLI turns errors into exit codes: an OS refusal
 * nobody put in context is still the environment's, described by its own
 * system call and path.
 */
export function asEnvironmentError(error: unknown): EnvironmentError | undefined {
  if (error instanceof EnvironmentError) return error;
  if (!isOsFailure(error)) return undefined;
  const { syscall } = error;
  const action = syscall === undefined ? 'use' : Object.hasOwn(ACTIONS, syscall) ? ACTIONS[syscall]! : syscall;
  // A rename names its source first (a temporary file); the place the user knows is its destination.
  const path = (error as { dest?: string }).dest ?? error.path ?? '';
  return new EnvironmentError(action, path, error.code);
}
