import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/diagnostics.js';
import { askAnswers } from '../../src/cli/prompt.js';
import { checkAnswers, DEFAULT_ANSWERS, initProject, withAnswers } from '../../src/project/init.js';
import { newRole } from '../../src/project/new-role.js';
import { readVersion } from '../../src/version.js';
import { tempDir } from '../helpers/cli.js';

describe('init', () => {
  it('writes package.json with jdgen as a dev dependency and build/check scripts, a .gitignore and a pinned CI workflow', async () => {
    const dir = tempDir();
    const result = await initProject(dir);
    expect(result.skipped).toEqual([]);
    expect(result.files).toEqual(expect.arrayContaining(['package.json', '.gitignore', '.github/workflows/jdgen.yml', 'jdgen.config.yaml']));
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.devDependencies).toEqual({ jdgen: `^${readVersion()}` });
    expect(pkg.scripts).toEqual({ build: 'jdgen build roles', check: 'jdgen build roles --check' });
    const workflow = parse(readFileSync(join(dir, '.github/workflows/jdgen.yml'), 'utf8'));
    const steps = workflow.jobs.check.steps as Array<{ run?: string; with?: { 'node-version'?: number } }>;
    expect(steps.find((s) => s.with?.['node-version'])?.with?.['node-version']).toBe(20);
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npx jdgen build roles --check --reporter github']);
    const ignored = readFileSync(join(dir, '.gitignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toContain('node_modules/');
  });

  it("never edits a file that exists: the user's files are skipped even with force, the scaffold's own only without it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'README.md'), 'mine\n');
    writeFileSync(join(dir, 'package.json'), '{"name":"mine"}\n');
    writeFileSync(join(dir, '.gitignore'), 'secret\n');
    writeFileSync(join(dir, 'jdgen.config.yaml'), '# mine\njdgen: 1\n');
    const first = await initProject(dir);
    expect(first.skipped).toEqual(['.gitignore', 'README.md', 'jdgen.config.yaml', 'package.json']);
    expect(readFileSync(join(dir, 'jdgen.config.yaml'), 'utf8')).toBe('# mine\njdgen: 1\n');
    expect(existsSync(join(dir, 'roles', 'sales-manager.yaml'))).toBe(true);
    const forced = await initProject(dir, { force: true });
    expect(forced.skipped).toEqual(['.github/workflows/jdgen.yml', '.gitignore', 'README.md', 'package.json']);
    expect(forced.overwritten).toContain('jdgen.config.yaml');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}\n');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('secret\n');
    expect(readFileSync(join(dir, 'jdgen.config.yaml'), 'utf8')).toContain('Harbour Point');
  });

  it('puts the answers into the config, keeping its comments, and drops the example letterhead for another organisation', async () => {
    const dir = tempDir();
    await initProject(dir, { answers: { organization: 'Acme Ltd', city: 'Kyiv', approverPosition: 'Director', approverName: 'O. Petrenko', locale: 'uk' } });
    const text = readFileSync(join(dir, 'jdgen.config.yaml'), 'utf8');
    const config = parse(text);
    expect(config.locale).toBe('uk');
    expect(config.organization).toEqual({ name: 'Acme Ltd', city: 'Kyiv', logo: 'logo.png' });
    expect(config.approval).toEqual({ position: 'Director', name: 'O. Petrenko' });
    expect(text).toContain("# A role file's own values win over these.");
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).description).toBe('Job descriptions of Acme Ltd');
  });

  it('keeps the scaffold config byte for byte with the default answers', () => {
    const text = 'jdgen: 1\nlocale: en\noutput:\n  formats: [docx, pdf]\n';
    expect(withAnswers(text, { ...DEFAULT_ANSWERS })).toBe(text);
  });

  it('refuses an unknown locale, listing the known ones, and empty or multi-line answers (usage errors, nothing written)', async () => {
    await expect(checkAnswers({ ...DEFAULT_ANSWERS, locale: 'ukr' })).rejects.toThrow(
      /unknown locale `ukr`: did you mean `uk`\?\n {2}known locales: az, en, lv, ro, ru, sq, uk/,
    );
    await expect(checkAnswers({ ...DEFAULT_ANSWERS, city: '  ' })).rejects.toThrow(UsageError);
    await expect(checkAnswers({ ...DEFAULT_ANSWERS, organization: 'A\nlocale: ru' })).rejects.toThrow(/one line/);
    const dir = join(tempDir(), 'project');
    await expect(initProject(dir, { answers: { locale: 'xx' } })).rejects.toThrow(UsageError);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('init questions', () => {
  const run = async (input: string, given = {}): Promise<{ answers: Promise<unknown>; output: () => string }> => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let shown = '';
    stdout.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const answers = askAnswers(stdin, stdout, { ...DEFAULT_ANSWERS }, given, ['en', 'ru', 'uk']);
    stdin.end(input);
    return { answers, output: () => shown };
  };

  it('asks what no flag gave, takes the default on an empty reply, and asks again for an unknown locale', async () => {
    const { answers, output } = await run('Acme Ltd\n\nO. Petrenko\nxx\nuk\n', { city: 'Kyiv' });
    await expect(answers).resolves.toEqual({
      organization: 'Acme Ltd',
      city: 'Kyiv',
      approverPosition: 'Managing Director',
      approverName: 'O. Petrenko',
      locale: 'uk',
    });
    expect(output()).not.toContain('City');
    expect(output()).toContain('unknown locale `xx`: choose one of en, ru, uk');
  });

  it('cancels when the input ends before every answer is given', async () => {
    const { answers } = await run('Acme Ltd\n');
    await expect(answers).rejects.toThrow(/cancelled: nothing was written/);
  });
});

describe('new', () => {
  const project = async (): Promise<string> => {
    const dir = tempDir();
    await initProject(dir);
    mkdirSync(join(dir, 'bases', 'sales'));
    writeFileSync(join(dir, 'bases', 'sales', 'specialist.yaml'), 'jdgen: 1\n');
    return dir;
  };

  it('refuses an unknown base as wrong usage, listing the bases and the closest one, and writes nothing', async () => {
    const dir = await project();
    const attempt = newRole('Warehouse Manager', { cwd: dir, extends: 'mangr' });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow('unknown base `mangr`: did you mean `manager`?\n  bases in bases/: manager, sales/specialist');
    await expect(newRole('Warehouse Manager', { cwd: dir, extends: 'sales/specialst' })).rejects.toThrow('did you mean `sales/specialist`?');
    expect(existsSync(join(dir, 'roles', 'warehouse-manager.yaml'))).toBe(false);
  });

  it('says when the project has no bases at all', async () => {
    const dir = tempDir();
    await expect(newRole('Clerk', { cwd: dir, extends: 'manager' })).rejects.toThrow('there is no base in bases/');
    expect(existsSync(join(dir, 'clerk.yaml'))).toBe(false);
  });

  it('gives commands with paths from the project root, wherever the command ran', async () => {
    const dir = await project();
    const file = await newRole('Warehouse Manager', { cwd: join(dir, 'roles'), extends: 'manager', dir: 'stock' });
    expect(file).toBe(join(dir, 'roles', 'stock', 'warehouse-manager.yaml'));
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('run `npx jdgen validate roles/stock/warehouse-manager.yaml`');
    expect(text).toContain('`npx jdgen show roles/stock/warehouse-manager.yaml`');
  });
});
