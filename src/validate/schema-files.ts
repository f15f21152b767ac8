/**
 * The published JSON Schema files and their names. Kept apart from schema.ts
 * (ajv) so that the library's public declarations, which export
 * readSchemaText, do not name ajv's types: ajv is bundled into jdgen and not
 * installed with it.
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root.js';

/** Where the published JSON Schemas live (shipped with the package). */
export const SCHEMA_DIR = packagePath('schemas/');

/**
 * The schemas of input files, for editors and for jdgen itself: a complete
 * role; `role-part`, a base or a role that extends one (nothing required);
 * `role-configured`, a role below a jdgen.config.yaml that extends no base
 * (only what a config can give may be missing); the config; a clause library.
 * They refer to each other by relative paths (`./role.schema.json#/$defs/text`),
 * which an editor resolves from the file it loaded, so they carry no `$id`.
 */
export const EDITOR_SCHEMAS = ['role', 'role-part', 'role-configured', 'config', 'library'] as const;

export type SchemaName = (typeof EDITOR_SCHEMAS)[number];

/** Every schema jdgen publishes: the input schemas, and the shapes of its JSON reports. */
export const PUBLISHED_SCHEMAS = [...EDITOR_SCHEMAS, 'report', 'diff', 'diff-project', 'import-report'] as const;

export type PublishedSchemaName = (typeof PUBLISHED_SCHEMAS)[number];

/**
 * `report` is the shape of `jdgen build --reporter json`, `diff` and
 * `diff-project` those of `jdgen diff --format json`, `import-report` that of
 * `jdgen import --reporter json`: published, never used to validate input.
 */
export function readSchemaText(name: PublishedSchemaName): string {
  return readFileSync(`${SCHEMA_DIR}${name}.schema.json`, 'utf8');
}
