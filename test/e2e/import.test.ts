import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';
import { undescribedProperties } from '../helpers/schema.js';

describe('jdgen import (the real CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('jdgen-import-');
    const built = jdgen([
      'build',
      join(ROOT, 'examples/uk/sales-manager.yaml'),
      join(ROOT, 'examples/en/contract-specialist.yaml'),
      '-f',
      'docx,md',
      '-o',
      join(dir, 'orig'),
      '--quiet',
    ]);
    expect(built.code).toBe(0);
  });

  it('writes one validated role per document, with the modeline, that builds into the same text', () => {
    const run = jdgen(['import', 'orig/sales-manager.docx', 'orig/contract-specialist.docx', '-o', 'roles'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ orig/sales-manager.docx → roles/sales-manager.yaml (docx, uk guessed');
    expect(run.stdout).toMatch(/extra sections \(under sections:\)\n +¶\d+ "Умови праці" \(4 clauses\)/);
    expect(run.stdout).toContain('document.status: draft (the pages carry a draft mark)');
    expect(run.stdout).toContain('2 imported, 0 failed');
    const text = readFileSync(join(dir, 'roles/sales-manager.yaml'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/role\.schema\.json$/);
    const rebuilt = jdgen(['build', 'roles/sales-manager.yaml', 'roles/contract-specialist.yaml', '-f', 'md', '-o', 'again', '--quiet'], { cwd: dir });
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    for (const name of ['sales-manager', 'contract-specialist']) {
      expect(readFileSync(join(dir, `again/${name}.md`), 'utf8')).toBe(readFileSync(join(dir, `orig/${name}.md`), 'utf8'));
    }
  });

  it('never overwrites without --force (exit 1, file untouched), and does with it', () => {
    const target = join(dir, 'keep/sales-manager.yaml');
    expect(jdgen(['import', 'orig/sales-manager.docx', '-o', 'keep', '--quiet'], { cwd: dir }).code).toBe(0);
    writeFileSync(target, 'mine\n');
    const again = jdgen(['import', 'orig/sales-manager.docx', '-o', 'keep'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('keep/sales-manager.yaml: error: already exists: not overwritten');
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
    expect(jdgen(['import', 'orig/sales-manager.docx', '-o', 'keep', '--force', '--quiet'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('locale: uk');
  });

  it('--reporter json: the report for scripts, paragraphs included', () => {
    const run = jdgen(['import', 'orig/contract-specialist.docx', '-o', 'json', '--reporter', 'json', '--locale', 'en'], { cwd: dir });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      files: { status: string; output: string; report: { locale: string; localeGuessed: boolean; mapped: { path: string; paragraph: number }[] } }[];
      summary: unknown;
    };
    expect(report.summary).toEqual({ imported: 1, failed: 0 });
    const [file] = report.files;
    expect(file).toMatchObject({ status: 'imported', output: 'json/contract-specialist.yaml', report: { locale: 'en', localeGuessed: false } });
    expect(file!.report.mapped.find((m) => m.path === 'document.changes')?.paragraph).toBeGreaterThan(0);
  });

  it('--reporter json is valid against schemas/import-report.schema.json (which `jdgen schema` prints), failures included', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/import-report.schema.json'), 'utf8')) as Record<string, unknown>;
    expect(schema.$id).toBe('urn:jdgen:schema:import-report:1');
    expect(undescribedProperties(schema)).toEqual([]);
    expect(JSON.parse(jdgen(['schema', '--name', 'import-report']).stdout)).toEqual(schema);
    const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
    writeFileSync(join(dir, 'broken.docx'), 'plain text, not a zip');
    const run = jdgen(['import', 'orig/sales-manager.docx', 'broken.docx', '-o', 'schema', '--reporter', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { jdgen: number; files: { status: string }[] };
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(report.files.map((f) => f.status)).toEqual(['imported', 'failed']);
    // The schema is strict: what import never prints is refused.
    expect(validate({ ...report, extra: true })).toBe(false);
    expect(validate({ ...report, files: [{ file: 'a.docx', status: 'imported', diagnostics: [] }] })).toBe(false);
  });

  it('a file that is not a document: exit 1, nothing written; no file named: exit 2', () => {
    writeFileSync(join(dir, 'notes.docx'), 'plain text, not a zip');
    const bad = jdgen(['import', 'notes.docx', '-o', 'bad'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('notes.docx: error: not a DOCX or ODT document (it is not a zip archive)');
    expect(existsSync(join(dir, 'bad')) ? readdirSync(join(dir, 'bad')) : []).toEqual([]);
    expect(jdgen(['import'], { cwd: dir }).code).toBe(2);
    expect(jdgen(['import', 'orig/sales-manager.docx', '--locale', 'xx'], { cwd: dir }).code).toBe(1);
  });

  it('--extends: writes only what differs from the base and the config, and builds into the same text', () => {
    const org = join(dir, 'org');
    cpSync(join(ROOT, 'examples/organization'), org, { recursive: true });
    expect(jdgen(['build', 'roles/sales-manager.yaml', '-f', 'docx,md', '-o', 'orig', '--quiet'], { cwd: org }).code).toBe(0);
    const run = jdgen(['import', 'orig/sales-manager.docx', '--extends', 'bases/manager.yaml', '-o', 'imported', '--quiet'], { cwd: org });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = readFileSync(join(org, 'imported/sales-manager.yaml'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/\$schema=.*schemas\/role-part\.schema\.json$/);
    const role = parse(text) as Record<string, unknown>;
    // The base's general provisions and responsibility (placeholders filled with this title), the config's organisation
    // and signatories: all inherited. The one right the base lacks: appended.
    expect(Object.keys(role)).toEqual(['jdgen', 'extends', 'document', 'position', 'qualifications', 'duties', 'rights']);
    expect(role.extends).toBe('../bases/manager.yaml');
    expect(role.position).toEqual({ title: 'Sales Manager', department: 'Sales Department', reports_to: 'Head of Sales' });
    expect(role.rights).toEqual({ append: ['To grant discounts within the limits of the approved price policy.'] });
    expect(jdgen(['build', 'imported/sales-manager.yaml', '-f', 'md', '-o', 'again', '--quiet'], { cwd: org }).code).toBe(0);
    expect(readFileSync(join(org, 'again/sales-manager.md'), 'utf8')).toBe(readFileSync(join(org, 'orig/sales-manager.md'), 'utf8'));

    // Three imported roles that share clauses: lint suggests a clause library for them.
    for (const name of ['a', 'b', 'c']) copyFileSync(join(org, 'orig/sales-manager.docx'), join(org, `orig/${name}.docx`));
    expect(jdgen(['import', 'orig/a.docx', 'orig/b.docx', 'orig/c.docx', '--extends', 'bases/manager.yaml', '-o', 'set', '--quiet'], { cwd: org }).code).toBe(
      0,
    );
    const lint = jdgen(['lint', 'set/'], { cwd: org });
    expect(lint.stderr).toMatch(/warning: duties\[4\]: the same clause is written out in 3 roles .*: it could be one library clause/);
    expect(lint.stderr).toContain('hint: move it to a clause library');
  });

  it('--extends with a base that does not exist: exit 2, nothing written', () => {
    const run = jdgen(['import', 'orig/sales-manager.docx', '--extends', 'bases/nope.yaml', '-o', 'nobase'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--extends: no base role file bases/nope.yaml');
    expect(existsSync(join(dir, 'nobase'))).toBe(false);
  });
});
