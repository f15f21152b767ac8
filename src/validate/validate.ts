import type { ErrorObject } from 'ajv';
import { hasErrors, makeDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { SourceFile } from '../load/source.js';
import { checkCharacters } from './characters.js';
import { fileLocator, type Locator } from './locator.js';
import { explain, explainAlternatives } from './messages.js';
import { toRole, type Role } from './role.js';
import { relevantErrors, schemaValidator, type ValidatorName } from './schema.js';
import { formatPath, runRules } from './rules.js';

export interface ValidationResult {
  role?: Role;
  diagnostics: Diagnostic[];
}

/**
 * Checks role data against the schema, then the semantic rules; all problems
 * at once. `where` places them: a file, or a locator that knows which file
 * each value of a merged role came from.
 */
export function validateRoleData(where: SourceFile | Locator, data: unknown): ValidationResult {
  const locator = typeof where === 'function' ? where : fileLocator(where);
  // The files' text was checked as each was read: here only what must stop the role, once more.
  const schemaErrors = [...checkCharacters(locator, data, { warnings: false }), ...schemaProblems(locator, data, 'role')];
  const valid = schemaErrors.length === 0;
  // The rules read data defensively, so they run even on invalid data: all problems at once.
  const record = (data ?? {}) as Record<string, unknown>;
  const diagnostics = sortDiagnostics([...schemaErrors, ...runRules(record, locator)]);
  if (!valid || hasErrors(diagnostics)) return { diagnostics };
  return { role: toRole(record), diagnostics };
}

/** Diagnostics for every way `data` (read from `source`) breaks the named schema, and for characters no document can show. */
export function checkSchema(where: SourceFile | Locator, data: unknown, schema: ValidatorName): Diagnostic[] {
  const locator = typeof where === 'function' ? where : fileLocator(where);
  return [...checkCharacters(locator, data, { warnings: true }), ...schemaProblems(locator, data, schema)];
}

function schemaProblems(locator: Locator, data: unknown, schema: ValidatorName): Diagnostic[] {
  const validate = schemaValidator(schema);
  if (validate(data)) return [];
  return relevantErrors(validate.errors ?? []).map((e) => schemaDiagnostic(locator, e));
}

function schemaDiagnostic(locator: Locator, error: ErrorObject): Diagnostic {
  const human = error.keyword === 'anyOf' ? explainAlternatives(error) : explain(error);
  const segments = instanceSegments(error.instancePath);
  const path = human.atKey ? [...segments, human.atKey] : segments;
  return makeDiagnostic({
    code: `schema/${error.keyword}`,
    ...locator(path, { key: Boolean(human.atKey) }),
    path: formatPath(path) || '(top level)',
    message: human.message,
    ...(human.hint ? { hint: human.hint } : {}),
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
