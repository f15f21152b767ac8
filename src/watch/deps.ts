import { isAbsolute, relative, sep } from 'node:path';

/**
 * The roles a set of changed files affects: every role whose last build read
 * (or would have read, for a template override not yet created) one of
 * them. A role that failed may not have got far enough to know what it
 * depends on (a base it names that does not exist yet): any file created
 * makes it try again.
 */
export function affectedRoles(
  dependencies: ReadonlyMap<string, ReadonlySet<string>>,
  changed: ReadonlyMap<string, ChangeKind>,
  failed: ReadonlySet<string>,
): Set<string> {
  const roles = new Set<string>();
  const created = [...changed.values()].includes('add');
  for (const [role, files] of dependencies) {
    if (changed.has(role) || (created && failed.has(role))) roles.add(role);
    else for (const file of changed.keys()) if (files.has(file)) roles.add(role);
  }
  return roles;
}

export type ChangeKind = 'add' | 'change' | 'unlink';

/** Whether `path` is `folder` or inside it (both absolute, resolved). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
