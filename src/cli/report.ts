import type { Palette } from '../palette.js';
import type { Report, Summary } from '../api.js';
import type { Diagnostic } from '../diagnostics.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { colours, type CliIO } from './io.js';
import { terminalSafe, terminalSafeLines } from '../env/printable.js';

/**
 * Prints each file's diagnostics (stderr) and what happened to it. Unchanged
 * roles stay quiet unless `--verbose`; with `--quiet` only errors are printed
 * (no warnings, no success lines), as ESLint's `--quiet` does.
 */
export async function printReport(report: Report, io: CliIO, c: { out: Palette; err: Palette }): Promise<void> {
  const quiet = io.verbosity === 'quiet';
  const shown = (diagnostics: readonly Diagnostic[]) => (quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics);
  await writeDiagnostics(io.stderr, shown(report.diagnostics ?? []), c.err);
  for (const file of report.files) {
    await writeDiagnostics(io.stderr, shown(file.diagnostics), c.err);
    if (!quiet && file.status === 'built') io.stdout.write(`${c.out.green('✓')} ${terminalSafe(file.file)} → ${terminalSafe(file.outputs.join(', '))}\n`);
    if (!quiet && file.status === 'valid') io.stdout.write(`${c.out.green('✓')} ${terminalSafe(file.file)} is valid\n`);
    if (io.verbosity === 'verbose' && (file.status === 'unchanged' || file.status === 'up-to-date'))
      io.stdout.write(
        `${c.out.dim('=')} ${terminalSafe(file.file)} ${file.status === 'unchanged' ? 'unchanged' : 'up to date'}: ${terminalSafe(file.outputs.join(', '))}\n`,
      );
    if (file.status === 'failed') io.stderr.write(`${c.err.red('✗')} ${terminalSafe(file.file)}: ${countErrors(file.diagnostics)}, nothing written\n`);
    if (file.status === 'stale') io.stderr.write(`${c.err.red('✗')} ${terminalSafe(file.file)}: out of date: ${terminalSafe((file.stale ?? []).join(', '))}\n`);
  }
  for (const path of quiet ? [] : (report.pruned ?? [])) io.stdout.write(`${c.out.yellow('−')} removed ${terminalSafe(path)}\n`);
}

/** One line for the end of a build: `3 built, 997 unchanged, 0 failed in 1.24 s`. */
export function summaryLine(summary: Summary, check: boolean): string {
  const parts = check
    ? [`${summary.upToDate} up to date`, `${summary.stale} stale`, `${summary.failed} failed`]
    : [`${summary.built} built`, `${summary.unchanged} unchanged`, `${summary.failed} failed`];
  if (summary.skipped) parts.push(`${summary.skipped} skipped`);
  return `${parts.join(', ')} in ${summary.seconds.toFixed(2)} s`;
}

/**
 * GitHub Actions workflow commands: each diagnostic becomes an annotation on
 * its file and line in the pull request. Values are escaped as the runner requires.
 */
export function githubAnnotations(report: Report, options: { quiet?: boolean } = {}): string {
  const shown = (d: Diagnostic) => !options.quiet || d.severity === 'error';
  const lines: string[] = (report.diagnostics ?? []).filter(shown).map(annotation);
  for (const file of report.files) {
    for (const d of file.diagnostics.filter(shown)) lines.push(annotation(d));
    if (file.status === 'stale')
      lines.push(
        `::error file=${property(file.file)},title=jdgen::${data(terminalSafeLines(`outputs out of date: ${(file.stale ?? []).join(', ')} (run jdgen build)`))}`,
      );
  }
  return lines.map((l) => `${l}\n`).join('');
}

function annotation(d: Diagnostic): string {
  const where = [`file=${property(d.file)}`, ...(d.line > 0 ? [`line=${d.line}`, `col=${d.column}`] : []), 'title=jdgen'];
  const text = [d.path ? `${d.path}: ${d.message}` : d.message, ...(d.hint ? [`hint: ${d.hint}`] : [])].map(terminalSafeLines).join('\n');
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${where.join(',')}::${data(text)}`;
}

const data = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (text: string): string => data(terminalSafe(text)).replace(/:/g, '%3A').replace(/,/g, '%2C');

function countErrors(diagnostics: Diagnostic[]): string {
  const n = diagnostics.filter((d) => d.severity === 'error').length;
  return `${n} error${n === 1 ? '' : 's'}`;
}

export const REPORTERS = ['human', 'json', 'github'] as const;
export type Reporter = (typeof REPORTERS)[number];

/**
 * A report as the chosen reporter prints it, shared by `build` and `validate`:
 * json is one document on stdout (whatever the verbosity: it is for machines),
 * github is one workflow command per diagnostic, human is for people. The
 * summary line closes every report but the json one, except with `--quiet`.
 */
export async function writeReport(report: Report, reporter: Reporter, io: CliIO, options: { check?: boolean } = {}): Promise<void> {
  if (reporter === 'json') {
    io.stdout.write(`${JSON.stringify({ jdgen: 1, ...report }, null, 2)}\n`);
    return;
  }
  const quiet = io.verbosity === 'quiet';
  if (reporter === 'github') io.stdout.write(githubAnnotations(report, { quiet }));
  else await printReport(report, io, { out: colours(io, 'stdout'), err: colours(io, 'stderr') });
  if (report.summary && !quiet) io.stdout.write(`${summaryLine(report.summary, options.check ?? false)}\n`);
}
