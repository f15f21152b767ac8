import { relative } from 'node:path';
import { makeDiagnostic, type Diagnostic, type SourceRef } from '../diagnostics.js';
import { locate, sourceLineAt, type DataPath, type SourceFile } from '../load/source.js';
import { formatPath } from '../validate/rules.js';
import type { SourceFiles } from '../load/files.js';
import type { Boundary } from './paths.js';

/** Where a value came from: its file, its path there, and the references that led to that file. */
export interface Origin {
  source: SourceFile;
  path: DataPath;
  includedFrom: SourceRef[];
}

/** A file read while resolving a role, kept for glyph checks and dependency lists. */
export interface ReadFile {
  source: SourceFile;
  data: unknown;
  /** Absolute real path. */
  path: string;
}

/** State shared by the steps that resolve one role. */
export interface ResolveContext {
  cwd: string;
  /** Where roles, bases, libraries and pictures are read from. */
  sources: SourceFiles;
  boundary: Boundary;
  /** Origins of clause objects and list edits, for diagnostics after merging. */
  origins: WeakMap<object, Origin>;
  diagnostics: Diagnostic[];
  files: ReadFile[];
}

/** A path as the user should see it: relative to where jdgen runs. */
export function shown(ctx: { cwd: string }, absolute: string): string {
  const rel = relative(ctx.cwd, absolute);
  return rel.startsWith('..') ? absolute : rel;
}

/** A diagnostic at a data path of a file, with the chain of references that led to it. */
export function diagnosticAt(
  origin: Origin,
  fields: { code: string; message: string; hint?: string; severity?: 'error' | 'warning'; key?: boolean },
): Diagnostic {
  const { line, column } = locate(origin.source, origin.path, { key: fields.key ?? false });
  return makeDiagnostic({
    severity: fields.severity ?? 'error',
    code: fields.code,
    file: origin.source.file,
    line,
    column,
    path: formatPath(origin.path) || '(top level)',
    message: fields.message,
    ...(fields.hint ? { hint: fields.hint } : {}),
    sourceLine: sourceLineAt(origin.source, line),
    ...(origin.includedFrom.length > 0 ? { includedFrom: origin.includedFrom } : {}),
  });
}

/** `role.yaml:12:7`, the place of a reference, for "included from" lines. */
export function refAt(origin: Origin): SourceRef {
  const { line, column } = locate(origin.source, origin.path);
  return { file: origin.source.file, line, column };
}
