/**
 * The one way jdgen reads an input file (roles, bases, libraries, the config,
 * templates, locales, style.yaml, fonts, the logo).
 *
 * Anyone may name any path in a role or a templates folder, so a name can lead
 * to a FIFO (an open would wait for a writer forever), a device (`/dev/zero`
 * never ends), a socket or a folder. The file is opened without blocking,
 * its open handle is examined (not the path: it cannot be swapped in between),
 * anything but a regular file is refused, and no more than the limit is read,
 * even from a file that grows while it is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { kindOf } from '../env/folder.js';

const MB = 1024 * 1024;

/** Largest file read, by kind (bytes). Each is far above any real file of its kind. */
export const READ_LIMITS = {
  /**
   * Role, base, clause library, jdgen.config.yaml, locale, style.yaml. A large real role is 20 KB and
   * a library of a thousand clauses about 300 KB; YAML with anchors is read by the slower `yaml`
   * parser at about 1.5 s per MB, so 1 MB keeps every answer within the 5 s that issue 12 sets.
   */
  yaml: 1 * MB,
  /** Handlebars templates and partials. */
  template: 1 * MB,
  /** The logo (PNG or JPEG); its pixels are limited separately (image.ts). */
  image: 10 * MB,
  /** jdgen's build manifest (about 1 KB per role). */
  manifest: 64 * MB,
  /** A dependency hashed for the manifest (any file a role depends on, fonts included). */
  hashed: 64 * MB,
  /** jdgen's own lock and journal files in an output folder (a few hundred bytes when jdgen wrote them). */
  state: 1 * MB,
  /** A TrueType or OpenType font named by style.yaml. */
  font: 30 * MB,
} as const;

export type ReadKind = keyof typeof READ_LIMITS;

/** A file jdgen will not read; `reason` completes a sentence about it: "`base.yaml` is a FIFO, not a regular file". */
export class FileRefused extends Error {
  readonly reason: string;
  readonly path: string;
  /** A regular file refused for its size only: it has a first line a diagnostic can point at. */
  readonly tooLarge: boolean;
  constructor(path: string, reason: string, { tooLarge = false } = {}) {
    super(`${path} ${reason}`);
    this.name = 'FileRefused';
    this.path = path;
    this.reason = reason;
    this.tooLarge = tooLarge;
  }
}

// O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting
// for a writer (then fstat says it is a FIFO). It does not exist on Windows,
// where a pipe is not a path a file can name anyway.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Why a file with these stats is not read, or undefined when it may be. Also for checks before reading (resolveReference). */
export function refusal(stat: Stats, kind: ReadKind): string | undefined {
  if (!stat.isFile()) return `is ${kindOf(stat)}, not a regular file`;
  const limit = READ_LIMITS[kind];
  if (stat.size > limit) return `is ${megabytes(stat.size)}, the limit is ${megabytes(limit)}`;
  return undefined;
}

/** Reads a regular file of at most the kind's limit; throws FileRefused for anything else (never blocks, never reads without end). */
export async function readRegularFile(path: string, kind: ReadKind): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    const stat = await handle.stat();
    const refused = refusal(stat, kind);
    if (refused) throw new FileRefused(path, refused, { tooLarge: stat.isFile() });
    return await readAll(path, kind, stat.size, async (buffer, offset, length) => (await handle.read(buffer, offset, length, null)).bytesRead);
  } catch (error) {
    throw error instanceof FileRefused ? error : new FileRefused(path, `cannot be read: ${errorText(error)}`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readRegularFile for synchronous callers (style.yaml, fonts, the scan of a folder for role files). */
export function readRegularFileSync(path: string, kind: ReadKind): Buffer {
  return withRegularFileSync(path, kind, (fd, size) => readAllSync(path, kind, size, (buffer, offset, length) => readSync(fd, buffer, offset, length, null)));
}

/** The first `length` bytes (fewer if the file is shorter) and the size of a regular file within the kind's limit: a file's header. */
export function readRegularHeadSync(path: string, kind: ReadKind, length: number): { head: Buffer; size: number } {
  return withRegularFileSync(path, kind, (fd, size) => {
    const head = Buffer.alloc(Math.min(length, size));
    let filled = 0;
    for (let count = -1; count !== 0 && filled < head.length; filled += count) count = readSync(fd, head, filled, head.length - filled, filled);
    return { head: head.subarray(0, filled), size };
  });
}

/** Opens without blocking, refuses what is not a regular file within the limit, and hands the open file to `use`. */
function withRegularFileSync<T>(path: string, kind: ReadKind, use: (fd: number, size: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    const stat = fstatSync(fd);
    const refused = refusal(stat, kind);
    if (refused) throw new FileRefused(path, refused, { tooLarge: stat.isFile() });
    return use(fd, stat.size);
  } catch (error) {
    throw error instanceof FileRefused ? error : new FileRefused(path, `cannot be read: ${errorText(error)}`);
  } finally {
    closeSync(fd);
  }
}

/** readRegularFile as UTF-8 text. */
export async function readRegularText(path: string, kind: ReadKind): Promise<string> {
  return (await readRegularFile(path, kind)).toString('utf8');
}

export function readRegularTextSync(path: string, kind: ReadKind): string {
  return readRegularFileSync(path, kind).toString('utf8');
}

type Read<T> = (buffer: Buffer, offset: number, length: number) => T;

/**
 * Reads to the end, or to one byte past the limit (then refuses): the size
 * fstat gave may be stale, so it only sizes the first buffer.
 */
async function readAll(path: string, kind: ReadKind, size: number, read: Read<Promise<number>>): Promise<Buffer> {
  const limit = READ_LIMITS[kind];
  let buffer: Buffer = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  let filled = 0;
  for (;;) {
    const count = await read(buffer, filled, buffer.length - filled);
    if (count === 0) return buffer.subarray(0, filled);
    filled += count;
    if (filled > limit) throw new FileRefused(path, `is more than ${megabytes(limit)}, the limit`, { tooLarge: true });
    if (filled === buffer.length) buffer = grown(buffer, limit);
  }
}

/** readAll with synchronous reads (the same loop: a generic one would make every read a promise). */
function readAllSync(path: string, kind: ReadKind, size: number, read: Read<number>): Buffer {
  const limit = READ_LIMITS[kind];
  let buffer: Buffer = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  let filled = 0;
  for (;;) {
    const count = read(buffer, filled, buffer.length - filled);
    if (count === 0) return buffer.subarray(0, filled);
    filled += count;
    if (filled > limit) throw new FileRefused(path, `is more than ${megabytes(limit)}, the limit`, { tooLarge: true });
    if (filled === buffer.length) buffer = grown(buffer, limit);
  }
}

/** A buffer twice as large (at most one byte past the limit) holding the same bytes. */
function grown(buffer: Buffer, limit: number): Buffer {
  const next = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
  buffer.copy(next);
  return next;
}

function openFailure(path: string, error: unknown): FileRefused {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileRefused(path, 'not found');
  // Some special files cannot be opened at all (a socket: ENXIO; a folder on Windows: EISDIR):
  // say what the path is, from its stats (no read follows, so nothing can be swapped in).
  const stat = statQuietly(path);
  if (stat && !stat.isFile()) return new FileRefused(path, `is ${kindOf(stat)}, not a regular file`);
  if (code === 'EACCES' || code === 'EPERM') return new FileRefused(path, 'cannot be read: permission denied');
  return new FileRefused(path, `cannot be read: ${errorText(error)}`);
}

function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** `12 MB`, `5.3 MB`: sizes as a person reads them. */
export function megabytes(bytes: number): string {
  const value = bytes / MB;
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} MB`;
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? (error instanceof Error ? error.message : String(error));
}
