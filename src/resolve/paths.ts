import { realpathSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { SourceFiles } from '../load/files.js';
import type { ReadKind } from '../load/read-file.js';

/** Where references may lead: the project root, plus folders the config allows. */
export interface Boundary {
  /** Real paths (symlinks resolved) of the allowed folders; the first is the project root. */
  roots: string[];
}

export type Resolved = { ok: true; path: string } | { ok: false; message: string; hint: string };

/** What a reference may name: YAML for `extends:`/`use:`, images for a logo. */
export const REFERENCE_KINDS = {
  yaml: { extensions: new Set(['.yaml', '.yml']), what: 'a YAML file', hint: 'references name .yaml or .yml files', read: 'yaml' },
  image: { extensions: new Set(['.png', '.jpg', '.jpeg']), what: 'a PNG or JPEG image', hint: 'a logo is a .png, .jpg or .jpeg file', read: 'image' },
} as const satisfies Record<string, { extensions: ReadonlySet<string>; what: string; hint: string; read: ReadKind }>;

/**
 * Resolves a reference written in `fromFile` (an `extends:` or `use:` path).
 * It must name a YAML file, exist, and — after symlinks are resolved — lie
 * inside one of the boundary's folders, so a role file can never make jdgen
 * read an arbitrary file; and it must be a regular file within the size limit
 * (not a FIFO, a device or a folder).
 */
export async function resolveReference(
  files: SourceFiles,
  fromFile: string,
  reference: string,
  boundary: Boundary,
  kind: keyof typeof REFERENCE_KINDS = 'yaml',
): Promise<Resolved> {
  const allowed = REFERENCE_KINDS[kind];
  if (isAbsolute(reference)) {
    return { ok: false, message: `\`${reference}\` is an absolute path`, hint: 'write the path relative to this file' };
  }
  if (!allowed.extensions.has(extname(reference).toLowerCase())) {
    return { ok: false, message: `\`${reference}\` is not ${allowed.what}`, hint: allowed.hint };
  }
  const target = resolve(dirname(fromFile), reference);
  const real = await files.real(target);
  if (real === undefined) return { ok: false, message: `\`${reference}\` not found`, hint: `looked for ${target}` };
  if (!boundary.roots.some((root) => isInside(real, root))) {
    return {
      ok: false,
      message: `\`${reference}\` is outside the project`,
      hint: `references stay inside ${boundary.roots[0]} (symlinks included); list other folders under \`allow_paths\` in jdgen.config.yaml`,
    };
  }
  // Checked here too, not only when read (read-file.ts), so the message points at the reference
  // that named the file; the read refuses it again should it change in between.
  const refused = await files.refusal(real, allowed.read);
  if (refused === 'not found') return { ok: false, message: `\`${reference}\` not found`, hint: `looked for ${target}` };
  if (refused) return { ok: false, message: `\`${reference}\` ${refused}`, hint: 'references name regular files' };
  return { ok: true, path: real };
}

export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export function realFolder(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
