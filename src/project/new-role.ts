import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { closest } from 'fastest-levenshtein';
import { yamlModule } from '../load/source.js';
import { makeDiagnostic, UsageError, UserError } from '../diagnostics.js';
import { ensureFolder, NotAFolderError, whyNotAFolder } from '../env/folder.js';
import { inContext } from '../env/os-error.js';
import { printable, shownPath } from '../env/printable.js';
import { findConfig } from '../resolve/config.js';
import { modelinePath, roleSchemaName } from './modeline.js';

export interface NewRoleOptions {
  cwd: string;
  /** A base to extend: a path, or a name looked up as bases/<name>.yaml in the project. */
  extends?: string;
  /** Folder for the new file; default `roles/` of the project when it has one, else the current folder. */
  dir?: string;
  force?: boolean;
  /** The date written as `document.date` (default today; the CLI passes SOURCE_DATE_EPOCH when set). */
  now?: Date;
}

/** `Sales Manager` → `sales-manager`; letters of any script are kept. */
export function slug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Writes a role file with every section stubbed and the schema modeline set,
 * so an editor validates it while it is filled in. Returns the file's path.
 */
export async function newRole(title: string, options: NewRoleOptions): Promise<string> {
  checkTitle(title);
  const project = projectDir(options.cwd);
  const folder = resolve(options.cwd, options.dir ?? (existsSync(join(project, 'roles')) ? join(project, 'roles') : '.'));
  const file = join(folder, `${slug(title) || 'role'}.yaml`);
  // A wrong --extends is wrong usage: refused before anything else is looked at or written.
  const base = options.extends ? findBase(options.extends, project, options.cwd) : undefined;
  if (existsSync(file) && !options.force) throw exists(file, options.cwd);
  const config = findConfig(join(folder, 'x.yaml'));
  await createFolder(folder, options.cwd);
  // The stub's commands run from the project's root: the config's folder, else where `new` ran.
  const root = config ? dirname(config) : resolve(options.cwd);
  const text = roleStub(title, file, base, config !== undefined, (options.now ?? new Date()).toISOString().slice(0, 10), root);
  try {
    // `wx` without --force: a file created since the check above is not overwritten either.
    await writeFile(file, text, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code === 'EEXIST' && !options.force
      ? exists(file, options.cwd)
      : inContext(error, 'write', shownPath(options.cwd, file));
  }
  return file;
}

/**
 * The title becomes a YAML value (quoted as needed by the yaml package) and a
 * comment line: a line break or another control character has no place in a
 * position title and would let the command line write YAML of its own.
 */
function checkTitle(title: string): void {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(title))
    throw new UsageError(`the title must be one line without control characters, got \`${printable(title)}\``);
  if (title.trim() === '') throw new UsageError('the title must not be empty, e.g. jdgen new "Sales Manager"');
}

async function createFolder(folder: string, cwd: string): Promise<void> {
  try {
    await ensureFolder(folder, shownPath(cwd, folder));
  } catch (error) {
    if (error instanceof NotAFolderError)
      throw new UsageError(`cannot write the role into ${printable(shownPath(cwd, folder))}: ${whyNotAFolder(error, folder, cwd)}`);
    throw error;
  }
}

function exists(file: string, cwd: string): UserError {
  return new UserError([
    makeDiagnostic({
      code: 'new/exists',
      file: relative(cwd, file),
      line: 0,
      column: 0,
      message: 'already exists',
      hint: 'choose another title or folder, or use --force',
    }),
  ]);
}

function projectDir(cwd: string): string {
  const config = findConfig(join(cwd, 'x.yaml'));
  return config ? dirname(config) : resolve(cwd);
}

/**
 * The base named by `--extends`: a path (from the current folder), or a name
 * in the project's bases/ folder. An unknown one is wrong usage (exit 2, as
 * for any bad option value), refused before anything is written, with the
 * bases that exist and the closest of them.
 */
function findBase(name: string, project: string, cwd: string): string {
  const candidates = [resolve(cwd, name), join(project, 'bases', `${name}.yaml`), join(project, 'bases', name)];
  const found = candidates.find((c) => existsSync(c) && c.endsWith('.yaml'));
  if (found) return found;
  const folder = join(project, 'bases');
  const known = baseNames(folder);
  const shownFolder = printable(`${shownPath(cwd, folder)}/`);
  if (known.length === 0) {
    throw new UsageError(
      `unknown base \`${printable(name)}\`: there is no base in ${shownFolder}\n  hint: give the path of a base role file, e.g. --extends bases/manager.yaml, or create ${shownFolder} with one`,
    );
  }
  const guess = closest(name.replace(/\.ya?ml$/, '').replace(/^.*bases[\\/]/, ''), known);
  throw new UsageError(
    `unknown base \`${printable(name)}\`: did you mean \`${printable(guess)}\`?\n  bases in ${shownFolder}: ${known.map((b) => printable(b)).join(', ')}`,
  );
}

/** The names `--extends` accepts from `cwd`: the bases in the project's bases/ folder (for shell completion). */
export function knownBases(cwd: string): string[] {
  return baseNames(join(projectDir(cwd), 'bases'));
}

/** `bases/sales/manager.yaml` → `sales/manager`: the names --extends accepts, sorted. */
function baseNames(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.endsWith('.yaml'))
    .map((entry) => entry.slice(0, -'.yaml'.length).split('\\').join('/'))
    .sort();
}

const TODO = (what: string): string => `TODO: ${what}`;

function roleStub(title: string, file: string, base: string | undefined, hasConfig: boolean, today: string, root: string): string {
  const schema = modelinePath(file, roleSchemaName({ extendsBase: base !== undefined, underConfig: hasConfig }));
  const own = {
    jdgen: 1,
    ...(base ? { extends: relative(dirname(file), base).split('\\').join('/') } : {}),
    document: { number: TODO('registration number'), date: today, version: 1, status: 'draft' },
    position: { title, department: TODO('department'), reports_to: TODO('position of the direct supervisor') },
    // The organisation and its signatories come from jdgen.config.yaml when there is one.
    ...(hasConfig ? {} : organisationStub()),
    ...(base
      ? {}
      : {
          general_provisions: [
            TODO('category of the position'),
            TODO('appointment and dismissal'),
            TODO('direct supervisor'),
            TODO('who substitutes during absence'),
          ],
        }),
    qualifications: {
      education: TODO('required education'),
      experience: TODO('required work experience'),
      knowledge: [TODO('what the employee must know')],
      skills: [TODO('what the employee must be able to do')],
    },
    duties: [TODO('first duty'), TODO('second duty')],
    ...(base
      ? { rights: { append: [TODO('a right this position adds to the base')] } }
      : { rights: [TODO('a right tied to the duties')], responsibility: [TODO('what the employee is responsible for')] }),
    relationships: [TODO('which units the position works with, and on what')],
  };
  // Comment lines stay one line whatever a path contains: nothing here may end the comment.
  const header = [
    `# yaml-language-server: $schema=${printable(schema, Infinity)}`,
    `# ${title}: replace every TODO, then, from the project folder, run \`npx jdgen validate ${shellWord(fromRoot(root, file))}\`.`,
    ...(base
      ? [
          '# Sections not written here come from the base; `{ append: [...] }` adds to an inherited list.',
          `# \`npx jdgen show ${shellWord(fromRoot(root, file))}\` prints the role with the base applied.`,
        ]
      : []),
  ];
  return `${header.join('\n')}\n${yamlModule().stringify(own, { lineWidth: 100 })}`;
}

/** The file's path from the project root, with forward slashes (the comment is read on any system). */
function fromRoot(root: string, file: string): string {
  return relative(root, file).split('\\').join('/');
}

/** A path as one word of a shell command: quoted when it holds anything but letters, digits and `._/-`. */
function shellWord(path: string): string {
  const safe = printable(path, Infinity);
  return /^[\p{L}\p{N}._/-]+$/u.test(safe) ? safe : `'${safe.replace(/'/g, `'\\''`)}'`;
}

function organisationStub(): Record<string, unknown> {
  return {
    organization: { name: TODO('organisation name'), city: TODO('city') },
    approval: { position: TODO('position of the head who approves'), name: TODO('initials and surname') },
    agreed_by: [
      { position: 'Head of Legal', name: TODO('name') },
      { position: 'HR Manager', name: TODO('name') },
    ],
  };
}
