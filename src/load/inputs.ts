import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { yamlData } from './load.js';
import { readRegularFileSync, readRegularHeadSync } from './read-file.js';

/** One role file to build, and the folder whose structure its outputs keep. */
export interface Input {
  /** The path as the user sees it (relative to cwd when inside it). */
  file: string;
  /** Path of the file relative to its base: `sales/kam.yaml` → outputs `DIR/sales/kam.*`. */
  name: string;
}

export interface Expanded {
  inputs: Input[];
  /** Arguments that matched nothing, for a usage error. */
  unmatched: string[];
}

/**
 * Turns command-line arguments into role files. A file is taken as it is; a
 * folder is searched recursively and a glob is expanded, and from those only
 * role files are kept (YAML with `jdgen:` and `document:`), so bases, clause
 * libraries and jdgen.config.yaml in the same tree are not built. Outputs keep
 * the folder structure below the folder or the glob's fixed part.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<Expanded> {
  const inputs = new Map<string, Input>();
  const unmatched: string[] = [];
  for (const arg of args) {
    const found = await expandOne(arg, cwd);
    if (found.length === 0) unmatched.push(arg);
    for (const input of found) if (!inputs.has(resolve(cwd, input.file))) inputs.set(resolve(cwd, input.file), input);
  }
  return { inputs: [...inputs.values()], unmatched };
}

async function expandOne(arg: string, cwd: string): Promise<Input[]> {
  const info = await stat(resolve(cwd, arg)).catch(() => undefined);
  // An existing file is taken as named, even if its name looks like a glob; the
  // glob library is loaded only for folders and patterns (a cold validate of one file skips it).
  if (info?.isFile()) return [{ file: arg, name: arg.split(/[\\/]/).pop()! }];
  const { glob, isDynamicPattern } = await import('tinyglobby');
  if (isDynamicPattern(arg)) return searched(await glob(arg, { cwd, onlyFiles: true, expandDirectories: false }), globBase(arg, isDynamicPattern), cwd);
  if (info?.isDirectory()) {
    const files = await glob('**/*.{yaml,yml}', { cwd: resolve(cwd, arg), onlyFiles: true });
    return searched(
      files.map((f) => join(arg, f)),
      arg,
      cwd,
    );
  }
  // A plain file (or a missing one: the build reports it with a position-less diagnostic).
  return [{ file: arg, name: arg.split(/[\\/]/).pop()! }];
}

function searched(files: string[], base: string, cwd: string): Input[] {
  const sorted = [...files].sort();
  const keep = sorted.map((file) => isRoleFile(resolve(cwd, file)));
  const roles = sorted.filter((_, i) => keep[i]);
  // A pattern that climbs (`*/../../x/*.yaml`) can match files outside its fixed part: their
  // names would climb out of the output folder, so names are then taken from the matches' common folder.
  let from = resolve(cwd, base);
  if (roles.some((file) => climbs(relative(from, resolve(cwd, file))))) from = commonFolder(roles.map((file) => resolve(cwd, file)));
  return roles.map((file) => ({ file: shown(file), name: relative(from, resolve(cwd, file)) }));
}

/** Whether a relative name leaves its folder. */
function climbs(name: string): boolean {
  return name === '..' || name.startsWith(`..${sep}`) || isAbsolute(name);
}

/** The deepest folder that holds all of `paths` (absolute). */
function commonFolder(paths: string[]): string {
  let common = dirname(paths[0]!);
  for (const path of paths) while (climbs(relative(common, path))) common = dirname(common);
  return common;
}

/**
 * Both keys written plainly at the start of a line: a top-level key of a
 * block mapping (anything nested or inside a block scalar is indented).
 */
const TOP_LEVEL_JDGEN = /^jdgen[ \t]*:/m;
const TOP_LEVEL_DOCUMENT = /^document[ \t]*:/m;

/** Where a role's `jdgen:` and `document:` keys usually are. */
const ROLE_HEAD_BYTES = 4096;

function isPlainlyRole(bytes: Buffer): boolean {
  const latin1 = bytes.toString('latin1');
  return TOP_LEVEL_JDGEN.test(latin1) && TOP_LEVEL_DOCUMENT.test(latin1);
}

/** Roles declare the format and have their own registration data; bases, libraries and configs do not. */
function isRoleFile(path: string): boolean {
  if (path.endsWith(`${sep}jdgen.config.yaml`)) return false;
  try {
    // Synchronously: a thousand small files read in one go, without a thread-pool round trip for each.
    // The usual role file answers from its first bytes without parsing: a batch of a thousand roles
    // would otherwise read and parse each one here, before its build even looks at it. The keys are
    // ASCII at the start of a line, so the bytes are tested as Latin-1 (nothing decoded): every line
    // start found so is one in the UTF-8 text too (Latin-1 has no U+2028 or U+2029), and a line start
    // in the head is one in the whole file, so a match is a match there. Anything else is read whole,
    // decoded and parsed.
    const { head, size } = readRegularHeadSync(path, 'yaml', ROLE_HEAD_BYTES);
    if (isPlainlyRole(head)) return true;
    const bytes = head.length < size ? readRegularFileSync(path, 'yaml') : head;
    if (isPlainlyRole(bytes)) return true;
    const data = yamlData(bytes.toString('utf8')) as Record<string, unknown> | null | undefined;
    if (data === undefined) return true;
    return data !== null && typeof data === 'object' && 'jdgen' in data && 'document' in data;
  } catch {
    // Unparseable YAML, or a file that is refused (a FIFO, too large), is still handed to the build, which reports it precisely.
    return true;
  }
}

/** The fixed folder part of a glob: `roles/**\/*.yaml` → `roles`. */
function globBase(pattern: string, isDynamicPattern: (part: string) => boolean): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (isDynamicPattern(part)) break;
    fixed.push(part);
  }
  return fixed.length === parts.length ? dirname(pattern) : fixed.join('/') || '.';
}

function shown(file: string): string {
  return file.split('\\').join('/');
}
