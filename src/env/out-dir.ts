import { makeDiagnostic, UsageError, UserError } from '../diagnostics.js';
import { locate, sourceLineAt } from '../load/source.js';
import type { ProjectConfig } from '../resolve/config.js';
import { checkWritableFolder, ensureFolder, missingFolders, NotAFolderError, whyNotAFolder } from './folder.js';
import { printable, shownPath } from './printable.js';

/** Where an output folder was chosen, so a problem with it is reported against that place. */
export type OutDirOrigin = { kind: 'option' } | { kind: 'config'; config: ProjectConfig } | { kind: 'default' };

/**
 * Makes sure a build can write its output folder before any role is built:
 * the folder (and its parents) is created, must be a folder (not a file,
 * `/dev/null` or a path under a file) and must be writable. With `check`
 * nothing is created; only something in the way is refused.
 *
 * A path in the way is wrong usage for `-o` and the default `dist` (exit 2)
 * and a positioned error for the config's `output.dir`; a refusal of the OS
 * (read-only, permission, full) is an EnvironmentError (exit 1).
 */
export async function prepareOutDir(dir: string, origin: OutDirOrigin, options: { cwd: string; check: boolean }): Promise<void> {
  const shown = shownPath(options.cwd, dir);
  try {
    if (options.check) {
      await missingFolders(dir);
      return;
    }
    await ensureFolder(dir, shown);
    await checkWritableFolder(dir, shown);
  } catch (error) {
    if (!(error instanceof NotAFolderError)) throw error;
    throw notAFolder(whyNotAFolder(error, dir, options.cwd), shown, origin, options.cwd);
  }
}

function notAFolder(why: string, shown: string, origin: OutDirOrigin, cwd: string): Error {
  if (origin.kind === 'option') return new UsageError(`-o must name a folder: cannot use ${printable(shown)} as the output folder, ${why}`);
  if (origin.kind === 'default') return new UsageError(`cannot use the default output folder ${printable(shown)}: ${why}; choose another with -o`);
  const { source, path } = origin.config;
  const { line, column } = locate(source, ['output', 'dir']);
  return new UserError([
    makeDiagnostic({
      code: 'config/output-dir',
      file: shownPath(cwd, path),
      line,
      column,
      path: 'output.dir',
      message: `cannot use ${printable(shown)} as the output folder: ${why}`,
      hint: 'name a folder (it is created when missing)',
      sourceLine: sourceLineAt(source, line),
    }),
  ]);
}
