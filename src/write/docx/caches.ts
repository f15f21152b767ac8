import { LRUCache } from 'lru-cache';
import type { Context } from '../../context.js';
import { fontBytes, fontCache, type FontCache } from '../font-cache.js';
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
  /** Font files and their parses, shared with the other writers of the context (font-cache.ts). */
  readonly fonts: FontCache;
}

/** The context's DOCX caches, made on first use. */
export function docxCaches(context: Context): DocxCaches {
  return (context.docx ??= {
    bases: new LRUCache({ max: 8 }),
    skeletons: new LRUCache({ max: 32 }),
    recurring: new LRUCache({ max: 64 }),
    fonts: fontCache(context),
  });
}

/** A font file's bytes, read once per context (shared with the PDF writer). Never modified: HarfBuzz and the obfuscation read copies. */
export function fontFile(path: string, caches: DocxCaches): Buffer {
  return fontBytes(caches.fonts, path, readFont);
}

/** A font file, read as every input is (read-file.ts); style.yaml's check refused unreadable fonts before. */
export function readFont(path: string): Buffer {
  return readRegularFileSync(path, 'font');
}
