import { hostname } from 'node:os';
import { lstat, open, stat, unlink } from 'node:fs/promises';
import { readRegularText } from '../load/read-file.js';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeDiagnostic, UsageError, UserError } from '../diagnostics.js';
import { pidAlive } from './journal.js';
import { ensureFolder } from '../env/folder.js';
import { isOsFailure, osReason } from '../env/os-error.js';
import { printable } from '../env/printable.js';

/**
 * One build at a time per output folder. Two builds writing one folder would
 * each read the manifest, add their roles and write it back, and the second
 * write would drop the first's entries; one could also take the other's
 * temporary files for leftovers. So a build holds `.jdgen-lock` in each
 * folder it writes from before it reads the manifest until after it wrote
 * it; a second build waits for it (up to JDGEN_LOCK_TIMEOUT seconds), then
 * says the folder is busy and by whom.
 *
 * The lock is a file created with O_EXCL holding the holder's pid, machine
 * and start time. A lock whose process is gone (same machine) is taken over;
 * one from another machine (a shared drive) is waited for, as its process
 * cannot be checked.
 */
export const LOCK_FILE = '.jdgen-lock';

/** Seconds a build waits for a busy folder unless JDGEN_LOCK_TIMEOUT says otherwise. */
const DEFAULT_TIMEOUT_S = 300;
const POLL_MS = 100;
/** A lock file whose content cannot be read yet is being written; past this age it is left over from a crash. */
const UNREADABLE_STALE_MS = 10_000;

interface Holder {
  pid: number;
  host: string;
  started: string;
}

export interface FolderLock {
  release(): Promise<void>;
}

/** The wait limit, from JDGEN_LOCK_TIMEOUT (seconds) when set. */
export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.JDGEN_LOCK_TIMEOUT;
  if (text === undefined || text === '') return DEFAULT_TIMEOUT_S * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400)
    throw new UsageError(`JDGEN_LOCK_TIMEOUT must be a number of seconds from 0 to 86400, got \`${printable(text)}\``);
  return seconds * 1000;
}

export async function lockFolder(outDir: string, shownDir: string, timeoutMs: number): Promise<FolderLock> {
  const path = join(outDir, LOCK_FILE);
  await ensureFolder(outDir, shownDir).catch((error: unknown) => {
    throw lockError(path, `cannot create the output folder ${shownDir}: ${describe(error)}`, 'choose an output folder you can write to');
  });
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const text = JSON.stringify(me);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await tryCreate(path, text)) return { release: () => release(path, text) };
    const holder = await readHolder(path);
    if (holder === 'gone') continue;
    if (await isStale(path, holder)) {
      await breakStale(path, holder);
      continue;
    }
    if (Date.now() >= deadline) throw busy(path, shownDir, holder, timeoutMs);
    await sleep(POLL_MS);
  }
}

async function tryCreate(path: string, text: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw lockError(path, `cannot lock the output folder: ${code ? osReason(code) : describe(error)}`, 'jdgen needs to create files in the output folder');
  }
}

/** The lock's holder; undefined when its content is not (yet) readable; 'gone' when it vanished meanwhile. */
async function readHolder(path: string): Promise<Holder | undefined | 'gone'> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return 'gone';
  // Never read what is not a small regular file (a FIFO planted there would block).
  if (!info.isFile() || info.size > 4096) return undefined;
  try {
    // Read through the regular-file reader: the lock may have been replaced by a FIFO since the lstat above.
    const data = JSON.parse(await readRegularText(path, 'state')) as Partial<Holder>;
    if (typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.started === 'string')
      return { pid: data.pid, host: data.host, started: data.started };
  } catch {
    // being written, or garbage: judged by its age
  }
  return undefined;
}

async function isStale(path: string, holder: Holder | undefined): Promise<boolean> {
  if (holder) return holder.host === hostname() && !pidAlive(holder.pid);
  const info = await lstat(path).catch(() => undefined);
  return info !== undefined && info.isFile() && Date.now() - info.mtimeMs > UNREADABLE_STALE_MS;
}

/**
 * Removes a dead holder's lock. Two waiters may find it stale at once; the
 * one that breaks it holds `.jdgen-lock.break` (O_EXCL) and checks again, so
 * neither removes a fresh lock the other has just created.
 */
async function breakStale(path: string, seen: Holder | undefined): Promise<void> {
  const breaker = `${path}.break`;
  let handle;
  try {
    handle = await open(breaker, 'wx');
  } catch {
    // Someone else is breaking it; a breaker left by a killed process is removed once old.
    const info = await stat(breaker).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > UNREADABLE_STALE_MS) await unlink(breaker).catch(() => undefined);
    await sleep(POLL_MS);
    return;
  }
  try {
    await handle.close();
    const now = await readHolder(path);
    if (now !== 'gone' && JSON.stringify(now) === JSON.stringify(seen) && (await isStale(path, now))) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}

/** Removes the lock if it is still ours (it is, unless someone removed it by hand and another build took it). */
async function release(path: string, text: string): Promise<void> {
  const now = await readRegularText(path, 'state').catch(() => undefined);
  if (now === text) await unlink(path).catch(() => undefined);
}

function busy(path: string, shownDir: string, holder: Holder | undefined, timeoutMs: number): UserError {
  const who = holder ? `locked by pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`} since ${holder.started}` : 'locked';
  return lockError(
    path,
    `output folder ${shownDir} is busy (${who}); waited ${Math.round(timeoutMs / 1000)} s`,
    `another jdgen build is writing there: wait for it, or set JDGEN_LOCK_TIMEOUT (seconds) to wait longer; if no build is running, remove ${path}`,
  );
}

/** The reason in words: `read-only file system`, not `EROFS`. */
function describe(error: unknown): string {
  if (isOsFailure(error)) return osReason(error.code);
  return error instanceof Error ? error.message : String(error);
}

function lockError(file: string, message: string, hint: string): UserError {
  return new UserError([makeDiagnostic({ code: 'output/lock', file, line: 0, column: 0, message, hint })]);
}
