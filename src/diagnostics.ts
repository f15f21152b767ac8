/**
 * Diagnostics: what jdgen tells a person about their input.
 *
 * Stages return diagnostics instead of throwing, so that every problem in a
 * file is reported at once. A `UserError` carries diagnostics across stage
 * boundaries; anything else that is thrown is a bug in jdgen.
 */

export const SEVERITIES = ['error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. "schema/type" or "yaml/duplicate-key". */
  code: string;
  /** Path of the file the problem is in, as the user named it. */
  file: string;
  /** 1-based line and column; 0 when the problem has no position (a missing file). */
  line: number;
  column: number;
  /** Where in the data the problem is, e.g. "duties[2]" (empty for syntax errors). */
  path?: string;
  message: string;
  hint?: string;
  /** The offending source line, for display under the message. */
  sourceLine?: string;
  /** How jdgen came to read this file: the `extends:` or `use:` that led here, innermost first. */
  includedFrom?: SourceRef[];
}

/** A place in a file: `role.yaml:12:7`. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

/** An error caused by the user's input or invocation, not by a bug in jdgen. */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnosticPlain).join('\n'));
    this.name = 'UserError';
    this.diagnostics = diagnostics;
  }
}

/** Wrong command-line usage (unknown option, missing argument): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col: severity: path: message` — the shape compilers use, so editors can jump to it. */
export function formatDiagnosticPlain(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path ? `${d.path}: ` : '';
  return `${where}: ${d.severity}: ${path}${d.message}`;
}

/** Orders diagnostics by file, then position, so output is stable and reads top to bottom. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

export function makeDiagnostic(fields: Omit<Diagnostic, 'severity'> & { severity?: Severity }): Diagnostic {
  return { severity: 'error', ...fields };
}

/** Appends in a loop: `push(...items)` passes each item as an argument and overflows the stack for a file with 100,000s of problems. */
export function appendAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}
