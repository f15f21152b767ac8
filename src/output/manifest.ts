import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { ABSENT, dependencyPath, fileHash } from './fingerprint.js';

/**
 * The record of a build in its output folder, `.jdgen-manifest.json`: for
 * each role, the hash of everything its outputs depend on (role, bases,
 * libraries, config, templates, locale, fonts, logo, jdgen version and
 * settings) and of each output. An unchanged role is skipped without being
 * read or rendered. Paths are relative and keys sorted, so the manifest is
 * itself reproducible.
 */
export const MANIFEST_FILE = '.jdgen-manifest.json';

export interface InputEntry {
  /** Hash of jdgen's version and the build settings (formats, locale override, templates, --config, SOURCE_DATE_EPOCH). */
  settings: string;
  /** Dependency key → sha256 of its content, or `absent` for a file whose creation would change the outputs. */
  dependencies: Record<string, string>;
  /** Output path relative to the output folder → sha256. */
  outputs: Record<string, string>;
}

export interface Manifest {
  /** Input path relative to the output folder → its entry. */
  inputs: Record<string, InputEntry>;
}

export function readManifest(outDir: string): Manifest {
  try {
    const data = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as Partial<Manifest>;
    return { inputs: data.inputs && typeof data.inputs === 'object' ? data.inputs : {} };
  } catch {
    return { inputs: {} };
  }
}

export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  const sorted = Object.fromEntries(Object.keys(manifest.inputs).sort().map((key) => [key, sortKeys(manifest.inputs[key]!)]));
  await writeFileAtomic(join(outDir, MANIFEST_FILE), new TextEncoder().encode(`${JSON.stringify({ inputs: sorted }, null, 2)}\n`));
}

function sortKeys(entry: InputEntry): InputEntry {
  // Code-unit order, as for the inputs: the same bytes on every machine, whatever its ICU collation.
  const sort = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { settings: entry.settings, dependencies: sort(entry.dependencies), outputs: sort(entry.outputs) };
}

/** True when nothing the outputs depend on has changed and every output is still there, unmodified. */
export function isUpToDate(entry: InputEntry | undefined, settings: string, outputs: readonly string[], outDir: string): boolean {
  if (!entry || entry.settings !== settings) return false;
  if (outputs.some((output) => entry.outputs[output] === undefined)) return false;
  if (Object.keys(entry.outputs).length !== outputs.length) return false;
  // Outputs are hashed fresh (not from the cache): a hand-edited output is rebuilt.
  if (outputs.some((output) => fileHash(join(outDir, output), { cache: false }) !== entry.outputs[output])) return false;
  return Object.entries(entry.dependencies).every(([key, hash]) => {
    const path = dependencyPath(key, outDir);
    // Shared dependencies (templates, fonts, bases) are hashed once per run; each role file is read once anyway.
    return (fileHash(path) ?? ABSENT) === hash;
  });
}
