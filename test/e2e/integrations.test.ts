import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

const BIN = join(ROOT, 'bin/jdgen.js');

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: Step[] };
}
interface Hook {
  id: string;
  language: string;
  entry: string;
  files: string;
  pass_filenames?: boolean;
  args?: string[];
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** A project as `jdgen init` lays it out (roles/, bases/, clauses/, config), with the documents built and committed. */
function builtProject(): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'examples/organization'), dir, { recursive: true });
  const built = jdgen(['build', 'roles/', '-f', 'md'], { cwd: dir });
  expect(built.code, built.stderr).toBe(0);
  return dir;
}

/** Runs one `run:` script of the action as the runner does (bash, the step's env), with `jdgen` being this checkout. */
function runStep(step: Step, env: Record<string, string>, cwd: string, prelude = '') {
  expect(step.shell).toBe('bash');
  return spawnSync('bash', ['-e', '-c', `${prelude}\n${step.run!}`], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('GitHub Action (action.yml)', () => {
  const steps = action.runs.steps;
  const install = steps.find((s) => s.id === 'install')!;
  const check = steps.find((s) => s.run?.includes('--check'))!;

  it('is a composite action that sets up Node and installs jdgen, with version and paths inputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps[0]!.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(action.inputs.version!.default).toBe('');
    expect(action.inputs.paths!.default).toBe('roles/');
    expect(action.inputs['node-version']!.default).toBe('20');
    // Inputs reach the scripts as variables only: an expression pasted into a script could run code.
    for (const step of steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('installs jdgen from its own checkout by default, and from npm when given a version', () => {
    const dir = tempDir();
    const output = join(dir, 'output');
    const log = join(dir, 'npm.log');
    // npm is stood in for: the test checks what the step asks of it, and that the command it leaves runs.
    const fakeNpm = `npm() { echo "$*" >> "${log}"; if [ "$1" = install ]; then mkdir -p "$JDGEN_TOOL/node_modules/.bin"; ln -sf "${BIN}" "$JDGEN_TOOL/node_modules/.bin/jdgen"; fi; }`;
    const own = runStep(install, { JDGEN_VERSION: '', JDGEN_TOOL: join(dir, 'tool'), GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: output }, dir, fakeNpm);
    expect(own.status, own.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(`ci --prefix ${ROOT} --no-audit --no-fund\nrun --prefix ${ROOT} build\n`);
    expect(readFileSync(output, 'utf8')).toBe(`command=node ${BIN}\n`);
    expect(own.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);

    writeFileSync(output, '');
    writeFileSync(log, '');
    const pinned = runStep(install, { JDGEN_VERSION: '0.1.0', JDGEN_TOOL: join(dir, 'tool'), GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: output }, dir, fakeNpm);
    expect(pinned.status, pinned.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(`install --prefix ${join(dir, 'tool')} --no-audit --no-fund jdgen@0.1.0\n`);
    expect(readFileSync(output, 'utf8')).toBe(`command=${join(dir, 'tool/node_modules/.bin/jdgen')}\n`);
  });

  it('runs `jdgen build --check --reporter github` on the paths: 0 when up to date, annotations and 1 when not', () => {
    expect(check.run).toMatch(/\$JDGEN build "\$\{paths\[@\]\}" --check --reporter github "\$\{args\[@\]\}"/);
    const project = builtProject();
    const env = { JDGEN: `node ${BIN}`, JDGEN_PATHS: 'roles/account-manager.yaml\nroles/sales-manager.yaml', JDGEN_ARGS: '-f md' };
    const clean = runStep(check, env, project);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/0 stale, 0 failed/);

    appendFileSync(join(project, 'roles/sales-manager.yaml'), 'dutis: []\n');
    const broken = runStep(check, { ...env, JDGEN_PATHS: 'roles/' }, project);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^::error file=roles\/sales-manager\.yaml,line=\d+,col=1,title=jdgen::dutis: unknown key `dutis`/m);
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  it('defines jdgen-validate: a node hook on YAML files whose entry is a jdgen command', () => {
    const hook = hooks.find((h) => h.id === 'jdgen-validate')!;
    expect(hook.language).toBe('node');
    expect(hook.entry).toBe('jdgen validate');
    const files = new RegExp(hook.files);
    for (const name of ['roles/kam.yaml', 'bases/manager.yml', 'jdgen.config.yaml']) expect(files.test(name)).toBe(true);
    for (const name of ['README.md', 'dist/kam.pdf', 'roles/kam.yaml.bak']) expect(files.test(name)).toBe(false);
  });

  it.each(hooks.map((h) => [h.id, h] as const))('%s: its entry is a command of the CLI', (_id, hook) => {
    const [program, ...command] = hook.entry.split(' ');
    expect(program).toBe('jdgen');
    const help = jdgen([...command, ...(hook.args ?? []), '--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain(`Usage: jdgen ${command.join(' ')} `);
  });

  it('checks the roles, through the bases and libraries they use, and is not misled by other YAML', () => {
    const hook = hooks.find((h) => h.id === 'jdgen-validate')!;
    const project = builtProject();
    mkdirSync(join(project, '.github/workflows'), { recursive: true });
    writeFileSync(join(project, '.github/workflows/ci.yml'), 'on: push\njobs: {}\n');
    const argv = [...hook.entry.split(' ').slice(1), ...(hook.args ?? [])];
    expect(hook.pass_filenames).toBe(false);
    const good = jdgen(argv, { cwd: project });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('roles/sales-manager.yaml is valid');
    // A broken base breaks the roles that extend it: the hook finds it though the base is no role.
    appendFileSync(join(project, 'bases/manager.yaml'), 'dutis: []\n');
    const bad = jdgen(argv, { cwd: project });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bases\/manager\.yaml:\d+:1: error: dutis: unknown key `dutis`/);
  });
});
