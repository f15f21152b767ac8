import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

/*
 * What users install is what works: the packed tarball, installed into an
 * empty project that cannot see the source tree, runs the CLI and the API.
 * (`--ignore-scripts`: dist/ is already built by the test setup; `prepare`
 * rebuilding it here would rewrite files other tests are reading.)
 */
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });

describe('the npm package', () => {
  it('installs from its tarball into an empty project; the CLI and the API work there', { timeout: 240_000 }, () => {
    const packed = tempDir();
    npm(['pack', '--ignore-scripts', '--pack-destination', packed], ROOT);
    const tarball = readdirSync(packed).find((name) => name.endsWith('.tgz'))!;
    const listing = execFileSync('tar', ['tzf', join(packed, tarball)], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/LICENSE');
    expect(listing).toContain('package/dist/index.js');
    expect(listing.filter((name) => name.endsWith('.map') || name.startsWith('package/test/') || name.startsWith('package/src/'))).toEqual([]);

    const project = tempDir();
    mkdirSync(join(project, 'roles'));
    writeFileSync(join(project, 'package.json'), '{ "name": "hr-roles", "private": true, "type": "module" }\n');
    npm(['install', '--prefer-offline', join(packed, tarball)], project);
    copyFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(project, 'roles', 'kam.yaml'));
    const bin = join(project, 'node_modules', '.bin', 'jdgen');
    expect(execFileSync(bin, ['--version'], { cwd: project, encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+/);
    execFileSync(bin, ['build', 'roles/kam.yaml', '-o', 'out'], { cwd: project, encoding: 'utf8' });
    for (const format of ['docx', 'pdf', 'md']) expect(existsSync(join(project, 'out', `kam.${format}`))).toBe(true);

    writeFileSync(
      join(project, 'api.js'),
      [
        "import { build, validate, compile, diff } from 'jdgen';",
        "const checked = await validate(['roles/kam.yaml'], { cwd: process.cwd() });",
        "const model = await compile('roles/kam.yaml', { cwd: process.cwd() });",
        "const compared = await diff('roles/kam.yaml', 'roles/kam.yaml', { cwd: process.cwd() });",
        'console.log(JSON.stringify({ build: typeof build, valid: checked.ok, title: model.model?.meta.title, same: compared.diagnostics.length === 0 }));',
      ].join('\n'),
    );
    const answer = JSON.parse(execFileSync(process.execPath, ['api.js'], { cwd: project, encoding: 'utf8' }));
    expect(answer).toMatchObject({ build: 'function', valid: true, same: true });
    expect(answer.title).toBeTruthy();
  });

  it.skipIf(!existsSync(join(ROOT, '.git')))(
    'installs from a git checkout: npm builds dist/ on install (prepare) and the CLI runs',
    { timeout: 400_000 },
    () => {
      // A clone of the committed tree, as `npm i git+https://…` would fetch it: nothing built, no node_modules.
      const checkout = tempDir();
      execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${ROOT}`, checkout]);
      expect(existsSync(join(checkout, 'dist'))).toBe(false);
      const project = tempDir();
      writeFileSync(join(project, 'package.json'), '{ "name": "hr-roles", "private": true, "type": "module" }\n');
      npm(['install', '--prefer-offline', `git+file://${checkout}`], project);
      expect(existsSync(join(project, 'node_modules', 'jdgen', 'dist', 'index.js'))).toBe(true);
      copyFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(project, 'kam.yaml'));
      const bin = join(project, 'node_modules', '.bin', 'jdgen');
      execFileSync(bin, ['build', 'kam.yaml', '-o', 'out', '-f', 'md'], { cwd: project, encoding: 'utf8' });
      expect(existsSync(join(project, 'out', 'kam.md'))).toBe(true);
    },
  );
});
