import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/**
 * `jdgen familiarise --from REV`: an approved Russian role whose duty changed
 * (its employees must sign again: one listed before, one new), an agreed
 * Ukrainian role that changed too (not in force: nobody signs), and an
 * approved role that did not change.
 */
describe('jdgen familiarise', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const edit = (file: string, from: string, to: string) => {
    const path = join(repo, file);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
  };

  beforeAll(() => {
    repo = realpathSync(tempDir('jdgen-familiarise-'));
    mkdirSync(join(repo, 'roles'));
    cpSync(join(ROOT, 'examples/ru/key-account-manager.yaml'), join(repo, 'roles/kam.yaml'));
    cpSync(join(ROOT, 'examples/uk/sales-manager.yaml'), join(repo, 'roles/sales.yaml'));
    cpSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(repo, 'roles/en-kam.yaml'));
    git('init', '-q');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.com');
    git('config', 'commit.gpgsign', 'false');
    git('add', '-A');
    git('commit', '-q', '-m', 'signed');
    edit('roles/kam.yaml', 'Ведёт закреплённый за ним портфель', 'Ведёт и развивает закреплённый за ним портфель');
    edit(
      'roles/kam.yaml',
      '    - { name: Воронцова Е. А., gender: female }',
      '    - { name: Воронцова Е. А., gender: female }\n    - { name: Петров И. С., position: Стажёр }',
    );
    edit('roles/sales.yaml', 'version: 2', 'version: 3');
  });

  it('lists the employees of the approved roles that changed, as text, Markdown and JSON', () => {
    const run = jdgen(['familiarise', '--from', 'HEAD', 'roles'], { cwd: repo });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('roles/kam.yaml: ');
    expect(run.stdout).toContain('    1. Воронцова Е. А.\n    2. Петров И. С., Стажёр (first time)\n');
    expect(run.stdout).not.toContain('roles/sales.yaml');
    expect(run.stdout).not.toContain('roles/en-kam.yaml');
    expect(run.stdout).toMatch(/2 signatures due on 1 approved job description changed since HEAD\n$/);
    const md = jdgen(['familiarize', '--from', 'HEAD', '-f', 'md'], { cwd: repo });
    expect(md.stdout).toContain('| roles/kam.yaml | ДИ-027 |');
    expect(md.stdout).toContain('| Петров И\\. С\\. | Стажёр | first time |'.replace(/\\\./g, '.'));
    const json = JSON.parse(jdgen(['familiarise', '--from', 'HEAD', '-f', 'json'], { cwd: repo }).stdout) as {
      roles: Array<{ file: string; employees: Array<{ name: string; again: boolean }> }>;
    };
    expect(json.roles.map((r) => r.file)).toEqual(['roles/kam.yaml']);
    expect(json.roles[0]!.employees).toEqual([
      { name: 'Воронцова Е. А.', again: true },
      { name: 'Петров И. С.', position: 'Стажёр', again: false },
    ]);
  });

  it('writes a printable sheet per role, DOCX and PDF, in the role’s language', async () => {
    const out = join(repo, 'sheets');
    const run = jdgen(['familiarise', '--from', 'HEAD', '-o', out], { cwd: repo });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('2 sheet files written to');
    const note = 'Повторное ознакомление в связи с изменением должностной инструкции: редакция 1 от «16» марта 2026 г.';
    const docx = unzipSync(readFileSync(join(out, 'roles/kam.familiarisation.docx')));
    const xml = strFromU8(docx['word/document.xml']!);
    const words = xml.replace(/<[^>]+>/g, '').replace(/\u00a0/g, ' ');
    for (const expected of ['ЛИСТ ОЗНАКОМЛЕНИЯ', note, 'Воронцова Е. А.', 'Петров И. С.', 'Стажёр']) expect(words, expected).toContain(expected);
    // Only the sheet: none of the document's clauses.
    expect(words).not.toContain('ДОЛЖНОСТНЫЕ ОБЯЗАННОСТИ');
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(join(out, 'roles/kam.familiarisation.pdf'))));
    expect(pdf.numPages).toBe(1);
    const { text } = await extractText(pdf, { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of ['ЛИСТ ОЗНАКОМЛЕНИЯ', 'Повторное ознакомление', 'Воронцова Е. А.', 'Петров И. С.']) expect(flat, expected).toContain(expected);
    expect(flat).not.toContain('ПРОЕКТ');
  });

  it('nobody signs when no approved document changed', () => {
    const run = jdgen(['familiarise', '--from', 'HEAD', '--to', 'HEAD', 'roles'], { cwd: repo });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('no approved job description changed between HEAD and HEAD\n');
  });

  it('wrong usage: no --from, a bad revision', () => {
    expect(jdgen(['familiarise'], { cwd: repo }).code).toBe(2);
    const bad = jdgen(['familiarise', '--from', 'nope'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown revision `nope`');
  });
});
