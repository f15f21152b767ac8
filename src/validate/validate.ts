import type { ErrorObject } from 'ajv';
import { hasErrors, makeDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { DataPath, SourceFile } from '../load/source.js';
import { pathOf, walkData } from '../load/walk.js';
import { checkCharacters } from './characters.js';
import { fileLocator, type Locator } from './locator.js';
import { didYouMean, explain, explainAlternatives } from './messages.js';
import { toRole, type Role } from './role.js';
import { relevantErrors, schemaValidator, type ValidatorName } from './schema.js';
import { deepNesting, formatPath, runRules, unfinishedText } from './rules.js';

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
  const diagnostics = sortDiagnostics([...schemaErrors, ...runRules(record, locator), ...unfinishedText(record, locator), ...deepNesting(record, locator)]);
  if (!valid || hasErrors(diagnostics)) return { diagnostics };
  return { role: toRole(record), diagnostics };
}

/** Diagnostics for every way `data` (read from `source`) breaks the named schema, and for characters no document can show. */
export function checkSchema(where: SourceFile | Locator, data: unknown, schema: ValidatorName): Diagnostic[] {
  const locator = typeof where === 'function' ? where : fileLocator(where);
  return [...checkCharacters(locator, data, { warnings: true }), ...schemaProblems(locator, data, schema)];
}

/**
 * The longest list any schema allows (library clauses). ajv's generated code
 * copies its error list once per failing item of a list, which is quadratic
 * in the list's length, so a longer list is refused before ajv sees the file.
 * test/unit/validate.test.ts checks this against the schemas.
 */
export const MAX_LIST_ITEMS = 1000;

function schemaProblems(locator: Locator, data: unknown, schema: ValidatorName): Diagnostic[] {
  const tooLong = overlongLists(data).map(({ path, length }) =>
    makeDiagnostic({
      code: 'schema/maxItems',
      ...locator(path, { key: false }),
      path: formatPath(path) || '(top level)',
      message: `too many items: no list may have more than ${MAX_LIST_ITEMS.toLocaleString('en')}, this one has ${length.toLocaleString('en')}`,
      hint: 'split the list, or check that it is not repeated by mistake; the rest of the file is checked once it is shorter',
    }),
  );
  if (tooLong.length > 0) return tooLong;
  const validate = schemaValidator(schema);
  if (validate(data)) return [];
  const errors = relevantErrors(validate.errors ?? []);
  const colons = colonClauses(errors, locator);
  const rest = colons.size === 0 ? errors : errors.filter((e) => !colons.has(e.instancePath));
  return [...[...colons].map(([pointer, error]) => colonDiagnostic(locator, pointer, error)), ...rest.map((e) => schemaDiagnostic(locator, e))];
}

/**
 * Clauses that YAML read as a mapping because their text has a colon
 * followed by a space (`- Note: the manager …`): a mapping of one unknown
 * key whose value is text, where a clause (text or { text, items }) was
 * expected. By JSON pointer, each with its "missing `text`" error; the
 * schema's two errors there ("missing key text", "unknown key Note")
 * become one that says to quote the text.
 */
function colonClauses(errors: readonly ErrorObject[], locator: Locator): Map<string, ErrorObject> {
  const found = new Map<string, ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'required' || error.params.missingProperty !== 'text') continue;
    const known = (error.parentSchema?.properties ?? {}) as Record<string, unknown>;
    const value: unknown = error.data;
    if (!('text' in known) || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const entries = Object.entries(value);
    if (entries.length !== 1 || entries[0]![0] in known) continue;
    const [key, inner] = entries[0]!;
    // `{ txt: a }` or `- txt: a` is a misspelt key (its "did you mean" says so), not text.
    if (didYouMean(key, Object.keys(known)) !== undefined) continue;
    if (inner !== null && !['string', 'number', 'boolean'].includes(typeof inner)) continue;
    const at = locator(instanceSegments(error.instancePath));
    // Text, not a mapping written as one in braces.
    if (at.sourceLine.charAt(at.column - 1) !== '{') found.set(error.instancePath, error);
  }
  return found;
}

function colonDiagnostic(locator: Locator, pointer: string, error: ErrorObject): Diagnostic {
  const path = instanceSegments(pointer);
  const [key, value] = Object.entries(error.data as Record<string, unknown>)[0]!;
  const text = `${key}:${value === null ? '' : ` ${String(value)}`}`;
  const shown = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return makeDiagnostic({
    code: 'schema/colon-in-text',
    ...locator(path),
    path: formatPath(path),
    message: `this clause was read as a mapping with the key \`${key.length > 40 ? `${key.slice(0, 39)}…` : key}\`: in YAML a colon followed by a space starts a key`,
    hint: `put the whole text in quotes: - ${JSON.stringify(shown)}`,
  });
}

/** Lists longer than MAX_LIST_ITEMS, found without recursion (the data may be deep). */
function overlongLists(data: unknown): Array<{ path: DataPath; length: number }> {
  const found: Array<{ path: DataPath; length: number }> = [];
  walkData(data, (value, place) => {
    if (!Array.isArray(value) || value.length <= MAX_LIST_ITEMS) return true;
    found.push({ path: pathOf(place), length: value.length });
    return false;
  });
  return found;
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
