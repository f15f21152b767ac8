import { LRUCache } from 'lru-cache';
import type { Context } from '../../context.js';
import { readRegularFileSync } from '../../load/read-file.js';
import type { BaseSkeleton, Skeleton } from './skeleton.js';
import type { ZipEntry } from './zip.js';

/**
 * What the DOCX writer keeps from one document to the next within one
 * context: the skeletons docx built (see skeleton.ts) and small compressed
 * parts that recur (see package.ts). Each is the same bytes a fresh build
 * would give, so nothing a document contains depends on what was kept.
 */
export interface DocxCaches {
  /** A few keys cover a run: one font and text width, a language or several, with and without tracking. */
  readonly bases: LRUCache<string, Promise<BaseSkeleton>>;
  readonly skeletons: LRUCache<string, Promise<Skeleton>>;
  readonly recurring: LRUCache<string, ZipEntry>;
  /** Parsed font files by path, for measuring text (measure.ts). */
  readonly fonts: LRUCache<string, object>;
  /** Font files' bytes by path: the regular face is both measured and embedded (skeleton.ts). */
  readonly fontFiles: LRUCache<string, Buffer>;
}

/** The context's DOCX caches, made on first use. */
export function docxCaches(context: Context): DocxCaches {
  return (context.docx ??= {
    bases: new LRUCache({ max: 8 }),
    skeletons: new LRUCache({ max: 32 }),
    recurring: new LRUCache({ max: 64 }),
    fonts: new LRUCache({ max: 8 }),
    fontFiles: new LRUCache({ max: 8 }),
  });
}

/** A font file's bytes, read once per context. Never modified: HarfBuzz and the obfuscation read copies. */
export function fontFile(path: string, caches: DocxCaches): Buffer {
  let data = caches.fontFiles.get(path);
  if (data === undefined) {
    data = readRegularFileSync(path, 'font');
    caches.fontFiles.set(path, data);
  }
  return data;
}
