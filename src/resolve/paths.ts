import { realpathSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Where references may lead: the project root, plus folders the config allows. */
export interface Boundary {
  /** Real paths (symlinks resolved) of the allowed folders; the first is the project root. */
  roots: string[];
}

export type Resolved = { ok: true; path: string } | { ok: false; message: string; hint: string };

/** What a reference may name: YAML for `extends:`/`use:`, images for a logo. */
export const REFERENCE_KINDS = {
  yaml: { extensions: new Set(['.yaml', '.yml']), what: 'a YAML file', hint: 'references name .yaml or .yml files' },
  image: { extensions: new Set(['.png', '.jpg', '.jpeg']), what: 'a PNG or JPEG image', hint: 'a logo is a .png, .jpg or .jpeg file' },
} as const;

/**
 * Resolves a reference written in `fromFile` (an `extends:` or `use:` path).
 * It must name a YAML file, exist, and — after symlinks are resolved — lie
 * inside one of the boundary's folders, so a role file can never make jdgen
 * read an arbitrary file.
 */
export function resolveReference(fromFile: string, reference: string, boundary: Boundary, kind: keyof typeof REFERENCE_KINDS = 'yaml'): Resolved {
  const allowed = REFERENCE_KINDS[kind];
  if (isAbsolute(reference)) {
    return { ok: false, message: `\`${reference}\` is an absolute path`, hint: 'write the path relative to this file' };
  }
  if (!allowed.extensions.has(extname(reference).toLowerCase())) {
    return { ok: false, message: `\`${reference}\` is not ${allowed.what}`, hint: allowed.hint };
  }
  const target = resolve(dirname(fromFile), reference);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return { ok: false, message: `\`${reference}\` not found`, hint: `looked for ${target}` };
  }
  if (!boundary.roots.some((root) => isInside(real, root))) {
    return {
      ok: false,
      message: `\`${reference}\` is outside the project`,
      hint: `references stay inside ${boundary.roots[0]} (symlinks included); list other folders under \`allow_paths\` in jdgen.config.yaml`,
    };
  }
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
