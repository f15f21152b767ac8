import type { ChalkInstance } from 'chalk';
import type { Report } from '../api.js';
import { renderDiagnostic } from './diagnostics-view.js';
import type { CliIO } from './io.js';

/** Prints each file's diagnostics (stderr) and what was written (stdout). */
export function printReport(report: Report, io: CliIO, c: { out: ChalkInstance; err: ChalkInstance }): void {
  for (const file of report.files) {
    for (const d of file.diagnostics) io.stderr.write(renderDiagnostic(d, c.err));
    if (file.status === 'built') io.stdout.write(`${c.out.green('✓')} ${file.file} → ${file.outputs.join(', ')}\n`);
    if (file.status === 'valid') io.stdout.write(`${c.out.green('✓')} ${file.file} is valid\n`);
    if (file.status === 'failed') io.stderr.write(`${c.err.red('✗')} ${file.file}: ${countErrors(file.diagnostics)}, nothing written\n`);
  }
}

function countErrors(diagnostics: Report['files'][number]['diagnostics']): string {
  const n = diagnostics.filter((d) => d.severity === 'error').length;
  return `${n} error${n === 1 ? '' : 's'}`;
}
