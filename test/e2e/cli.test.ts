import { existsSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

const KAM = join(ROOT, 'examples/en/key-account-manager.yaml');
const ESC = '\u001b[';

describe('jdgen CLI', () => {
  it('prints help and version, exit 0', () => {
    const help = jdgen(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/build \[options\] <inputs\.\.\.>/);
    expect(help.stdout).toMatch(/validate \[options\] <inputs\.\.\.>/);
    const version = jdgen(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('prints the role schema', () => {
    const run = jdgen(['schema']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, 'schemas/role.schema.json'), 'utf8')));
  });

  it.each([
    [['build'], /missing required argument 'inputs'/],
    [['build', KAM, '--bogus'], /unknown option '--bogus'/],
    [['build', KAM, '-f', 'docx,odt'], /unknown format `odt`; choose from docx, pdf, md, html, json/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 on wrong usage: %j', (args, message) => {
    const run = jdgen(args as string[], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('validates a good file with exit 0 and writes nothing', () => {
    const cwd = tempDir();
    const run = jdgen(['validate', KAM], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('is valid');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('reports every error with file:line:column, the source line and a hint; exit 1; no stack trace', () => {
    const run = jdgen(['validate', 'test/fixtures/invalid/clause-type.yaml', 'test/fixtures/invalid/unknown-keys.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('test/fixtures/invalid/clause-type.yaml:10:5: error: duties[2]: expected a clause (text or {text, items}), got a number');
    expect(run.stderr).toContain('  10 |   - 42\n     |     ^');
    expect(run.stderr).toContain('test/fixtures/invalid/unknown-keys.yaml:7:1: error: dutis: unknown key `dutis`');
    expect(run.stderr).toContain('hint: did you mean `duties`?');
    expect(run.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(run.stderr).not.toContain(ESC);
  });

  it('reports a missing file without a stack trace', () => {
    const run = jdgen(['build', 'no-such-role.yaml'], { cwd: tempDir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no-such-role.yaml: error: file not found');
  });

  it('writes nothing for an invalid role and keeps the previous good output', () => {
    const cwd = tempDir();
    copyFileSync(KAM, join(cwd, 'role.yaml'));
    expect(jdgen(['build', 'role.yaml', '-o', 'out'], { cwd }).code).toBe(0);
    const before = readdirSync(join(cwd, 'out')).sort();
    expect(before).toEqual(['.jdgen-manifest.json', 'role.docx', 'role.md', 'role.pdf']);
    const previous = readFileSync(join(cwd, 'out', 'role.pdf'));
    writeFileSync(join(cwd, 'role.yaml'), readFileSync(KAM, 'utf8').replace('  - id: portfolio', '  - 42\n  - id: portfolio'));
    const run = jdgen(['build', 'role.yaml', '-o', 'out'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/role\.yaml:\d+:\d+: error: duties\[0\]/);
    expect(run.stderr).toContain('nothing written');
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(before);
    expect(readFileSync(join(cwd, 'out', 'role.pdf')).equals(previous)).toBe(true);
  });

  it('builds the good files of a batch even when one fails, and exits 1', () => {
    const cwd = tempDir();
    const run = jdgen(['build', KAM, join(ROOT, 'test/fixtures/invalid/duplicate-key.yaml'), '-o', cwd, '-f', 'md']);
    expect(run.code).toBe(1);
    expect(existsSync(join(cwd, 'key-account-manager.md'))).toBe(true);
    expect(existsSync(join(cwd, 'duplicate-key.md'))).toBe(false);
    expect(run.stdout).toMatch(/^1 built, 0 unchanged, 1 failed in \d+\.\d\d s$/m);
  });

  it('refuses two inputs that would overwrite each other', () => {
    const cwd = tempDir();
    const run = jdgen([
      'build',
      KAM,
      join(ROOT, 'test/fixtures/valid/../../../examples/en/key-account-manager.yaml'),
      join(cwd, 'x', '..', 'key-account-manager.yaml'),
      '-o',
      cwd,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('would both be written to');
  });

  it('colours output only when asked, and never with NO_COLOR', () => {
    const args = ['validate', 'test/fixtures/invalid/clause-type.yaml'];
    expect(jdgen(args, { env: { FORCE_COLOR: '1' } }).stderr).toContain(ESC);
    expect(jdgen(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stderr).not.toContain(ESC);
  });

  it('prints the document model with -f json', () => {
    const cwd = tempDir();
    expect(jdgen(['build', KAM, '-o', cwd, '-f', 'json'], { cwd }).code).toBe(0);
    const model = JSON.parse(readFileSync(join(cwd, 'key-account-manager.json'), 'utf8'));
    expect(model.meta).toMatchObject({ title: 'JOB DESCRIPTION: Key Account Manager', language: 'en-GB', date: '2026-11-02' });
    expect(readdirSync(cwd).sort()).toEqual(['.jdgen-manifest.json', 'key-account-manager.json']);
  });

  it('overrides the locale from the command line, and rejects an unknown one', () => {
    const run = jdgen(['validate', KAM, '--locale', 'xx']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown locale `xx` (from --locale)');
    expect(run.stderr).toContain('known locales: az, en, lv, ro, ru, sq, uk');
  });
});
