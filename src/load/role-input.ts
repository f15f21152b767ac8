import { basename, resolve } from 'node:path';
import { diskFiles, virtualFiles, withFile, type SourceFiles, type VirtualFiles } from './files.js';
import { yamlModule } from './source.js';

/**
 * A role handed over in memory rather than named by its path: its YAML text
 * or its data. `name` is what diagnostics call it (`<input>` unless given)
 * and where it stands: relative to `cwd`, so `extends:` and `use:` resolve
 * from its folder and the config above it applies; a build names its
 * outputs after it.
 */
export interface InlineRole {
  /** The role as YAML text. */
  yaml?: string;
  /** The role as data (what its YAML would read as); turned into YAML, so diagnostics point at lines of that text. */
  data?: Record<string, unknown>;
  /** Default `<input>`. */
  name?: string;
}

/** A role: a file path (or, where several are taken, a folder or a glob), or a role in memory. */
export type RoleInput = string | InlineRole;

export const DEFAULT_INLINE_NAME = '<input>';

/** The file an inline role stands as: its name in messages, its absolute path and its YAML text. */
export interface InlineFile {
  file: string;
  path: string;
  text: string;
}

export function inlineFile(role: InlineRole, cwd: string): InlineFile {
  if ((role.yaml === undefined) === (role.data === undefined))
    throw new TypeError('an in-memory role gives exactly one of `yaml` (text) or `data` (an object)');
  if (role.yaml !== undefined && typeof role.yaml !== 'string') throw new TypeError('`yaml` of an in-memory role must be a string');
  if (role.data !== undefined && (role.data === null || typeof role.data !== 'object' || Array.isArray(role.data)))
    throw new TypeError('`data` of an in-memory role must be an object');
  const file = role.name ?? DEFAULT_INLINE_NAME;
  // yaml writes plain data without anchors or tags, so the text reads back as the same data.
  const text = role.yaml ?? yamlModule().stringify(role.data, { aliasDuplicateObjects: false, lineWidth: 0 });
  return { file, path: resolve(cwd, file), text };
}

/** Where a call reads role sources: the caller's files or the disk, plus the inline role if there is one. */
export function sourcesFor(cwd: string, files: VirtualFiles | undefined, inline?: InlineFile): SourceFiles {
  const base = files ? virtualFiles(cwd, files) : diskFiles(cwd);
  return inline ? withFile(base, inline.path, inline.text) : base;
}

/** The name of an inline role's outputs: `kam.yaml` gives `kam`, `<input>` gives `input`. */
export function inlineStem(file: string): string {
  const stem = basename(file)
    .replace(/\.(ya?ml)$/i, '')
    .replace(/[<>]/g, '');
  return stem === '' ? 'input' : stem;
}
