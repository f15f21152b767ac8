import type { Palette } from '../palette.js';
import { formatDiagnosticPlain, type Diagnostic } from '../diagnostics.js';

/**
 * A diagnostic as a person reads it: the compiler-style first line (editors
 * and CI parse it), the offending source line with a caret, then the hint.
 */
export function renderDiagnostic(d: Diagnostic, c: Palette): string {
  const colour = d.severity === 'error' ? c.red : c.yellow;
  const label = d.severity === 'error' ? c.errorLabel : c.warningLabel;
  const head = formatDiagnosticPlain(d).replace(`: ${d.severity}: `, `: ${label(d.severity)}: `);
  const lines = [c.bold(head)];
  if (d.sourceLine !== undefined && d.line > 0) {
    const gutter = String(d.line);
    lines.push(c.dim(`  ${gutter} | `) + d.sourceLine);
    lines.push(c.dim(`  ${' '.repeat(gutter.length)} | `) + ' '.repeat(Math.max(0, d.column - 1)) + colour('^'));
  }
  for (const from of d.includedFrom ?? []) lines.push(c.dim(`  included from ${from.file}:${from.line}:${from.column}`));
  if (d.hint) lines.push(`  ${c.cyan('hint:')} ${d.hint}`);
  return `${lines.join('\n')}\n`;
}
