import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { lstat, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { readRegularText } from '../load/read-file.js';
import { basename, dirname, join, relative } from 'node:path';
import { TEMP_NAME } from './atomic.js';
import { posix } from './fingerprint.js';
import { outputKeyProblem } from './manifest-read.js';
import { isInside } from './trust.js';

/**
 * The journal of one role's renames (see writeRoleAtomic): written before the
 * first rename, removed after the last. One left behind means a build was
 * killed between two renames; the next build in the folder finishes them.
 */
const JOURNAL_NAME = /^\.jdgen-journal-(\d+)-[0-9a-f]+\.json$/;
const MAX_JOURNAL_BYTES = 1024 * 1024;

interface Rename {
  from: string;
  to: string;
}

/** Writes the journal (to a temporary name, then renamed: it exists complete or not at all); returns its path. */
export async function writeJournal(outDir: string, renames: readonly Rename[]): Promise<string> {
  const name = `.jdgen-journal-${process.pid}-${randomBytes(6).toString('hex')}.json`;
  const path = join(outDir, name);
  const temp = join(outDir, `.${name}.jdgen-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const text = JSON.stringify({ renames: renames.map((r) => ({ from: posix(relative(outDir, r.from)), to: posix(relative(outDir, r.to)) })) });
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return path;
}

/** Whether the process that left a file behind may still be writing (same machine; a pid of our own counts as alive). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Finishes the renames of journals left by killed builds in `outDir`, then
 * removes the journals. A journal is checked like any file found in the
 * output folder: only a rename from one of jdgen's temporary files to an
 * output name beside it, inside the folder, is ever done.
 */
export async function recoverJournals(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  for (const name of names) {
    const match = JOURNAL_NAME.exec(name);
    if (!match || pidAlive(Number(match[1]))) continue;
    const path = join(outDir, name);
    const stat = await lstat(path).catch(() => undefined);
    if (!stat?.isFile()) continue;
    if (stat.size <= MAX_JOURNAL_BYTES) {
      for (const step of journalRenames(await readRegularText(path, 'state').catch(() => ''))) await redo(outDir, step);
    }
    await unlink(path).catch(() => undefined);
  }
}

function journalRenames(text: string): Rename[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const renames = (data as { renames?: unknown } | null)?.renames;
  if (!Array.isArray(renames)) return [];
  return renames.filter((r): r is Rename => typeof r?.from === 'string' && typeof r?.to === 'string' && isTempOf(r.from, r.to));
}

/** `sales/.kam.md.jdgen-tmp-…` for the output `sales/kam.md`, and nothing else. */
function isTempOf(from: string, to: string): boolean {
  if (outputKeyProblem(to) !== undefined || from.includes('\\') || from.includes('\0')) return false;
  const name = basename(from);
  return dirname(from) === dirname(to) && TEMP_NAME.test(name) && name.startsWith(`.${basename(to)}.jdgen-tmp-`);
}

async function redo(outDir: string, { from, to }: Rename): Promise<void> {
  const source = join(outDir, from);
  const target = join(outDir, to);
  // A symlinked folder inside the output folder must not lead the rename elsewhere.
  try {
    if (!isInside(realpathSync(dirname(source)), realpathSync(outDir))) return;
  } catch {
    return;
  }
  const [temp, existing] = await Promise.all([lstat(source).catch(() => undefined), lstat(target).catch(() => undefined)]);
  if (!temp?.isFile() || existing?.isDirectory()) return;
  await rename(source, target).catch(() => undefined);
}

/**
 * Removes temporary files left by killed or failed builds in these folders
 * (not below them): only regular files named like jdgen's temporary files,
 * and not those of a process that is still running.
 */
export async function removeLeftovers(folders: Iterable<string>): Promise<void> {
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const match = TEMP_NAME.exec(name);
      if (!match || (match[1] !== undefined && pidAlive(Number(match[1])))) continue;
      const path = join(folder, name);
      const stat = await lstat(path).catch(() => undefined);
      if (stat?.isFile()) await unlink(path).catch(() => undefined);
    }
  }
}
