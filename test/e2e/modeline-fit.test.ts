import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/*
 * A modeline naming a schema that rejects a file jdgen accepts (the full
 * role schema on a base role) makes editors report errors jdgen does not:
 * jdgen warns, at the modeline, and says which schema fits (issue 13, item 5).
 */
interface Warning {
  code: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

function warnings(cwd: string, file: string): Warning[] {
  const run = jdgen(['validate', file, '--reporter', 'json'], { cwd });
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as { files: Array<{ diagnostics: Array<Warning & { severity: string }> }> };
  return report.files.flatMap((f) => f.diagnostics).filter((d) => d.code === 'schema/modeline');
}

/** The organisation example in a temporary folder, with `file`'s modeline pointing at `schema` instead. */
function projectWith(file: string, schema: string): string {
  const cwd = join(tempDir(), 'org');
  cpSync(join(ROOT, 'examples/organization'), cwd, { recursive: true });
  const path = join(cwd, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/([/=])[a-z-]+\.schema\.json/, `$1${schema}.schema.json`));
  return cwd;
}

describe('modelines that do not fit the file', () => {
  it('warn at the modeline of a base role that names the full role schema, with the schema that fits', () => {
    const cwd = projectWith('bases/manager.yaml', 'role');
    const found = warnings(cwd, 'roles/sales-manager.yaml');
    expect(found).toHaveLength(1);
    const line =
      readFileSync(join(cwd, 'bases/manager.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('yaml-language-server')) + 1;
    expect(found[0]).toMatchObject({ file: expect.stringContaining('manager.yaml'), line, column: expect.any(Number) });
    expect(found[0]!.column).toBeGreaterThan(30);
    expect(found[0]!.message).toContain('names role.schema.json, which rejects this file, but it is a base role');
    expect(found[0]!.hint).toContain('$schema=../../../schemas/role-part.schema.json');
  });

  it("warn for a role, a library and the config whose modeline names another kind's schema", () => {
    expect(warnings(projectWith('roles/sales-manager.yaml', 'role'), 'roles/sales-manager.yaml').map((w) => w.message)).toEqual([
      expect.stringContaining('names role.schema.json, which rejects this file, but it is a base role or a role that extends one'),
    ]);
    expect(warnings(projectWith('clauses/common.yaml', 'role-part'), 'roles/sales-manager.yaml').map((w) => w.message)).toEqual([
      expect.stringContaining('names role-part.schema.json, which rejects this file, but it is a clause library'),
    ]);
    expect(warnings(projectWith('jdgen.config.yaml', 'library'), 'roles/sales-manager.yaml').map((w) => w.message)).toEqual([
      expect.stringContaining('names library.schema.json, which rejects this file, but it is a jdgen config'),
    ]);
  });

  it('say nothing for a complete role below a config that names the full role schema: it accepts the file', () => {
    const cwd = projectWith('roles/sales-manager.yaml', 'role-part');
    writeFileSync(join(cwd, 'roles', 'kam.yaml'), readFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), 'utf8'));
    expect(readFileSync(join(cwd, 'roles', 'kam.yaml'), 'utf8')).toContain('role.schema.json');
    expect(warnings(cwd, 'roles/kam.yaml')).toEqual([]);
  });

  it('say nothing for the fitting schemas, a more lenient one, or a schema that is not jdgen’s', () => {
    expect(warnings(join(ROOT, 'examples/organization'), 'roles/sales-manager.yaml')).toEqual([]);
    expect(warnings(ROOT, 'examples/en/key-account-manager.yaml')).toEqual([]);
    const lenient = join(tempDir(), 'kam.yaml');
    writeFileSync(lenient, readFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), 'utf8').replace('role.schema.json', 'role-part.schema.json'));
    expect(warnings(ROOT, lenient)).toEqual([]);
    const foreign = join(tempDir(), 'kam.yaml');
    writeFileSync(foreign, readFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), 'utf8').replace('role.schema.json', 'job.schema.json'));
    expect(warnings(ROOT, foreign)).toEqual([]);
  });
});
