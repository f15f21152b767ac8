import { join } from 'node:path';
import { hasErrors, makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { Context } from '../context.js';
import { compileRole, type CheckResult, type CompileOptions } from '../pipeline.js';
import { loadWriter, type Format } from '../write/registry.js';
import { OutputWriteError, writeRoleAtomic } from './atomic.js';
import { sha256 } from '../hash.js';
import { ABSENT, dependencyKey, fileHash, posix, type FileHashes } from './fingerprint.js';
import type { InputEntry } from './manifest.js';

/** One role to build (or check): what a worker thread receives. */
export interface Job {
  file: string;
  /** Output path stem relative to the output folder, without extension: `sales/kam`. */
  stem: string;
  /** Absolute output folder. */
  outDir: string;
  formats: readonly Format[];
  /** PDF signature fields (WriteOptions.signFields). */
  signFields?: boolean;
  /** PDF: false for an untagged PDF/A-2b (WriteOptions.tagged). */
  tagged?: boolean;
  settings: string;
  mode: 'write' | 'check';
  compile: CompileOptions;
  /**
   * The lint gate of `jdgen build`, run by the thread that builds the role
   * (in parallel, not before the whole batch on the main thread): a role
   * with an error-level finding fails with it and is not rendered. A role
   * whose config sets the rule across roles (`empty-or-duplicate`) to
   * `error` needs the other roles to be judged: it comes back `deferred`,
   * for the batch to gate and build after the others (batch.ts).
   */
  lint?: boolean;
}

/** What a thread keeps from job to job: its context, the file hashes of the batch, and whose turn it is to render. */
export interface JobContext {
  context: Context;
  hashes: FileHashes;
  turns: Turns;
}

/**
 * The jobs a thread has in hand (pool.ts, IN_FLIGHT) render one at a time,
 * each to its end, while the others wait for their turn or write their
 * files: the writes (flushed to disk before they are renamed into place)
 * still overlap the next job's rendering, but the half-rendered documents of
 * three roles are never in memory together. Interleaved at every `await`,
 * they were: the young generation's collections then found more alive and
 * moved it to the old one, and the peak grew (README, Performance).
 */
export class Turns {
  private last: Promise<unknown> = Promise.resolve();

  /** Runs `work` when every piece of work given before has ended (whether it succeeded or not). */
  take<T>(work: () => Promise<T>): Promise<T> {
    const result = this.last.then(work);
    this.last = result.catch(() => undefined);
    return result;
  }
}

/** `deferred`: not built, left to the batch's lint gate across roles (Job.lint). */
export type JobStatus = 'built' | 'failed' | 'up-to-date' | 'stale' | 'deferred';

export interface JobResult {
  file: string;
  status: JobStatus;
  /** Output paths relative to the output folder. */
  outputs: string[];
  /** For `check`: outputs that are missing or differ from what the sources produce. */
  stale: string[];
  diagnostics: Diagnostic[];
  /** The manifest entry to record (write mode, success only). */
  entry?: InputEntry;
}

/**
 * load → resolve → validate → render → write for one role. Every format is
 * rendered in memory first; the files are written only when all succeeded,
 * all of them or none (writeRoleAtomic). In check mode nothing is written:
 * the bytes are compared. Whatever goes wrong fails this role only: an I/O
 * error is the user's to fix (a diagnostic naming the output), anything else
 * is a bug in jdgen, reported as such on this role while the others build.
 */
export async function runJob(job: Job, local: JobContext): Promise<JobResult> {
  try {
    return await buildRole(job, local);
  } catch (error) {
    return failed(job, [error instanceof OutputWriteError ? writeFailure(job, error) : internalFailure(job.file, error)]);
  }
}

async function buildRole(job: Job, { context, hashes, turns }: JobContext): Promise<JobResult> {
  const rendered = await turns.take(() => renderRole(job, context));
  if (!('outputs' in rendered)) return rendered.result;
  const { outputs, files, dependencies: read, diagnostics } = rendered;
  if (job.mode === 'check') {
    const stale = files.filter((r) => fileHash(join(job.outDir, r.path)) !== sha256(r.bytes)).map((r) => r.path);
    return { file: job.file, status: stale.length ? 'stale' : 'up-to-date', outputs, stale, diagnostics };
  }
  await writeRoleAtomic(job.outDir, files);
  const dependencies: Record<string, string> = {};
  // A dependency that does not exist is recorded as absent: creating it later must rebuild.
  for (const path of read) dependencies[dependencyKey(path, job.outDir)] = fileHash(path, hashes) ?? ABSENT;
  const entry: InputEntry = { settings: job.settings, dependencies, outputs: Object.fromEntries(files.map((r) => [posix(r.path), sha256(r.bytes)])) };
  return { file: job.file, status: 'built', outputs, stale: [], diagnostics, entry };
}

/** The role's outputs rendered in memory (every format), or the result that ends its job (lint gate, errors). */
async function renderRole(
  job: Job,
  context: Context,
): Promise<
  { result: JobResult } | { outputs: string[]; files: Array<{ path: string; bytes: Uint8Array }>; dependencies: readonly string[]; diagnostics: Diagnostic[] }
> {
  let checked: CheckResult | undefined;
  if (job.lint) {
    const gate = await lintGate(job, context);
    if (gate.result) return { result: gate.result };
    checked = gate.checked;
  }
  const outputs = job.formats.map((format) => `${job.stem}.${format}`);
  // The role the gate read (loaded, resolved, validated) is rendered as it is: not read a second time.
  const result = await compileRole(context, job.file, job.compile, checked);
  const { model, style, diagnostics } = result;
  if (!model || !style || hasErrors(diagnostics)) return { result: failed(job, diagnostics) };
  const files: Array<{ path: string; bytes: Uint8Array }> = [];
  for (const [i, format] of job.formats.entries()) {
    const writer = await loadWriter(format);
    files.push({
      path: outputs[i]!,
      bytes: await writer(model, {
        fonts: style.pdfFonts,
        fontFamily: style.docxFont,
        context,
        signFields: Boolean(job.signFields),
        tagged: job.tagged !== false,
      }),
    });
  }
  return { outputs, files, dependencies: result.dependencies ?? [], diagnostics };
}

/**
 * The lint gate of one role (errors only): a failed result when it blocks the role, `deferred` when other roles
 * must be seen first; otherwise the role as the gate read it.
 */
async function lintGate(job: Job, context: Context): Promise<{ result?: JobResult; checked?: CheckResult }> {
  const { lintRole } = await import('../lint/lint.js');
  const linted = await lintRole(context, job.file, job.compile, { errorsOnly: true });
  if (linted.written?.levels.get('empty-or-duplicate') === 'error')
    return { result: { file: job.file, status: 'deferred', outputs: [], stale: [], diagnostics: [] } };
  const { report } = linted;
  return report.status === 'findings' && hasErrors(report.diagnostics) ? { result: failed(job, report.diagnostics) } : { checked: linted.checked };
}

function failed(job: Job, diagnostics: Diagnostic[]): JobResult {
  return { file: job.file, status: 'failed', outputs: [], stale: [], diagnostics };
}

/** What the system said, in words a user can act on. */
const WRITE_HINTS: Record<string, string> = {
  EACCES: "no permission to write there: check the output folder's permissions, or choose another with -o",
  EPERM: 'the system refused the write (an immutable or protected file?): check the output folder, or choose another with -o',
  EROFS: 'the output folder is on a read-only file system: choose another with -o',
  ENOSPC: 'the disk is full: free some space and build again',
  EDQUOT: 'the disk quota is exhausted: free some space and build again',
  EISDIR: 'a folder is in the way of the output file: remove or rename it',
  ENOTDIR: 'a file is in the way of an output folder: remove or rename it',
  EEXIST: 'a file is in the way of an output folder: remove or rename it',
};

function writeFailure(job: Job, error: OutputWriteError): Diagnostic {
  const code = error.reason.code ?? 'EIO';
  return makeDiagnostic({
    code: 'output/write',
    file: job.file,
    line: 0,
    column: 0,
    message: `cannot write ${join(job.outDir, error.output)} (${code}); ${error.partly ? 'some of its other outputs were already replaced: the next build rebuilds them' : "none of this role's outputs were changed"}`,
    hint: WRITE_HINTS[code] ?? `the system said: ${error.reason.message}`,
  });
}

/** An unexpected error: a bug in jdgen, reported on its role with its stack so it can be fixed. */
export function internalFailure(file: string, error: unknown): Diagnostic {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return makeDiagnostic({
    code: 'internal/error',
    file,
    line: 0,
    column: 0,
    message: 'internal error while building this role (a bug in jdgen, please report it with the input that caused it); the other roles were built',
    hint: stack,
  });
}
