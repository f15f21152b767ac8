import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SCHEMA_DIR, type SchemaName } from '../validate/schema.js';

/**
 * The `# yaml-language-server: $schema=…` modelines that `jdgen init` and
 * `jdgen new` write. The path must work for everyone who opens the file:
 * colleagues, CI, the same person after an upgrade. So it is relative, and
 * points at schemas that travel with the project, never into wherever this
 * jdgen happens to be installed when the project has a better place.
 */

/** The folder, in a project's root, where `jdgen init` writes the schemas (`jdgen schema --write schemas` refreshes them). */
export const PROJECT_SCHEMA_FOLDER = 'schemas';

/**
 * The schema that fits a role file. A role that extends a base may leave any
 * key to it; one below a config may leave the organisation and signatories to
 * it; any other role must be complete (schemas/role*.schema.json).
 */
export function roleSchemaName(role: { extendsBase: boolean; underConfig: boolean }): SchemaName {
  if (role.extendsBase) return 'role-part';
  return role.underConfig ? 'role-configured' : 'role';
}

/**
 * Where the modeline of a file in `folder` should point, nearest first from
 * that folder up to the project's top (a folder with package.json or .git):
 * a `schemas/` folder holding role.schema.json (what `jdgen init` writes);
 * else, when that package.json depends on jdgen, `node_modules/jdgen/schemas`
 * beside it (there after `npm install` on every machine); else the schemas
 * of the running jdgen, which only this machine is sure to have.
 */
export function schemaFolderFor(folder: string): string {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    const own = join(dir, PROJECT_SCHEMA_FOLDER);
    if (existsSync(join(own, 'role.schema.json'))) return own;
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return dependsOnJdgen(manifest) ? join(dir, 'node_modules', 'jdgen', 'schemas') : SCHEMA_DIR;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return SCHEMA_DIR;
  }
}

/** The modeline's path: `name`'s schema in `schemaFolder`, relative to the file's folder, with forward slashes on every system. */
export function modelinePath(file: string, name: SchemaName, schemaFolder = schemaFolderFor(dirname(file))): string {
  return relative(dirname(file), join(schemaFolder, `${name}.schema.json`))
    .split('\\')
    .join('/');
}

function dependsOnJdgen(manifest: string): boolean {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    // A package.json that cannot be read says nothing about jdgen; the modeline falls back, nothing fails.
    return false;
  }
  if (data === null || typeof data !== 'object') return false;
  return ['dependencies', 'devDependencies', 'optionalDependencies'].some((field) => {
    const deps = (data as Record<string, unknown>)[field];
    return deps !== null && typeof deps === 'object' && Object.hasOwn(deps, 'jdgen');
  });
}
