import { lint, type LintReport, type Report } from '../api.js';
import { readVersion } from '../version.js';
import { commonOptions } from './common.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { colours, EXIT, type CliIO } from './io.js';
import type { ValidateCliOptions } from './options.js';
import { githubAnnotations } from './report.js';
import { terminalSafe } from '../env/printable.js';
import type { LintReporter } from './lint-reporters.js';

/** `jdgen lint`: exit 1 when an error-level finding remains or a role does not validate. */
export async function lintCommand(inputs: string[], options: ValidateCliOptions & { reporter?: string }, io: CliIO): Promise<number> {
  const report = await lint(inputs.length ? inputs : ['.'], commonOptions(options, io));
  await writeLintReport(report, (options.reporter ?? 'text') as LintReporter, io);
  return report.ok ? EXIT.ok : EXIT.invalid;
}

async function writeLintReport(report: LintReport, reporter: LintReporter, io: CliIO): Promise<void> {
  const quiet = io.verbosity === 'quiet';
  if (reporter === 'json') {
    io.stdout.write(`${JSON.stringify({ jdgen: 1, ...report }, null, 2)}\n`);
    return;
  }
  if (reporter === 'sarif') {
    const { toSarif } = await import('../lint/sarif.js');
    io.stdout.write(`${JSON.stringify(toSarif(report.files, report.rules, { version: readVersion(), cwd: io.cwd }), null, 2)}\n`);
    return;
  }
  if (reporter === 'github') {
    const asReport: Report = { ok: report.ok, files: report.files.map((f) => ({ file: f.file, status: 'valid', outputs: [], diagnostics: f.diagnostics })) };
    io.stdout.write(githubAnnotations(asReport, { quiet }));
    return;
  }
  const err = colours(io, 'stderr');
  const out = colours(io, 'stdout');
  for (const file of report.files) {
    await writeDiagnostics(io.stderr, quiet ? file.diagnostics.filter((d) => d.severity === 'error') : file.diagnostics, err);
    if (!quiet && file.status === 'clean') io.stdout.write(`${out.green('✓')} ${terminalSafe(file.file)}\n`);
  }
  if (quiet) return;
  const all = report.files.flatMap((f) => f.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const suppressed = report.files.reduce((n, f) => n + f.suppressed.length, 0);
  const failed = report.files.filter((f) => f.status === 'failed').length;
  const parts = [
    `${report.files.length} role${report.files.length === 1 ? '' : 's'}`,
    `${errors} error${errors === 1 ? '' : 's'}`,
    `${all.length - errors} warning${all.length - errors === 1 ? '' : 's'}`,
  ];
  if (suppressed) parts.push(`${suppressed} suppressed`);
  if (failed) parts.push(`${failed} not valid`);
  io.stdout.write(`${parts.join(', ')}\n`);
}
