import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers only ever see the old or the new content:
 * the bytes go to a temporary file in the same folder (same filesystem, so
 * rename is atomic), are flushed to disk, then renamed over the target.
 * A failure leaves the previous good file untouched.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.jdgen-tmp-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await openCreatingFolder(temp);
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

/** Opens a new file for writing; its folder is created only when missing (rarely, so not checked first). */
async function openCreatingFolder(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'w');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    return open(path, 'w');
  }
}

/** Writes several files, each atomically; callers render everything first so nothing half-done is written. */
export async function writeAllAtomic(files: ReadonlyArray<{ path: string; bytes: Uint8Array }>): Promise<void> {
  for (const file of files) await writeFileAtomic(file.path, file.bytes);
}
