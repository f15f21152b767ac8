import { sourceDateEpoch } from '../env/source-date-epoch.js';
import { lstat, unlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { Input } from '../load/inputs.js';
import type { Context } from '../context.js';
import type { CompileOptions } from '../pipeline.js';
import type { Format } from '../write/registry.js';
import { sha256 } from '../hash.js';
import { posix, type FileHashes } from './fingerprint.js';
import { Turns, type Job, type JobResult } from './job.js';
import { recoverJournals, removeLeftovers } from './journal.js';
import { lockFolder, lockTimeoutMs, type FolderLock } from './lock.js';
import { entryOf, isUpToDate, knownDependencies, MANIFEST_FILE, readManifest, writeManifest, type KnownDependencies, type Manifest } from './manifest.js';
import { manifestDiagnostics } from './manifest-place.js';
import type { ManifestProblem } from './manifest-read.js';
import { runPool, type StartedWorkers } from './pool.js';
import { StatCache } from './stat-cache.js';
import { isInside, realOfExisting, Scopes } from './trust.js';

export interface BatchTarget {
  input: Input;
  /** Absolute output folder. */
  outDir: string;
  formats: readonly Format[];
  /** PDF signature fields (see OutputTarget). */
  signFields?: boolean;
  /** PDF: false for an untagged PDF/A-2b (WriteOptions.tagged). */
  tagged?: boolean;
}

export interface BatchOptions {
  cwd: string;
  /** Templates, locales, configs and fonts read, for the roles built on this thread. */
  context: Context;
  compile: CompileOptions;
  jobs: number;
  force: boolean;
  check: boolean;
  /** With `check`: render every role, even those whose manifest entry shows nothing changed. */
  deep: boolean;
  prune: boolean;
  failFast: boolean;
  version: string;
  onResult?: (result: BatchFileResult) => void;
  /** Worker threads started ahead by the caller (see StartedWorkers). */
  started?: StartedWorkers;
  /**
   * Run before anything is rendered, on the roles that are to be rendered
   * (an unchanged role, skipped, was checked when it was built): the roles
   * it blocks, among those or any others, each with its diagnostics, fail.
   * The lint gate of `jdgen build`; whether it runs is part of the settings.
   */
  gate?: (files: string[]) => Promise<ReadonlyMap<string, Diagnostic[]>>;
}

export type BatchStatus = 'built' | 'unchanged' | 'failed' | 'stale' | 'up-to-date' | 'skipped';

export interface BatchFileResult {
  file: string;
  status: BatchStatus;
  /** Output paths as the user sees them (relative to cwd). */
  outputs: string[];
  stale: string[];
  diagnostics: Diagnostic[];
}

export interface BatchResult {
  files: BatchFileResult[];
  /** Outputs deleted by --prune. */
  pruned: string[];
  /** About the batch rather than one role: a manifest that was ignored in part, one that could not be written. */
  diagnostics: Diagnostic[];
}

/** An output folder as the batch sees it: its manifest as read (untrusted) and what was wrong with it. */
interface Folder {
  manifest: Manifest;
  problems: ManifestProblem[];
  text?: string;
  changed: boolean;
  /** Hashes of the files its roles' entries name, by their stat (stat-cache.ts). */
  stats: StatCache;
  /** The paths its manifest's dependency keys name, worked out once for all its roles. */
  known: KnownDependencies;
}

/**
 * Builds (or checks) many roles: skips those whose manifest entry shows
 * nothing changed, runs the rest on worker threads, then records the new
 * manifest of every output folder. A failing role never stops the others
 * unless `failFast`. Each output folder written is locked for the whole
 * build (lock.ts), and first cleared of what a killed build left there.
 */
export async function runBatch(targets: readonly BatchTarget[], options: BatchOptions): Promise<BatchResult> {
  const outDirs = [...new Set(targets.map((t) => t.outDir))].sort();
  const locks: FolderLock[] = [];
  try {
    if (!options.check) {
      const timeout = lockTimeoutMs();
      // Always in the same (sorted) order: two builds sharing two folders cannot each hold one and wait for the other.
      for (const outDir of outDirs) locks.push(await lockFolder(outDir, shown(options.cwd, outDir), timeout));
      for (const outDir of outDirs) await clearLeftovers(outDir, targets);
    }
    // File hashes live for one batch: a long-lived process calling build() again sees files edited in between.
    return await locked(targets, options, new Map());
  } finally {
    for (const lock of locks.reverse()) await lock.release();
  }
}

/** Finishes the renames a killed build left half done, then removes temporary files, in every folder this batch writes. */
async function clearLeftovers(outDir: string, targets: readonly BatchTarget[]): Promise<void> {
  await recoverJournals(outDir);
  const folders = new Set([outDir]);
  for (const target of targets) {
    if (target.outDir !== outDir) continue;
    const stem = target.input.name.replace(/\.(ya?ml)$/i, '');
    folders.add(dirname(join(outDir, stem)));
  }
  await removeLeftovers(folders);
}

async function locked(targets: readonly BatchTarget[], options: BatchOptions, hashes: FileHashes): Promise<BatchResult> {
  const folders = new Map<string, Folder>();
  const folderOf = (outDir: string): Folder => {
    let folder = folders.get(outDir);
    if (!folder) folders.set(outDir, (folder = { ...readManifest(outDir), changed: false, stats: StatCache.open(outDir), known: knownDependencies() }));
    return folder;
  };
  const scopes = new Scopes({ context: options.context, cwd: options.cwd, templatesDir: options.compile.templatesDir, configFile: options.compile.configFile });
  const results: Array<BatchFileResult | undefined> = new Array(targets.length).fill(undefined);
  const jobs: Job[] = [];
  const jobIndex: number[] = [];
  for (const [i, target] of targets.entries()) {
    const job = jobFor(target, options);
    const key = inputKey(target, options.cwd);
    const outputs = target.formats.map((f) => `${job.stem}.${f}`);
    // A build skips, and a shallow --check trusts, a role whose manifest entry matches: same settings, every
    // dependency's content hash unchanged, every output present with its recorded hash (outputs are hashed
    // afresh, so an edited or deleted output is caught). --check --deep (or --force) renders every role.
    if (!options.force && !(options.check && options.deep)) {
      const folder = folderOf(target.outDir);
      const check = {
        scope: await scopes.forRole(target.input.file),
        input: key,
        problem: (p: ManifestProblem) => folder.problems.push(p),
        hashes,
        stats: folder.stats,
        known: folder.known,
      };
      if (isUpToDate(entryOf(folder.manifest, key), job.settings, outputs, target.outDir, check)) {
        results[i] = {
          file: target.input.file,
          status: options.check ? 'up-to-date' : 'unchanged',
          outputs: outputs.map((o) => shown(options.cwd, join(target.outDir, o))),
          stale: [],
          diagnostics: [],
        };
        continue;
      }
    }
    // The first role to build starts the worker threads, which load while the other roles are checked.
    options.started?.start();
    jobs.push(job);
    jobIndex.push(i);
  }
  // The lint gate runs in the jobs, on the threads that build (1,000 roles linted one after the other on this
  // thread, before any was built, held the threads back for seconds); a role the rule across roles concerns
  // comes back deferred and is gated below, with the others. Roles skipped are reported once the gate is through.
  // With --fail-fast the whole batch is gated first, as a role the gate blocks does not stop the others.
  const gateInJobs = options.gate !== undefined && !options.failFast;
  if (options.gate && !gateInJobs && jobs.length > 0) {
    const blocked = await options.gate(jobs.map((job) => job.file));
    applyGate(blocked, targets, results);
    for (let k = jobs.length - 1; k >= 0; k--) {
      if (!blocked.has(jobs[k]!.file)) continue;
      jobs.splice(k, 1);
      jobIndex.splice(k, 1);
    }
  }
  if (gateInJobs) for (const job of jobs) job.lint = true;
  else for (const result of results) if (result) options.onResult?.(result);
  const jobByFile = new Map(jobs.map((job) => [job.file, job]));
  const pool = (work: Job[]) =>
    runPool(work, {
      jobs: options.jobs,
      local: { context: options.context, hashes, turns: new Turns() },
      failFast: options.failFast,
      ...(options.started ? { started: options.started } : {}),
      onResult: (result) => {
        if (result.status !== 'deferred') options.onResult?.(toFileResult(result, jobByFile.get(result.file)!, options.cwd));
      },
    });
  const jobResults = await pool(jobs);
  if (gateInJobs) {
    const deferred = jobs.flatMap((_, k) => (jobResults[k]?.status === 'deferred' ? [k] : []));
    // As when the whole batch was gated first: the deferred roles are linted beside all the others, and any role blocked fails.
    const blocked = deferred.length > 0 ? await options.gate!(deferred.map((k) => jobs[k]!.file)) : new Map<string, Diagnostic[]>();
    // The roles skipped (the deferred ones are judged next; the others were gated by their jobs).
    applyGate(blocked, targets, results, (i) => results[i] !== undefined);
    for (const result of results) if (result) options.onResult?.(result);
    for (const k of deferred) {
      const diagnostics = blocked.get(jobs[k]!.file);
      jobResults[k] = diagnostics ? { file: jobs[k]!.file, status: 'failed', outputs: [], stale: [], diagnostics } : undefined;
      if (diagnostics) options.onResult?.(toFileResult(jobResults[k]!, jobs[k]!, options.cwd));
    }
    const again = deferred.filter((k) => !blocked.has(jobs[k]!.file));
    const rebuilt = await pool(again.map((k) => ({ ...jobs[k]!, lint: false })));
    for (const [n, k] of again.entries()) jobResults[k] = rebuilt[n];
  }
  // Only manifests that something changed are written again: a no-op build writes nothing at all.
  for (const [k, result] of jobResults.entries()) {
    const target = targets[jobIndex[k]!]!;
    results[jobIndex[k]!] = result ? toFileResult(result, jobs[k]!, options.cwd) : skipped(target.input.file);
    if (result?.entry) {
      const folder = folderOf(target.outDir);
      folder.manifest.inputs[inputKey(target, options.cwd)] = result.entry;
      folder.changed = true;
    }
  }
  const diagnostics: Diagnostic[] = [];
  const pruned = options.prune && !options.check ? await prune(folders, options.cwd, diagnostics) : [];
  if (!options.check) for (const [outDir, folder] of folders) if (folder.changed) await saveManifest(outDir, folder.manifest, options.cwd, diagnostics);
  for (const folder of folders.values()) await folder.stats.save();
  for (const [outDir, folder] of folders)
    diagnostics.unshift(...(await manifestDiagnostics(shown(options.cwd, join(outDir, MANIFEST_FILE)), folder.problems, folder.text)));
  return { files: results.map((r, i) => r ?? skipped(targets[i]!.input.file)), pruned, diagnostics };
}

/** A role's key in its folder's manifest: its path relative to the output folder. */
function inputKey(target: BatchTarget, cwd: string): string {
  return posix(relative(target.outDir, resolve(cwd, target.input.file)));
}

/** The outputs are written; a manifest that cannot be recorded only costs a rebuild next time, said as an error. */
async function saveManifest(outDir: string, manifest: Manifest, cwd: string, diagnostics: Diagnostic[]): Promise<void> {
  try {
    await writeManifest(outDir, manifest);
  } catch (error) {
    const file = shown(cwd, join(outDir, MANIFEST_FILE));
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    diagnostics.push(
      makeDiagnostic({
        code: 'output/manifest',
        file,
        line: 0,
        column: 0,
        message: `cannot write the build manifest (${code}); the outputs were written, but the next build rebuilds them`,
        hint: 'make sure the manifest path is a file you can write (not a folder) and the disk is not full',
      }),
    );
  }
}

function jobFor(target: BatchTarget, options: BatchOptions): Job {
  const stem = target.input.name.replace(/\.(ya?ml)$/i, '');
  return {
    file: target.input.file,
    stem: posix(stem),
    outDir: target.outDir,
    formats: target.formats,
    signFields: Boolean(target.signFields),
    tagged: target.tagged !== false,
    settings: settingsHash(target, options),
    mode: options.check ? 'check' : 'write',
    compile: options.compile,
  };
}

/** Everything besides file contents that changes the bytes of an output. */
function settingsHash(target: BatchTarget, options: BatchOptions): string {
  // Folders and files named on the command line, relative to the output folder like every path in
  // the manifest, so that a copy of the project elsewhere records the same settings.
  const named = (path: string | undefined) => (path === undefined ? null : posix(relative(target.outDir, resolve(options.cwd, path))));
  return sha256(
    JSON.stringify({
      jdgen: options.version,
      formats: [...target.formats].sort(),
      locale: options.compile.locale ?? null,
      templates: named(options.compile.templatesDir),
      // --config replaces the config found above the role: switching it must rebuild even though neither file changed.
      config: named(options.compile.configFile),
      sourceDateEpoch: sourceDateEpoch(process.env) ?? null,
      // A role built without the lint gate (--no-lint) is linted when a gated build meets it.
      lint: Boolean(options.gate),
      // PDF signature fields change the PDF only.
      signFields: target.formats.includes('pdf') && Boolean(target.signFields),
      // An untagged PDF (--no-tagged); absent when tagged, so the settings of existing builds stay the same.
      ...(target.formats.includes('pdf') && target.tagged === false ? { untagged: true } : {}),
    }),
  );
}

/** Roles the lint gate blocks fail with its findings (skipped roles among them too: a new copy of a clause can block its older copies). */
function applyGate(
  blocked: ReadonlyMap<string, Diagnostic[]>,
  targets: readonly BatchTarget[],
  results: Array<BatchFileResult | undefined>,
  among: (i: number) => boolean = () => true,
): void {
  for (const [i, target] of targets.entries()) {
    const diagnostics = blocked.get(target.input.file);
    if (diagnostics && among(i)) results[i] = { file: target.input.file, status: 'failed', outputs: [], stale: [], diagnostics };
  }
}

function toFileResult(result: JobResult, job: Job, cwd: string): BatchFileResult {
  const outputs = result.outputs.map((o) => shown(cwd, join(job.outDir, o)));
  return {
    file: result.file,
    // A deferred role (Job.lint) is gated and built again before the batch ends; it is never reported as such.
    status: result.status === 'deferred' ? 'skipped' : result.status,
    outputs,
    stale: result.stale.map((o) => shown(cwd, join(job.outDir, o))),
    diagnostics: result.diagnostics,
  };
}

function skipped(file: string): BatchFileResult {
  return { file, status: 'skipped', outputs: [], stale: [], diagnostics: [] };
}

/**
 * Outputs of roles whose file no longer exists: deleted with their manifest
 * entry. Only what the manifest names, checked again here: a file (not a
 * folder, symlink or device) with an output's extension, inside the output
 * folder with symlinks resolved. An output that a role still present also
 * writes (a role moved to another folder, built under the same name) is
 * kept; one already gone is not reported as removed.
 */
async function prune(folders: Map<string, Folder>, cwd: string, diagnostics: Diagnostic[]): Promise<string[]> {
  const pruned: string[] = [];
  for (const [outDir, folder] of folders) {
    const { manifest } = folder;
    const gone = Object.keys(manifest.inputs).filter((input) => !existsSync(resolve(outDir, input)));
    const kept = new Set(
      Object.entries(manifest.inputs)
        .filter(([input]) => !gone.includes(input))
        .flatMap(([, entry]) => Object.keys(entry.outputs)),
    );
    const realOut = realOfExisting(outDir);
    for (const input of gone) {
      for (const output of Object.keys(manifest.inputs[input]!.outputs)) {
        if (kept.has(output)) continue;
        const path = join(outDir, output);
        if (!isInside(realOfExisting(dirname(path)), realOut)) {
          folder.problems.push({
            segments: ['inputs', input, 'outputs', output],
            message: 'lies behind a symlink that leads out of the output folder; not removed',
            hint: 'outputs are never looked for outside the output folder',
          });
          continue;
        }
        if (await removeFile(path, shown(cwd, path), diagnostics)) pruned.push(shown(cwd, path));
      }
      delete manifest.inputs[input];
      folder.changed = true;
    }
  }
  return pruned.sort();
}

/** A warning about an output --prune left in place (it names the output, which has no line). */
function pruneWarning(file: string, message: string): Diagnostic {
  return makeDiagnostic({ severity: 'warning', code: 'output/prune', file, line: 0, column: 0, message });
}

/** Deletes a regular file; false (and nothing said) when there is none, a warning when it cannot be. */
async function removeFile(path: string, file: string, diagnostics: Diagnostic[]): Promise<boolean> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat) return false;
  if (!stat.isFile()) {
    diagnostics.push(pruneWarning(file, 'not removed by --prune: it is not a regular file, so jdgen did not write it'));
    return false;
  }
  try {
    await unlink(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') diagnostics.push(pruneWarning(file, `could not be removed by --prune (${code ?? String(error)})`));
    return false;
  }
}

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}
