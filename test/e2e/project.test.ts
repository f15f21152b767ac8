import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import mammoth from 'mammoth';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS } from '../../src/validate/schema-files.js';
import { jdgen, jdgenAsync, ROOT, tempDir } from '../helpers/cli.js';

/** jdgen init, new, show and build in a scaffolded organisation project, through the real CLI. */
describe('an organisation project', () => {
  it('init scaffolds a project that builds at once, with config, base, library and placeholders applied', async () => {
    const cwd = tempDir();
    const init = jdgen(['init', 'hr'], { cwd });
    expect(init.code).toBe(0);
    for (const file of [
      'jdgen.config.yaml',
      'bases/manager.yaml',
      'clauses/common.yaml',
      'roles/sales-manager.yaml',
      'roles/account-manager.yaml',
      'README.md',
    ]) {
      expect(existsSync(join(cwd, 'hr', file)), file).toBe(true);
    }
    const project = join(cwd, 'hr');
    const build = jdgen(['build', 'roles/sales-manager.yaml', 'roles/account-manager.yaml'], { cwd: project });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    // output.dir and formats come from jdgen.config.yaml
    expect(existsSync(join(project, 'dist', 'sales-manager.pdf'))).toBe(true);
    const { value } = await mammoth.extractRawText({ path: join(project, 'dist', 'sales-manager.docx') });
    expect(value).toContain('14 Quay Road, Portsmouth PO1 3AB'); // letterhead from the config
    expect(value).toContain('The Sales Manager belongs to the category of managers.'); // base clause + placeholder
    expect(value).toContain('Keeps confidential the trade secrets of Harbour Point Distribution Ltd'); // library clause + placeholder
    expect(value).toContain('To grant discounts within the limits of the approved price policy.'); // appended right
  });

  it("init never edits a file that exists, --force included for the user's files, and says so for each", () => {
    const cwd = tempDir();
    expect(jdgen(['init'], { cwd }).code).toBe(0);
    writeFileSync(join(cwd, 'jdgen.config.yaml'), '# mine\njdgen: 1\n');
    writeFileSync(join(cwd, 'package.json'), '{"name":"mine"}\n');
    const again = jdgen(['init'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('skipped jdgen.config.yaml (it exists; left as it is, --force overwrites it)\n');
    expect(again.stdout).toContain('skipped package.json (it exists; jdgen never overwrites it)\n');
    // The 10 files of the scaffold and every published schema in schemas/.
    expect(again.stdout.match(/^skipped /gm)).toHaveLength(10 + PUBLISHED_SCHEMAS.length);
    expect(readFileSync(join(cwd, 'jdgen.config.yaml'), 'utf8')).toBe('# mine\njdgen: 1\n');
    const forced = jdgen(['init', '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('overwrote jdgen.config.yaml\n');
    for (const file of ['README.md', 'package.json', '.gitignore', '.github/workflows/jdgen.yml'])
      expect(forced.stdout).toContain(`skipped ${file} (it exists; jdgen never overwrites it)`);
    expect(readFileSync(join(cwd, 'package.json'), 'utf8')).toBe('{"name":"mine"}\n');
  });

  it('init takes the answers from flags without a terminal, never waits for input, and the project builds and checks clean', async () => {
    const cwd = tempDir();
    // stdin stays open and is not a terminal: init must not wait for it.
    const init = await jdgenAsync(
      ['init', 'hr', '--org', 'Acme Ltd', '--city', 'Kyiv', '--approver-position', 'Director', '--approver-name', 'O. Petrenko', '--locale', 'uk'],
      { cwd },
    );
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const project = join(cwd, 'hr');
    const config = parse(readFileSync(join(project, 'jdgen.config.yaml'), 'utf8'));
    expect([config.organization.name, config.organization.city, config.approval.position, config.approval.name, config.locale]).toEqual([
      'Acme Ltd',
      'Kyiv',
      'Director',
      'O. Petrenko',
      'uk',
    ]);
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    // The package's scripts, run from the project's root as npm would.
    const build = jdgen(pkg.scripts.build.split(' ').slice(1), { cwd: project });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const check = jdgen(pkg.scripts.check.split(' ').slice(1), { cwd: project });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('2 up to date, 0 stale');
    expect(jdgen(['validate', 'roles'], { cwd: project }).stderr).toBe('');
    const { value } = await mammoth.extractRawText({ path: join(project, 'dist', 'sales-manager.docx') });
    expect(value).toContain('Acme Ltd');
    expect(value).not.toContain('14 Quay Road');
  });

  it('init refuses an unknown locale with the list of locales (exit 2) and writes nothing', () => {
    const cwd = tempDir();
    const init = jdgen(['init', 'hr', '--locale', 'ukr'], { cwd });
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('unknown locale `ukr`: did you mean `uk`?');
    expect(init.stderr).toContain('known locales: az, en, lv, ro, ru, sq, uk');
    expect(existsSync(join(cwd, 'hr'))).toBe(false);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('init asks its questions on a terminal', () => {
    const cwd = tempDir();
    const bin = join(ROOT, 'bin', 'jdgen.js');
    // script(1) gives the CLI a terminal; the replies are typed ahead, the empty one takes the default.
    const run = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} init hr --city Lviv`, '/dev/null'], {
      cwd,
      input: 'Acme Ltd\n\nO. Petrenko\nxx\nuk\n',
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Organisation name [Harbour Point Distribution Ltd]:');
    expect(run.stdout).not.toContain('City');
    expect(run.stdout).toContain('unknown locale `xx`');
    const config = parse(readFileSync(join(cwd, 'hr', 'jdgen.config.yaml'), 'utf8'));
    expect([config.organization.name, config.organization.city, config.approval.position, config.approval.name, config.locale]).toEqual([
      'Acme Ltd',
      'Lviv',
      'Managing Director',
      'O. Petrenko',
      'uk',
    ]);
  });

  it('init points the schema modelines at the schemas it writes into the project', () => {
    const cwd = tempDir();
    jdgen(['init'], { cwd });
    const first = readFileSync(join(cwd, 'roles', 'sales-manager.yaml'), 'utf8').split('\n')[0]!;
    const schema = /\$schema=(\S+)/.exec(first)![1]!;
    expect(existsSync(resolve(join(cwd, 'roles'), schema))).toBe(true);
    expect(schema).toBe('../schemas/role-part.schema.json');
  });

  it('new stubs a role that extends a base, validates, and has a working modeline', () => {
    const cwd = tempDir();
    jdgen(['init'], { cwd });
    const made = jdgen(['new', 'Warehouse Manager', '--extends', 'manager'], { cwd });
    expect(made.code).toBe(0);
    const file = join(cwd, 'roles', 'warehouse-manager.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('extends: ../bases/manager.yaml');
    expect(existsSync(resolve(dirname(file), /\$schema=(\S+)/.exec(text)![1]!))).toBe(true);
    expect(jdgen(['validate', 'roles/warehouse-manager.yaml'], { cwd }).code).toBe(0);
    expect(jdgen(['new', 'Warehouse Manager'], { cwd }).code).toBe(1);
    // The commands in the stub's comments work from the project's root.
    const command = /`npx jdgen (validate [^`]+)`/.exec(text)![1]!.split(' ');
    expect(jdgen(command, { cwd }).code).toBe(0);
  });

  it('new with an unknown base lists the bases, suggests the closest, exits 2 and writes nothing', () => {
    const cwd = tempDir();
    jdgen(['init'], { cwd });
    const made = jdgen(['new', 'Warehouse Manager', '--extends', 'manger'], { cwd });
    expect(made.code).toBe(2);
    expect(made.stderr).toBe('error: unknown base `manger`: did you mean `manager`?\n  bases in bases/: manager\n');
    expect(existsSync(join(cwd, 'roles', 'warehouse-manager.yaml'))).toBe(false);
  });

  it('new without a project stubs every section of a standalone role', () => {
    const cwd = tempDir();
    expect(jdgen(['new', 'Office Manager'], { cwd }).code).toBe(0);
    const data = parse(readFileSync(join(cwd, 'office-manager.yaml'), 'utf8'));
    for (const key of [
      'organization',
      'approval',
      'agreed_by',
      'general_provisions',
      'qualifications',
      'duties',
      'rights',
      'responsibility',
      'relationships',
    ]) {
      expect(data, key).toHaveProperty(key);
    }
    expect(jdgen(['validate', 'office-manager.yaml'], { cwd }).code).toBe(0);
  });

  it('show prints the resolved role, itself a valid standalone role file', () => {
    const cwd = tempDir();
    jdgen(['init'], { cwd });
    const shown = jdgen(['show', 'roles/account-manager.yaml'], { cwd });
    expect(shown.code).toBe(0);
    const data = parse(shown.stdout);
    expect(data.extends).toBeUndefined();
    expect(data.agreed_by.map((s: { name: string }) => s.name)).toEqual(['S. Patel', "K. O'Neill", 'D. Flynn']);
    expect(data.general_provisions[0]).toEqual({
      id: 'category',
      text: "The Key Account Manager belongs to the category of specialists and serves the company's largest customers.",
    });
    expect(JSON.stringify(data.rights)).not.toContain('qualification at the company'); // removed by id
    expect(shown.stdout).not.toContain('{{');
    // Saved where show ran (the logo path is relative to it), it validates on its own.
    writeFileSync(join(cwd, 'resolved.yaml'), shown.stdout);
    expect(data.organization.logo).toBe('logo.png');
    expect(jdgen(['validate', 'resolved.yaml'], { cwd }).code).toBe(0);
  });

  it('uses an explicit --config instead of the nearest one, and its project boundary', () => {
    const cwd = tempDir();
    jdgen(['init'], { cwd });
    const text = readFileSync(join(cwd, 'jdgen.config.yaml'), 'utf8')
      .replace('Harbour Point Distribution Ltd', 'Other Org Ltd')
      .replace(/output:[\s\S]*/, '')
      .replace(/ {2}logo: .*\n/, '');
    mkdirSync(join(cwd, 'alt'));
    writeFileSync(join(cwd, 'alt', 'jdgen.config.yaml'), text);
    // The project root is now alt/, so the base in ../bases is outside it ...
    const refused = jdgen(['show', 'roles/sales-manager.yaml', '--config', 'alt/jdgen.config.yaml'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('`../bases/manager.yaml` is outside the project');
    // ... unless the config allows the folder.
    writeFileSync(join(cwd, 'alt', 'jdgen.config.yaml'), `${text}allow_paths: [..]\n`);
    const shown = jdgen(['show', 'roles/sales-manager.yaml', '--config', 'alt/jdgen.config.yaml'], { cwd });
    expect(shown.stderr).toBe('');
    expect(parse(shown.stdout).organization.name).toBe('Other Org Ltd');
  });
});
