import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers only ever see the old or the new content:
 * the bytes go to a temporary file in the same folder (same filesystem, so
 * rename is atomic), are flushed to disk, then renamed over the target.
 * A failure leaves the previous good file untouched.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.jdgen-tmp-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes several files, each atomically; callers render everything first so nothing half-done is written. */
export async function writeAllAtomic(files: ReadonlyArray<{ path: string; bytes: Uint8Array }>): Promise<void> {
  for (const file of files) await writeFileAtomic(file.path, file.bytes);
}
