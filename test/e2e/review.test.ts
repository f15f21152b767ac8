import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/** `jdgen validate` and an approved document that changed without a version bump. */
describe('approved documents under review', () => {
  const repo = (): string => {
    const dir = tempDir('jdgen-review-');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'hr@example.org');
    git('config', 'user.name', 'HR');
    copyFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(dir, 'role.yaml'));
    git('add', '.');
    git('commit', '-qm', 'approved edition');
    return dir;
  };
  const edit = (dir: string, from: string, to: string) => {
    const file = join(dir, 'role.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  };

  it('says nothing while the approved file matches the last commit', () => {
    const run = jdgen(['validate', 'role.yaml'], { cwd: repo() });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('warns at document.version when the approved content changed but the version did not', () => {
    const dir = repo();
    edit(dir, 'Takes part in exhibitions', 'Takes part in trade exhibitions');
    const run = jdgen(['validate', 'role.yaml'], { cwd: dir });
    expect(run.code).toBe(0); // a warning, not an error
    expect(run.stderr).toContain(
      'role.yaml:11:12: warning: document.version: the approved document changed since the last commit (0 header fields, 0 inserted, 0 deleted, 1 reworded, 0 moved) but its version is still 1',
    );
    expect(run.stderr).toContain('hint: raise document.version');
  });

  it('is satisfied once the version is raised', () => {
    const dir = repo();
    edit(dir, 'Takes part in exhibitions', 'Takes part in trade exhibitions');
    edit(dir, '  version: 1\n', '  version: 2\n');
    expect(jdgen(['validate', 'role.yaml'], { cwd: dir }).stderr).toBe('');
  });

  it('ignores drafts, and roles outside git', () => {
    const dir = repo();
    edit(dir, 'Takes part in exhibitions', 'Takes part in trade exhibitions');
    edit(dir, 'status: approved', 'status: draft');
    expect(jdgen(['validate', 'role.yaml'], { cwd: dir }).stderr).toBe('');
    const outside = tempDir('jdgen-nogit-');
    copyFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(outside, 'role.yaml'));
    expect(jdgen(['validate', 'role.yaml'], { cwd: outside }).stderr).toBe('');
  });
});
