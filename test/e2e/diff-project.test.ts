import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/**
 * `jdgen diff --from REV [--to REV] [folders]` on a repository whose commits
 * change, one at a time: a role, a base, a library clause, a base's comment
 * only, the config, then rename one role, remove one and add one; the
 * working tree breaks a role.
 */
interface Json {
  same: boolean;
  summary: Record<string, number>;
  roles: Array<{
    file: string;
    oldFile?: string;
    status: string;
    cause?: string;
    roleFileChanged: boolean;
    sources: Array<{ file: string; kind: string; parts: string[] }>;
    clauses?: Array<{ kind: string; id?: string }>;
    header?: Array<{ field: string }>;
    failedAt?: string;
    diagnostics?: Array<{ file: string; line: number; message: string }>;
  }>;
}

describe('jdgen diff --from over a project', () => {
  let repo: string;
  const commits: Record<string, string> = {};
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const edit = (file: string, from: string | RegExp, to: string) => {
    const path = join(repo, file);
    const text = readFileSync(path, 'utf8');
    const next = text.replace(from, to);
    expect(next, `${file}: ${String(from)}`).not.toBe(text);
    writeFileSync(path, next);
  };
  const commit = (name: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', name);
    commits[name] = git('rev-parse', 'HEAD');
  };
  const diffJson = (from: string, to?: string, ...rest: string[]) => {
    const run = jdgen(['diff', '--from', commits[from]!, ...(to ? ['--to', commits[to]!] : []), '-f', 'json', ...rest], { cwd: repo });
    return { run, json: JSON.parse(run.stdout) as Json };
  };
  const byFile = (json: Json) => Object.fromEntries(json.roles.map((r) => [r.file, r]));

  beforeAll(() => {
    repo = realpathSync(tempDir('jdgen-diff-project-'));
    cpSync(join(ROOT, 'examples/organization'), repo, { recursive: true });
    // A third role that reads no `confidentiality`: a change of that library clause is not its business.
    const clerk = readFileSync(join(repo, 'roles/account-manager.yaml'), 'utf8')
      .replace('  - use: ../clauses/common.yaml#confidentiality', '  - Keeps the filing cabinet locked.')
      .replace(/number: .*/, 'number: CL-001');
    writeFileSync(join(repo, 'roles/clerk.yaml'), clerk);
    git('init', '-q');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.com');
    git('config', 'commit.gpgsign', 'false');
    commit('init');
    edit('roles/account-manager.yaml', 'Draws up an annual development plan', 'Draws up a yearly development plan');
    commit('role');
    edit('bases/manager.yaml', 'To improve the professional qualification', 'To improve the professional qualification every year');
    commit('base');
    edit('clauses/common.yaml', 'Keeps confidential the trade secrets', 'Keeps strictly confidential the trade secrets');
    commit('library');
    edit('bases/manager.yaml', '# What every manager', '# What each manager');
    commit('comment');
    edit('jdgen.config.yaml', 'name: E. Walker', 'name: E. Walker-Smith');
    commit('config');
    git('mv', 'roles/sales-manager.yaml', 'roles/head-of-sales.yaml');
    git('rm', '-q', 'roles/clerk.yaml');
    // Another role altogether: added, not the clerk renamed.
    cpSync(join(ROOT, 'examples/en/contract-specialist.yaml'), join(repo, 'roles/buyer.yaml'));
    commit('rename');
    // The working tree: a role that no longer validates.
    edit('roles/buyer.yaml', /^duties:\n/m, 'duties:\n  - 42\n');
  });

  it('a role edited: changed by its own file, with the clause and a redline DOCX', () => {
    const out = join(repo, '..', `${repo.split('/').pop()}-redlines`);
    const { run, json } = diffJson('init', 'role', '-o', out);
    expect(run.code, run.stderr).toBe(1);
    const roles = byFile(json);
    expect(roles['roles/account-manager.yaml']).toMatchObject({ status: 'changed', cause: 'role', roleFileChanged: true, sources: [] });
    expect(roles['roles/account-manager.yaml']!.clauses!.map((c) => c.kind)).toEqual(['reworded']);
    expect(roles['roles/sales-manager.yaml']!.status).toBe('unchanged');
    expect(roles['roles/clerk.yaml']!.status).toBe('unchanged');
    expect(run.stderr).toContain('1 redline with tracked changes written to');
    const docx = unzipSync(readFileSync(join(out, 'roles/account-manager.docx')));
    const body = strFromU8(docx['word/document.xml']!);
    expect(body).toContain('<w:ins ');
    expect(body).toMatch(/<w:ins [^>]*>(?:(?!<\/w:ins>).)*yearly/);
  });

  it('a base changed: the roles that extend it changed through the base only; one that removes the changed right is affected', () => {
    const { run, json } = diffJson('role', 'base');
    expect(run.code, run.stderr).toBe(1);
    const roles = byFile(json);
    expect(roles['roles/sales-manager.yaml']).toMatchObject({ status: 'changed', cause: 'shared', roleFileChanged: false });
    expect(roles['roles/sales-manager.yaml']!.sources).toEqual([{ file: 'bases/manager.yaml', kind: 'base', parts: ['rights'] }]);
    // The account manager (and the clerk, its copy) says `remove: [training]`: the base's change never reaches its document.
    for (const file of ['roles/account-manager.yaml', 'roles/clerk.yaml'])
      expect(roles[file], file).toMatchObject({ status: 'affected', sources: [{ file: 'bases/manager.yaml', kind: 'base', parts: ['rights'] }] });
    expect(json.summary).toMatchObject({ changed: 1, shared: 1, affected: 2 });
  });

  it('a library clause changed: the roles that use it, naming the clause; the role that does not is unchanged', () => {
    const { run, json } = diffJson('base', 'library');
    expect(run.code, run.stderr).toBe(1);
    const roles = byFile(json);
    for (const file of ['roles/account-manager.yaml', 'roles/sales-manager.yaml']) {
      expect(roles[file], file).toMatchObject({ status: 'changed', cause: 'shared' });
      expect(roles[file]!.sources).toEqual([{ file: 'clauses/common.yaml', kind: 'library', parts: ['confidentiality'] }]);
    }
    expect(roles['roles/clerk.yaml']).toMatchObject({ status: 'unchanged', sources: [] });
    const text = jdgen(['diff', '--from', commits.base!, '--to', commits.library!], { cwd: repo });
    expect(text.stdout).toContain(
      'roles/sales-manager.yaml: 0 header fields, 0 inserted, 0 deleted, 1 reworded, 0 moved — only through clauses/common.yaml#confidentiality',
    );
  });

  it('a comment in a base: every role affected, no document changed, exit 0', () => {
    const { run, json } = diffJson('library', 'comment');
    expect(run.code, run.stderr).toBe(0);
    expect(json.same).toBe(true);
    expect(json.roles.map((r) => r.status)).toEqual(['affected', 'affected', 'affected']);
    expect(json.roles[0]!.sources).toEqual([{ file: 'bases/manager.yaml', kind: 'base', parts: [] }]);
  });

  it('the config changed: a header change through the config, naming the key', () => {
    const { run, json } = diffJson('comment', 'config');
    expect(run.code, run.stderr).toBe(1);
    for (const role of json.roles) {
      expect(role, role.file).toMatchObject({ status: 'changed', cause: 'shared', header: [{ field: 'approval' }], clauses: [] });
      expect(role.sources).toEqual([{ file: 'jdgen.config.yaml', kind: 'config', parts: ['approval'] }]);
    }
  });

  it('a rename, a removal and an addition', () => {
    const { run, json } = diffJson('config', 'rename');
    expect(run.code, run.stderr).toBe(1);
    const roles = byFile(json);
    expect(roles['roles/head-of-sales.yaml']).toMatchObject({ status: 'renamed', oldFile: 'roles/sales-manager.yaml', similarity: 1 });
    expect(roles['roles/clerk.yaml']).toMatchObject({ status: 'removed' });
    expect(roles['roles/buyer.yaml']).toMatchObject({ status: 'added' });
    expect(roles['roles/account-manager.yaml']).toMatchObject({ status: 'unchanged' });
    expect(json.summary).toMatchObject({ renamed: 1, removed: 1, added: 1, unchanged: 1, changed: 0 });
    const text = jdgen(['diff', '--from', commits.config!, '--to', commits.rename!], { cwd: repo });
    expect(text.stdout).toContain('> renamed  roles/sales-manager.yaml → roles/head-of-sales.yaml (100 % alike)');
    expect(text.stdout).toContain('- removed  roles/clerk.yaml');
    expect(text.stdout).toContain('+ added    roles/buyer.yaml');
  });

  it('a role that fails in the working tree: failed with its diagnostic, exit 2; the markdown lists it', () => {
    const { run, json } = diffJson('rename');
    expect(run.code).toBe(2);
    const buyer = byFile(json)['roles/buyer.yaml']!;
    expect(buyer).toMatchObject({ status: 'failed', failedAt: 'new' });
    expect(buyer.diagnostics![0]).toMatchObject({ file: 'roles/buyer.yaml', message: expect.stringContaining('expected a clause') });
    const md = jdgen(['diff', '--from', commits.rename!, '-f', 'md'], { cwd: repo });
    expect(md.stdout).toContain('| roles/buyer.yaml | failed |');
    expect(md.stdout).toContain('### Failed');
  });

  it('the whole history at once, from a subfolder, limited to it, valid against the schema', () => {
    const { run, json } = diffJson('init', 'rename');
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/diff-project.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(run.code).toBe(1);
    const sub = jdgen(['diff', '--from', commits.init!, '--to', commits.rename!, '-f', 'json', '.'], { cwd: join(repo, 'roles') });
    expect((JSON.parse(sub.stdout) as Json).roles.map((r) => r.file)).toEqual(
      json.roles.map((r) => r.file.replace(/^roles\//, '')).sort((a, b) => a.localeCompare(b)),
    );
    const schemaRun = jdgen(['schema', '--name', 'diff-project']);
    expect(JSON.parse(schemaRun.stdout)).toEqual(schema);
  });

  it('refuses a bad revision (2), an option as a revision (2) and a glob (2)', () => {
    const bad = jdgen(['diff', '--from', 'no-such-rev', 'roles'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown revision `no-such-rev`');
    const option = jdgen(['diff', '--from=--output=/tmp/x', 'roles'], { cwd: repo });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--from must name a git revision');
    const glob = jdgen(['diff', '--from', 'HEAD', 'roles/*.yaml'], { cwd: repo });
    expect(glob.code).toBe(2);
    expect(glob.stderr).toContain('not globs');
  });

  it('completes --from and --to with HEAD, the branches and the tags; nothing outside a repository', () => {
    git('tag', 'v1.0', commits.init!);
    git('branch', 'feature/roles', commits.role!);
    const complete = (line: string, cwd: string) =>
      jdgen(['completion-server', '--', ...line.split(' ')], {
        cwd,
        env: { COMP_CWORD: String(line.split(' ').length - 1), COMP_LINE: line, COMP_POINT: String(line.length), SHELL: '/bin/bash' },
      })
        .stdout.split('\n')
        .filter(Boolean);
    const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
    expect(complete('jdgen diff --from ', repo).sort()).toEqual(['HEAD', branch, 'feature/roles', 'v1.0'].sort());
    expect(complete('jdgen familiarise --from HEAD --to v', repo)).toEqual(['v1.0']);
    expect(complete('jdgen diff --from ', tempDir())).toEqual([]);
  });
});
