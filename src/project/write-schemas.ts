import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../diagnostics.js';
import { ensureFolder, NotAFolderError, whyNotAFolder } from '../env/folder.js';
import { osWork } from '../env/os-error.js';
import { printable, shownPath } from '../env/printable.js';
import { PUBLISHED_SCHEMAS, readSchemaText } from '../validate/schema.js';

export interface WrittenSchemas {
  /** The folder, absolute. */
  dir: string;
  /** File names written. */
  written: string[];
  /** File names that existed and were left alone (without `overwrite`). */
  skipped: string[];
}

/**
 * Copies every published schema into `dir` (created when missing), so a
 * project's modelines can point at schemas that live with it. `jdgen schema
 * --write` overwrites, to refresh them after an upgrade; `jdgen init` leaves
 * files that exist alone unless forced. `cwd` only shapes the paths in messages.
 */
export async function writeSchemas(dir: string, options: { overwrite: boolean; cwd: string }): Promise<WrittenSchemas> {
  try {
    await ensureFolder(dir, shownPath(options.cwd, dir));
  } catch (error) {
    if (error instanceof NotAFolderError)
      throw new UsageError(`cannot write the schemas into ${printable(shownPath(options.cwd, dir))}: ${whyNotAFolder(error, dir, options.cwd)}`);
    throw error;
  }
  const result: WrittenSchemas = { dir, written: [], skipped: [] };
  for (const name of PUBLISHED_SCHEMAS) {
    const file = `${name}.schema.json`;
    const to = join(dir, file);
    const made = await osWork('write', shownPath(options.cwd, to), async () => {
      try {
        // `wx` unless overwriting: a file that exists (or appears meanwhile) is kept.
        await writeFile(to, readSchemaText(name), { flag: options.overwrite ? 'w' : 'wx' });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    });
    (made ? result.written : result.skipped).push(file);
  }
  return result;
}
