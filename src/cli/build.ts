import { build, type FileReport, type Report } from '../api.js';
import { UsageError } from '../diagnostics.js';
import { parseShard } from '../output/shard.js';
import { FORMATS, isFormat, type Format } from '../write/registry.js';
import { commonOptions } from './common.js';
import { colours, EXIT, type CliIO } from './io.js';
import type { BuildCliOptions } from './main.js';
import { startProgress } from './progress.js';
import { githubAnnotations, printReport, summaryLine } from './report.js';

export const REPORTERS = ['human', 'json', 'github'] as const;
type Reporter = (typeof REPORTERS)[number];

export async function buildCommand(files: string[], options: BuildCliOptions, io: CliIO): Promise<number> {
  const reporter = (options.reporter ?? 'human') as Reporter;
  const progress = reporter === 'human' ? startProgress(io) : undefined;
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
      ...(progress ? { onResult: (_r: FileReport, total: number) => progress.tick(total) } : {}),
    });
  } finally {
    progress?.stop();
  }
  await writeReport(report, reporter, Boolean(options.check), io);
  if (hasInternalError(report)) return EXIT.internal;
  return report.ok ? EXIT.ok : EXIT.invalid;
}

/** A bug met while building one role fails that role only (the others are built), but the run still exits 3: it is a bug. */
function hasInternalError(report: Report): boolean {
  return report.files.some((file) => file.diagnostics.some((d) => d.code === 'internal/error'));
}

async function writeReport(report: Report, reporter: Reporter, check: boolean, io: CliIO): Promise<void> {
  if (reporter === 'json') {
    io.stdout.write(`${JSON.stringify({ jdgen: 1, ...report }, null, 2)}\n`);
    return;
  }
  if (reporter === 'github') io.stdout.write(githubAnnotations(report));
  else await printReport(report, io, { out: colours(io, 'stdout'), err: colours(io, 'stderr') });
  io.stdout.write(`${summaryLine(report.summary!, check)}\n`);
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
