import { randomBytes } from 'node:crypto';
import { lstat, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { ensureFolder } from '../env/folder.js';
import { basename, dirname, join } from 'node:path';
import { writeJournal } from './journal.js';
import { outputKeyProblem } from './manifest-read.js';

/** `.kam.pdf.jdgen-tmp-<pid>-<random>` beside `kam.pdf`; the pid lets a later run tell a dead writer's leftovers from a live one's. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.jdgen-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Temporary files of jdgen, this version's (with the writer's pid) and older ones' (without). */
export const TEMP_NAME = /^\..+\.jdgen-tmp-(?:(\d+)-)?[0-9a-f]+$/;

/**
 * Writes a file so that readers only ever see the old or the new content:
 * the bytes go to a temporary file in the same folder (same filesystem, so
 * rename is atomic), are flushed to disk, then renamed over the target.
 * A failure leaves the previous good file untouched.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, { sync = true } = {}): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeTemp(temp, bytes, sync);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function writeTemp(temp: string, bytes: Uint8Array, sync: boolean): Promise<void> {
  const handle = await openCreatingFolder(temp);
  try {
    await handle.writeFile(bytes);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Opens a new file for writing; its folder is created only when missing (rarely, so not checked first). */
async function openCreatingFolder(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // One level at a time: Node's recursive mkdir can loop forever on file systems such as /proc.
    await ensureFolder(dirname(path));
    return open(path, 'wx');
  }
}

/** An output that could not be written: which one, and the system's error (its `code`: EACCES, ENOSPC, EISDIR…). */
export class OutputWriteError extends Error {
  /** `partly`: other outputs of the role were already replaced (a rename failed after others succeeded). */
  constructor(
    readonly output: string,
    readonly reason: NodeJS.ErrnoException,
    readonly partly = false,
  ) {
    super(`cannot write ${output}: ${reason.code ?? reason.message}`);
    this.name = 'OutputWriteError';
  }
}

/**
 * Writes all outputs of one role so that they are all new or all old, even
 * if the process is killed:
 *
 *   1. every output is written to a temporary file beside it and flushed;
 *      nothing visible has changed yet, and any failure here (disk full,
 *      no permission, a folder in the way) removes the temporary files;
 *   2. a journal naming the renames is put in the output folder (itself
 *      written atomically);
 *   3. the temporary files are renamed over the outputs, one after another;
 *   4. the journal is removed.
 *
 * A kill during 3 leaves some outputs new and some old, but also the journal
 * and the remaining temporary files: the next build in that folder finishes
 * the renames first (`recoverJournals`), so the role ends all new. A rename
 * that fails on its own during 3 (an I/O error after the others succeeded)
 * cannot be undone: the role fails, and its manifest entry, which still
 * names the old outputs, makes the next build rebuild it.
 *
 * `files` paths are relative to `outDir`, `/`-separated.
 */
export async function writeRoleAtomic(outDir: string, files: ReadonlyArray<{ path: string; bytes: Uint8Array }>): Promise<void> {
  // The same rule as for names read from a manifest: nothing is ever written outside the output folder.
  for (const file of files) {
    const problem = outputKeyProblem(file.path);
    if (problem) throw new Error(`refusing to write an output outside ${outDir}: ${problem}`);
  }
  const staged: Array<{ from: string; to: string; output: string }> = [];
  let journal: string | undefined;
  try {
    for (const file of files) {
      const to = join(outDir, file.path);
      const from = tempPathFor(to);
      await writeTemp(from, file.bytes, true).catch((error: NodeJS.ErrnoException) => Promise.reject(new OutputWriteError(file.path, error)));
      staged.push({ from, to, output: file.path });
    }
    for (const { to, output } of staged) await refuseFolderAt(to, output);
    if (staged.length === 1) {
      await rename(staged[0]!.from, staged[0]!.to).catch((error: NodeJS.ErrnoException) => Promise.reject(new OutputWriteError(staged[0]!.output, error)));
      return;
    }
    journal = await writeJournal(outDir, staged);
    for (const [i, { from, to, output }] of staged.entries()) {
      await rename(from, to).catch((error: NodeJS.ErrnoException) => Promise.reject(new OutputWriteError(output, error, i > 0)));
      staged[i]!.from = '';
    }
    await rm(journal, { force: true });
  } catch (error) {
    await Promise.all(staged.filter((s) => s.from).map((s) => rm(s.from, { force: true })));
    if (journal) await rm(journal, { force: true });
    throw error;
  }
}

/** A folder where an output goes would make its rename fail after others succeeded: found before any rename. */
async function refuseFolderAt(path: string, output: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (stat?.isDirectory()) {
    throw new OutputWriteError(output, Object.assign(new Error(`a folder is in the way: ${path}`), { code: 'EISDIR', path }));
  }
}
