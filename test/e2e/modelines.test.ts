import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Portable modelines: what `init` and `new` write must work for a colleague
 * who clones the project, in CI, and after jdgen is upgraded or moved, so it
 * never points into wherever jdgen happened to be installed.
 */
const modeline = (file: string) => /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
const PUBLISHED = ['role', 'role-part', 'role-configured', 'config', 'library', 'report', 'diff', 'diff-project', 'import-report'].map(
  (name) => `${name}.schema.json`,
);

describe('schema modelines that travel with the project', () => {
  it('init writes the schemas into schemas/ and points every modeline there, so a copy of the project still resolves them', () => {
    const cwd = tempDir();
    expect(jdgen(['init', 'hr'], { cwd }).code).toBe(0);
    expect(readdirSync(join(cwd, 'hr', 'schemas')).sort()).toEqual([...PUBLISHED].sort());
    for (const name of PUBLISHED) expect(readFileSync(join(cwd, 'hr', 'schemas', name), 'utf8'), name).toBe(readFileSync(join(ROOT, 'schemas', name), 'utf8'));
    // Cloned elsewhere, with no jdgen installed beside it: every modeline still names a file of the project.
    const clone = join(tempDir(), 'clone');
    cpSync(join(cwd, 'hr'), clone, { recursive: true });
    const yaml = readdirSync(clone, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(yaml.length).toBe(5);
    for (const file of yaml) {
      const path = modeline(join(clone, file));
      expect(path, file).toMatch(/^(\.\.\/)?schemas\/[a-z-]+\.schema\.json$/);
      expect(existsSync(resolve(dirname(join(clone, file)), path!)), file).toBe(true);
    }
  });

  it("new points at the project's schemas/ from any folder depth, with the schema that fits the role", () => {
    const cwd = tempDir();
    jdgen(['init'], { cwd });
    expect(jdgen(['new', 'Forklift Driver', '--dir', 'roles/warehouse/night'], { cwd }).code).toBe(0);
    expect(modeline(join(cwd, 'roles/warehouse/night/forklift-driver.yaml'))).toBe('../../../schemas/role-configured.schema.json');
    expect(jdgen(['new', 'Head of Sales', '--extends', 'manager'], { cwd }).code).toBe(0);
    expect(modeline(join(cwd, 'roles/head-of-sales.yaml'))).toBe('../schemas/role-part.schema.json');
  });

  it('new points into node_modules/jdgen when the project depends on jdgen and keeps no schemas/', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'hr', private: true, devDependencies: { jdgen: '^0.1.0' } }));
    mkdirSync(join(cwd, 'roles'));
    expect(jdgen(['new', 'Office Clerk'], { cwd }).code).toBe(0);
    expect(modeline(join(cwd, 'roles/office-clerk.yaml'))).toBe('../node_modules/jdgen/schemas/role.schema.json');
    // A schemas/ folder of its own wins over the installed package.
    expect(jdgen(['schema', '--write', 'schemas'], { cwd }).code).toBe(0);
    expect(jdgen(['new', 'Office Manager'], { cwd }).code).toBe(0);
    expect(modeline(join(cwd, 'roles/office-manager.yaml'))).toBe('../schemas/role.schema.json');
  });

  it("new outside any project falls back to the running jdgen's schemas, which at least this machine has", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'other', private: true, dependencies: { left: '1' } }));
    expect(jdgen(['new', 'Office Clerk'], { cwd }).code).toBe(0);
    const path = modeline(join(cwd, 'office-clerk.yaml'))!;
    expect(resolve(cwd, path)).toBe(join(ROOT, 'schemas', 'role.schema.json'));
  });

  it('schema --write refreshes the schemas in a folder; schema alone still prints one', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'schemas'));
    writeFileSync(join(cwd, 'schemas', 'role.schema.json'), '{"stale": true}\n');
    const run = jdgen(['schema', '--write', 'schemas'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(PUBLISHED.map((name) => `wrote ${join('schemas', name)}\n`).join(''));
    for (const name of PUBLISHED) expect(readFileSync(join(cwd, 'schemas', name), 'utf8'), name).toBe(readFileSync(join(ROOT, 'schemas', name), 'utf8'));
    expect(jdgen(['schema', '--name', 'role-part']).stdout).toBe(readFileSync(join(ROOT, 'schemas', 'role-part.schema.json'), 'utf8'));
    const both = jdgen(['schema', '--write', 'schemas', '--name', 'role'], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("option '--write <dir>' cannot be used with option '--name <schema>'");
    writeFileSync(join(cwd, 'file'), '');
    const blocked = jdgen(['schema', '--write', 'file/schemas'], { cwd });
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain('cannot write the schemas into file/schemas: file is a file');
  });
});
