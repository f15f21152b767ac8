import { build, type FileReport, type InlineRole, type Report } from '../api.js';
import { UsageError } from '../diagnostics.js';
import { parseShard } from '../output/shard.js';
import { FORMATS, isFormat, type Format } from '../write/registry.js';
import { commonOptions } from './common.js';
import { colours, EXIT, type CliIO } from './io.js';
import type { BuildCliOptions } from './options.js';
import { startProgress } from './progress.js';
import { printReport, writeReport, type Reporter } from './report.js';
import { printOrigins } from './verbose.js';
import { readsStdin, readStdinRole, STANDARD_STREAM } from './stdin.js';

export async function buildCommand(files: string[], options: BuildCliOptions, io: CliIO): Promise<number> {
  if (options.deep && !options.check) throw new UsageError('--deep goes with --check (`jdgen build --check --deep`): it renders every role to compare');
  const fromStdin = readsStdin(files);
  if (options.outDir === STANDARD_STREAM) return buildToStdout(files, options, io, fromStdin);
  if (fromStdin) {
    if (options.check || options.prune || options.shard)
      throw new UsageError('--check, --prune and --shard compare with or choose among files: not for a role from standard input');
    return runBuild(await readStdinRole(io), options, io);
  }
  return runBuild(files, options, io);
}

/**
 * `-o -`: exactly one format of one role, its bytes on standard output and
 * nothing else there (no report, no manifest, no files); diagnostics go to
 * standard error.
 */
async function buildToStdout(files: string[], options: BuildCliOptions, io: CliIO, fromStdin: boolean): Promise<number> {
  const formats = options.format ? parseFormats(options.format) : [];
  if (formats.length !== 1) throw new UsageError('`-o -` writes one format to standard output: choose it with -f, e.g. `-f md` or `-f pdf`');
  if (options.check || options.prune || options.shard) throw new UsageError('--check, --prune and --shard work on an output folder, not with `-o -`');
  if (options.reporter && options.reporter !== 'human')
    throw new UsageError('with `-o -` standard output carries the document: --reporter json and github are not available');
  const role = fromStdin ? await readStdinRole(io) : files;
  const report = await build(role, { ...commonOptions(options, io), formats, write: false, failFast: true, lint: options.lint !== false });
  if (report.files.length !== 1)
    throw new UsageError(`\`-o -\` writes one role to standard output; ${report.files.length} matched ${files.map((f) => `\`${f}\``).join(', ')}`);
  const [file] = report.files;
  const bytes = file!.bytes?.[formats[0]!];
  // Warnings and errors on standard error, as every report line: standard output holds the document alone.
  // A role built says nothing (its line would name no file); one that failed says so, as in any build.
  const quiet: Report = { ...report, files: report.files.map((f) => (f.status === 'built' ? { ...f, status: 'unchanged' as const } : f)) };
  await printReport(quiet, { ...io, stdout: io.stderr }, { out: colours(io, 'stderr'), err: colours(io, 'stderr') });
  if (hasInternalError(report)) return EXIT.internal;
  if (!bytes) return EXIT.invalid;
  io.stdout.write(bytes);
  return EXIT.ok;
}

async function runBuild(files: string[] | InlineRole, options: BuildCliOptions, io: CliIO): Promise<number> {
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
      deep: Boolean(options.deep),
      prune: Boolean(options.prune),
      failFast: Boolean(options.failFast),
      ...(options.signFields ? { signFields: true } : {}),
      ...(options.tagged === false ? { tagged: false } : {}),
      lint: options.lint !== false,
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

export function parseFormats(list: string): Format[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
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
