import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { Input } from '../load/inputs.js';
import { forgetTemplateFiles, type CompileOptions } from '../pipeline.js';
import type { Format } from '../write/registry.js';
import { sha256 } from '../hash.js';
import { forgetFileHashes, posix } from './fingerprint.js';
import type { Job, JobResult } from './job.js';
import { isUpToDate, readManifest, writeManifest, type Manifest } from './manifest.js';
import { runPool, type StartedWorkers } from './pool.js';

export interface BatchTarget {
  input: Input;
  /** Absolute output folder. */
  outDir: string;
  formats: readonly Format[];
}

export interface BatchOptions {
  cwd: string;
  compile: CompileOptions;
  jobs: number;
  force: boolean;
  check: boolean;
  prune: boolean;
  failFast: boolean;
  version: string;
  onResult?: (result: BatchFileResult) => void;
  /** Worker threads started ahead by the caller (see StartedWorkers). */
  started?: StartedWorkers;
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
}

/**
 * Builds (or checks) many roles: skips those whose manifest entry shows
 * nothing changed, runs the rest on worker threads, then records the new
 * manifest of every output folder. A failing role never stops the others
 * unless `failFast`.
 */
export async function runBatch(targets: readonly BatchTarget[], options: BatchOptions): Promise<BatchResult> {
  // Caches live for one batch: a long-lived process calling build() again sees files edited in between.
  forgetFileHashes();
  forgetTemplateFiles();
  const manifests = new Map<string, Manifest>();
  const manifestOf = (outDir: string): Manifest => {
    let manifest = manifests.get(outDir);
    if (!manifest) manifests.set(outDir, (manifest = readManifest(outDir)));
    return manifest;
  };
  const results: Array<BatchFileResult | undefined> = new Array(targets.length).fill(undefined);
  const jobs: Job[] = [];
  const jobIndex: number[] = [];
  for (const [i, target] of targets.entries()) {
    const job = jobFor(target, options);
    const key = posix(relative(target.outDir, resolve(options.cwd, target.input.file)));
    const outputs = target.formats.map((f) => `${job.stem}.${f}`);
    if (!options.force && !options.check && isUpToDate(manifestOf(target.outDir).inputs[key], job.settings, outputs, target.outDir)) {
      results[i] = { file: target.input.file, status: 'unchanged', outputs: outputs.map((o) => shown(options.cwd, join(target.outDir, o))), stale: [], diagnostics: [] };
      options.onResult?.(results[i]!);
      continue;
    }
    jobs.push(job);
    jobIndex.push(i);
  }
  const jobByFile = new Map(jobs.map((job) => [job.file, job]));
  const jobResults = await runPool(jobs, {
    jobs: options.jobs,
    failFast: options.failFast,
    ...(options.started ? { started: options.started } : {}),
    onResult: (result) => options.onResult?.(toFileResult(result, jobByFile.get(result.file)!, options.cwd)),
  });
  // Only manifests that something changed are written again: a no-op build writes nothing at all.
  const changed = new Set<string>();
  for (const [k, result] of jobResults.entries()) {
    const target = targets[jobIndex[k]!]!;
    results[jobIndex[k]!] = result ? toFileResult(result, jobs[k]!, options.cwd) : skipped(target.input.file);
    if (result?.entry) {
      manifestOf(target.outDir).inputs[posix(relative(target.outDir, resolve(options.cwd, target.input.file)))] = result.entry;
      changed.add(target.outDir);
    }
  }
  const pruned = options.prune && !options.check ? await prune(manifests, options.cwd, changed) : [];
  if (!options.check) for (const outDir of changed) await writeManifest(outDir, manifests.get(outDir)!);
  return { files: results.map((r, i) => r ?? skipped(targets[i]!.input.file)), pruned };
}

function jobFor(target: BatchTarget, options: BatchOptions): Job {
  const stem = target.input.name.replace(/\.(ya?ml)$/i, '');
  return {
    file: target.input.file,
    stem: posix(stem),
    outDir: target.outDir,
    formats: target.formats,
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
  return sha256(JSON.stringify({
    jdgen: options.version,
    formats: [...target.formats].sort(),
    locale: options.compile.locale ?? null,
    templates: named(options.compile.templatesDir),
    // --config replaces the config found above the role: switching it must rebuild even though neither file changed.
    config: named(options.compile.configFile),
    sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? null,
    // PDF streams are compressed by the zlib bundled with Node.js, whose bytes have changed between
    // Node releases: outputs made under another zlib are rebuilt, not trusted (PDFs only).
    zlib: target.formats.includes('pdf') ? process.versions.zlib : null,
  }));
}

function toFileResult(result: JobResult, job: Job, cwd: string): BatchFileResult {
  const outputs = result.outputs.map((o) => shown(cwd, join(job.outDir, o)));
  return { file: result.file, status: result.status, outputs, stale: result.stale.map((o) => shown(cwd, join(job.outDir, o))), diagnostics: result.diagnostics };
}

function skipped(file: string): BatchFileResult {
  return { file, status: 'skipped', outputs: [], stale: [], diagnostics: [] };
}

/**
 * Outputs of roles whose file no longer exists: deleted with their manifest entry (nothing else is ever deleted).
 * An output that a role still present also writes (a role moved to another folder, built under the same name) is kept.
 */
async function prune(manifests: Map<string, Manifest>, cwd: string, changed: Set<string>): Promise<string[]> {
  const pruned: string[] = [];
  for (const [outDir, manifest] of manifests) {
    const gone = Object.keys(manifest.inputs).filter((input) => !existsSync(resolve(outDir, input)));
    const kept = new Set(Object.entries(manifest.inputs).filter(([input]) => !gone.includes(input)).flatMap(([, entry]) => Object.keys(entry.outputs)));
    for (const input of gone) {
      const entry = manifest.inputs[input]!;
      for (const output of Object.keys(entry.outputs)) {
        if (kept.has(output)) continue;
        await rm(join(outDir, output), { force: true });
        pruned.push(shown(cwd, join(outDir, output)));
      }
      delete manifest.inputs[input];
      changed.add(outDir);
    }
  }
  return pruned.sort();
}

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}
