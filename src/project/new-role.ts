import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { makeDiagnostic, UserError } from '../diagnostics.js';
import { findConfig } from '../resolve/config.js';
import { SCHEMA_DIR } from '../validate/schema.js';

export interface NewRoleOptions {
  cwd: string;
  /** A base to extend: a path, or a name looked up as bases/<name>.yaml in the project. */
  extends?: string;
  /** Folder for the new file; default `roles/` of the project when it has one, else the current folder. */
  dir?: string;
  force?: boolean;
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
  const project = projectDir(options.cwd);
  const folder = resolve(options.cwd, options.dir ?? (existsSync(join(project, 'roles')) ? join(project, 'roles') : '.'));
  const file = join(folder, `${slug(title) || 'role'}.yaml`);
  if (existsSync(file) && !options.force) {
    throw new UserError([makeDiagnostic({ code: 'new/exists', file: relative(options.cwd, file), line: 0, column: 0, message: 'already exists', hint: 'choose another title or folder, or use --force' })]);
  }
  const base = options.extends ? findBase(options.extends, project, options.cwd) : undefined;
  const hasConfig = findConfig(join(folder, 'x.yaml')) !== undefined;
  await mkdir(folder, { recursive: true });
  await writeFile(file, roleStub(title, file, base, hasConfig));
  return file;
}

function projectDir(cwd: string): string {
  const config = findConfig(join(cwd, 'x.yaml'));
  return config ? dirname(config) : resolve(cwd);
}

function findBase(name: string, project: string, cwd: string): string {
  const candidates = [resolve(cwd, name), join(project, 'bases', `${name}.yaml`), join(project, 'bases', name)];
  const found = candidates.find((c) => existsSync(c) && c.endsWith('.yaml'));
  if (!found) {
    throw new UserError([makeDiagnostic({ code: 'new/base', file: name, line: 0, column: 0, message: 'base not found', hint: `looked for ${candidates.map((c) => relative(cwd, c)).join(', ')}` })]);
  }
  return found;
}

const TODO = (what: string): string => `TODO: ${what}`;

function roleStub(title: string, file: string, base: string | undefined, hasConfig: boolean): string {
  const schema = relative(dirname(file), join(SCHEMA_DIR, 'role.schema.json')).split('\\').join('/');
  const today = new Date().toISOString().slice(0, 10);
  const own = {
    jdgen: 1,
    ...(base ? { extends: relative(dirname(file), base).split('\\').join('/') } : {}),
    document: { number: TODO('registration number'), date: today, version: 1, status: 'draft' },
    position: { title, department: TODO('department'), reports_to: TODO('position of the direct supervisor') },
    // The organisation and its signatories come from jdgen.config.yaml when there is one.
    ...(hasConfig ? {} : organisationStub()),
    ...(base ? {} : { general_provisions: [TODO('category of the position'), TODO('appointment and dismissal'), TODO('direct supervisor'), TODO('who substitutes during absence')] }),
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
  const header = [
    `# yaml-language-server: $schema=${schema}`,
    `# ${title}: replace every TODO, then run \`jdgen validate ${basename(file)}\`.`,
    ...(base ? ['# Sections not written here come from the base; `{ append: [...] }` adds to an inherited list.'] : []),
  ];
  return `${header.join('\n')}\n${stringify(own, { lineWidth: 100 })}`;
}

function organisationStub(): Record<string, unknown> {
  return {
    organization: { name: TODO('organisation name'), city: TODO('city') },
    approval: { position: TODO('position of the head who approves'), name: TODO('initials and surname') },
    agreed_by: [{ position: 'Head of Legal', name: TODO('name') }, { position: 'HR Manager', name: TODO('name') }],
  };
}
