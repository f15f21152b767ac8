import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compile } from '../../src/api.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { tempDir } from '../helpers/cli.js';
import { cpuMs } from '../helpers/cpu-time.js';

/**
 * Property: whatever a project holds — random values for the role's keys,
 * `extends:` and `use:` references to files that exist, are missing, escape
 * the project, are absolute, not YAML, cyclic or symlinked out, random
 * placeholders, broken YAML, alias bombs, `__proto__` keys — compile() never
 * throws. It returns a model without errors, or at least one error, and every
 * diagnostic names a file and a position (line and column ≥ 0).
 *
 * Half the projects are "tidy": well-formed files whose problems lie in what
 * the resolve stage checks (references, list edits, placeholders), so runs get
 * past the schema into merging and rendering. The other half are "wild":
 * any value anywhere, odd files, `__proto__` keys.
 */

/** A complete, valid role: projects start from it and change a few keys, so some compile to a model. */
const VALID: Record<string, unknown> = {
  jdgen: 1,
  organization: { name: 'Minimal Ltd' },
  document: { number: 'JD-1', date: '2026-01-15' },
  position: { title: 'Clerk' },
  approval: { position: 'Director', name: 'A. Director' },
  general_provisions: ['The Clerk belongs to the technical staff.'],
  duties: [{ id: 'mail', text: 'Handles mail.' }, { id: 'files', text: 'Keeps files.' }, 'Registers correspondence.'],
  rights: ['To request documents.'],
  responsibility: ['For improper performance.'],
  sections: [{ id: 'conditions', title: 'Working conditions', clauses: [{ id: 'hours', text: 'Works 40 hours a week.' }] }],
};
const VALID_KEYS = Object.keys(VALID);

/** Files the project holds (some may be left out), and references that exist, are missing, escape, are absolute, not YAML, a folder or a symlink out. */
const PROJECT_FILES = ['a.yaml', 'b.yaml', 'sub/c.yaml', './a.yaml', 'sub/../b.yaml', 'role.yaml'];
const BAD_REFERENCES = [
  'missing.yaml',
  '../outside.yaml',
  '../../far/away.yaml',
  '/etc/passwd',
  '/etc/hosts.yaml',
  'notes.txt',
  'folder.yaml',
  'link.yaml',
  'A.YAML',
  'lib.yml',
];
const LIBRARY_NAMES = ['x', 'confidentiality', 'a-b'];
const ODD_NAMES = ['constructor', '__proto__', 'toString', 'missing'];
const GOOD_PLACEHOLDERS = ['{{position.title}}', '{{organization.name}}', '{{ position.title }}', '{{document.number}}', '{{duties.0.text}}'];
const BAD_PLACEHOLDERS = [
  '{{duties.1}}',
  '{{position}}',
  '{{nope}}',
  '{{position.titel}}',
  '{{constructor}}',
  '{{__proto__.polluted}}',
  '{{toString}}',
  '{{duties.length}}',
  '{{position.title.length}}',
  '{{#each duties}}',
  '{{ a b }}',
  '{{}}',
  '{{',
  '}}',
];
const BOMB = [
  'a: &a [x,x,x,x,x,x,x,x,x]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
].join('\n');
const ODD_FILES = [
  '',
  '~',
  '[',
  '- 1\n- 2\n',
  'key: value\nkey: again\n',
  'a: &x { b: 1 }\nc: *x\n',
  'a: *undefined\n',
  'jdgen: 1\n__proto__: { polluted: yes }\n',
  'clauses:\n  __proto__: { polluted: yes }\n',
  '\t- tab\n',
  BOMB,
];
const WORDS = ['Clerk', 'Handles mail.', 'of the', 'ș ț ă', 'Ключ', '#', 'a: b', '- x', '|', '*', '@p', '&a', '"', "'", '中'];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

/** Every arbitrary of a project; `wild` lets any value appear anywhere. */
function projectArbitrary(wild: boolean) {
  const odd = wild ? 1 : 0;
  /** Mostly `good`; when wild, now and then any value. */
  const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    wild ? fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: anyValue }) : good;

  const placeholder = fc.oneof({ weight: 3, arbitrary: pick(GOOD_PLACEHOLDERS) }, { weight: 1, arbitrary: pick(BAD_PLACEHOLDERS) });
  const sentence = fc
    .array(fc.oneof({ weight: 4, arbitrary: pick(WORDS) }, { weight: 1, arbitrary: placeholder }), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join(' '));
  const text = wild ? fc.oneof({ weight: 6, arbitrary: sentence }, { weight: 1, arbitrary: fc.string({ maxLength: 16 }) }) : sentence;
  const anyValue: fc.Arbitrary<unknown> = fc.oneof(text, fc.integer({ min: -3, max: 300 }), fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([]));
  const id = fc.oneof(
    { weight: 8, arbitrary: pick(['mail', 'files', 'hours', 'x-1', 'confidentiality']) },
    { weight: odd, arbitrary: pick(['bad id', '__proto__', 'constructor', '']) },
  );

  const reference = fc.oneof({ weight: 4, arbitrary: pick(PROJECT_FILES) }, { weight: 1, arbitrary: pick(BAD_REFERENCES) });
  const useReference = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(pick(['lib.yaml', 'sub/../lib.yaml']), pick(LIBRARY_NAMES)).map(([file, name]) => `${file}#${name}`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.oneof(pick(BAD_REFERENCES), pick(PROJECT_FILES)), fc.oneof(pick(LIBRARY_NAMES), pick(ODD_NAMES)))
        .map(([file, name]) => `${file}#${name}`),
    },
    { weight: odd, arbitrary: pick(['lib.yaml', '#x', 'lib.yaml#', 'lib.yaml#x#y']) },
  );
  const leafClause = fc.oneof({ weight: 4, arbitrary: text }, { weight: 2, arbitrary: fc.record({ use: useReference }) }, { weight: odd, arbitrary: anyValue });
  const clause = fc.oneof(
    { weight: 5, arbitrary: text },
    { weight: 3, arbitrary: fc.record({ text, id, items: fc.array(leafClause, { minLength: 1, maxLength: 2 }) }, { requiredKeys: ['text'] }) },
    { weight: 3, arbitrary: fc.record({ use: useReference }) },
    { weight: odd, arbitrary: anyValue },
  );
  const listEdit = <T>(item: fc.Arbitrary<T>) =>
    fc.record(
      { prepend: fc.array(item, { maxLength: 2 }), append: fc.array(item, { maxLength: 3 }), remove: fc.array(id, { maxLength: 2 }) },
      { requiredKeys: [] },
    );
  const clauseList = mostly(fc.oneof(fc.array(clause, { minLength: 1, maxLength: 4 }), listEdit(clause)));
  const section = fc.record({ title: text, id, clauses: clauseList }, { requiredKeys: ['title', 'clauses'] });
  const sections = mostly(fc.oneof(fc.array(section, { minLength: 1, maxLength: 2 }), listEdit(section)));
  const groupNames = wild
    ? ['education', 'experience', 'knowledge', 'skills', 'qualities', 'bogus']
    : ['education', 'experience', 'knowledge', 'skills', 'qualities'];
  const qualifications = fc.oneof(clauseList, fc.dictionary(pick(groupNames), fc.oneof(clause, clauseList), { minKeys: 1, maxKeys: 3 }));
  const signatory = mostly(fc.record({ position: text, name: text }));
  const agreedBy = mostly(
    fc.oneof(
      fc.array(signatory, { maxLength: 2 }),
      fc.record({ append: fc.array(signatory, { maxLength: 2 }), prepend: fc.array(signatory, { maxLength: 1 }) }, { requiredKeys: [] }),
    ),
  );
  const organization = mostly(fc.record({ name: text, city: text }, { requiredKeys: [] }));
  const familiarization = mostly(
    fc.record(
      {
        rows: fc.integer({ min: wild ? -1 : 0, max: wild ? 210 : 8 }),
        employees: fc.array(fc.record({ name: text, position: text }, { requiredKeys: ['name'] }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
  );

  /** One key of a role or base file with a random value. */
  const roleEntry: fc.Arbitrary<[string, unknown]> = fc.oneof(
    { weight: 1, arbitrary: fc.tuple(fc.constant('locale'), mostly(pick(wild ? ['en', 'uk', 'ru', 'xx', 'EN'] : ['en', 'uk', 'ru', 'xx']))) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('organization'), organization) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constant('position'),
        mostly(fc.record({ title: text, code: fc.oneof(text, fc.integer({ min: 1, max: 9999 })) }, { requiredKeys: [] })),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constant('document'),
        fc.record(
          {
            number: fc.oneof(text, fc.integer({ min: 1 })),
            date: mostly(pick(['2026-01-15', '2027-02-28'])),
            version: fc.integer({ min: odd ? 0 : 1, max: 9 }),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constant('approval'), signatory) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('agreed_by'), agreedBy) },
    { weight: 4, arbitrary: fc.tuple(pick(['general_provisions', 'duties', 'rights', 'responsibility', 'relationships']), clauseList) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('qualifications'), qualifications) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('sections'), sections) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('familiarization'), familiarization) },
    { weight: odd, arbitrary: fc.tuple(pick(['bogus', 'dutis', 'clauses', 'extends']), anyValue) },
  );

  /** A role-like YAML file: some valid keys kept, an `extends:` perhaps, a few keys set at random; when wild, sometimes a `__proto__` key. */
  const roleFile = (keep: fc.Arbitrary<string[]>) =>
    fc
      .record({
        keep,
        extendsTo: fc.option(reference, { freq: 2, nil: undefined }),
        entries: fc.array(roleEntry, { maxLength: 3 }),
        dice: fc.integer({ min: 0, max: 9 }),
      })
      .map(({ keep, extendsTo, entries, dice }) => {
        const data: Record<string, unknown> = {};
        for (const key of keep) data[key] = VALID[key];
        if (extendsTo !== undefined) data.extends = extendsTo;
        for (const [key, value] of entries) data[key] = value;
        return stringify(data) + (wild && dice === 0 ? '__proto__: { polluted: yes }\n' : '');
      });
  const oddFile = fc.oneof(pick(ODD_FILES), fc.string({ maxLength: 30 }));
  const orOdd = (file: fc.Arbitrary<string>) => (wild ? fc.oneof({ weight: 4, arbitrary: file }, { weight: 1, arbitrary: oddFile }) : file);

  const baseFile = orOdd(roleFile(fc.subarray(VALID_KEYS)));
  const libraryFile = orOdd(fc.dictionary(pick([...LIBRARY_NAMES, 'other']), clause, { minKeys: 1, maxKeys: 4 }).map((clauses) => stringify({ clauses })));
  const configFile = orOdd(
    fc
      .record(
        {
          locale: pick(['en', 'uk', 'xx']),
          organization,
          approval: signatory,
          agreed_by: fc.array(signatory, { maxLength: 2 }),
          familiarization,
          allow_paths: fc.array(pick(['..', '../..', 'sub', '/', 'nowhere']), { maxLength: 2 }),
          ...(wild ? { bogus: anyValue } : {}),
        },
        { requiredKeys: [] },
      )
      .map((config) => stringify({ jdgen: 1, ...config })),
  );

  return fc.record({
    wild: fc.constant(wild),
    role: wild
      ? fc.oneof(
          { weight: 3, arbitrary: roleFile(fc.constant(VALID_KEYS)) },
          { weight: 1, arbitrary: roleFile(fc.subarray(VALID_KEYS)) },
          { weight: 1, arbitrary: oddFile },
        )
      : roleFile(fc.constant(VALID_KEYS)),
    a: fc.option(baseFile, { freq: 4, nil: undefined }),
    b: fc.option(baseFile, { freq: 4, nil: undefined }),
    c: fc.option(baseFile, { freq: 4, nil: undefined }),
    lib: fc.option(libraryFile, { freq: 4, nil: undefined }),
    config: fc.option(configFile, { freq: 2, nil: undefined }),
    explicitConfig: wild
      ? pick([undefined, undefined, undefined, 'jdgen.config.yaml', 'missing.config.yaml'])
      : pick([undefined, undefined, 'jdgen.config.yaml']),
  });
}

const projects = fc.oneof(projectArbitrary(false), projectArbitrary(true));
type Project = typeof projects extends fc.Arbitrary<infer T> ? T : never;

function checkDiagnostic(d: Diagnostic): void {
  const shown = JSON.stringify(d);
  expect(typeof d.file === 'string' && d.file.length > 0, `diagnostic without a file: ${shown}`).toBe(true);
  expect(Number.isInteger(d.line) && d.line >= 0 && Number.isInteger(d.column) && d.column >= 0, `diagnostic without a position: ${shown}`).toBe(true);
  expect(d.message.length, `diagnostic without a message: ${shown}`).toBeGreaterThan(0);
  for (const ref of d.includedFrom ?? []) {
    expect(ref.file.length > 0 && ref.line >= 1 && ref.column >= 1, `bad includedFrom: ${shown}`).toBe(true);
  }
}

describe('compile() on arbitrary projects', () => {
  it('never throws: it returns a model, or errors that each name a file and a position', async () => {
    const root = realpathSync(tempDir('jdgen-resolve-property-'));
    // Outside every project: a valid base, so escaping references find a real file.
    writeFileSync(join(root, 'outside.yaml'), stringify(VALID));
    let run = 0;
    const outcomes = { model: 0, tidyFailures: 0, wildFailures: 0 };
    const started = cpuMs();

    const write = (dir: string, name: string, text: string | undefined) => {
      if (text === undefined) return;
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    };

    await fc.assert(
      fc.asyncProperty(projects, async (project: Project) => {
        const dir = join(root, `p${run++}`);
        mkdirSync(join(dir, 'folder.yaml'), { recursive: true });
        write(dir, 'role.yaml', project.role);
        write(dir, 'a.yaml', project.a);
        write(dir, 'b.yaml', project.b);
        write(dir, 'sub/c.yaml', project.c);
        write(dir, 'lib.yaml', project.lib);
        write(dir, 'jdgen.config.yaml', project.config);
        write(dir, 'notes.txt', 'clauses: { x: Notes. }\n');
        symlinkSync(join(root, 'outside.yaml'), join(dir, 'link.yaml'));

        const result = await compile('role.yaml', { cwd: dir, ...(project.explicitConfig ? { configFile: project.explicitConfig } : {}) });

        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        if (result.model) {
          outcomes.model++;
          expect(errors).toEqual([]);
        } else {
          outcomes[project.wild ? 'wildFailures' : 'tidyFailures']++;
          expect(errors.length, 'no model and no error').toBeGreaterThan(0);
        }
        result.diagnostics.forEach(checkDiagnostic);
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      }),
      { numRuns: 150, interruptAfterTimeLimit: 18_000, markInterruptAsFailure: false },
    );

    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(run).toBeGreaterThanOrEqual(100);
    // The generator reaches the render stage now and then, not only early failures.
    expect(outcomes.model).toBeGreaterThan(0);
    expect(cpuMs() - started).toBeLessThan(20_000);
  }, 30_000);
});
