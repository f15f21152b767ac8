import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, UsageError, type Diagnostic } from '../diagnostics.js';
import { diskFiles, type SourceFiles } from '../load/files.js';
import { blobName, readRevisionTree, repositoryTop, revisionFiles, type RevisionTree } from '../load/git-tree.js';
import { expandInputs } from '../load/inputs.js';
import { yamlData } from '../load/load.js';
import { readRegularFile } from '../load/read-file.js';
import type { DocumentModel } from '../model/types.js';
import { compileRole, templatesFor, type CompileOptions, type CompileResult } from '../pipeline.js';
import type { Style } from '../render/style.js';
import type { Role } from '../validate/role.js';
import { clausesOf } from './clauses.js';
import { diffDocuments, type DocumentDiff } from './diff.js';
import { isSame } from './format.js';
import { matchClauses } from './match.js';

/**
 * `jdgen diff --from REV [--to REV] [folders|files]`: every role of a project
 * at two revisions, each resolved and rendered with the bases, libraries and
 * config of its own revision, then classified — and for each role that
 * changed, which files outside it (a base, a library clause, the config) took
 * part in the change.
 */

export const ROLE_STATUSES = ['changed', 'added', 'removed', 'renamed', 'failed', 'affected', 'unchanged'] as const;
/**
 * - changed: the document differs;
 * - added / removed: the role exists at one revision only;
 * - renamed: a removed and an added role whose documents are alike (or whose files are equal);
 * - failed: the role does not compile at one revision (or both);
 * - affected: a file the role reads changed, but its document did not;
 * - unchanged: nothing it reads changed, and neither did its document.
 */
export type RoleStatus = (typeof ROLE_STATUSES)[number];

/** Why a document changed: its own file, shared files it reads, both, or neither (templates, jdgen). */
export type ChangeCause = 'role' | 'shared' | 'both' | 'unknown';

/** A shared file a role reads that differs between the revisions, and what in it differs. */
export interface SourceChange {
  /** The file, relative to the folder jdgen runs in. */
  file: string;
  kind: 'base' | 'library' | 'config' | 'picture';
  /** For a clause library: the names of the changed clauses the role uses; for a base or the config: the top-level keys that differ. */
  parts: string[];
}

export interface RoleDiff {
  /** The role's path (the new one; the old one for a removed role), relative to where jdgen runs. */
  file: string;
  /** Renamed: where it was. */
  oldFile?: string;
  status: RoleStatus;
  /** Changed or renamed with changes: what caused it. */
  cause?: ChangeCause;
  /** Whether the role file itself differs between the revisions. */
  roleFileChanged: boolean;
  /** Shared files (bases, libraries, config, logo) the role reads that differ. */
  sources: SourceChange[];
  /** Renamed: how alike the two documents are (0–1). */
  similarity?: number;
  /** The document diff, when both sides compiled. */
  diff?: DocumentDiff;
  /** Failed: at which revision. */
  failedAt?: 'old' | 'new' | 'both';
  /** Failed: the errors (warnings are not kept). */
  diagnostics: Diagnostic[];
  /** @internal For a redline and a re-familiarisation sheet: the new side's role, model, style and templates folder. */
  after?: { role: Role; model: DocumentModel; style: Style; templatesDir: string };
  /** @internal The old side's role (when it compiled). */
  before?: { role: Role };
}

export interface ProjectDiff {
  from: { name: string; commit: string };
  to: { name: string; commit?: string };
  roles: RoleDiff[];
}

export interface ProjectDiffOptions {
  cwd: string;
  from: string;
  to?: string;
  inputs: readonly string[];
  context: Context;
  compile: Omit<CompileOptions, 'cwd' | 'sources' | 'configTop'>;
}

/** Below this likeness a removed and an added role are two roles, not one renamed. */
export const RENAME_SIMILARITY = 0.5;

/** The facts about one role that decide its status (see classifyRole). */
export interface RoleFacts {
  /** At the old revision: absent, failed to compile, or compiled. */
  old: 'absent' | 'failed' | 'ok';
  new: 'absent' | 'failed' | 'ok';
  /** Both compiled: whether the documents are the same (header and clauses). */
  same?: boolean;
  roleFileChanged: boolean;
  sharedChanged: boolean;
}

/** The status of a role from its facts (a rename is found afterwards, among removed and added roles). */
export function classifyRole(facts: RoleFacts): { status: RoleStatus; cause?: ChangeCause; failedAt?: 'old' | 'new' | 'both' } {
  if (facts.old === 'absent' && facts.new === 'absent') throw new Error('a role absent at both revisions');
  if (facts.old === 'absent') return facts.new === 'failed' ? { status: 'failed', failedAt: 'new' } : { status: 'added' };
  if (facts.new === 'absent') return { status: 'removed' };
  if (facts.old === 'failed' || facts.new === 'failed')
    return { status: 'failed', failedAt: facts.old === 'failed' && facts.new === 'failed' ? 'both' : facts.old === 'failed' ? 'old' : 'new' };
  if (facts.same) return { status: facts.sharedChanged ? 'affected' : 'unchanged' };
  return { status: 'changed', cause: causeOf(facts.roleFileChanged, facts.sharedChanged) };
}

export function causeOf(roleFileChanged: boolean, sharedChanged: boolean): ChangeCause {
  return roleFileChanged && sharedChanged ? 'both' : roleFileChanged ? 'role' : sharedChanged ? 'shared' : 'unknown';
}

/**
 * Pairs removed and added roles that are one role renamed: the most alike
 * pairs first, none below RENAME_SIMILARITY. `likeness(a, b)` is 0–1.
 */
export function pairRenames<T>(removed: readonly T[], added: readonly T[], likeness: (a: T, b: T) => number): Array<{ old: T; new: T; similarity: number }> {
  const scored: Array<{ old: T; new: T; similarity: number; i: number; j: number }> = [];
  removed.forEach((a, i) =>
    added.forEach((b, j) => {
      const similarity = likeness(a, b);
      if (similarity >= RENAME_SIMILARITY) scored.push({ old: a, new: b, similarity, i, j });
    }),
  );
  scored.sort((x, y) => y.similarity - x.similarity || x.i - y.i || x.j - y.j);
  const [usedOld, usedNew] = [new Set<number>(), new Set<number>()];
  const out: Array<{ old: T; new: T; similarity: number }> = [];
  for (const s of scored) {
    if (usedOld.has(s.i) || usedNew.has(s.j)) continue;
    usedOld.add(s.i);
    usedNew.add(s.j);
    out.push({ old: s.old, new: s.new, similarity: s.similarity });
  }
  return out;
}

/** How alike two documents are: the share of clauses the diff pairs (same or reworded), 0–1. */
export function documentSimilarity(before: DocumentModel, after: DocumentModel, locale: string): number {
  const [olds, news] = [clausesOf(before), clausesOf(after)];
  if (olds.length + news.length === 0) return 1;
  const { pairs } = matchClauses(olds, news, new Intl.Segmenter(locale, { granularity: 'word' }));
  return (2 * pairs.length) / (olds.length + news.length);
}

/** One revision (or the work tree) as the sources of roles. */
interface Side {
  label: string;
  files: SourceFiles;
  tree?: RevisionTree;
  /** A revision's file contents by absolute path. */
  contents?: (path: string) => Buffer | undefined;
  /** The blob name of a file (repository path) at this side, undefined when absent. */
  blob(path: string): Promise<string | undefined>;
  /** The parsed YAML of a file at this side (for naming what changed in it). */
  data(path: string): Promise<unknown>;
}

interface Compiled {
  /** Path inside the repository. */
  path: string;
  result: CompileResult;
  /** Files read (repository paths), the role's own first. */
  reads: string[];
}

/** Compares every role below `inputs` at revision `from` with `to` (or the work tree). */
export async function diffProject(options: ProjectDiffOptions): Promise<ProjectDiff> {
  const cwd = realpathSync(options.cwd);
  const top = repositoryTop(cwd);
  const oldTree = readRevisionTree(top, options.from, '--from');
  const newTree = options.to ? readRevisionTree(top, options.to, '--to') : undefined;
  const old = treeSide(top, oldTree);
  const now = newTree ? treeSide(top, newTree) : await diskSide(top);
  const args = options.inputs.length ? options.inputs : ['.'];
  const keys = args.map((arg) => repoKey(top, cwd, arg));
  const oldRoles = rolesInTree(oldTree, old.contents!, keys, top);
  const newRoles = newTree ? rolesInTree(newTree, now.contents!, keys, top) : await rolesOnDisk(top, cwd, args);
  if (oldRoles.length === 0 && newRoles.length === 0) throw new UsageError(`no role files match ${args.map((a) => `\`${a}\``).join(', ')} at either revision`);

  const compileAt = async (side: Side, path: string, onDisk: boolean): Promise<Compiled> => {
    const file = relative(cwd, resolve(top, path));
    const result = await compileRole(options.context, file, { ...options.compile, cwd, ...(onDisk ? {} : { sources: side.files, configTop: top }) });
    const reads = [path, ...(result.resolution?.files ?? []).map((f) => repoPath(top, f.path)).filter((p): p is string => p !== undefined && p !== path)];
    const logo = result.role?.organization.logo;
    const logoPath = logo ? repoPath(top, logo) : undefined;
    if (logoPath) reads.push(logoPath);
    return { path, result, reads: [...new Set(reads)] };
  };
  const olds = new Map<string, Compiled>();
  for (const path of oldRoles) olds.set(path, await compileAt(old, path, false));
  const news = new Map<string, Compiled>();
  for (const path of newRoles) news.set(path, await compileAt(now, path, !newTree));

  const shown = (path: string) => relative(cwd, resolve(top, path)) || '.';
  const roles: RoleDiff[] = [];
  const compare = async (a: Compiled | undefined, b: Compiled | undefined, renamed?: number): Promise<RoleDiff> => {
    const state = (c?: Compiled): RoleFacts['old'] => (!c ? 'absent' : ok(c.result) ? 'ok' : 'failed');
    const [sa, sb] = [state(a), state(b)];
    const roleFileChanged = !a || !b || (await old.blob(a.path)) !== (await now.blob(b.path));
    const sources = a && b ? await sharedChanges(a, b, old, now, shown) : [];
    const diff =
      a && b && sa === 'ok' && sb === 'ok'
        ? diffDocuments(
            { label: `${shown(a.path)}@${old.label}`, role: a.result.role!, model: a.result.model! },
            { label: newTree ? `${shown(b.path)}@${now.label}` : shown(b.path), role: b.result.role!, model: b.result.model! },
          )
        : undefined;
    const verdict = classifyRole({ old: sa, new: sb, ...(diff ? { same: isSame(diff) } : {}), roleFileChanged, sharedChanged: sources.length > 0 });
    // A role broken the same way at both revisions is told once.
    const seen = new Set<string>();
    const errors = [...(sa === 'failed' ? errorsOf(a!) : []), ...(sb === 'failed' ? errorsOf(b!) : [])].filter((d) => {
      const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
    const entry: RoleDiff = {
      file: shown((b ?? a)!.path),
      status: verdict.status,
      ...(verdict.cause ? { cause: verdict.cause } : {}),
      roleFileChanged: a !== undefined && b !== undefined && roleFileChanged,
      sources,
      ...(diff ? { diff } : {}),
      ...(verdict.failedAt ? { failedAt: verdict.failedAt } : {}),
      diagnostics: errors,
      ...(b && sb === 'ok'
        ? {
            after: {
              role: b.result.role!,
              model: b.result.model!,
              style: b.result.style!,
              templatesDir: templatesFor(b.result.resolution!, { ...options.compile, cwd }),
            },
          }
        : {}),
      ...(a && sa === 'ok' ? { before: { role: a.result.role! } } : {}),
    };
    if (renamed !== undefined && verdict.status !== 'failed') {
      entry.status = 'renamed';
      entry.oldFile = shown(a!.path);
      entry.similarity = Math.round(renamed * 100) / 100;
      if (diff && !isSame(diff)) entry.cause = causeOf(true, sources.length > 0);
      else delete entry.cause;
    } else if (renamed !== undefined) entry.oldFile = shown(a!.path);
    return entry;
  };

  const removed = [...olds.values()].filter((c) => !news.has(c.path));
  const added = [...news.values()].filter((c) => !olds.has(c.path));
  const likeness = async (a: Compiled, b: Compiled): Promise<number> => {
    if ((await old.blob(a.path)) === (await now.blob(b.path))) return 1;
    if (ok(a.result) && ok(b.result)) return documentSimilarity(a.result.model!, b.result.model!, b.result.role!.locale);
    return 0;
  };
  const scores = new Map<Compiled, Map<Compiled, number>>();
  for (const a of removed) {
    const row = new Map<Compiled, number>();
    for (const b of added) row.set(b, await likeness(a, b));
    scores.set(a, row);
  }
  const renames = pairRenames(removed, added, (a, b) => scores.get(a)!.get(b)!);
  const renamedOld = new Set(renames.map((r) => r.old));
  const renamedNew = new Set(renames.map((r) => r.new));
  for (const b of news.values()) {
    if (renamedNew.has(b)) continue;
    roles.push(await compare(olds.get(b.path), b));
  }
  for (const a of removed) if (!renamedOld.has(a)) roles.push(await compare(a, undefined));
  for (const r of renames) roles.push(await compare(r.old, r.new, r.similarity));
  roles.sort((x, y) => x.file.localeCompare(y.file));
  return {
    from: { name: options.from, commit: oldTree.commit },
    to: newTree ? { name: options.to!, commit: newTree.commit } : { name: 'working tree' },
    roles,
  };
}

const ok = (result: CompileResult): boolean => Boolean(result.role && result.model && result.style) && !hasErrors(result.diagnostics);

function errorsOf(c: Compiled): Diagnostic[] {
  return c.result.diagnostics.filter((d) => d.severity === 'error');
}

/**
 * The files other than the role that it reads at either revision and that
 * differ between them, naming what differs: for a clause library, the
 * changed clauses the role uses (a library whose changes this role does not
 * use is no source of its change); for a base or the config, the top-level keys.
 */
async function sharedChanges(a: Compiled, b: Compiled, old: Side, now: Side, shown: (path: string) => string): Promise<SourceChange[]> {
  const paths = [...new Set([...a.reads.slice(1), ...b.reads.slice(1)])].filter((p) => p !== a.path && p !== b.path);
  const used = new Map<string, Set<string>>();
  for (const c of [a, b]) for (const file of c.result.resolution?.files ?? []) collectUses(file.data, file.path, used);
  const out: SourceChange[] = [];
  for (const path of paths.sort()) {
    if ((await old.blob(path)) === (await now.blob(path))) continue;
    const [before, after] = [await old.data(path), await now.data(path)];
    const library = isLibrary(before) || isLibrary(after);
    const absolute = resolve(old.files.root, path);
    if (library) {
      const names = changedKeys(clausesMap(before), clausesMap(after));
      const wanted = used.get(absolute) ?? new Set<string>();
      const parts = names.filter((n) => wanted.has(n));
      if (parts.length === 0 && names.length > 0) continue;
      out.push({ file: shown(path), kind: 'library', parts });
    } else {
      const kind = !/\.ya?ml$/i.test(path) ? 'picture' : path.split('/').pop() === 'jdgen.config.yaml' ? 'config' : 'base';
      out.push({ file: shown(path), kind, parts: isRecord(before) && isRecord(after) ? changedKeys(before, after) : [] });
    }
  }
  return out;
}

/** Every `use: file.yaml#name` in a file's data, by the library's absolute path. */
function collectUses(data: unknown, file: string, into: Map<string, Set<string>>): void {
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const use = (node as { use?: unknown }).use;
    if (typeof use === 'string' && use.includes('#')) {
      const hash = use.lastIndexOf('#');
      const target = resolve(dirname(file), use.slice(0, hash));
      (into.get(target) ?? into.set(target, new Set()).get(target)!).add(use.slice(hash + 1));
    }
    for (const value of Object.values(node)) visit(value, depth + 1);
  };
  visit(data, 0);
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isLibrary = (data: unknown): boolean => isRecord(data) && isRecord(data.clauses) && !('document' in data) && !('duties' in data);
const clausesMap = (data: unknown): Record<string, unknown> => (isRecord(data) && isRecord(data.clauses) ? data.clauses : {});

/** The keys whose values differ (or exist on one side only), sorted. */
export function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

function treeSide(top: string, tree: RevisionTree): Side {
  const files = revisionFiles(top, tree);
  return {
    label: tree.name,
    files,
    tree,
    contents: (path) => files.contents(path),
    blob: async (path) => tree.entries.get(path)?.oid,
    data: async (path) => parsed(files.contents(resolve(top, path))),
  };
}

async function diskSide(top: string): Promise<Side> {
  const files = diskFiles(top);
  // Blob names are computed as git computes them, so a file is compared with the revision without reading the old one.
  const like = '0'.repeat(40);
  const read = async (path: string) => readRegularFile(resolve(top, path), /\.ya?ml$/i.test(path) ? 'yaml' : 'image').catch(() => undefined);
  return {
    label: 'working tree',
    files,
    blob: async (path) => {
      const bytes = await read(path);
      return bytes ? blobName(bytes, like) : undefined;
    },
    data: async (path) => parsed(await read(path)),
  };
}

function parsed(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return yamlData(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** An argument as a path inside the repository ('' for its top). Globs are not taken: they match the work tree only. */
function repoKey(top: string, cwd: string, arg: string): string {
  if (/[*?[\]{}]/.test(arg))
    throw new UsageError(`\`${arg}\`: jdgen diff --from takes role files and folders, not globs (a glob matches the working tree only)`);
  const key = repoPath(top, resolve(cwd, arg));
  if (key === undefined) throw new UsageError(`\`${arg}\` is outside the repository, which git revisions are read from`);
  return key;
}

/** A path inside the repository, `/`-separated; undefined outside it. */
function repoPath(top: string, absolute: string): string | undefined {
  const rel = relative(top, absolute);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

const TOP_LEVEL_JDGEN = /^jdgen[ \t]*:/m;
const TOP_LEVEL_DOCUMENT = /^document[ \t]*:/m;

/** The role files of a revision below the keys: a file named is taken as it is; in folders, YAML with `jdgen:` and `document:`. */
function rolesInTree(tree: RevisionTree, contents: (path: string) => Buffer | undefined, keys: readonly string[], top: string): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    if (tree.entries.has(key)) {
      out.add(key);
      continue;
    }
    const prefix = key === '' ? '' : `${key}/`;
    for (const path of tree.entries.keys()) {
      if (!path.startsWith(prefix) || !/\.ya?ml$/i.test(path) || path.endsWith('jdgen.config.yaml')) continue;
      // As folders are searched on disk: no hidden folders or files (.github/workflows/*.yml).
      if (
        path
          .slice(prefix.length)
          .split('/')
          .some((part) => part.startsWith('.'))
      )
        continue;
      if (isRoleText(contents(resolve(top, path)))) out.add(path);
    }
  }
  return [...out].sort();
}

function isRoleText(bytes: Buffer | undefined): boolean {
  if (!bytes) return false;
  const text = bytes.toString('utf8');
  if (TOP_LEVEL_JDGEN.test(text) && TOP_LEVEL_DOCUMENT.test(text)) return true;
  const data = parsed(bytes);
  return isRecord(data) && 'jdgen' in data && 'document' in data;
}

async function rolesOnDisk(top: string, cwd: string, args: readonly string[]): Promise<string[]> {
  const { inputs } = await expandInputs(args, cwd);
  const out: string[] = [];
  for (const input of inputs) {
    const absolute = resolve(cwd, input.file);
    // A file named but gone from the work tree is a removed role, found at the old revision.
    try {
      if (!statSync(absolute).isFile()) continue;
    } catch {
      continue;
    }
    const key = repoPath(top, realpathSync(absolute));
    if (key !== undefined) out.push(key);
  }
  return [...new Set(out)].sort();
}
