import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { lazyPackages } from '../lazy-packages.js';
import { once } from '../once.js';
import { requireCached } from './code-cache.js';

import { EDITOR_SCHEMAS, readSchemaText, type SchemaName } from './schema-files.js';

export { SCHEMA_DIR, EDITOR_SCHEMAS, PUBLISHED_SCHEMAS, readSchemaText } from './schema-files.js';
export type { SchemaName, PublishedSchemaName } from './schema-files.js';

/**
 * The address ajv knows a schema by. The files have no `$id`, so each is
 * added under its file name in one (never fetched) folder: relative refs
 * between them then resolve as they do for an editor reading schemas/.
 */
const SCHEMA_BASE = 'https://jdgen.invalid/schemas/';

export function schemaId(name: SchemaName): string {
  return `${SCHEMA_BASE}${name}.schema.json`;
}

/**
 * Which schema a file is checked against. `role-part` serves a role that
 * extends a base or lives under a config, and a base itself: they may leave
 * keys to others. The merged role is then checked against the full `role`
 * schema. (`role-configured` is for editors; jdgen's merged check covers it.)
 */
export type ValidatorName = 'role' | 'role-part' | 'config' | 'library';

export const VALIDATORS: readonly ValidatorName[] = ['role', 'role-part', 'config', 'library'];

/**
 * The validators compiled at build time (`npm run build` writes this file
 * with precompile.ts): generating ajv's code costs more than a cold
 * `jdgen validate` may spend. Used only when it was made from the very
 * schema files on disk; otherwise ajv compiles them at run time.
 */
export function precompiledFile(name: ValidatorName): string {
  return fileURLToPath(new URL(`./schemas.precompiled.${name}.cjs`, import.meta.url));
}

const sharedAjv = once(() => createAjv());

/**
 * Each schema's validator, made once per process when it is first needed
 * (the schemas are jdgen's own files: see once.ts): precompiled when
 * possible, else compiled by ajv (compiling costs far more than validating,
 * and a role without a base or config never needs the partial, config or
 * library schemas).
 */
const validators: Readonly<Record<ValidatorName, () => ValidateFunction>> = {
  role: once(() => validatorOf('role')),
  'role-part': once(() => validatorOf('role-part')),
  config: once(() => validatorOf('config')),
  library: once(() => validatorOf('library')),
};

export function schemaValidator(name: ValidatorName): ValidateFunction {
  return validators[name]();
}

/**
 * Whether `data` passes `name`'s schema, as an editor using it would judge.
 * role-configured, which jdgen never checks a file with on its own, is
 * compiled by ajv on first use.
 */
export function passesSchema(name: SchemaName, data: unknown): boolean {
  const validate = (VALIDATORS as readonly string[]).includes(name) ? schemaValidator(name as ValidatorName) : sharedAjv().getSchema(schemaId(name))!;
  return validate(data) === true;
}

function validatorOf(name: ValidatorName): ValidateFunction {
  return loadPrecompiled(name) ?? sharedAjv().getSchema(schemaId(name))!;
}

/**
 * One schema's precompiled validator, from a file of its own: a role without
 * a base, a library or a config loads the role schema's code alone.
 */
function loadPrecompiled(name: ValidatorName): ValidateFunction | undefined {
  const file = precompiledFile(name);
  if (!existsSync(file)) return undefined;
  const module = requireCached(file) as { schemaHash?: string; validate?: ValidateFunction };
  return module.schemaHash === schemaHash() ? module.validate : undefined;
}

/** What the precompiled validators were made from: the schema files and the ajv options. */
export const schemaHash = once(() => hashSchemas());

function hashSchemas(): string {
  const hash = createHash('sha256').update(JSON.stringify(AJV_OPTIONS));
  for (const name of EDITOR_SCHEMAS) hash.update(readSchemaText(name));
  return hash.digest('hex');
}

// verbose: errors carry the failing value and its schema, which the messages need.
// strictRequired off: the if/then discriminators test `required` without redeclaring each property.
// keywords: editors' own message for a failed pattern (VS Code's JSON and YAML support read it); ajv ignores it.
const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, keywords: ['patternErrorMessage'] };

/** Every validator's id, for precompile.ts. */
export const VALIDATOR_IDS: Readonly<Record<ValidatorName, string>> = Object.fromEntries(VALIDATORS.map((name) => [name, schemaId(name)])) as Record<
  ValidatorName,
  string
>;

/** An ajv instance that knows every schema; ajv compiles one on its first getSchema. */
export function createAjv(extra: Options = {}): Ajv2020 {
  // Loaded on demand, synchronously (both are CommonJS): with precompiled validators, ajv itself is never needed.
  const { Ajv2020: Ajv } = lazyPackages.ajv2020();
  const addFormats = lazyPackages.ajvFormats();
  const instance = new Ajv({ ...AJV_OPTIONS, ...extra });
  // ajv-formats is CommonJS; under NodeNext its callable is the `default` export.
  addFormats.default(instance, ['date']);
  for (const name of EDITOR_SCHEMAS) instance.addSchema(JSON.parse(readSchemaText(name)) as object, schemaId(name));
  return instance;
}

/**
 * Reduces ajv's errors to the ones a person should see. For a failed `anyOf`
 * ajv reports every branch; we keep the branch that matches the value's shape
 * (errors below the anyOf, or non-type errors at it) and otherwise replace the
 * whole group by the anyOf error itself, which reads as "expected X, got Y".
 */
export function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  // An if/then/else only picks the form the author meant; its own "must match then" adds nothing.
  errors = errors.filter((e) => e.keyword !== 'if');
  // A date's pattern repeats its format for editors (schemas/role.schema.json, $defs/date): one message is enough.
  const badDates = new Set(errors.filter((e) => e.keyword === 'format').map((e) => e.instancePath));
  errors = errors.filter((e) => !(e.keyword === 'pattern' && badDates.has(e.instancePath) && e.parentSchema?.format === 'date'));
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  // Each question below is answered from one pass over the errors: a file can have tens of thousands.
  const shapeMatched = shapeMatchedPaths(errors, anyOfPaths);
  const outermost = outermostAnyOf(errors);
  const kept = errors.filter((error) => {
    const path = nearestAnyOfPath(error.instancePath, anyOfPaths);
    if (path === undefined) return true;
    const branchMatched = shapeMatched.has(path);
    if (error.keyword === 'anyOf') return !branchMatched && error.instancePath === path && outermost.get(path) === error;
    if (error.keyword === 'type' && error.instancePath === path) return false;
    return true;
  });
  return dedupe(kept);
}

/** `/a/b/c`, `/a/b`, `/a`, ``: a path and its ancestors, deepest first. */
function* selfAndAncestors(instancePath: string): Generator<string> {
  let path = instancePath;
  for (;;) {
    yield path;
    if (path === '') return;
    path = path.slice(0, path.lastIndexOf('/'));
  }
}

/** The deepest anyOf location that is this path or one of its ancestors. */
function nearestAnyOfPath(instancePath: string, anyOfPaths: Set<string>): string | undefined {
  for (const path of selfAndAncestors(instancePath)) if (anyOfPaths.has(path)) return path;
  return undefined;
}

/**
 * anyOf locations where a branch "matched the shape": something failed deeper,
 * or at the value itself for a reason other than its type.
 */
function shapeMatchedPaths(errors: readonly ErrorObject[], anyOfPaths: Set<string>): Set<string> {
  const matched = new Set<string>();
  for (const e of errors) {
    if (anyOfPaths.has(e.instancePath) && e.keyword !== 'type' && e.keyword !== 'anyOf') matched.add(e.instancePath);
    let first = true;
    for (const path of selfAndAncestors(e.instancePath)) {
      if (!first && anyOfPaths.has(path)) matched.add(path);
      first = false;
    }
  }
  return matched;
}

/**
 * Nested anyOfs at one path (a clause inside "clause or list") should report
 * once, with the outer title. ajv appends an anyOf error after its branches,
 * so the outermost one is the last at that path.
 */
function outermostAnyOf(errors: readonly ErrorObject[]): Map<string, ErrorObject> {
  const last = new Map<string, ErrorObject>();
  for (const e of errors) if (e.keyword === 'anyOf') last.set(e.instancePath, e);
  return last;
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
