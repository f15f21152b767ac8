import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { inflateSync, strToU8 } from 'fflate';
import { once } from '../../once.js';
import { deflatedEntry, type ZipEntry } from './zip.js';

/**
 * The constant parts of the DOCX packages of the bundled templates (styles,
 * numbering, settings, theme, font table, content types, relationships…),
 * deflated by `npm run build` (src/build.ts) exactly as deflatedEntry
 * deflates them at run time (fflate, level 6), so that a cold process
 * deflates only the document's own parts: fflate runs slowly until V8 has
 * compiled it, and the skeleton's parts are about half of what a DOCX
 * deflates. Looked up by the SHA-256 of a part's bytes, so a part that
 * differs in any byte (another font, margin, language or version of docx)
 * is simply deflated as before, and a stored part is the bytes deflating it
 * would give (DEFLATE with the same code and level is deterministic).
 */
export const PRECOMPUTED_DEFLATED_FILE = fileURLToPath(new URL('./docx-parts.deflated.json', import.meta.url));

/** SHA-256 of a part's bytes, in hex: its name in the precomputed file. */
export function partHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deflated parts by the SHA-256 of their bytes, base64. Part of jdgen's installation, read once. */
export type DeflatedParts = Readonly<Record<string, string>>;

const precomputed = once((): DeflatedParts | null =>
  existsSync(PRECOMPUTED_DEFLATED_FILE) ? (JSON.parse(readFileSync(PRECOMPUTED_DEFLATED_FILE, 'utf8')) as DeflatedParts) : null,
);

/**
 * A part that recurs from document to document as a deflated entry: the
 * precomputed bytes when the build made them for this very text, else
 * deflated now (deflatedEntry).
 */
export function constantEntry(name: string, text: string, parts: DeflatedParts | null = precomputed()): ZipEntry {
  const bytes = strToU8(text);
  const stored = parts?.[partHash(bytes)];
  if (stored === undefined) return deflatedEntry(name, bytes);
  return { name, method: 8, crc: crc32(bytes) >>> 0, size: bytes.length, data: Buffer.from(stored, 'base64') };
}

/** Build step: these deflated entries (as deflatedEntry made them), into PRECOMPUTED_DEFLATED_FILE. */
export function writePrecomputedDeflated(entries: readonly ZipEntry[]): void {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.method !== 8) throw new Error(`${entry.name} is not deflated`);
    out[partHash(inflateSync(entry.data))] = Buffer.from(entry.data).toString('base64');
  }
  const sorted = Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(PRECOMPUTED_DEFLATED_FILE, `${JSON.stringify(sorted)}\n`);
}
