import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { readRegularFileSync } from '../load/read-file.js';
import { writeFileAtomic } from './atomic.js';
import { fileHash, type FileHashes } from './fingerprint.js';

/**
 * The no-op build's fast path: the content hash of a file whose stat (device,
 * inode, size, modification and change times in nanoseconds) is unchanged
 * since it was hashed is taken from a cache instead of read and hashed again.
 * Outputs and dependencies of 1,000 roles are about 3,000 files: hashing them
 * was most of a no-op build.
 *
 * The cache is not a source of truth: a file whose stat differs in any field
 * is hashed, so an edit, a replaced file, a `touch` (mtime and ctime) or a
 * backdated mtime (its ctime still moves) is always seen. The one stat an edit
 * can leave unchanged is a change within the file system's timestamp
 * granularity of the moment the hash was taken (the "racily clean" case
 * known from git's index): a file modified less than RACY_MS before the hash
 * is taken is not cached, so it is hashed again next time.
 *
 * It lives outside the project, in `$XDG_CACHE_HOME/jdgen` (or
 * `~/.cache/jdgen`), a folder made with 0700 permissions and ignored when it
 * is not the user's own and private; one file per output folder, named by the
 * hash of its real path. Its contents are untrusted like every read file:
 * size-capped, and any entry of the wrong shape is dropped.
 */

/** Coarser than any file system's timestamps (FAT: 2 s), so a record is never made within one tick of an edit. */
export const RACY_MS = 2000;

const VERSION = 1;
/** Past this many entries, a save keeps only the files looked at by this build (deleted files do not pile up). */
const MAX_ENTRIES = 20_000;

interface Entry {
  /** dev, ino, size, mtimeNs, ctimeNs as decimal strings. */
  stat: string;
  hash: string;
}

export interface StatCacheOptions {
  /** The environment (XDG_CACHE_HOME); the process's by default. */
  env?: NodeJS.ProcessEnv;
  /** The clock, in milliseconds since the epoch (tests). */
  now?: () => number;
}

/** The cache folder, or undefined when there is no usable home for it. */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'jdgen');
  const home = homedir();
  return home && isAbsolute(home) ? join(home, '.cache', 'jdgen') : undefined;
}

/** A file's stat as the cache compares it; undefined for anything but a regular file. */
function stamp(stat: BigIntStats): string | undefined {
  if (!stat.isFile()) return undefined;
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

function statOf(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}

export class StatCache {
  private readonly entries = new Map<string, Entry>();
  private readonly seen = new Set<string>();
  private changed = false;
  private readonly now: () => number;

  private constructor(
    /** The cache file; undefined when there is no usable cache folder (then nothing is cached). */
    private readonly file: string | undefined,
    now: () => number,
  ) {
    this.now = now;
  }

  /** The cache of one output folder, read from disk (empty when absent, unreadable or not trusted). */
  static open(outDir: string, options: StatCacheOptions = {}): StatCache {
    const now = options.now ?? Date.now;
    const folder = cacheFolder(options.env);
    if (!folder) return new StatCache(undefined, now);
    let real: string;
    try {
      real = realpathSync(outDir);
    } catch {
      real = outDir;
    }
    const file = join(folder, `${createHash('sha256').update(real).digest('hex').slice(0, 32)}.json`);
    const cache = new StatCache(file, now);
    if (privateFolder(folder)) cache.read(file);
    return cache;
  }

  private read(file: string): void {
    let data: unknown;
    try {
      // Read like any untrusted file: a regular file only, of capped size, never waiting on a FIFO.
      data = JSON.parse(readRegularFileSync(file, 'manifest').toString('utf8'));
    } catch {
      return;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
    const { version, files } = data as { version?: unknown; files?: unknown };
    if (version !== VERSION || typeof files !== 'object' || files === null || Array.isArray(files)) return;
    for (const [path, value] of Object.entries(files)) {
      if (!isAbsolute(path) || path.includes('\0') || typeof value !== 'object' || value === null) continue;
      const { stat, hash } = value as { stat?: unknown; hash?: unknown };
      if (typeof stat !== 'string' || !/^\d+:\d+:\d+:\d+:\d+$/.test(stat) || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) continue;
      this.entries.set(path, { stat, hash });
    }
  }

  /**
   * fileHash() with the stat fast path: the cached hash when the file's stat
   * is what it was when hashed, else the file read and hashed (and cached when
   * it was last modified more than RACY_MS ago and did not change while read).
   * With `hashes`, a file is looked at once per batch.
   */
  hash(path: string, hashes?: FileHashes): string | undefined {
    if (hashes?.has(path)) return hashes.get(path);
    this.seen.add(path);
    const before = statOf(path);
    const key = before && stamp(before);
    const cached = key ? this.entries.get(path) : undefined;
    if (cached && cached.stat === key) {
      hashes?.set(path, cached.hash);
      return cached.hash;
    }
    const hash = fileHash(path, hashes);
    if (!this.file || !before || !key || hash === undefined || !/^[0-9a-f]{64}$/.test(hash)) return hash;
    const after = statOf(path);
    const stable = after !== undefined && stamp(after) === key;
    const settled = Number(before.mtimeNs / 1_000_000n) < this.now() - RACY_MS && Number(before.ctimeNs / 1_000_000n) < this.now() - RACY_MS;
    if (stable && settled) {
      this.entries.set(path, { stat: key, hash });
      this.changed = true;
    } else if (this.entries.delete(path)) this.changed = true;
    return hash;
  }

  /** Writes the cache when something new was learnt; a cache that cannot be written is simply not kept. */
  async save(): Promise<void> {
    if (!this.file || !this.changed) return;
    const folder = join(this.file, '..');
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      if (!privateFolder(folder)) return;
      const kept = this.entries.size > MAX_ENTRIES ? [...this.entries].filter(([path]) => this.seen.has(path)) : [...this.entries];
      const files = Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify({ version: VERSION, files })), { sync: false });
      this.changed = false;
    } catch {
      // A cache is an optimisation: a read-only home or a full disk costs the next build its fast path, nothing else.
    }
  }
}

/** The folder is a real folder (not a symlink), the user's own, and neither group nor others may read or write it. */
function privateFolder(folder: string): boolean {
  try {
    const stat = lstatSync(folder);
    if (!stat.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}
