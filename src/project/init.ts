import { createContext } from '../context.js';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { yamlModule } from '../load/source.js';
import { packagePath } from '../package-root.js';
import { UsageError } from '../diagnostics.js';
import { ensureFolder, NotAFolderError, whyNotAFolder } from '../env/folder.js';
import { osWork } from '../env/os-error.js';
import { printable } from '../env/printable.js';
import type { SchemaName } from '../validate/schema.js';
import { modelinePath, PROJECT_SCHEMA_FOLDER } from './modeline.js';
import { writeSchemas } from './write-schemas.js';
import { BUNDLED_TEMPLATES } from '../render/layers.js';
import { availableLocales } from '../render/locale.js';
import { didYouMean } from '../validate/messages.js';
import { readVersion } from '../version.js';
import { slug } from './new-role.js';

/** The organisation example doubles as the scaffold `jdgen init` copies. */
export const SCAFFOLD_DIR = packagePath('examples/organization/');

/** What `init` asks for (on a terminal) or takes from flags: the organisation in jdgen.config.yaml. */
export interface InitAnswers {
  organization: string;
  city: string;
  approverPosition: string;
  approverName: string;
  locale: string;
}

/** The scaffold's own answers (examples/organization/jdgen.config.yaml): what `init --yes` writes. */
export const DEFAULT_ANSWERS: Readonly<InitAnswers> = {
  organization: 'Harbour Point Distribution Ltd',
  city: 'Portsmouth',
  approverPosition: 'Managing Director',
  approverName: 'E. Walker',
  locale: 'en',
};

export interface InitOptions {
  /** Overwrite the scaffold's own files (config, bases, clauses, roles, logo); files a user writes are skipped all the same. */
  force?: boolean;
  /** Answers not given are the defaults. */
  answers?: Partial<InitAnswers>;
}

export interface InitResult {
  dir: string;
  /** Files written, relative to `dir`. */
  files: string[];
  /** Files that existed and were left as they were, relative to `dir`. */
  skipped: string[];
  /** Files of `files` that existed and were replaced (--force). */
  overwritten: string[];
}

/**
 * Files a user writes and keeps editing: never overwritten, not even with
 * --force (a project's package.json or .gitignore holds more than jdgen's lines).
 */
export const USER_FILES: ReadonlySet<string> = new Set(['README.md', 'package.json', '.gitignore', '.github/workflows/jdgen.yml']);

/** The config's name in the scaffold (the file the answers go into). */
const CONFIG = 'jdgen.config.yaml';

/**
 * Creates a ready project in `dir`: config, a base role, a clause library,
 * two roles, a README, a package.json with jdgen as a dev dependency, a
 * .gitignore and a CI workflow. A file that exists is never edited: it is
 * skipped (and listed in `skipped`); `force` overwrites only the scaffold's
 * own files, never those in USER_FILES. The schemas are copied into the
 * project's schemas/ folder, which the modelines point at.
 */
export async function initProject(dir: string, options: InitOptions = {}): Promise<InitResult> {
  const target = resolve(dir);
  const answers = await checkAnswers({ ...DEFAULT_ANSWERS, ...definedOnly(options.answers ?? {}) });
  const generated = generatedFiles(target, answers);
  const files = [...(await listFiles(SCAFFOLD_DIR)), ...Object.keys(generated)].sort();
  const written: string[] = [];
  const skipped: string[] = [];
  const overwritten: string[] = [];
  // The project's folder first: a folder that cannot be made is named as the project, not as .github/workflows in it.
  await createFolder(target, target);
  // The schemas go into the project's schemas/ folder and every modeline points there, relatively:
  // the project opens in any editor, on any machine, with any jdgen installed (see modeline.ts).
  const schemas = await writeSchemas(join(target, PROJECT_SCHEMA_FOLDER), { overwrite: options.force === true, cwd: target });
  for (const file of files) {
    const to = join(target, file);
    const overwrite = options.force === true && !USER_FILES.has(file);
    if (!overwrite && existsSync(to)) {
      skipped.push(file);
      continue;
    }
    if (overwrite && existsSync(to)) overwritten.push(file);
    await createFolder(dirname(to), target);
    const content = generated[file] ?? (await scaffoldFile(file, to, answers));
    // `wx`: a file created since the check above is skipped too, never overwritten.
    const made = await osWork('write', join(dir, file), () => writeNew(to, content, overwrite));
    (made ? written : skipped).push(file);
  }
  return {
    dir: target,
    files: [...schemas.written.map((name) => join(PROJECT_SCHEMA_FOLDER, name)), ...written],
    skipped: [...schemas.skipped.map((name) => join(PROJECT_SCHEMA_FOLDER, name)), ...skipped],
    overwritten,
  };
}

/** Writes a file; without `overwrite`, only if it does not exist (false then). */
async function writeNew(to: string, content: string | Buffer, overwrite: boolean): Promise<boolean> {
  try {
    await writeFile(to, content, { flag: overwrite ? 'w' : 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** A file of the scaffold as the project gets it: the config with the answers, YAML with its modeline. */
async function scaffoldFile(file: string, to: string, answers: InitAnswers): Promise<string | Buffer> {
  const bytes = await readFile(join(SCAFFOLD_DIR, file));
  // Only YAML carries a schema modeline; everything else (the logo) is copied byte for byte.
  if (!file.endsWith('.yaml')) return bytes;
  const text = withSchemaModeline(bytes.toString('utf8'), to);
  return file === CONFIG ? withAnswers(text, answers) : text;
}

/** `{ city: undefined }` must not hide the default. */
function definedOnly(answers: Partial<InitAnswers>): Partial<InitAnswers> {
  return Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined));
}

/**
 * The answers, trimmed, or a usage error (exit 2): each is one line of text
 * that goes into the config, and the locale must be one jdgen has.
 */
export async function checkAnswers(answers: InitAnswers): Promise<InitAnswers> {
  const labels: Record<keyof InitAnswers, string> = {
    organization: '--org',
    city: '--city',
    approverPosition: '--approver-position',
    approverName: '--approver-name',
    locale: '--locale',
  };
  const out = { ...answers };
  for (const key of Object.keys(labels) as Array<keyof InitAnswers>) {
    const value = answers[key].trim();
    if (value === '') throw new UsageError(`${labels[key]} must not be empty`);
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value))
      throw new UsageError(`${labels[key]} must be one line without control characters, got \`${printable(value)}\``);
    out[key] = value;
  }
  const known = await availableLocales(createContext(), BUNDLED_TEMPLATES);
  if (!known.includes(out.locale)) {
    const guess = didYouMean(out.locale, known);
    throw new UsageError(`unknown locale \`${printable(out.locale)}\`${guess ? `: did you mean \`${guess}\`?` : ''}\n  known locales: ${known.join(', ')}`);
  }
  return out;
}

/**
 * The scaffold's config with the answers in it, comments kept. Another
 * organisation's name drops the example's letterhead (its address and
 * e-mail would be printed under the new name).
 */
export function withAnswers(text: string, answers: InitAnswers): string {
  // The defaults are the scaffold's own values: its text stays exactly as written.
  if ((Object.keys(DEFAULT_ANSWERS) as Array<keyof InitAnswers>).every((key) => answers[key] === DEFAULT_ANSWERS[key])) return text;
  const document = yamlModule().parseDocument(text);
  document.set('locale', answers.locale);
  document.setIn(['organization', 'name'], answers.organization);
  document.setIn(['organization', 'city'], answers.city);
  document.setIn(['approval', 'position'], answers.approverPosition);
  document.setIn(['approval', 'name'], answers.approverName);
  if (answers.organization !== DEFAULT_ANSWERS.organization) document.deleteIn(['organization', 'letterhead']);
  return document.toString({ lineWidth: 100, flowCollectionPadding: false });
}

/** The files init writes that are not in the scaffold folder: npm, git and CI set-up. */
function generatedFiles(target: string, answers: InitAnswers): Record<string, string> {
  const name = slug(basename(target)).replace(/[^a-z0-9-]/g, '') || 'job-descriptions';
  const pkg = {
    name,
    version: '1.0.0',
    private: true,
    description: `Job descriptions of ${answers.organization}`,
    scripts: { build: 'jdgen build roles', check: 'jdgen build roles --check' },
    devDependencies: { jdgen: `^${readVersion()}` },
  };
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    '.gitignore': GITIGNORE,
    '.github/workflows/jdgen.yml': WORKFLOW,
  };
}

/*
 * The documents in dist/ are committed and CI checks them (`build --check`
 * fails on a missing output, so ignoring dist/ would make every CI run
 * fail): only a build's lock and journal files there stay out of git.
 */
const GITIGNORE = `node_modules/
# Left in the output folder while a build runs.
dist/.jdgen-lock*
dist/.jdgen-journal-*
# The built documents in dist/ are committed, and CI checks that they match the roles
# (npm run check). To keep them out of git instead, add the line \`dist/\` and make the CI
# workflow run \`npx jdgen build roles\` (and upload dist/ as an artifact).
`;

const WORKFLOW = `# Checks on every push that the committed documents in dist/ are built from the roles as they are.
name: job descriptions
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          # The Node.js release that builds the committed documents: PDF streams are compressed by
          # Node's zlib, so build them locally with the same major version.
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npx jdgen build roles --check --reporter github
`;

/** A folder of the project, created when missing; a file in its place is wrong usage (exit 2). */
async function createFolder(folder: string, project: string): Promise<void> {
  try {
    await ensureFolder(folder);
  } catch (error) {
    if (error instanceof NotAFolderError)
      throw new UsageError(`cannot create the project in ${printable(project)}: ${whyNotAFolder(error, project, dirname(project))}`);
    throw error;
  }
}

/** Rewrites `$schema=…/schemas/x.schema.json` so it resolves from the new file's folder to the project's schemas. */
export function withSchemaModeline(text: string, file: string): string {
  return text.replace(/(\$schema=)\S*?schemas\/([a-z-]+)\.schema\.json/, (_all, prefix: string, name: SchemaName) => `${prefix}${modelinePath(file, name)}`);
}

async function listFiles(root: string, sub = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, sub), { withFileTypes: true })) {
    const rel = join(sub, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'dist') out.push(...(await listFiles(root, rel)));
    } else out.push(rel);
  }
  return out.sort();
}
