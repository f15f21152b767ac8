import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { ABSENT, dependencyPath, fileHash, type FileHashes, UNUSABLE } from './fingerprint.js';
import { MANIFEST_FILE, type ManifestProblem } from './manifest-read.js';
import type { StatCache } from './stat-cache.js';
import type { DependencyScope } from './trust.js';

export { MANIFEST_FILE, readManifest, emptyManifest } from './manifest-read.js';

/**
 * The record of a build in its output folder, `.jdgen-manifest.json`: for
 * each role, the hash of everything its outputs depend on (role, bases,
 * libraries, config, templates, locale, fonts, logo, jdgen version and
 * settings) and of each output. An unchanged role is skipped without being
 * read or rendered. Paths are relative and keys sorted, so the manifest is
 * itself reproducible. It is read as untrusted input (manifest-read.ts).
 */
export interface InputEntry {
  /** Hash of jdgen's version and the build settings (formats, locale override, templates, --config, SOURCE_DATE_EPOCH). */
  settings: string;
  /** Dependency key → sha256 of its content, or `absent` for a file whose creation would change the outputs. */
  dependencies: Record<string, string>;
  /** Output path relative to the output folder → sha256. */
  outputs: Record<string, string>;
}

export interface Manifest {
  /** Input path relative to the output folder → its entry. */
  inputs: Record<string, InputEntry>;
}

/** A role's entry; own properties only, so a key like `constructor` never finds Object's. */
export function entryOf(manifest: Manifest, input: string): InputEntry | undefined {
  return Object.hasOwn(manifest.inputs, input) ? manifest.inputs[input] : undefined;
}

export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  const sorted = Object.fromEntries(
    Object.keys(manifest.inputs)
      .sort()
      .map((key) => [key, sortKeys(manifest.inputs[key]!)]),
  );
  await writeFileAtomic(join(outDir, MANIFEST_FILE), new TextEncoder().encode(`${JSON.stringify({ inputs: sorted }, null, 2)}\n`));
}

function sortKeys(entry: InputEntry): InputEntry {
  // Code-unit order, as for the inputs: the same bytes on every machine, whatever its ICU collation.
  const sort = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { settings: entry.settings, dependencies: sort(entry.dependencies), outputs: sort(entry.outputs) };
}

export interface UpToDateCheck {
  /** Where the manifest may send jdgen to read (see trust.ts); without one, every dependency is refused. */
  scope?: DependencyScope;
  /** The entry's key in the manifest, to place a warning. */
  input?: string;
  /** Told about a dependency outside the scope. */
  problem?: (problem: ManifestProblem) => void;
  /** The batch's file hashes: shared dependencies are hashed once. */
  hashes?: FileHashes;
  /** The stat fast path (stat-cache.ts): a file whose stat is unchanged since it was hashed is not read again. */
  stats?: StatCache;
  /**
   * What the batch already worked out about the dependency keys of one output
   * folder (roles share their templates, fonts and configs): the path each
   * names, and whether a scope allows it.
   */
  known?: KnownDependencies;
}

export interface KnownDependencies {
  paths: Map<string, string | undefined>;
  allowed: WeakMap<DependencyScope, Map<string, boolean>>;
}

export function knownDependencies(): KnownDependencies {
  return { paths: new Map(), allowed: new WeakMap() };
}

/** True when nothing the outputs depend on has changed and every output is still there, unmodified. */
export function isUpToDate(entry: InputEntry | undefined, settings: string, outputs: readonly string[], outDir: string, check: UpToDateCheck = {}): boolean {
  if (!entry || entry.settings !== settings) return false;
  if (outputs.some((output) => !Object.hasOwn(entry.outputs, output))) return false;
  if (Object.keys(entry.outputs).length !== outputs.length) return false;
  // Outputs are looked at afresh (not from the batch's hashes; the stat cache only for an unchanged stat): a hand-edited output is rebuilt.
  const hashOf = (path: string, hashes?: FileHashes) => (check.stats ? check.stats.hash(path, hashes) : fileHash(path, hashes));
  if (outputs.some((output) => hashOf(join(outDir, output)) !== entry.outputs[output])) return false;
  const known = check.known ?? knownDependencies();
  const scope = check.scope;
  let allowed = scope ? known.allowed.get(scope) : undefined;
  if (scope && !allowed) known.allowed.set(scope, (allowed = new Map()));
  return Object.entries(entry.dependencies).every(([key, hash]) => {
    let path = known.paths.get(key);
    if (path === undefined && !known.paths.has(key)) known.paths.set(key, (path = dependencyPath(key, outDir)));
    let allows = path === undefined || !scope ? false : allowed!.get(path);
    if (allows === undefined) allowed!.set(path!, (allows = scope!.allows(path!)));
    if (path === undefined || !allows) {
      check.problem?.({
        segments: ['inputs', check.input ?? '', 'dependencies', key],
        message: 'names a file outside the project and jdgen; ignored: the role is rebuilt',
        hint: "dependencies lie in the current folder, the role's project (its config's folder, allow_paths, templates), --templates or jdgen itself",
      });
      return false;
    }
    // Shared dependencies (templates, fonts, bases) are hashed once per run; each role file is read once anyway.
    // Something that is not a regular file (recorded as unusable, or become one since) never counts as unchanged.
    const now = hashOf(path, check.hashes) ?? ABSENT;
    return now !== UNUSABLE && now === hash;
  });
}
