import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, type CommonOptions } from '../../src/api.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { CompileResult } from '../../src/pipeline.js';
import { nearerConfigs } from '../../src/resolve/config.js';
import { createContext } from '../../src/context.js';
import { diskFiles } from '../../src/load/files.js';
import { resolveRole } from '../../src/resolve/resolve.js';
import type { Clause } from '../../src/validate/role.js';
import { tempDir } from '../helpers/cli.js';
import { cpuMs } from '../helpers/cpu-time.js';

/**
 * The resolve stage: config discovery and defaults, `extends:` chains, merge
 * rules, clause libraries (`use:`), placeholders, and path safety. Every test
 * builds a small project in a temp folder and compiles a role in it.
 */

/** Writes the files (paths relative to a fresh temp folder) and returns the folder's real path. */
function project(files: Record<string, string>): string {
  const dir = realpathSync(tempDir('jdgen-resolve-'));
  writeFiles(dir, files);
  return dir;
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** Lines joined into a file, so fixtures can be read with their line numbers. */
const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;

function compileIn(dir: string, file = 'role.yaml', options: CommonOptions = {}): Promise<CompileResult> {
  return compile(file, { cwd: dir, ...options });
}

const errorsOf = (result: { diagnostics: Diagnostic[] }): Diagnostic[] => result.diagnostics.filter((d) => d.severity === 'error');

/** `file:line:column` of a diagnostic or a reference. */
const at = (d: { file: string; line: number; column: number }): string => `${d.file}:${d.line}:${d.column}`;

const texts = (clauses: readonly Clause[]): string[] => clauses.map((c) => c.text);

/** The only error of a result (fails when there are none or several). */
function onlyError(result: { diagnostics: Diagnostic[] }): Diagnostic {
  const errors = errorsOf(result);
  expect(errors.map((d) => `${at(d)}: ${d.message}`)).toHaveLength(1);
  return errors[0]!;
}

/** A complete role that needs nothing from anywhere else. */
const FULL_ROLE = lines(
  'jdgen: 1', //                                              1
  'organization: { name: Minimal Ltd }', //                   2
  'document: { number: JD-1, date: 2026-01-15 }', //          3
  'position: { title: Clerk }', //                            4
  'approval: { position: Director, name: A. Director }', //   5
  'general_provisions:', //                                   6
  '  - The Clerk belongs to the technical staff.', //         7
  'duties:', //                                               8
  '  - Registers correspondence.', //                         9
  'rights:', //                                               10
  '  - To request documents.', //                             11
  'responsibility:', //                                       12
  '  - For improper performance.', //                         13
);

/** A complete base role with ids on its duties and two extra sections. */
const BASE = lines(
  'jdgen: 1', //                                                       1
  'organization: { name: Base Org, city: Basetown }', //               2
  'document: { number: JD-1, date: 2026-01-15 }', //                   3
  'position: { title: Clerk, department: Office }', //                 4
  'approval: { position: Director, name: A. Director }', //            5
  'agreed_by:', //                                                     6
  '  - { position: Head of Legal, name: L. Legal }', //                7
  'general_provisions:', //                                            8
  '  - The {{position.title}} belongs to the specialists.', //         9
  'duties:', //                                                        10
  '  - { id: mail, text: Handles mail. }', //                          11
  '  - { id: files, text: Keeps files. }', //                          12
  '  - { id: phone, text: Answers the phone. }', //                    13
  'rights:', //                                                        14
  '  - To request documents.', //                                      15
  'responsibility:', //                                                16
  '  - For improper performance.', //                                  17
  'sections:', //                                                      18
  '  - id: conditions', //                                             19
  '    title: Working conditions', //                                  20
  '    clauses:', //                                                   21
  '      - { id: hours, text: Works 40 hours a week. }', //            22
  '      - { id: place, text: Works at the office. }', //              23
  '  - id: evaluation', //                                             24
  '    title: Evaluation', //                                          25
  '    clauses: [ Evaluated yearly. ]', //                             26
);

/** A role extending base.yaml with the given extra lines (line 3 onwards). */
const extending = (...rows: string[]): string => lines('jdgen: 1', 'extends: base.yaml', ...rows);

async function compileExtending(...rows: string[]): Promise<CompileResult> {
  return compileIn(project({ 'base.yaml': BASE, 'role.yaml': extending(...rows) }));
}

/** Compiles and expects a model with no errors. */
async function expectModel(promise: Promise<CompileResult>): Promise<CompileResult & { role: NonNullable<CompileResult['role']> }> {
  const result = await promise;
  expect(errorsOf(result).map((d) => `${at(d)}: ${d.message}`)).toEqual([]);
  expect(result.model).toBeDefined();
  return result as CompileResult & { role: NonNullable<CompileResult['role']> };
}

describe('config', () => {
  const CONFIG = lines(
    'jdgen: 1',
    'locale: uk',
    'organization: { name: Config Org, city: Lviv }',
    'approval: { position: Director General, name: D. General }',
    'agreed_by:',
    '  - { position: Head of Legal, name: L. Legal }',
    'familiarization:',
    '  rows: 2',
    '  employees: [ { name: P. Jones } ]',
  );
  /** FULL_ROLE without organization and approval, which the config supplies. */
  const BARE_ROLE = FULL_ROLE.replace('organization: { name: Minimal Ltd }\n', '').replace(/approval:.*\n/, '');

  it('is found by walking up from the role folder, and gives defaults for locale, approval, agreed_by and familiarization', async () => {
    const dir = project({ 'jdgen.config.yaml': CONFIG, 'roles/sales/clerk.yaml': BARE_ROLE });
    const { role, resolution } = await expectModel(compileIn(dir, 'roles/sales/clerk.yaml'));
    expect(resolution!.config!.path).toBe(join(dir, 'jdgen.config.yaml'));
    expect(role.locale).toBe('uk');
    expect(role.organization).toEqual({ name: 'Config Org', city: 'Lviv' });
    expect(role.approval).toEqual({ position: 'Director General', name: 'D. General' });
    expect(role.agreed_by).toEqual([{ position: 'Head of Legal', name: 'L. Legal' }]);
    expect(role.familiarization).toEqual({ rows: 2, employees: [{ name: 'P. Jones' }] });
  });

  it('is overridden by the role: organization key by key, scalars and lists whole', async () => {
    const role = lines(
      'jdgen: 1',
      'locale: ru',
      'organization: { city: Kyiv }',
      'agreed_by: [ { position: HR Manager, name: H. Manager } ]',
      'familiarization: { rows: 0 }',
      ...BARE_ROLE.split('\n').slice(1, -1),
    );
    const dir = project({ 'jdgen.config.yaml': CONFIG, 'role.yaml': role });
    const { role: resolved } = await expectModel(compileIn(dir));
    expect(resolved.locale).toBe('ru');
    expect(resolved.organization).toEqual({ name: 'Config Org', city: 'Kyiv' });
    expect(resolved.approval).toEqual({ position: 'Director General', name: 'D. General' });
    expect(resolved.agreed_by).toEqual([{ position: 'HR Manager', name: 'H. Manager' }]);
    expect(resolved.familiarization).toEqual({ rows: 0, employees: [{ name: 'P. Jones' }] });
  });

  it('can be named explicitly (--config), which wins over the nearest jdgen.config.yaml', async () => {
    const dir = project({
      'jdgen.config.yaml': lines('jdgen: 1', 'organization: { name: Nearest Org }', 'approval: { position: A, name: B }'),
      'settings/team.yaml': lines('jdgen: 1', 'organization: { name: Team Org, city: Riga }', 'approval: { position: Board, name: C. Board }'),
      'role.yaml': BARE_ROLE,
    });
    const { role, resolution } = await expectModel(compileIn(dir, 'role.yaml', { configFile: 'settings/team.yaml' }));
    expect(resolution!.config!.path).toBe(join(dir, 'settings/team.yaml'));
    expect(role.organization).toEqual({ name: 'Team Org', city: 'Riga' });
    expect(role.approval).toEqual({ position: 'Board', name: 'C. Board' });
  });

  it('reports a bad value the config sets at its line in the config, not in the role', async () => {
    const dir = project({ 'jdgen.config.yaml': CONFIG.replace('locale: uk', 'locale: ua'), 'role.yaml': BARE_ROLE });
    const error = onlyError(await compileIn(dir));
    expect(at(error)).toBe('jdgen.config.yaml:2:9');
    expect(error.message).toBe('unknown locale `ua`');
    expect(error.hint).toContain('did you mean `uk`?');
  });

  it('reports an explicit config that does not exist', async () => {
    const dir = project({ 'role.yaml': FULL_ROLE });
    const result = await compileIn(dir, 'role.yaml', { configFile: 'nope.yaml' });
    expect(result.model).toBeUndefined();
    expect(onlyError(result)).toMatchObject({ file: 'nope.yaml', line: 0, column: 0, code: 'io/read', message: 'file not found' });
  });

  it('reports an invalid config with file, line and column in jdgen.config.yaml', async () => {
    const dir = project({
      'jdgen.config.yaml': lines(
        'jdgen: 1', //            1
        'organization:', //       2
        '  name: Config Org', //  3
        '  citty: Lviv', //       4
        'locale: 5', //           5
      ),
      'roles/role.yaml': FULL_ROLE,
    });
    const result = await compileIn(dir, 'roles/role.yaml');
    expect(result.model).toBeUndefined();
    const errors = errorsOf(result).sort((a, b) => a.line - b.line);
    expect(errors.map((d) => [at(d), d.path, d.message, d.hint])).toEqual([
      ['jdgen.config.yaml:4:3', 'organization.citty', 'unknown key `citty`', 'did you mean `city`?'],
      ['jdgen.config.yaml:5:9', 'locale', 'expected text, got a number', undefined],
    ]);
    expect(errors[0]!.sourceLine).toBe('  citty: Lviv');
  });

  it('reports YAML errors in the config at their position', async () => {
    const dir = project({ 'jdgen.config.yaml': lines('jdgen: 1', 'organization: { name: X', 'locale: en'), 'role.yaml': FULL_ROLE });
    const [error] = errorsOf(await compileIn(dir));
    expect(error).toMatchObject({ file: 'jdgen.config.yaml', line: 3 });
    expect(error!.code).toMatch(/^yaml\//);
  });

  it('is read again when it changes, and named relative to each caller’s cwd', async () => {
    const dir = project({
      'p/jdgen.config.yaml': lines('jdgen: 1', 'organization: { city: Lviv }'),
      'p/role.yaml': FULL_ROLE.replace('Registers correspondence.', 'Registers correspondence in {{organization.city}}.'),
    });
    const first = await expectModel(compileIn(dir, 'p/role.yaml'));
    expect(first.role.duties[0]!.text).toBe('Registers correspondence in Lviv.');

    writeFileSync(join(dir, 'p/jdgen.config.yaml'), lines('jdgen: 1', 'organization: { city: Odesa, name: Another Org }'));
    const second = await expectModel(compileIn(dir, 'p/role.yaml'));
    expect(second.role.duties[0]!.text).toBe('Registers correspondence in Odesa.');

    writeFileSync(join(dir, 'p/jdgen.config.yaml'), lines('jdgen: 1', 'organization: { citty: Odesa }'));
    expect(errorsOf(await compileIn(dir, 'p/role.yaml')).map(at)).toEqual(['p/jdgen.config.yaml:2:17']);
    // The same broken config seen from its own folder is named as from there.
    expect(errorsOf(await compileIn(join(dir, 'p'), 'role.yaml')).map(at)).toEqual(['jdgen.config.yaml:2:17']);
  });

  it('reports an empty role file instead of throwing, with or without a config', async () => {
    const cases: Array<Record<string, string>> = [{ 'role.yaml': '' }, { 'role.yaml': '~\n' }, { 'role.yaml': '', 'jdgen.config.yaml': 'jdgen: 1\n' }];
    for (const files of cases) {
      const result = await compileIn(project(files));
      expect(onlyError(result)).toMatchObject({ file: 'role.yaml', line: 1, column: 1, code: 'schema/type' });
    }
  });
});

describe('config files that could be added (incremental build dependencies)', () => {
  const root = join('/', 'srv', 'org');
  it('lists the folders between the role and the config it uses, nearest first, not the config itself', () => {
    expect(nearerConfigs(join(root, 'roles/sales/kam.yaml'), join(root, 'jdgen.config.yaml'), root)).toEqual([
      join(root, 'roles/sales/jdgen.config.yaml'),
      join(root, 'roles/jdgen.config.yaml'),
    ]);
    expect(nearerConfigs(join(root, 'kam.yaml'), join(root, 'jdgen.config.yaml'), root)).toEqual([]);
  });
  it('with no config, stops at the project folder (included), so the list does not depend on the machine', () => {
    expect(nearerConfigs(join(root, 'roles/kam.yaml'), undefined, root)).toEqual([join(root, 'roles/jdgen.config.yaml'), join(root, 'jdgen.config.yaml')]);
    // A role outside the project folder: only its own folder.
    expect(nearerConfigs(join('/', 'elsewhere', 'kam.yaml'), undefined, root)).toEqual([join('/', 'elsewhere', 'jdgen.config.yaml')]);
  });
});

describe('merge rules', () => {
  it('merges maps key by key and lets scalars override', async () => {
    const { role } = await expectModel(compileExtending('organization: { city: Newtown }', 'position: { title: Senior Clerk }', 'document: { number: JD-2 }'));
    expect(role.organization).toEqual({ name: 'Base Org', city: 'Newtown' });
    expect(role.position).toEqual({ title: 'Senior Clerk', department: 'Office' });
    expect(role.document).toMatchObject({ number: 'JD-2', date: '2026-01-15' });
    // Placeholders see the merged role.
    expect(role.general_provisions[0]!.text).toBe('The Senior Clerk belongs to the specialists.');
  });

  it('replaces an inherited clause list with a list of the role’s own', async () => {
    const { role } = await expectModel(compileExtending('duties:', '  - Only this duty.'));
    expect(role.duties).toEqual([{ text: 'Only this duty.', items: [] }]);
  });

  it('edits an inherited list with { prepend, append, remove }', async () => {
    const { role } = await expectModel(compileExtending('duties:', '  prepend: [ First duty. ]', '  append: [ Last duty. ]', '  remove: [ files ]'));
    expect(texts(role.duties)).toEqual(['First duty.', 'Handles mail.', 'Answers the phone.', 'Last duty.']);
  });

  it('replaces an inherited clause in place when an appended or prepended clause has its id', async () => {
    const { role } = await expectModel(
      compileExtending(
        'duties:',
        '  append:',
        '    - { id: files, text: Keeps digital files. }',
        '    - New duty.',
        '  prepend:',
        '    - { id: phone, text: Answers calls. }',
      ),
    );
    expect(role.duties.map((c) => [c.id, c.text])).toEqual([
      ['mail', 'Handles mail.'],
      ['files', 'Keeps digital files.'],
      ['phone', 'Answers calls.'],
      [undefined, 'New duty.'],
    ]);
  });

  it('replaces a section by id and keeps the inherited clauses it does not edit', async () => {
    const { role } = await expectModel(
      compileExtending(
        'sections:',
        '  append:',
        '    - id: conditions',
        '      title: Conditions for the {{position.title}}',
        '      clauses:',
        '        append:',
        '          - { id: hours, text: Works 38 hours a week. }',
        '          - Works from home on Fridays.',
      ),
    );
    expect(role.sections).toEqual([
      {
        id: 'conditions',
        title: 'Conditions for the Clerk',
        clauses: [
          { id: 'hours', text: 'Works 38 hours a week.', items: [] },
          { id: 'place', text: 'Works at the office.', items: [] },
          { text: 'Works from home on Fridays.', items: [] },
        ],
      },
      { title: 'Evaluation', id: 'evaluation', clauses: [{ text: 'Evaluated yearly.', items: [] }] },
    ]);
  });

  it('removes and prepends sections; a replacing section with a plain list replaces its clauses', async () => {
    const { role } = await expectModel(
      compileExtending(
        'sections:',
        '  remove: [ conditions ]',
        '  prepend:',
        '    - { id: evaluation, title: Assessment, clauses: [ Assessed quarterly. ] }',
        '    - { id: training, title: Training, clauses: [ Trained yearly. ] }',
      ),
    );
    expect(role.sections.map((s) => [s.id, s.title, texts(s.clauses)])).toEqual([
      ['training', 'Training', ['Trained yearly.']],
      ['evaluation', 'Assessment', ['Assessed quarterly.']],
    ]);
  });

  it('edits inherited agreed_by signatories with { prepend, append }', async () => {
    const { role } = await expectModel(
      compileExtending(
        'agreed_by:',
        '  append: [ { position: HR Manager, name: H. Manager } ]',
        '  prepend: [ { position: Chief Accountant, name: C. Accountant } ]',
      ),
    );
    expect(role.agreed_by.map((s) => s.position)).toEqual(['Chief Accountant', 'Head of Legal', 'HR Manager']);
  });

  it('appends to the config’s agreed_by', async () => {
    const dir = project({
      'jdgen.config.yaml': lines('jdgen: 1', 'agreed_by: [ { position: Head of Legal, name: L. Legal } ]'),
      'role.yaml': FULL_ROLE + lines('agreed_by:', '  append: [ { position: HR Manager, name: H. Manager } ]'),
    });
    const { role } = await expectModel(compileIn(dir));
    expect(role.agreed_by.map((s) => s.position)).toEqual(['Head of Legal', 'HR Manager']);
  });

  it('applies a chain config → base → base → role from the most general to the role', async () => {
    const dir = project({
      'jdgen.config.yaml': lines(
        'jdgen: 1',
        'organization: { name: Config Org, city: Config City }',
        'approval: { position: Config Boss, name: C. Boss }',
        'familiarization: { rows: 3 }',
      ),
      'bases/base.yaml': BASE,
      'bases/middle.yaml': lines(
        'jdgen: 1',
        'extends: base.yaml',
        'organization: { city: Midtown }',
        'position: { title: Middle Clerk }',
        'duties:',
        '  remove: [ mail ]',
        '  append: [ Middle duty. ]',
        'rights: [ Middle right. ]',
      ),
      'roles/role.yaml': lines(
        'jdgen: 1',
        'extends: ../bases/middle.yaml',
        'organization: { name: Role Org }',
        'duties:',
        '  prepend: [ Role duty. ]',
        '  append: [ { id: files, text: Role files. }, { id: mail, text: Mail again. } ]',
      ),
    });
    const { role, resolution } = await expectModel(compileIn(dir, 'roles/role.yaml'));
    expect(role.organization).toEqual({ name: 'Role Org', city: 'Midtown' });
    expect(role.approval).toEqual({ position: 'Director', name: 'A. Director' }); // the base over the config
    expect(role.familiarization.rows).toBe(3); // the config, untouched by the bases
    expect(role.position).toEqual({ title: 'Middle Clerk', department: 'Office' });
    // middle removed `mail` and appended; the role replaced `files` in place and appended a new `mail`.
    expect(role.duties.map((c) => c.text)).toEqual(['Role duty.', 'Role files.', 'Answers the phone.', 'Middle duty.', 'Mail again.']);
    expect(texts(role.rights)).toEqual(['Middle right.']);
    expect(role.general_provisions[0]!.text).toBe('The Middle Clerk belongs to the specialists.');
    expect(resolution!.files.map((f) => f.source.file).sort()).toEqual(['bases/base.yaml', 'bases/middle.yaml', 'jdgen.config.yaml', 'roles/role.yaml']);
  });

  it('turns edits into plain lists in a role with no base and no config', async () => {
    const role =
      FULL_ROLE.replace('duties:\n  - Registers correspondence.', 'duties:\n  append: [ Registers correspondence. ]\n  prepend: [ Opens the office. ]') +
      lines('sections:', '  append: [ { id: extra, title: Extra, clauses: { append: [ Works. ] } } ]');
    const { role: resolved } = await expectModel(compileIn(project({ 'role.yaml': role })));
    expect(texts(resolved.duties)).toEqual(['Opens the office.', 'Registers correspondence.']);
    expect(resolved.sections).toEqual([{ id: 'extra', title: 'Extra', clauses: [{ text: 'Works.', items: [] }] }]);
  });

  it('reports `remove` of an id nothing inherits at that remove entry', async () => {
    const result = await compileExtending(
      'duties:', //       3
      '  remove:', //     4
      '    - files', //   5
      '    - fax', //     6
    );
    expect(result.model).toBeUndefined();
    const error = onlyError(result);
    expect(error).toMatchObject({ file: 'role.yaml', line: 6, column: 7, code: 'merge/remove-unknown', path: 'duties.remove[1]' });
    expect(error.message).toBe('no inherited item has the id `fax`');
    expect(error.hint).toBe('inherited ids here: mail, files, phone');
  });

  it('reports `remove` of an unknown section id, and of an unknown clause inside a replaced section', async () => {
    const result = await compileExtending(
      'sections:', //                       3
      '  remove: [ conditions, benefits ]', // 4
      '  append:', //                       5
      '    - id: evaluation', //            6
      '      title: Evaluation', //         7
      '      clauses:', //                  8
      '        remove: [ yearly ]', //      9
    );
    expect(errorsOf(result).map((d) => [at(d), d.message])).toEqual([
      ['role.yaml:4:25', 'no inherited item has the id `benefits`'],
      ['role.yaml:9:19', 'no inherited item has the id `yearly`'],
    ]);
  });

  it('reports an edit of something inherited that is not a list', async () => {
    const dir = project({
      'base.yaml': BASE + lines('qualifications:', '  education: Higher education.'),
      'role.yaml': extending('qualifications:', '  education:', '    append: [ A driving licence. ]'),
    });
    const error = onlyError(await compileIn(dir));
    expect(error).toMatchObject({ file: 'role.yaml', line: 5, column: 5, code: 'merge/edit-non-list' });
  });

  it('edits an inherited qualification group', async () => {
    const dir = project({
      'base.yaml': BASE + lines('qualifications:', '  education: Higher education.', '  knowledge: [ { id: law, text: Labour law. }, Office software. ]'),
      'role.yaml': extending('qualifications:', '  knowledge:', '    remove: [ law ]', '    append: [ Sales techniques. ]'),
    });
    const { role } = await expectModel(compileIn(dir));
    expect(role.qualifications).toEqual({
      groups: [
        { key: 'education', clauses: [{ text: 'Higher education.', items: [] }] },
        {
          key: 'knowledge',
          clauses: [
            { text: 'Office software.', items: [] },
            { text: 'Sales techniques.', items: [] },
          ],
        },
      ],
    });
  });
});

describe('clause libraries', () => {
  const LIBRARY = lines(
    'jdgen: 1', //                                                              1
    'clauses:', //                                                              2
    '  confidentiality: Keeps the trade secrets of {{organization.name}}.', //  3
    '  safety:', //                                                             4
    '    text: Follows the safety rules of the {{position.title}}.', //         5
    '    items: [ Fire safety., First aid. ]', //                              6
    '  ethics: Follows the code of ethics.', //                                 7
  );
  const USING = lines(
    'jdgen: 1', //                                                1
    'organization: { name: Minimal Ltd }', //                     2
    'document: { number: JD-1, date: 2026-01-15 }', //            3
    'position: { title: Clerk }', //                              4
    'approval: { position: Director, name: A. Director }', //     5
    'general_provisions: [ The Clerk is a specialist. ]', //      6
    'qualifications:', //                                         7
    '  education: Higher education.', //                          8
    '  knowledge:', //                                            9
    '    - use: clauses/common.yaml#safety', //                   10
    '    - Office software.', //                                  11
    'duties:', //                                                 12
    '  - use: clauses/common.yaml#confidentiality', //            13
    '  - Registers correspondence.', //                           14
    'rights: [ To request documents. ]', //                       15
    'responsibility: [ For improper performance. ]', //           16
  );

  it('expands `use:` in duties and in a qualification group; the clause keeps its name as id', async () => {
    const dir = project({ 'clauses/common.yaml': LIBRARY, 'role.yaml': USING });
    const { role, resolution } = await expectModel(compileIn(dir));
    expect(role.duties).toEqual([
      { id: 'confidentiality', text: 'Keeps the trade secrets of Minimal Ltd.', items: [] },
      { text: 'Registers correspondence.', items: [] },
    ]);
    expect(role.qualifications).toEqual({
      groups: [
        { key: 'education', clauses: [{ text: 'Higher education.', items: [] }] },
        {
          key: 'knowledge',
          clauses: [
            {
              id: 'safety',
              text: 'Follows the safety rules of the Clerk.',
              items: [
                { text: 'Fire safety.', items: [] },
                { text: 'First aid.', items: [] },
              ],
            },
            { text: 'Office software.', items: [] },
          ],
        },
      ],
    });
    expect(resolution!.files.map((f) => f.source.file)).toContain('clauses/common.yaml');
  });

  it('expands `use:` as a single-clause qualification group and inside a section', async () => {
    const role =
      USING.replace('  education: Higher education.', '  education: { use: clauses/common.yaml#ethics }').replace(
        '    - use: clauses/common.yaml#safety\n',
        '',
      ) + lines('sections:', '  - { title: Safety, clauses: [ { use: clauses/common.yaml#safety } ] }');
    const { role: resolved } = await expectModel(compileIn(project({ 'clauses/common.yaml': LIBRARY, 'role.yaml': role })));
    expect(resolved.qualifications).toEqual({
      groups: [
        { key: 'education', clauses: [{ id: 'ethics', text: 'Follows the code of ethics.', items: [] }] },
        { key: 'knowledge', clauses: [{ text: 'Office software.', items: [] }] },
      ],
    });
    expect(resolved.sections[0]!.clauses.map((c) => [c.id, c.text])).toEqual([['safety', 'Follows the safety rules of the Clerk.']]);
  });

  it('reports a library clause used twice as a duplicate id, in the library, included from the second `use:`', async () => {
    const role =
      USING.replace('  education: Higher education.', '  education: { use: clauses/common.yaml#ethics }') +
      lines('sections:', '  - { title: Ethics, clauses: [ { use: clauses/common.yaml#ethics } ] }');
    const error = onlyError(await compileIn(project({ 'clauses/common.yaml': LIBRARY, 'role.yaml': role })));
    expect(error).toMatchObject({
      code: 'role/duplicate-id',
      file: 'clauses/common.yaml',
      line: 7,
      column: 11,
      includedFrom: [{ file: 'role.yaml', line: 18, column: 40 }],
    });
    expect(error.message).toBe('id `ethics` is already used at line 7');
  });

  it('reports a missing clause name with a did-you-mean hint, at the `use:`', async () => {
    const dir = project({ 'clauses/common.yaml': LIBRARY, 'role.yaml': USING.replace('#confidentiality', '#confidentialty') });
    const error = onlyError(await compileIn(dir));
    expect(error).toMatchObject({ file: 'role.yaml', line: 13, column: 10, code: 'resolve/use-name', path: 'duties[0].use' });
    expect(error.message).toBe('`clauses/common.yaml` has no clause `confidentialty`');
    expect(error.hint).toBe('did you mean `confidentiality`?');
  });

  it('lists the clauses a library has when no name is close', async () => {
    const dir = project({ 'clauses/common.yaml': LIBRARY, 'role.yaml': USING.replace('#confidentiality', '#pension') });
    expect(onlyError(await compileIn(dir)).hint).toBe('it has: confidentiality, safety, ethics');
  });

  it('does not find inherited object properties as clause names', async () => {
    const dir = project({ 'clauses/common.yaml': LIBRARY, 'role.yaml': USING.replace('#confidentiality', '#constructor') });
    expect(onlyError(await compileIn(dir)).message).toBe('`clauses/common.yaml` has no clause `constructor`');
  });

  it('reports a library clause whose items contain itself through an alias at the alias, included from the `use:` line', async () => {
    const library = lines(
      'clauses:',
      '  safety: &safety',
      '    text: Follows the safety rules.',
      '    items: [ *safety ]',
      '  ethics: Follows the code of ethics.',
    );
    const error = onlyError(await compileIn(project({ 'clauses/common.yaml': library, 'role.yaml': USING })));
    expect(error).toMatchObject({
      code: 'yaml/alias-cycle',
      file: 'clauses/common.yaml',
      line: 4,
      column: 14,
      message: 'alias *safety refers to the node that contains it',
    });
    expect(error.includedFrom?.[0]).toMatchObject({ file: 'role.yaml', line: 13 });
  });

  it('reports a library with a schema error in the library file, included from the `use:` line', async () => {
    const dir = project({
      'clauses/common.yaml': lines('clauses:', '  confidentiality: 42', '  safety: Fine.'),
      'role.yaml': USING,
    });
    const result = await compileIn(dir);
    expect(result.model).toBeUndefined();
    // Reported once, though the library is used twice: included from the first `use:` read (duties come before qualifications).
    const error = onlyError(result);
    expect(error).toMatchObject({ file: 'clauses/common.yaml', line: 2, column: 20, path: 'clauses.confidentiality' });
    expect(error.message).toBe('expected a clause (text or {text, items}), got a number');
    expect(error.includedFrom).toEqual([{ file: 'role.yaml', line: 13, column: 10 }]);
  });

  it('reports a library that does not exist at the `use:`', async () => {
    const dir = project({ 'role.yaml': USING });
    const errors = errorsOf(await compileIn(dir));
    // Each `use:` is a reference of its own: both are reported (clause lists first, then qualifications).
    expect(errors.map((d) => [at(d), d.code, d.message])).toEqual([
      ['role.yaml:13:10', 'resolve/use', '`clauses/common.yaml` not found'],
      ['role.yaml:10:12', 'resolve/use', '`clauses/common.yaml` not found'],
    ]);
    expect(errors[0]!.hint).toBe(`looked for ${join(dir, 'clauses/common.yaml')}`);
  });

  it('reports a single-clause qualification group whose library is missing, without throwing', async () => {
    const role = USING.replace('  education: Higher education.', '  education: { use: clauses/missing.yaml#degree }');
    const result = await compileIn(project({ 'clauses/common.yaml': LIBRARY, 'role.yaml': role }));
    expect(result.model).toBeUndefined();
    expect(onlyError(result)).toMatchObject({ file: 'role.yaml', line: 8, column: 21, code: 'resolve/use', message: '`clauses/missing.yaml` not found' });
  });

  it('fills placeholders in a library clause from each role that uses it', async () => {
    const role = (title: string) =>
      lines(
        'jdgen: 1',
        'document: { number: JD-1, date: 2026-01-15 }',
        `position: { title: ${title} }`,
        'general_provisions: [ { use: ../clauses/common.yaml#safety } ]',
        'duties: [ { use: ../clauses/common.yaml#confidentiality } ]',
        'rights: [ To request documents. ]',
        'responsibility: [ For improper performance. ]',
      );
    const dir = project({
      'jdgen.config.yaml': lines('jdgen: 1', 'organization: { name: Config Org }', 'approval: { position: Director, name: A. Director }'),
      'clauses/common.yaml': LIBRARY,
      'roles/clerk.yaml': role('Clerk'),
      'roles/lawyer.yaml': role('Lawyer'),
    });
    const clerk = await expectModel(compileIn(dir, 'roles/clerk.yaml'));
    const lawyer = await expectModel(compileIn(dir, 'roles/lawyer.yaml'));
    expect(clerk.role.general_provisions[0]!.text).toBe('Follows the safety rules of the Clerk.');
    expect(lawyer.role.general_provisions[0]!.text).toBe('Follows the safety rules of the Lawyer.');
    expect(clerk.role.duties[0]!.text).toBe('Keeps the trade secrets of Config Org.');
  });

  it('resolves a `use:` in a base relative to the base, and a library’s own `use:` relative to the library', async () => {
    const dir = project({
      'jdgen.config.yaml': lines('jdgen: 1'),
      'clauses/common.yaml': LIBRARY,
      'clauses/more.yaml': lines('clauses:', '  ethics-and-more:', '    text: Ethics.', '    items: [ { use: common.yaml#ethics } ]'),
      'bases/base.yaml': BASE.replace('  - { id: mail, text: Handles mail. }', '  - use: ../clauses/more.yaml#ethics-and-more'),
      'roles/role.yaml': lines('jdgen: 1', 'extends: ../bases/base.yaml'),
    });
    const { role } = await expectModel(compileIn(dir, 'roles/role.yaml'));
    expect(role.duties[0]).toEqual({ id: 'ethics-and-more', text: 'Ethics.', items: [{ id: 'ethics', text: 'Follows the code of ethics.', items: [] }] });
  });
});

describe('placeholders', () => {
  it('fills {{position.title}}, {{organization.name}} from the config, numbers and list items by index', async () => {
    const dir = project({
      'jdgen.config.yaml': lines('jdgen: 1', 'organization: { name: Config Org }'),
      'role.yaml': lines(
        'jdgen: 1',
        'document: { number: JD-7, date: 2026-01-15, version: 3 }',
        'position: { title: Clerk, code: 4110 }',
        'approval: { position: Director, name: A. Director }',
        'general_provisions:',
        '  - The {{ position.title }} of {{organization.name}} (code {{position.code}}).',
        '  - text: Documents of {{organization.name}}',
        '    items: [ "Revision {{document.version}} of {{document.number}}." ]',
        'duties: [ First duty., "Repeats: {{duties.0.text}}" ]',
        'rights: [ To request documents. ]',
        'responsibility: [ For improper performance. ]',
        'sections: [ { title: "{{position.title}} conditions", clauses: [ Works. ] } ]',
      ),
    });
    const { role } = await expectModel(compileIn(dir));
    expect(role.general_provisions).toEqual([
      { text: 'The Clerk of Config Org (code 4110).', items: [] },
      { text: 'Documents of Config Org', items: [{ text: 'Revision 3 of JD-7.', items: [] }] },
    ]);
    expect(role.duties[1]!.text).toBe('Repeats: First duty.');
    expect(role.sections[0]!.title).toBe('Clerk conditions');
  });

  it('checks placeholders after merging: a base clause the role removes or replaces is never filled', async () => {
    const dir = project({
      'base.yaml': BASE.replace('text: Keeps files.', 'text: "Keeps {{nothing}}."').replace('text: Answers the phone.', 'text: "Answers {{nothing.either}}."'),
      'role.yaml': extending('duties:', '  remove: [ files ]', '  append: [ { id: phone, text: "Answers the {{position.title}}’s phone." } ]'),
    });
    const { role } = await expectModel(compileIn(dir));
    expect(texts(role.duties)).toEqual(['Handles mail.', 'Answers the Clerk’s phone.']);
  });

  it('reports an unknown placeholder at its own line and column, with a hint', async () => {
    const dir = project({ 'role.yaml': FULL_ROLE.replace('  - Registers correspondence.', '  - Registers the {{position.titl}} mail.') });
    const error = onlyError(await compileIn(dir));
    expect(error).toMatchObject({ file: 'role.yaml', line: 9, column: 19, code: 'placeholder/unknown', path: 'duties[0]' });
    expect(error.message).toBe('unknown placeholder `{{position.titl}}`: the role has no `position.titl`');
    expect(error.hint).toBe('did you mean `position.title`?');
  });

  it('reports an unknown placeholder in a section title at the title', async () => {
    const dir = project({ 'role.yaml': FULL_ROLE + lines('sections:', '  - title: For {{posiiton.title}}', '    clauses: [ Works. ]') });
    expect(onlyError(await compileIn(dir))).toMatchObject({ file: 'role.yaml', line: 15, column: 16, path: 'sections[0].title' });
  });

  it('reports an unknown placeholder in a base in the base, included from the `extends:`', async () => {
    const dir = project({
      'base.yaml': BASE.replace('text: Keeps files.', 'text: "Keeps the files of {{organisation.name}}."'),
      'role.yaml': extending(),
    });
    const error = onlyError(await compileIn(dir));
    expect(error).toMatchObject({
      file: 'base.yaml',
      line: 12,
      column: 44,
      code: 'placeholder/unknown',
      includedFrom: [{ file: 'role.yaml', line: 2, column: 10 }],
    });
    expect(error.hint).toBe('did you mean `organization`?');
  });

  it('reports an unknown placeholder in a library used by a base with the whole chain', async () => {
    const dir = project({
      'clauses/common.yaml': lines('clauses:', '  confidentiality:', '    text: Secrets.', '    items:', '      - "Of the {{department}}."'),
      'bases/base.yaml': BASE.replace('  - { id: mail, text: Handles mail. }', '  - use: ../clauses/common.yaml#confidentiality'),
      'roles/role.yaml': lines('jdgen: 1', 'extends: ../bases/base.yaml'),
      'jdgen.config.yaml': lines('jdgen: 1'),
    });
    const error = onlyError(await compileIn(dir, 'roles/role.yaml'));
    expect(error).toMatchObject({ file: 'clauses/common.yaml', line: 5, column: 17, code: 'placeholder/unknown', path: 'clauses.confidentiality.items[0]' });
    expect(error.includedFrom).toEqual([
      { file: 'bases/base.yaml', line: 11, column: 10 },
      { file: 'roles/role.yaml', line: 2, column: 10 },
    ]);
  });

  it('never fills object internals: {{constructor}}, {{__proto__}}, {{toString}}, {{position.title.length}}, {{duties.length}}', async () => {
    const dir = project({
      'role.yaml': lines(
        'jdgen: 1', //                                               1
        'organization: { name: Minimal Ltd }', //                    2
        'document: { number: JD-1, date: 2026-01-15 }', //           3
        'position: { title: Clerk }', //                             4
        'approval: { position: Director, name: A. Director }', //    5
        'general_provisions: [ Provision. ]', //                     6
        'rights: [ To request documents. ]', //                      7
        'responsibility: [ For improper performance. ]', //          8
        'duties:', //                                                9
        "  - 'A {{constructor}}'", //                                10
        "  - 'B {{__proto__}}'", //                                  11
        "  - 'C {{toString}}'", //                                   12
        "  - 'D {{position.title.length}}'", //                      13
        "  - 'E {{duties.length}}'", //                              14
        "  - 'F {{position.constructor.name}}'", //                  15
        "  - 'G {{__proto__.polluted}}'", //                         16
      ),
    });
    const result = await compileIn(dir);
    expect(result.model).toBeUndefined();
    expect(errorsOf(result).map((d) => [at(d), d.code, d.message])).toEqual([
      ['role.yaml:10:8', 'placeholder/unknown', 'unknown placeholder `{{constructor}}`: the role has no `constructor`'],
      ['role.yaml:11:8', 'placeholder/unknown', 'unknown placeholder `{{__proto__}}`: the role has no `__proto__`'],
      ['role.yaml:12:8', 'placeholder/unknown', 'unknown placeholder `{{toString}}`: the role has no `toString`'],
      ['role.yaml:13:8', 'placeholder/unknown', 'unknown placeholder `{{position.title.length}}`: the role has no `position.title.length`'],
      ['role.yaml:14:8', 'placeholder/unknown', 'unknown placeholder `{{duties.length}}`: the role has no `duties.length`'],
      ['role.yaml:15:8', 'placeholder/unknown', 'unknown placeholder `{{position.constructor.name}}`: the role has no `position.constructor`'],
      ['role.yaml:16:8', 'placeholder/unknown', 'unknown placeholder `{{__proto__.polluted}}`: the role has no `__proto__`'],
    ]);
    // The texts are left as written, never filled with what the names resolve to on an object.
    const duties = result.resolution!.data!.duties as Array<{ text: string }>;
    expect(duties.map((c) => c.text)).toEqual([
      'A {{constructor}}',
      'B {{__proto__}}',
      'C {{toString}}',
      'D {{position.title.length}}',
      'E {{duties.length}}',
      'F {{position.constructor.name}}',
      'G {{__proto__.polluted}}',
    ]);
  });

  it('rejects expressions that are not data paths: helpers, blocks, spaces, calls, empty', async () => {
    const dir = project({
      'role.yaml': FULL_ROLE.replace(
        '  - Registers correspondence.',
        ["  - '{{#each duties}}x{{/each}}'", "  - '{{ a b }}'", "  - '{{}}'", "  - '{{position.title()}}'", "  - '{{> partial}}'", "  - '{{position}}'"].join(
          '\n',
        ),
      ),
    });
    const result = await compileIn(dir);
    expect(result.model).toBeUndefined();
    expect(errorsOf(result).map((d) => [at(d), d.code])).toEqual([
      ['role.yaml:9:6', 'placeholder/syntax'],
      ['role.yaml:9:23', 'placeholder/syntax'],
      ['role.yaml:10:6', 'placeholder/syntax'],
      ['role.yaml:11:6', 'placeholder/syntax'],
      ['role.yaml:12:6', 'placeholder/syntax'],
      ['role.yaml:13:6', 'placeholder/syntax'],
      ['role.yaml:14:6', 'placeholder/not-text'],
    ]);
    expect(errorsOf(result)[0]!.message).toBe('`{{#each duties}}` is not a placeholder jdgen can fill');
  });

  it('refuses Handlebars triple braces and odd brace runs before anything is rendered, and leaves the text as written', async () => {
    const dir = project({
      'role.yaml': FULL_ROLE.replace(
        '  - Registers correspondence.',
        ["  - 'A {{{position.title}}}'", "  - 'B {{position.title}}}'", "  - 'C {{{{position.title}}}}'", "  - 'D {{position.title}}'"].join('\n'),
      ),
    });
    const result = await compileIn(dir);
    expect(result.model).toBeUndefined();
    expect(errorsOf(result).map((d) => [at(d), d.code, d.message])).toEqual([
      ['role.yaml:9:8', 'placeholder/syntax', '`{{{position.title}}}` is not a placeholder jdgen can fill'],
      ['role.yaml:10:8', 'placeholder/syntax', '`{{position.title}}}` is not a placeholder jdgen can fill'],
      ['role.yaml:11:8', 'placeholder/syntax', '`{{{{position.title}}}}` is not a placeholder jdgen can fill'],
    ]);
    const duties = result.resolution!.data!.duties as Array<{ text: string }>;
    expect(duties.map((c) => c.text)).toEqual(['A {{{position.title}}}', 'B {{position.title}}}', 'C {{{{position.title}}}}', 'D Clerk']);
  });
});

describe('diagnostics in bases', () => {
  it('carry includedFrom = the role’s `extends:` (file, line, column)', async () => {
    const dir = project({ 'base.yaml': BASE.replace('  - To request documents.', '  - 42'), 'role.yaml': extending() });
    const error = onlyError(await compileIn(dir));
    expect(error).toMatchObject({ file: 'base.yaml', line: 15, column: 5, path: 'rights[0]', includedFrom: [{ file: 'role.yaml', line: 2, column: 10 }] });
    expect(error.message).toBe('expected a clause (text or {text, items}), got a number');
  });

  it('carry the whole chain for a base of a base, innermost first', async () => {
    const dir = project({
      'bases/base.yaml': BASE.replace('jdgen: 1', 'jdgen: 1\ndutis: []'),
      'bases/middle.yaml': lines('# the middle layer', 'jdgen: 1', 'extends: base.yaml'),
      'roles/role.yaml': lines('jdgen: 1', 'position:', '  title: Role', 'extends:   ../bases/middle.yaml'),
      'jdgen.config.yaml': 'jdgen: 1\n',
    });
    const error = onlyError(await compileIn(dir, 'roles/role.yaml'));
    expect(error).toMatchObject({ file: 'bases/base.yaml', line: 2, column: 1, message: 'unknown key `dutis`', hint: 'did you mean `duties`?' });
    expect(error.includedFrom).toEqual([
      { file: 'bases/middle.yaml', line: 3, column: 10 },
      { file: 'roles/role.yaml', line: 4, column: 12 },
    ]);
  });

  it('point at the base when a problem found in the merged role lies in the base’s data', async () => {
    const dir = project({
      'base.yaml': BASE.replace('{ id: phone,', '{ id: mail,'),
      'role.yaml': extending('position: { title: Senior Clerk }'),
    });
    const error = onlyError(await compileIn(dir));
    expect(error).toMatchObject({
      code: 'role/duplicate-id',
      file: 'base.yaml',
      line: 13,
      column: 11,
      includedFrom: [{ file: 'role.yaml', line: 2, column: 10 }],
    });
    expect(error.message).toBe('id `mail` is already used at line 11');
  });

  it('point at the base for a problem in a section that came from the base', async () => {
    const dir = project({
      'base.yaml': BASE.replace('  - id: evaluation', '  - id: mail'), // line 24: the id of a duty at line 11
      'role.yaml': extending('position: { title: Senior Clerk }'),
    });
    const error = onlyError(await compileIn(dir));
    expect(error).toMatchObject({ code: 'role/duplicate-id', file: 'base.yaml', line: 24, column: 9, path: 'sections[1].id' });
    expect(error.includedFrom).toEqual([{ file: 'role.yaml', line: 2, column: 10 }]);
  });

  it('point at the section the role appended, not at the list edit around it', async () => {
    const result = await compileExtending(
      'sections:', //                                              3
      '  append:', //                                              4
      '    - { id: phone, title: Phone, clauses: [ Calls. ] }', // 5
    );
    const error = onlyError(result);
    expect(error).toMatchObject({ code: 'role/duplicate-id', file: 'role.yaml', line: 5, column: 13, path: 'sections[2].id' });
    expect(error.message).toBe('id `phone` is already used at base.yaml:13');
  });

  it('point at the role for what the role added, and name the base for the first occurrence', async () => {
    const result = await compileExtending('rights:', '  append: [ { id: files, text: To keep files. } ]');
    const error = onlyError(result);
    expect(error).toMatchObject({ code: 'role/duplicate-id', file: 'role.yaml', line: 4, column: 19 });
    expect(error.includedFrom).toBeUndefined();
    expect(error.message).toBe('id `files` is already used at base.yaml:12');
  });

  it('point at the role when the merged role lacks a required list after a remove', async () => {
    const result = await compileExtending('rights:', '  remove: []', 'duties:', '  remove: [ mail, files, phone ]');
    const error = onlyError(result);
    expect(error).toMatchObject({ file: 'role.yaml', line: 6, column: 3, path: 'duties' });
  });
});

describe('path safety', () => {
  it('rejects `extends:` leaving the role’s folder when there is no config', async () => {
    const dir = project({ 'outside.yaml': BASE, 'a/b/role.yaml': extending().replace('base.yaml', '../../outside.yaml') });
    const result = await compileIn(dir, 'a/b/role.yaml');
    expect(result.model).toBeUndefined();
    const error = onlyError(result);
    expect(error).toMatchObject({
      file: 'a/b/role.yaml',
      line: 2,
      column: 10,
      code: 'resolve/extends',
      message: '`../../outside.yaml` is outside the project',
    });
    expect(error.hint).toContain(join(dir, 'a/b'));
    expect(result.resolution!.files.map((f) => f.source.file)).toEqual(['a/b/role.yaml']);
  });

  it('rejects `extends:` leaving the config’s folder, and allows anything inside it', async () => {
    const dir = project({
      'outside.yaml': BASE,
      'proj/jdgen.config.yaml': 'jdgen: 1\n',
      'proj/base.yaml': BASE,
      'proj/roles/bad.yaml': lines('jdgen: 1', 'extends: ../../outside.yaml'),
      'proj/roles/good.yaml': lines('jdgen: 1', 'extends: ../base.yaml'),
    });
    expect(onlyError(await compileIn(dir, 'proj/roles/bad.yaml'))).toMatchObject({
      line: 2,
      column: 10,
      message: '`../../outside.yaml` is outside the project',
    });
    await expectModel(compileIn(dir, 'proj/roles/good.yaml'));
  });

  it('rejects a symlink inside the project that points outside it', async () => {
    const outside = project({ 'base.yaml': BASE, 'lib.yaml': lines('clauses:', '  x: Secret.') });
    const dir = project({ 'jdgen.config.yaml': 'jdgen: 1\n', 'role.yaml': extending().replace('base.yaml', 'link.yaml') });
    symlinkSync(join(outside, 'base.yaml'), join(dir, 'link.yaml'));
    symlinkSync(outside, join(dir, 'linked-folder'));
    expect(onlyError(await compileIn(dir))).toMatchObject({ file: 'role.yaml', line: 2, column: 10, message: '`link.yaml` is outside the project' });

    writeFileSync(join(dir, 'role.yaml'), FULL_ROLE.replace('  - Registers correspondence.', '  - use: linked-folder/lib.yaml#x'));
    expect(onlyError(await compileIn(dir))).toMatchObject({
      line: 9,
      column: 10,
      code: 'resolve/use',
      message: '`linked-folder/lib.yaml` is outside the project',
    });
  });

  it('follows a symlink that stays inside the project', async () => {
    const dir = project({ 'jdgen.config.yaml': 'jdgen: 1\n', 'bases/base.yaml': BASE, 'role.yaml': extending().replace('base.yaml', 'link.yaml') });
    symlinkSync(join(dir, 'bases/base.yaml'), join(dir, 'link.yaml'));
    await expectModel(compileIn(dir));
  });

  it('permits a folder outside the project named in `allow_paths`', async () => {
    const dir = project({
      'shared/base.yaml': BASE,
      'shared/common.yaml': lines('clauses:', '  ethics: Follows the code of ethics.'),
      'proj/jdgen.config.yaml': lines('jdgen: 1', 'allow_paths: [ ../shared ]'),
      'proj/role.yaml': lines('jdgen: 1', 'extends: ../shared/base.yaml', 'rights: [ { use: ../shared/common.yaml#ethics } ]'),
      'other/jdgen.config.yaml': lines('jdgen: 1'),
      'other/role.yaml': lines('jdgen: 1', 'extends: ../shared/base.yaml'),
    });
    const { role } = await expectModel(compileIn(dir, 'proj/role.yaml'));
    expect(role.rights).toEqual([{ id: 'ethics', text: 'Follows the code of ethics.', items: [] }]);
    expect(onlyError(await compileIn(dir, 'other/role.yaml')).message).toBe('`../shared/base.yaml` is outside the project');
  });

  it('rejects absolute paths and files that are not YAML', async () => {
    const dir = project({ 'role.yaml': lines('jdgen: 1', 'extends: /etc/passwd'), 'notes.txt': 'x: 1\n' });
    expect(onlyError(await compileIn(dir))).toMatchObject({ line: 2, column: 10, code: 'resolve/extends', message: '`/etc/passwd` is an absolute path' });

    writeFileSync(join(dir, 'role.yaml'), lines('jdgen: 1', 'extends: notes.txt'));
    expect(onlyError(await compileIn(dir))).toMatchObject({ line: 2, column: 10, message: '`notes.txt` is not a YAML file' });

    writeFileSync(join(dir, 'role.yaml'), FULL_ROLE.replace('  - Registers correspondence.', '  - use: notes.txt#x'));
    expect(onlyError(await compileIn(dir))).toMatchObject({ line: 9, column: 10, code: 'resolve/use', message: '`notes.txt` is not a YAML file' });

    writeFileSync(join(dir, 'role.yaml'), FULL_ROLE.replace('  - Registers correspondence.', '  - use: /etc/clauses.yaml#x'));
    expect(onlyError(await compileIn(dir))).toMatchObject({ line: 9, column: 10, message: '`/etc/clauses.yaml` is an absolute path' });
  });

  it('reports a base that does not exist', async () => {
    const dir = project({ 'role.yaml': lines('jdgen: 1', 'extends: missing.yaml') });
    expect(onlyError(await compileIn(dir))).toMatchObject({ line: 2, column: 10, message: '`missing.yaml` not found' });
  });

  it('reports an `extends:` cycle a → b → a, naming the chain', async () => {
    const dir = project({
      'a.yaml': lines('jdgen: 1', 'extends: b.yaml'),
      'b.yaml': lines('# b goes back to a', 'extends: a.yaml'),
    });
    const error = onlyError(await compileIn(dir, 'a.yaml'));
    expect(error).toMatchObject({ file: 'b.yaml', line: 2, column: 10, code: 'resolve/extends-cycle', message: 'the `extends:` chain loops' });
    expect(error.hint).toBe('chain: a.yaml → b.yaml → a.yaml');
    expect(error.includedFrom).toEqual([{ file: 'a.yaml', line: 2, column: 10 }]);
  });

  it('reports a role that extends itself', async () => {
    const dir = project({ 'roles/role.yaml': lines('jdgen: 1', 'extends: ./role.yaml') });
    const error = onlyError(await compileIn(dir, 'roles/role.yaml'));
    expect(error).toMatchObject({ file: 'roles/role.yaml', line: 2, column: 10, code: 'resolve/extends-cycle' });
    expect(error.hint).toBe('chain: roles/role.yaml → roles/role.yaml');
  });

  it('stops an `extends:` chain longer than 32 bases', async () => {
    const files: Record<string, string> = { 'role.yaml': lines('jdgen: 1', 'extends: b1.yaml') };
    for (let i = 1; i < 40; i++) files[`b${i}.yaml`] = lines(`# base ${i}`, `extends: b${i + 1}.yaml`);
    files['b40.yaml'] = BASE;
    const error = onlyError(await compileIn(project(files)));
    expect(error).toMatchObject({ file: 'b32.yaml', line: 2, column: 10, code: 'resolve/extends-depth', message: 'more than 32 bases in a chain' });
    expect(error.includedFrom).toHaveLength(32);
  });

  it('reports a library clause that uses itself, naming the chain', async () => {
    const dir = project({
      'lib.yaml': lines('clauses:', '  a: { use: lib.yaml#b }', '  b: { use: lib.yaml#a }'),
      'role.yaml': FULL_ROLE.replace('  - Registers correspondence.', '  - use: lib.yaml#a'),
    });
    const error = onlyError(await compileIn(dir));
    expect(error).toMatchObject({ file: 'lib.yaml', line: 3, column: 13, code: 'resolve/use-cycle', message: '`lib.yaml#a` uses itself' });
    expect(error.hint).toBe('chain: lib.yaml#a → lib.yaml#b → lib.yaml#a');
    expect(error.includedFrom).toEqual([
      { file: 'lib.yaml', line: 2, column: 13 },
      { file: 'role.yaml', line: 9, column: 10 },
    ]);
  });

  const BOMB = lines(
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  );

  it('stops a YAML alias bomb in a role, a base, a library or the config, fast', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'role.yaml': BOMB }, 'role.yaml'],
      [{ 'role.yaml': extending(), 'base.yaml': BOMB }, 'base.yaml'],
      [{ 'role.yaml': FULL_ROLE.replace('  - Registers correspondence.', '  - use: lib.yaml#a'), 'lib.yaml': BOMB }, 'lib.yaml'],
      [{ 'role.yaml': FULL_ROLE, 'jdgen.config.yaml': BOMB }, 'jdgen.config.yaml'],
    ];
    for (const [files, culprit] of cases) {
      const started = cpuMs();
      const result = await compileIn(project(files));
      expect(cpuMs() - started).toBeLessThan(6000);
      expect(result.model).toBeUndefined();
      // At the first alias that takes the repeated values past the limit: the first *d of line 5.
      expect(onlyError(result)).toMatchObject({
        file: culprit,
        code: 'yaml/alias-count',
        line: 5,
        column: 8,
        message: 'aliases repeat more than 10,000 values',
      });
    }
  });

  it('never lets a `__proto__:` key pollute Object.prototype, and reports it as an unknown key', async () => {
    const proto = '__proto__: { polluted: yes }';
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'role.yaml': extending(), 'base.yaml': `${BASE}${proto}\n` }, 'base.yaml:27:1'],
      [
        { 'role.yaml': extending(), 'base.yaml': BASE.replace('position: { title: Clerk, department: Office }', `position: { title: Clerk, ${proto} }`) },
        'base.yaml:4:27',
      ],
      [{ 'role.yaml': FULL_ROLE, 'jdgen.config.yaml': `jdgen: 1\n${proto}\n` }, 'jdgen.config.yaml:2:1'],
      [{ 'role.yaml': FULL_ROLE, 'jdgen.config.yaml': `jdgen: 1\norganization:\n  ${proto}\n` }, 'jdgen.config.yaml:3:3'],
      [{ 'role.yaml': `${FULL_ROLE}${proto}\n` }, 'role.yaml:14:1'],
      [{ 'role.yaml': `${extending()}${proto}\n`, 'base.yaml': BASE }, 'role.yaml:3:1'],
    ];
    for (const [files, where] of cases) {
      const result = await compileIn(project(files));
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(result.model).toBeUndefined();
      const error = onlyError(result);
      expect(at(error)).toBe(where);
      expect(error.message).toBe('unknown key `__proto__`');
    }
  });

  it('resolveRole reports every file it read and keeps `extends` out of the merged data', async () => {
    const dir = project({
      'jdgen.config.yaml': 'jdgen: 1\n',
      'base.yaml': BASE.replace('  - { id: mail, text: Handles mail. }', '  - use: lib.yaml#mail'),
      'lib.yaml': lines('clauses:', '  mail: Handles mail.'),
      'role.yaml': extending(),
    });
    const resolution = await resolveRole('role.yaml', { cwd: dir, sources: diskFiles(dir), context: createContext() });
    expect(resolution.diagnostics).toEqual([]);
    expect(resolution.files.map((f) => f.source.file).sort()).toEqual(['base.yaml', 'jdgen.config.yaml', 'lib.yaml', 'role.yaml']);
    expect(resolution.files.every((f) => f.path.startsWith(dir))).toBe(true);
    expect(resolution.data).not.toHaveProperty('extends');
    expect((resolution.data!.duties as unknown[])[0]).toEqual({ text: 'Handles mail.', id: 'mail' });
  });
});
