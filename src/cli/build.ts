import { build, type FileReport, type Report } from '../api.js';
import { UsageError } from '../diagnostics.js';
import { parseShard } from '../output/shard.js';
import { FORMATS, isFormat, type Format } from '../write/registry.js';
import { commonOptions } from './common.js';
import { EXIT, type CliIO } from './io.js';
import type { BuildCliOptions } from './main.js';
import { startProgress } from './progress.js';
import { writeReport, type Reporter } from './report.js';
import { printOrigins } from './verbose.js';

export async function buildCommand(files: string[], options: BuildCliOptions, io: CliIO): Promise<number> {
  const reporter = (options.reporter ?? 'human') as Reporter;
  const progress = reporter === 'human' && io.verbosity !== 'quiet' ? startProgress(io) : undefined;
  const startedAt = performance.now();
  const finished = new Map<string, number>();
  let report: Report;
  try {
    report = await build(files, {
      ...commonOptions(options, io),
      ...(options.outDir ? { outDir: options.outDir } : {}),
      ...(options.format ? { formats: parseFormats(options.format) } : {}),
      ...(options.jobs !== undefined ? { jobs: parseJobs(options.jobs) } : {}),
      ...(options.shard ? { shard: parseShardOption(options.shard) } : {}),
      force: Boolean(options.force),
      check: Boolean(options.check),
      prune: Boolean(options.prune),
      failFast: Boolean(options.failFast),
      onResult: (result: FileReport, total: number) => {
        finished.set(result.file, (performance.now() - startedAt) / 1000);
        progress?.tick(total);
      },
    });
  } finally {
    progress?.stop();
  }
  await writeReport(report, reporter, io, { check: Boolean(options.check) });
  if (io.verbosity === 'verbose') await printOrigins(report, options, io, { seconds: report.summary?.seconds ?? 0, finished });
  if (hasInternalError(report)) return EXIT.internal;
  return report.ok ? EXIT.ok : EXIT.invalid;
}

/** A bug met while building one role fails that role only (the others are built), but the run still exits 3: it is a bug. */
function hasInternalError(report: Report): boolean {
  return report.files.some((file) => file.diagnostics.some((d) => d.code === 'internal/error'));
}

function parseFormats(list: string): Format[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isFormat(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`unknown format ${unknown.map((u) => `\`${u}\``).join(', ') || '(none given)'}; choose from ${FORMATS.join(', ')}`);
  }
  return [...new Set(names)] as Format[];
}

function parseJobs(text: string): number {
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs needs a whole number of at least 1, got \`${text}\``);
  return jobs;
}

function parseShardOption(text: string) {
  const shard = parseShard(text);
  if (!shard) throw new UsageError(`--shard needs i/n with 1 ≤ i ≤ n, e.g. 2/4; got \`${text}\``);
  return shard;
}
