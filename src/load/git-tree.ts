import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError, UserError, makeDiagnostic } from '../diagnostics.js';
import type { SourceFiles } from './files.js';
import { FileRefused, megabytes, READ_LIMITS, type ReadKind } from './read-file.js';

/**
 * A git revision read without a work tree or a shell: `git ls-tree` lists its
 * files, `git cat-file --batch` gives their contents. Blob contents are
 * untrusted input like any file: sizes are checked against jdgen's read limits
 * before a blob is read, and a whole revision is read within a budget.
 */

/** One file of a revision's tree. */
export interface TreeEntry {
  /** The blob's object name. */
  oid: string;
  /** Its size in bytes, as git records it (read before the contents). */
  size: number;
}

/** The files of one revision, by path inside the repository (`/`-separated). */
export interface RevisionTree {
  /** What the user named (`HEAD~1`, `v1.2`). */
  name: string;
  /** The commit it names. */
  commit: string;
  entries: Map<string, TreeEntry>;
}

/** At most this many files in a revision's tree are looked at. */
export const MAX_TREE_ENTRIES = 200_000;
/** All the YAML a revision gives jdgen, together. */
export const MAX_REVISION_BYTES = 256 * 1024 * 1024;

/**
 * A revision as the user may write one: names, `~N`, `^N`, `@{…}`, but never
 * an option (a leading `-`), a path (`:`), a range (`..`) or whitespace.
 * git checks the rest (`rev-parse --verify`).
 */
const REVISION = /^(?!-)(?!.*\.\.)[\w./~^@{}+-]{1,256}$/u;

export function checkRevisionName(revision: string, option: string): void {
  if (!REVISION.test(revision))
    throw new UsageError(`${option} must name a git revision (a branch, a tag, a commit, HEAD~1): \`${revision.replace(/[^\x20-\x7e]/g, '?')}\` is not one`);
}

/** The repository's top folder (real path) that holds `cwd`, or a user error naming what is wrong. */
export function repositoryTop(cwd: string): string {
  try {
    return realpathSync(git(['rev-parse', '--show-toplevel'], cwd).trim());
  } catch {
    throw revisionFailure('not inside a git repository', 'run jdgen diff --from inside the repository that holds the roles');
  }
}

/** Reads the tree of a revision (validated first): every regular file, with its size. */
export function readRevisionTree(top: string, revision: string, option: string): RevisionTree {
  checkRevisionName(revision, option);
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], top).trim();
  } catch {
    throw revisionFailure(`unknown revision \`${revision}\``, 'name a branch, a tag or a commit of this repository (git log shows them)');
  }
  const listing = git(['ls-tree', '-r', '-z', '-l', '--full-tree', commit], top);
  const entries = new Map<string, TreeEntry>();
  for (const record of listing.split('\0')) {
    if (!record) continue;
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    // Regular files only: a symlink's blob is its target's name, a submodule is no file of this tree.
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || !oid || !size) continue;
    entries.set(record.slice(tab + 1), { oid, size: Number(size) });
    if (entries.size > MAX_TREE_ENTRIES) throw revisionFailure(`revision \`${revision}\` has more than ${MAX_TREE_ENTRIES} files`);
  }
  return { name: revision, commit, entries };
}

/**
 * The contents of blobs, read in one `git cat-file --batch`. Callers check
 * sizes first (readBlobs refuses a total over MAX_REVISION_BYTES).
 */
export function readBlobs(top: string, oids: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (oids.length === 0) return out;
  const run = spawnSync('git', ['cat-file', '--batch'], { cwd: top, input: `${oids.join('\n')}\n`, maxBuffer: MAX_REVISION_BYTES + oids.length * 128 });
  if (run.status !== 0 || !run.stdout) throw revisionFailure(`cannot read the revision's files: ${String(run.stderr ?? run.error ?? '').split('\n')[0]}`);
  const data = run.stdout;
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf(0x0a, at);
    if (end < 0) break;
    const [oid, type, size] = data.subarray(at, end).toString('latin1').split(' ');
    if (type !== 'blob' || !oid || size === undefined) throw revisionFailure(`cannot read object ${oid ?? '?'} of the revision`);
    const length = Number(size);
    out.set(oid, data.subarray(end + 1, end + 1 + length));
    at = end + 1 + length + 1;
  }
  return out;
}

/** The name git gives these bytes as a blob (sha1, or sha256 in a sha256 repository: told by the length of `like`). */
export function blobName(bytes: Uint8Array, like: string): string {
  const hash = createHash(like.length === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${bytes.byteLength}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}

/**
 * A revision as jdgen's sources: the files of the tree, at the absolute paths
 * they have in the work tree (so messages name them as usual), read from git.
 * YAML files are read up front in one batch; pictures when asked for. Sizes
 * are checked against jdgen's limits before anything is read.
 */
export function revisionFiles(top: string, tree: RevisionTree): SourceFiles & { contents(path: string): Buffer | undefined } {
  const keyOf = (path: string): string | undefined => {
    const rel = relative(top, resolve(path));
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  };
  const entryOf = (path: string) => {
    const key = keyOf(path);
    return key === undefined ? undefined : tree.entries.get(key);
  };
  const yaml = [...tree.entries].filter(([path, e]) => /\.ya?ml$/i.test(path) && e.size <= READ_LIMITS.yaml);
  let total = 0;
  for (const [, e] of yaml) total += e.size;
  if (total > MAX_REVISION_BYTES)
    throw revisionFailure(`revision \`${tree.name}\` holds ${megabytes(total)} of YAML, more than jdgen reads (${megabytes(MAX_REVISION_BYTES)})`);
  const blobs = readBlobs(
    top,
    yaml.map(([, e]) => e.oid),
  );
  const sizeProblem = (path: string, kind: ReadKind): string | undefined => {
    const entry = entryOf(path);
    if (!entry) return 'not found';
    const limit = READ_LIMITS[kind];
    return entry.size > limit ? `is ${megabytes(entry.size)}, the limit is ${megabytes(limit)}` : undefined;
  };
  const bytes = (path: string, kind: ReadKind): Buffer => {
    const problem = sizeProblem(path, kind);
    if (problem) throw new FileRefused(path, problem, { tooLarge: problem !== 'not found' });
    const entry = entryOf(path)!;
    let found = blobs.get(entry.oid);
    if (!found) {
      found = readBlobs(top, [entry.oid]).get(entry.oid);
      if (!found) throw new FileRefused(path, 'not found');
      blobs.set(entry.oid, found);
    }
    return found;
  };
  return {
    virtual: true,
    root: top,
    real: async (path) => (entryOf(path) ? resolve(path) : undefined),
    refusal: async (path, kind) => sizeProblem(path, kind),
    exists: async (path) => entryOf(path) !== undefined,
    readText: async (path, kind) => bytes(path, kind).toString('utf8'),
    readBytes: async (path, kind) => bytes(path, kind),
    contents: (path) => {
      const entry = entryOf(path);
      return entry ? (blobs.get(entry.oid) ?? (entry.size <= READ_LIMITS.image ? bytes(path, 'image') : undefined)) : undefined;
    },
  };
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function revisionFailure(message: string, hint?: string): UserError {
  return new UserError([makeDiagnostic({ code: 'git/revision', file: 'git', line: 0, column: 0, message, ...(hint ? { hint } : {}) })]);
}
