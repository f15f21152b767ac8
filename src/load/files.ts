import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FileRefused, megabytes, readRegularFile, readRegularText, READ_LIMITS, refusal, type ReadKind } from './read-file.js';

/** A file's contents as a caller of the API gives them: text (UTF-8) or bytes. */
export type FileContents = string | Uint8Array;

/**
 * Files a caller of the library gives instead of the disk: a map from paths
 * (relative to `cwd`, `/`-separated, e.g. `bases/base.yaml`) to contents, or a
 * function that answers such a path with the contents, or undefined when
 * there is no such file. Roles, bases, clause libraries, the config and the
 * logo are then read from here only; templates and fonts still come from
 * jdgen's own folder (or `templatesDir`).
 */
export type VirtualFiles = Readonly<Record<string, FileContents>> | ((path: string) => FileContents | undefined | Promise<FileContents | undefined>);

/**
 * Where the sources of a role are read from: roles, bases, libraries, the
 * config and pictures. The disk (with every check of read-file.ts), or the
 * files a caller handed over (VirtualFiles). Paths are absolute.
 */
export interface SourceFiles {
  /** True for files given by a caller: no real paths, no git, no folders every user may write to. */
  readonly virtual: boolean;
  /** The folder relative paths of virtual files start from (the call's cwd). */
  readonly root: string;
  /** The path under which references are checked and the file is recorded (on disk: symlinks resolved); undefined when it does not exist. */
  real(path: string): Promise<string | undefined>;
  /** Why the file may not be read as `kind` (a FIFO, too large), or undefined. Assumes it exists. */
  refusal(path: string, kind: ReadKind): Promise<string | undefined>;
  exists(path: string): Promise<boolean>;
  /** The contents; throws FileRefused (reason `not found` when missing). */
  readText(path: string, kind: ReadKind): Promise<string>;
  readBytes(path: string, kind: ReadKind): Promise<Uint8Array>;
}

/** The disk, read as read-file.ts reads every input. */
export function diskFiles(root: string): SourceFiles {
  return {
    virtual: false,
    root,
    real: async (path) => {
      try {
        return realpathSync(path);
      } catch {
        return undefined;
      }
    },
    refusal: async (path, kind) => {
      try {
        return refusal(statSync(path), kind);
      } catch {
        return 'not found';
      }
    },
    exists: async (path) => existsSync(path),
    readText: readRegularText,
    readBytes: readRegularFile,
  };
}

/** A caller's files (a map or a function), below `root`; nothing outside it exists. */
export function virtualFiles(root: string, given: VirtualFiles): SourceFiles {
  const base = resolve(root);
  const keyOf = (path: string): string | undefined => {
    const rel = relative(base, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  };
  const map = typeof given === 'function' ? undefined : new Map(Object.entries(given).map(([key, value]) => [keyOf(resolve(base, key)), value]));
  // A function is asked once per path and call: the resolver may ask for a file twice (checked, then read).
  const asked = new Map<string, Promise<FileContents | undefined>>();
  const lookUp = (path: string): Promise<FileContents | undefined> => {
    const key = keyOf(resolve(path));
    if (key === undefined) return Promise.resolve(undefined);
    if (map) return Promise.resolve(map.get(key));
    let answer = asked.get(key);
    if (!answer) asked.set(key, (answer = Promise.resolve((given as (path: string) => FileContents | undefined | Promise<FileContents | undefined>)(key))));
    return answer;
  };
  return fromLookUp(base, true, lookUp);
}

/** `files` with one more file, given in memory (a role passed as text or data, or read from standard input). */
export function withFile(files: SourceFiles, path: string, contents: FileContents): SourceFiles {
  const own = resolve(path);
  const lookUp = async (asked: string): Promise<FileContents | undefined> => (resolve(asked) === own ? contents : undefined);
  const single = fromLookUp(files.root, true, lookUp);
  const pick = <T>(asked: string, mine: () => T, theirs: () => T): T => (resolve(asked) === own ? mine() : theirs());
  return {
    virtual: files.virtual,
    root: files.root,
    real: (p) =>
      pick(
        p,
        () => single.real(p),
        () => files.real(p),
      ),
    refusal: (p, kind) =>
      pick(
        p,
        () => single.refusal(p, kind),
        () => files.refusal(p, kind),
      ),
    exists: (p) =>
      pick(
        p,
        () => single.exists(p),
        () => files.exists(p),
      ),
    readText: (p, kind) =>
      pick(
        p,
        () => single.readText(p, kind),
        () => files.readText(p, kind),
      ),
    readBytes: (p, kind) =>
      pick(
        p,
        () => single.readBytes(p, kind),
        () => files.readBytes(p, kind),
      ),
  };
}

function fromLookUp(root: string, virtual: boolean, lookUp: (path: string) => Promise<FileContents | undefined>): SourceFiles {
  const bytes = async (path: string, kind: ReadKind): Promise<Uint8Array> => {
    const found = await lookUp(path);
    if (found === undefined) throw new FileRefused(path, 'not found');
    const data = typeof found === 'string' ? Buffer.from(found, 'utf8') : found;
    const limit = READ_LIMITS[kind];
    if (data.byteLength > limit) throw new FileRefused(path, `is ${megabytes(data.byteLength)}, the limit is ${megabytes(limit)}`, { tooLarge: true });
    return data;
  };
  return {
    virtual,
    root,
    real: async (path) => ((await lookUp(path)) === undefined ? undefined : resolve(path)),
    refusal: async (path, kind) => {
      try {
        await bytes(path, kind);
        return undefined;
      } catch (error) {
        if (error instanceof FileRefused) return error.reason;
        throw error;
      }
    },
    exists: async (path) => (await lookUp(path)) !== undefined,
    readText: async (path, kind) => {
      const found = await lookUp(path);
      return typeof found === 'string' ? checkedText(path, found, kind) : Buffer.from(await bytes(path, kind)).toString('utf8');
    },
    readBytes: bytes,
  };
}

function checkedText(path: string, text: string, kind: ReadKind): string {
  const size = Buffer.byteLength(text, 'utf8');
  const limit = READ_LIMITS[kind];
  if (size > limit) throw new FileRefused(path, `is ${megabytes(size)}, the limit is ${megabytes(limit)}`, { tooLarge: true });
  return text;
}
