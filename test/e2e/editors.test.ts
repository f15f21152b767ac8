import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';
import { YamlLanguageServer, type LspDiagnostic } from '../helpers/lsp.js';

/*
 * Editors accept exactly what jdgen accepts. The real yaml-language-server
 * (what VS Code's YAML extension runs) reads every example, every file that
 * `jdgen init` and `jdgen new` write, the invalid fixtures and a few broken
 * projects, through the modelines in the files (the fixtures have none: they
 * are mapped to the role schema by `yaml.schemas`, as a user may set it up).
 * Its verdict on each file (problems or none) must be jdgen validate's, and
 * each line jdgen reports an error on must carry an editor diagnostic too.
 */

/**
 * Invalid fixtures whose only errors no JSON Schema can express: the editor
 * accepts them and only `jdgen validate` refuses them. The test checks that
 * they do disagree, so this list cannot go stale.
 */
const JDGEN_ONLY_FILES: Record<string, string> = {
  'alias-self.yaml':
    'a YAML alias inside the very node it names (a value that contains itself) is well-formed YAML; jdgen refuses it while loading, before any schema',
  'control-characters.yaml':
    "control and bidi characters in any text of any file, keys included, are found by jdgen's character check, which names the character and its position (and only warns for bidi marks); the schemas leave it to that check",
  'unknown-locale.yaml':
    'the known locales are those of the templates in use, which a project can extend (--templates, `templates:` in the config): a schema can only check the form of the name',
  'unfinished-approved.yaml':
    'placeholder text (TODO, TBD, ..., [NAME]) is a warning in a draft and an error only when document.status is approved: a judgement on the words of any clause, made by jdgen on the role as rendered (bases and libraries included), not a shape a schema checks',
};

/** Single errors, in files with other errors both report, that no schema can express. */
const JDGEN_ONLY_LINES: Record<string, string> = {
  'indentation.yaml:7':
    'a key indented deeper than the key above is YAML syntax, not data: the editor reports the parse error where the YAML parser stops (the line above), jdgen names the line to fix',
  'duplicate-id.yaml:10': 'ids must be unique in the whole file, nested clauses and sections included: JSON Schema cannot compare one key across nested lists',
};

const LOAD_PROBLEM = /Unable to load schema|Problems loading reference|cannot be resolved|Unable to parse content/i;

interface Verdict {
  /** 1-based lines with errors. */
  jdgen: number[];
  /** 1-based lines with editor diagnostics. */
  editor: number[];
  diagnostics: LspDiagnostic[];
}

const INVALID = join(ROOT, 'test', 'fixtures', 'invalid');

/** Each file's error lines as `jdgen validate` reports them (cwd-relative `file:line:col: error:` lines). */
function jdgenErrors(args: string[], cwd: string): Map<string, number[]> {
  const run = jdgen(['validate', ...args], { cwd });
  expect(run.code, run.stderr).not.toBe(2);
  const errors = new Map<string, number[]>();
  for (const match of run.stderr.matchAll(/^(.+?\.yaml):(\d+):\d+: error:/gm)) {
    const file = resolve(cwd, match[1]!);
    errors.set(file, [...(errors.get(file) ?? []), Number(match[2])]);
  }
  return errors;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f))
    .sort();
}

/** A copy of the scaffold project with one file changed, for the errors of bases, libraries and the config. */
function brokenProject(scaffold: string, into: string, file: string, edit: (text: string) => string): string {
  const dir = join(into, basename(file, '.yaml'));
  cpSync(scaffold, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, `${file} was not changed`).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

describe('yaml-language-server and jdgen validate agree on every file', () => {
  const server = new YamlLanguageServer({
    validate: true,
    // No network: the schemas come from the modelines and this mapping only.
    schemaStore: { enable: false },
    // As README's .vscode/settings.json example: a path relative to the workspace folder.
    schemas: { './schemas/role.schema.json': ['test/fixtures/invalid/*.yaml'] },
  });
  const verdicts = new Map<string, Verdict>();
  let scaffold = '';
  let broken: Record<string, string> = {};

  beforeAll(async () => {
    const work = tempDir('jdgen-editors-');
    expect(jdgen(['init', 'project'], { cwd: work }).code).toBe(0);
    scaffold = join(work, 'project');
    for (const args of [
      ['new', 'Warehouse Clerk'],
      ['new', 'Head of Sales', '--extends', 'manager'],
    ])
      expect(jdgen(args, { cwd: scaffold }).code).toBe(0);
    // A role outside any project: complete on its own, checked against role.schema.json.
    const alone = join(work, 'alone');
    expect(jdgen(['new', 'Office Clerk', '--dir', alone], { cwd: work }).code).toBe(0);

    const cases = join(work, 'broken');
    broken = {
      config: brokenProject(scaffold, cases, 'jdgen.config.yaml', (t) => t.replace(/^locale: en$/m, 'locale: en\nlocal: en')),
      library: brokenProject(scaffold, cases, 'clauses/common.yaml', (t) => t.replace(/^clauses:\n/m, 'clauses:\n  bad: 42\n')),
      base: brokenProject(scaffold, cases, 'bases/manager.yaml', (t) => t.replace(/^position:\n/m, 'position:\n  titel: Manager\n')),
      extending: brokenProject(scaffold, cases, 'roles/sales-manager.yaml', (t) => t.replace(/^document:\n/m, 'document:\n  status: aproved\n')),
      // Below a config without a base: everything but the organisation and its signatories is its own.
      configured: brokenProject(scaffold, cases, 'roles/warehouse-clerk.yaml', (t) => t.replace(/^duties:\n(?: .*\n)*/m, '')),
    };

    const jdgenVerdicts = new Map<string, number[]>();
    const repoRoles = [
      ...['az', 'en', 'lv', 'ro', 'ru', 'sq', 'uk'].flatMap((l) => yamlFiles(join(ROOT, 'examples', l))),
      ...yamlFiles(join(ROOT, 'examples', 'organization', 'roles')),
      ...yamlFiles(INVALID),
    ];
    for (const [file, lines] of jdgenErrors(
      repoRoles.map((f) => relative(ROOT, f)),
      ROOT,
    ))
      jdgenVerdicts.set(file, lines);
    for (const project of [scaffold, ...Object.values(broken)]) for (const [file, lines] of jdgenErrors(['roles'], project)) jdgenVerdicts.set(file, lines);
    for (const [file, lines] of jdgenErrors([alone], work)) jdgenVerdicts.set(file, lines);

    const files = [
      ...yamlFiles(join(ROOT, 'examples')),
      ...yamlFiles(INVALID),
      ...yamlFiles(scaffold),
      ...yamlFiles(alone),
      ...Object.values(broken).flatMap(yamlFiles),
    ];
    await server.start(ROOT);
    // One server for every file, one file at a time, as an editor opening them.
    for (const file of files) {
      const diagnostics = await server.diagnose(file);
      verdicts.set(file, { jdgen: jdgenVerdicts.get(file) ?? [], editor: diagnostics.map((d) => d.range.start.line + 1), diagnostics });
    }
  }, 120_000);

  afterAll(() => server.stop());

  const name = (file: string) => (relative(ROOT, file).startsWith('..') ? `…/${relative(join(scaffold, '..', '..'), file)}` : relative(ROOT, file));

  it('loads every schema the modelines and settings name, with all their $refs', () => {
    expect(verdicts.size).toBeGreaterThan(40);
    for (const [file, { diagnostics }] of verdicts)
      expect(
        diagnostics.filter((d) => LOAD_PROBLEM.test(d.message)),
        name(file),
      ).toEqual([]);
  });

  it('finds no problem in the examples, or in anything init and new write', () => {
    const valid = [...verdicts].filter(
      ([file]) => file.startsWith(join(ROOT, 'examples')) || file.startsWith(scaffold) || file.includes(`${join('/', 'alone')}/`),
    );
    expect(valid.length).toBe(13 + 7 + 1);
    for (const [file, verdict] of valid) {
      expect(verdict.jdgen, `jdgen on ${name(file)}`).toEqual([]);
      expect(verdict.diagnostics, `editor on ${name(file)}`).toEqual([]);
    }
  });

  it('writes modelines that name the schema fitting each new file, inside the project', () => {
    const modeline = (file: string) => /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(join(scaffold, file), 'utf8'))?.[1];
    expect(modeline('jdgen.config.yaml')).toBe('schemas/config.schema.json');
    expect(modeline('clauses/common.yaml')).toBe('../schemas/library.schema.json');
    expect(modeline('bases/manager.yaml')).toBe('../schemas/role-part.schema.json');
    expect(modeline('roles/sales-manager.yaml')).toBe('../schemas/role-part.schema.json');
    expect(modeline('roles/head-of-sales.yaml')).toBe('../schemas/role-part.schema.json');
    expect(modeline('roles/warehouse-clerk.yaml')).toBe('../schemas/role-configured.schema.json');
  });

  it("explains a key on hover, through the partial schema's $ref into the role schema", async () => {
    const file = join(scaffold, 'roles', 'sales-manager.yaml');
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('duties:')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(await server.hover(file, line, 2)).toContain('Job duties: what the employee does, one clause per duty.');
  });

  it('shows in the editor the errors of broken configs, libraries, bases and partial roles', () => {
    const expectations: Array<[string, string]> = [
      ['config', 'jdgen.config.yaml'],
      ['library', 'clauses/common.yaml'],
      ['base', 'bases/manager.yaml'],
      ['extending', 'roles/sales-manager.yaml'],
      ['configured', 'roles/warehouse-clerk.yaml'],
    ];
    for (const [kind, file] of expectations) {
      const verdict = verdicts.get(join(broken[kind]!, file))!;
      expect(verdict.jdgen.length, `jdgen on the broken ${kind}`).toBeGreaterThan(0);
      expect(verdict.editor.length, `editor on the broken ${kind}`).toBeGreaterThan(0);
      // The rest of the broken project stays clean in the editor (the errors are where they belong).
      for (const other of yamlFiles(broken[kind]!).filter((f) => f !== join(broken[kind]!, file)))
        expect(verdicts.get(other)!.diagnostics, `${kind}: ${name(other)}`).toEqual([]);
    }
  });

  it('agrees on every file, but for the documented errors no schema can express', () => {
    let agreed = 0;
    for (const [file, verdict] of verdicts) {
      const jdgenOnly = file.startsWith(INVALID) ? JDGEN_ONLY_FILES[basename(file)] : undefined;
      if (jdgenOnly) {
        // Documented disagreement: if the editor starts reporting these, move them out of the list.
        expect({ jdgen: verdict.jdgen.length > 0, editor: verdict.editor.length > 0 }, `${name(file)}: ${jdgenOnly}`).toEqual({ jdgen: true, editor: false });
        continue;
      }
      expect(
        verdict.editor.length > 0,
        `${name(file)}: editor ${JSON.stringify(verdict.diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`))}, jdgen errors on lines ${verdict.jdgen.join(', ')}`,
      ).toBe(verdict.jdgen.length > 0);
      agreed++;
    }
    expect(agreed).toBeGreaterThan(40);
  });

  it('marks every line jdgen reports an error on, but for the documented ones', () => {
    const missed: string[] = [];
    for (const [file, verdict] of verdicts) {
      if (file.startsWith(INVALID) && JDGEN_ONLY_FILES[basename(file)]) continue;
      for (const line of new Set(verdict.jdgen)) {
        const key = `${basename(file)}:${line}`;
        if (!verdict.editor.includes(line) && !(file.startsWith(INVALID) && JDGEN_ONLY_LINES[key])) missed.push(`${name(file)}:${line}`);
      }
    }
    expect(missed).toEqual([]);
    // And the documented lines are indeed unmarked.
    for (const key of Object.keys(JDGEN_ONLY_LINES)) {
      const [file, line] = key.split(':');
      const verdict = verdicts.get(join(INVALID, file!))!;
      expect(verdict.jdgen, key).toContain(Number(line));
      expect(verdict.editor, key).not.toContain(Number(line));
    }
  });
});
