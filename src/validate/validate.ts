import type { ErrorObject } from 'ajv';
import { hasErrors, makeDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { locate, sourceLineAt, type SourceFile } from '../load/source.js';
import { explain, explainAlternatives } from './messages.js';
import { toRole, type Role } from './role.js';
import { relevantErrors, roleValidator } from './schema.js';
import { formatPath, runRules } from './rules.js';

export interface ValidationResult {
  role?: Role;
  diagnostics: Diagnostic[];
}

/** Checks loaded role data against the schema, then the semantic rules; all problems at once. */
export function validateRoleData(source: SourceFile, data: unknown): ValidationResult {
  const validate = roleValidator();
  const valid = validate(data);
  const schemaErrors = valid ? [] : relevantErrors(validate.errors ?? []).map((e) => schemaDiagnostic(source, e));
  // The rules read data defensively, so they run even on invalid data: all problems at once.
  const record = (data ?? {}) as Record<string, unknown>;
  const diagnostics = sortDiagnostics([...schemaErrors, ...runRules(record, source)]);
  if (!valid || hasErrors(diagnostics)) return { diagnostics };
  return { role: toRole(record), diagnostics };
}

function schemaDiagnostic(source: SourceFile, error: ErrorObject): Diagnostic {
  const human = error.keyword === 'anyOf' ? explainAlternatives(error) : explain(error);
  const segments = instanceSegments(error.instancePath);
  const path = human.atKey ? [...segments, human.atKey] : segments;
  const { line, column } = locate(source, path, { key: Boolean(human.atKey) });
  return makeDiagnostic({
    code: `schema/${error.keyword}`,
    file: source.file,
    line,
    column,
    path: formatPath(path) || '(top level)',
    message: human.message,
    ...(human.hint ? { hint: human.hint } : {}),
    sourceLine: sourceLineAt(source, line),
  });
}

/** "/duties/2" → ["duties", 2]; JSON Pointer escapes (~1, ~0) undone. */
function instanceSegments(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
