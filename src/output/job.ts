import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { compileRole, type CompileOptions } from '../pipeline.js';
import { loadWriter, type Format } from '../write/registry.js';
import { writeAllAtomic } from './atomic.js';
import { sha256 } from '../hash.js';
import { ABSENT, dependencyKey, fileHash, posix } from './fingerprint.js';
import type { InputEntry } from './manifest.js';

/** One role to build (or check): what a worker thread receives. */
export interface Job {
  file: string;
  /** Output path stem relative to the output folder, without extension: `sales/kam`. */
  stem: string;
  /** Absolute output folder. */
  outDir: string;
  formats: readonly Format[];
  settings: string;
  mode: 'write' | 'check';
  compile: CompileOptions;
}

export type JobStatus = 'built' | 'failed' | 'up-to-date' | 'stale';

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
 * rendered in memory first; files are written (atomically) only when all
 * succeeded. In check mode nothing is written: the bytes are compared.
 */
export async function runJob(job: Job): Promise<JobResult> {
  const outputs = job.formats.map((format) => `${job.stem}.${format}`);
  const result = await compileRole(job.file, job.compile);
  const { model, style, diagnostics } = result;
  if (!model || !style || hasErrors(diagnostics)) return { file: job.file, status: 'failed', outputs: [], stale: [], diagnostics };
  const rendered: Array<{ path: string; bytes: Uint8Array }> = [];
  for (const [i, format] of job.formats.entries()) {
    const writer = await loadWriter(format);
    rendered.push({ path: outputs[i]!, bytes: await writer(model, { fonts: style.pdfFonts, fontFamily: style.docxFont }) });
  }
  if (job.mode === 'check') {
    const stale = await differing(job.outDir, rendered);
    return { file: job.file, status: stale.length ? 'stale' : 'up-to-date', outputs, stale, diagnostics };
  }
  await writeAllAtomic(rendered.map((r) => ({ path: join(job.outDir, r.path), bytes: r.bytes })));
  const dependencies: Record<string, string> = {};
  // A dependency that does not exist is recorded as absent: creating it later must rebuild.
  for (const path of result.dependencies ?? []) dependencies[dependencyKey(path, job.outDir)] = fileHash(path) ?? ABSENT;
  const entry: InputEntry = { settings: job.settings, dependencies, outputs: Object.fromEntries(rendered.map((r) => [posix(r.path), sha256(r.bytes)])) };
  return { file: job.file, status: 'built', outputs, stale: [], diagnostics, entry };
}

async function differing(outDir: string, rendered: Array<{ path: string; bytes: Uint8Array }>): Promise<string[]> {
  const stale: string[] = [];
  for (const output of rendered) {
    const existing = await readFile(resolve(outDir, output.path)).catch(() => undefined);
    if (!existing || !Buffer.from(output.bytes).equals(existing)) stale.push(output.path);
  }
  return stale;
}
