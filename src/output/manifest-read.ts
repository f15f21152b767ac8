import { FileRefused, readRegularFileSync } from '../load/read-file.js';
import { extname, join } from 'node:path';
import { FORMATS } from '../write/registry.js';
import { ABSENT, dependencyPath, UNUSABLE } from './fingerprint.js';
import type { InputEntry, Manifest } from './manifest.js';
import { printable } from '../env/printable.js';

/**
 * Reading `.jdgen-manifest.json`, which is untrusted input: anyone who can
 * write the output folder can edit it, and it is later used to decide what
 * to delete (`--prune`) and which files to hash. Nothing in it is used before
 * its shape and every path in it are checked; whatever fails is a problem
 * (reported as a warning, placed in the manifest) and is left out, so the
 * roles concerned are simply rebuilt.
 */
export const MANIFEST_FILE = '.jdgen-manifest.json';

/** Something wrong in a manifest: where (JSON keys from the top, or a byte offset) and what. */
export interface ManifestProblem {
  segments: string[];
  offset?: number;
  message: string;
  hint?: string;
}

export interface ReadManifest {
  manifest: Manifest;
  problems: ManifestProblem[];
  /** The manifest's text, kept to place the problems (only when there are some). */
  text?: string;
}

const SHA256 = /^[0-9a-f]{64}$/;
const REBUILD = 'ignored: the roles it concerns are rebuilt';

export function readManifest(outDir: string): ReadManifest {
  const read = readManifestText(join(outDir, MANIFEST_FILE));
  if (typeof read !== 'string') return { manifest: emptyManifest(), problems: read ? [read] : [] };
  let data: unknown;
  try {
    data = JSON.parse(read);
  } catch (error) {
    const offset = /position (\d+)/.exec((error as Error).message)?.[1];
    return {
      manifest: emptyManifest(),
      problems: [{ segments: [], ...(offset ? { offset: Number(offset) } : {}), message: `not valid JSON (${(error as Error).message}); ${REBUILD}` }],
      text: read,
    };
  }
  const problems: ManifestProblem[] = [];
  const manifest = checkManifest(data, problems);
  return { manifest, problems, ...(problems.length ? { text: read } : {}) };
}

export function emptyManifest(): Manifest {
  return { inputs: Object.create(null) as Record<string, InputEntry> };
}

/** The manifest's text; undefined when there is none; a problem when it is not a regular file of sane size. */
function readManifestText(path: string): string | ManifestProblem | undefined {
  try {
    // The one reader of untrusted files: a FIFO planted here cannot make the build wait for a writer.
    return readRegularFileSync(path, 'manifest').toString('utf8');
  } catch (error) {
    if (error instanceof FileRefused && error.reason === 'not found') return undefined;
    const reason = error instanceof FileRefused ? error.reason : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    return { segments: [], message: `${reason}; ${REBUILD}`, hint: 'remove it; jdgen writes a new one' };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkManifest(data: unknown, problems: ManifestProblem[]): Manifest {
  const manifest = emptyManifest();
  if (!isRecord(data) || !isRecord(data.inputs)) {
    problems.push({
      segments: isRecord(data) ? ['inputs'] : [],
      message: `expected an object with an \`inputs\` object; ${REBUILD}`,
      hint: 'remove the file; jdgen writes a new one',
    });
    return manifest;
  }
  // Roles share most dependency keys (templates, fonts, configs): each is judged once.
  const relativeKeys = new Map<string, boolean>();
  for (const [input, value] of Object.entries(data.inputs)) {
    const entry = checkEntry(['inputs', input], value, problems, relativeKeys);
    if (entry) manifest.inputs[input] = entry;
  }
  return manifest;
}

/** One role's entry, or undefined (with the problems found) when any part of it is wrong. */
function checkEntry(at: string[], value: unknown, problems: ManifestProblem[], relativeKeys: Map<string, boolean>): InputEntry | undefined {
  const before = problems.length;
  if (!isRecord(value) || typeof value.settings !== 'string' || !isRecord(value.dependencies) || !isRecord(value.outputs)) {
    problems.push({ segments: at, message: `expected { settings, dependencies, outputs }; ${REBUILD}` });
    return undefined;
  }
  const dependencies = Object.create(null) as Record<string, string>;
  for (const [key, hash] of Object.entries(value.dependencies)) {
    if (typeof hash !== 'string' || !(SHA256.test(hash) || hash === ABSENT || hash === UNUSABLE))
      problems.push({ segments: [...at, 'dependencies', key], message: `expected a sha256 or \`${ABSENT}\`; ${REBUILD}` });
    else if (!isRelativeKey(key, relativeKeys))
      problems.push({
        segments: [...at, 'dependencies', key],
        message: `\`${printable(key)}\` is not a relative path; ${REBUILD}`,
        hint: 'dependencies are named relative to the output folder, or as jdgen:<path> inside jdgen',
      });
    else dependencies[key] = hash;
  }
  const outputs = Object.create(null) as Record<string, string>;
  for (const [key, hash] of Object.entries(value.outputs)) {
    const wrong = outputKeyProblem(key) ?? notThisRolesOutput(at[1]!, key);
    if (wrong)
      problems.push({
        segments: [...at, 'outputs', key],
        message: `${wrong}; ${REBUILD}`,
        hint: 'outputs are named relative to the output folder and never leave it',
      });
    else if (typeof hash !== 'string' || !SHA256.test(hash)) problems.push({ segments: [...at, 'outputs', key], message: `expected a sha256; ${REBUILD}` });
    else outputs[key] = hash;
  }
  return problems.length === before ? { settings: value.settings, dependencies, outputs } : undefined;
}

function isRelativeKey(key: string, known: Map<string, boolean>): boolean {
  let relative = known.get(key);
  if (relative === undefined) known.set(key, (relative = dependencyPath(key, '/') !== undefined));
  return relative;
}

/**
 * A role's outputs carry its file's name (`roles/kam.yaml` → `…/kam.pdf`), so
 * an entry naming any other file (README.md, package.json, the manifest
 * itself) was not written by jdgen for that role and is never pruned.
 */
function notThisRolesOutput(input: string, output: string): string | undefined {
  const stem = (path: string) => path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  return stem(input) === stem(output) ? undefined : `\`${printable(output)}\` is not named after its role \`${printable(input)}\``;
}

const OUTPUT_EXTENSIONS = new Set(FORMATS.map((format) => `.${format}`));

/**
 * Why a name cannot be an output of jdgen, or undefined: an output is
 * `<folders/>name.<format>` below the output folder, so nothing else — a
 * path climbing out, an absolute path, a file jdgen never writes — is ever
 * pruned or hashed because the manifest says so.
 */
export function outputKeyProblem(key: string): string | undefined {
  if (key === '' || key.includes('\0') || key.includes('\\')) return `\`${printable(key)}\` is not a relative path`;
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) return `\`${printable(key)}\` is an absolute path`;
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'))
    return `\`${printable(key)}\` leaves the output folder or is not a plain relative path`;
  if (!OUTPUT_EXTENSIONS.has(extname(key))) return `\`${printable(key)}\` is not a file jdgen writes (${FORMATS.map((f) => `.${f}`).join(', ')})`;
  return undefined;
}
