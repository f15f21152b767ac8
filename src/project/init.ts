import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDiagnostic, UsageError, UserError } from '../diagnostics.js';
import { ensureFolder, NotAFolderError, whyNotAFolder } from '../env/folder.js';
import { osWork } from '../env/os-error.js';
import { printable } from '../env/printable.js';
import type { SchemaName } from '../validate/schema.js';
import { modelinePath, PROJECT_SCHEMA_FOLDER } from './modeline.js';
import { writeSchemas } from './write-schemas.js';

/** The organisation example doubles as the scaffold `jdgen init` copies. */
export const SCAFFOLD_DIR = fileURLToPath(new URL('../../examples/organization/', import.meta.url));

export interface InitResult {
  dir: string;
  files: string[];
}

/**
 * Creates a ready project in `dir`: config, a base role, a clause library,
 * two roles and a README. Existing files are never overwritten unless
 * `force` is set. The schemas go into the project's schemas/ folder, and
 * every modeline points there, relatively: the project opens in any editor,
 * on any machine, with any jdgen installed (see modeline.ts).
 */
export async function initProject(dir: string, options: { force?: boolean } = {}): Promise<InitResult> {
  const target = resolve(dir);
  const files = await listFiles(SCAFFOLD_DIR);
  const clashes = files.filter((f) => existsSync(join(target, f)));
  if (clashes.length > 0 && !options.force) {
    throw new UserError(clashes.map((f) => makeDiagnostic({ code: 'init/exists', file: join(dir, f), line: 0, column: 0, message: 'already exists', hint: 'jdgen init never overwrites files; use --force, or choose an empty folder' })));
  }
  // The project's own folder first, so a file in its place is reported as such.
  await createFolder(target, target);
  const schemas = await writeSchemas(join(target, PROJECT_SCHEMA_FOLDER), { overwrite: options.force === true, cwd: target });
  for (const file of files) {
    const to = join(target, file);
    await createFolder(dirname(to), target);
    const bytes = await readFile(join(SCAFFOLD_DIR, file));
    // Only YAML carries a schema modeline; everything else (the logo) is copied byte for byte.
    await osWork('write', join(dir, file), () => writeFile(to, file.endsWith('.yaml') ? withSchemaModeline(bytes.toString('utf8'), to) : bytes));
  }
  return { dir: target, files: [...schemas.written.map((name) => join(PROJECT_SCHEMA_FOLDER, name)), ...files] };
}

/** A folder of the project, created when missing; a file in its place is wrong usage (exit 2). */
async function createFolder(folder: string, project: string): Promise<void> {
  try {
    await ensureFolder(folder);
  } catch (error) {
    if (error instanceof NotAFolderError) throw new UsageError(`cannot create the project in ${printable(project)}: ${whyNotAFolder(error, project, dirname(project))}`);
    throw error;
  }
}

/** Rewrites `$schema=…/schemas/x.schema.json` so it resolves from the new file's folder to the project's schemas. */
export function withSchemaModeline(text: string, file: string): string {
  return text.replace(/(\$schema=)\S*?schemas\/([a-z-]+)\.schema\.json/, (_all, prefix: string, name: SchemaName) => `${prefix}${modelinePath(file, name)}`);
}

async function listFiles(root: string, sub = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, sub), { withFileTypes: true })) {
    const rel = join(sub, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'dist') out.push(...(await listFiles(root, rel)));
    } else out.push(rel);
  }
  return out.sort();
}

