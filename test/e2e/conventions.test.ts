import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/io.js';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

const KAM = join(ROOT, 'examples/en/key-account-manager.yaml');
const MIXED = 'test/fixtures/invalid/control-characters.yaml';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('validate --reporter', () => {
  it('json: one report document on stdout, the same shape as build', () => {
    const run = jdgen(['validate', KAM, 'test/fixtures/invalid/clause-type.yaml', '--reporter', 'json']);
    expect(run.code).toBe(EXIT.invalid);
    const report = JSON.parse(run.stdout) as {
      jdgen: number;
      ok: boolean;
      files: Array<{ file: string; status: string; diagnostics: Array<{ line: number }> }>;
    };
    expect(report.jdgen).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => f.status)).toEqual(['valid', 'failed']);
    expect(report.files[1]!.diagnostics[0]!.line).toBe(10);
    expect(run.stderr).toBe('');
  });

  it('github: workflow commands with file, line and column', () => {
    const run = jdgen(['validate', 'test/fixtures/invalid/clause-type.yaml', '--reporter', 'github']);
    expect(run.code).toBe(EXIT.invalid);
    expect(run.stdout).toContain('::error file=test/fixtures/invalid/clause-type.yaml,line=10,col=5,title=jdgen::duties[2]: expected a clause');
    expect(
      run.stdout
        .trim()
        .split('\n')
        .every((l) => l.startsWith('::')),
    ).toBe(true);
  });

  it('refuses an unknown reporter as wrong usage', () => {
    const run = jdgen(['validate', KAM, '--reporter', 'xml']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/argument 'xml' is invalid/);
  });
});

describe('--quiet and --verbose', () => {
  it('--quiet prints errors only: no warnings, no success lines, no summary', () => {
    const loud = jdgen(['validate', MIXED, KAM]);
    expect(loud.stderr).toContain('warning:');
    expect(loud.stdout).toContain('is valid');
    for (const args of [
      ['-q', 'validate', MIXED, KAM],
      ['validate', MIXED, KAM, '--quiet'],
    ]) {
      const quiet = jdgen(args);
      expect(quiet.code).toBe(EXIT.invalid);
      expect(quiet.stdout).toBe('');
      expect(quiet.stderr).toContain('error: position.title: control character');
      expect(quiet.stderr).not.toContain('warning:');
    }
    const github = jdgen(['validate', MIXED, '--reporter', 'github', '-q']);
    expect(github.stdout).toContain('::error ');
    expect(github.stdout).not.toContain('::warning ');
  });

  it('--quiet hides warnings from show and validate, but not the YAML show prints', () => {
    const dir = tempDir();
    // A right-to-left override in a clause: a warning, not an error.
    writeFileSync(join(dir, 'kam.yaml'), readFileSync(KAM, 'utf8').replace('    text: Manages a portfolio', '    text: \u202eManages a portfolio'));
    const loud = jdgen(['show', 'kam.yaml'], { cwd: dir });
    expect(loud.code).toBe(EXIT.ok);
    expect(loud.stderr).toContain('warning: duties[0].text: bidirectional control U+202E');
    const quiet = jdgen(['show', 'kam.yaml', '-q'], { cwd: dir });
    expect(quiet.stdout).toBe(loud.stdout);
    expect(quiet.stderr).toBe('');
    const validate = jdgen(['validate', 'kam.yaml', '-q'], { cwd: dir });
    expect(validate.code).toBe(EXIT.ok);
    expect(validate.stdout + validate.stderr).toBe('');
  });

  it('init and new --quiet write their files silently', () => {
    const dir = tempDir();
    const init = jdgen(['init', 'hr', '-q', '--yes'], { cwd: dir });
    expect(init.code).toBe(EXIT.ok);
    expect(init.stdout + init.stderr).toBe('');
    expect(readFileSync(join(dir, 'hr', 'jdgen.config.yaml'), 'utf8')).toContain('jdgen: 1');
    const made = jdgen(['new', 'Clerk', '--dir', 'roles', '--quiet'], { cwd: join(dir, 'hr') });
    expect(made.code).toBe(EXIT.ok);
    expect(made.stdout + made.stderr).toBe('');
    expect(readFileSync(join(dir, 'hr', 'roles', 'clerk.yaml'), 'utf8')).toContain('title: Clerk');
    expect(jdgen(['init', 'hr'], { cwd: dir }).stdout).toContain('skipped');
  });

  it('build --quiet writes the outputs silently', () => {
    const out = tempDir();
    const run = jdgen(['build', KAM, '-o', out, '-f', 'md', '--quiet']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout + run.stderr).toBe('');
    expect(readFileSync(join(out, 'key-account-manager.md'), 'utf8')).toContain('#');
    const loud = jdgen(['build', KAM, '-o', out, '-f', 'md', '--force']);
    expect(loud.stdout).toMatch(/1 built, 0 unchanged, 0 failed in/);
  });

  it('--verbose says where the config and templates of each role came from, and the timings', () => {
    const project = tempDir();
    mkdirSync(join(project, 'roles'));
    mkdirSync(join(project, 'my-templates'));
    writeFileSync(join(project, 'jdgen.config.yaml'), 'jdgen: 1\ntemplates: my-templates\n');
    writeFileSync(join(project, 'roles/kam.yaml'), readFileSync(KAM));
    const run = jdgen(['--verbose', 'build', 'roles/kam.yaml', '-f', 'md'], { cwd: project });
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toMatch(/roles\/kam\.yaml: built after \d+\.\d\d s/);
    expect(run.stderr).toContain('  config: jdgen.config.yaml');
    expect(run.stderr).toMatch(/ {2}templates: my-templates over .*templates\/ \(bundled\)/);
    expect(run.stderr).toMatch(/1 role in \d+\.\d\d s/);
    // A second run lists the unchanged role too.
    const again = jdgen(['build', 'roles/kam.yaml', '-f', 'md', '--verbose'], { cwd: project });
    expect(again.stdout).toContain('= roles/kam.yaml unchanged');
    const plain = jdgen(['validate', KAM]);
    expect(plain.stderr).not.toContain('templates:');
  });

  it('--quiet with --verbose is wrong usage', () => {
    const run = jdgen(['validate', KAM, '-q', '--verbose']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('--quiet and --verbose contradict each other');
  });
});

describe('--help', () => {
  const commands = ['build', 'validate', 'watch', 'lint', 'uses', 'diff', 'familiarise', 'show', 'init', 'new', 'import', 'schema', 'doctor', 'completion'];

  it('lists every command that has examples', () => {
    const help = jdgen(['--help']).stdout;
    for (const name of commands) expect(help).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it.each([[[]], ...commands.map((c) => [[c]])])('of %j shows examples and the exit codes', (command: string[]) => {
    const run = jdgen([...command, '--help']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/\nExamples:\n {2}(jdgen|source) /);
    if (command[0] === 'diff') {
      expect(run.stdout).toMatch(/Exit codes \(as diff\(1\)\):\n {2}0 .*same\n {2}1 .*differ\n {2}2 .*trouble/);
    } else {
      expect(run.stdout).toMatch(
        new RegExp(
          `Exit codes:\\n  ${EXIT.ok}  success\\n  ${EXIT.invalid}  invalid input[^]*\\n  ${EXIT.usage}  wrong usage[^]*\\n  ${EXIT.internal}  internal error`,
        ),
      );
    }
    if (command.length) expect(run.stdout).toContain('Global Options:\n  -v, --version');
  });
});

describe('doctor and --version --verbose', () => {
  it('prints versions, platform and where templates, schemas and fonts are; exit 0', () => {
    const run = jdgen(['doctor'], { cwd: tempDir() });
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(new RegExp(`^jdgen +${VERSION.replace(/\./g, '\\.')} \\(`, 'm'));
    expect(run.stdout).toContain(process.version);
    expect(run.stdout).toContain(`${process.platform}/${process.arch}`);
    expect(run.stdout).toContain(join(ROOT, 'templates/'));
    expect(run.stdout).toContain(join(ROOT, 'schemas/'));
    expect(run.stdout).toMatch(/font regular +\S+NotoSans_400Regular\.ttf/);
    expect(run.stdout).toMatch(/config +none found from/);
    expect(run.stdout).toContain('✓ templates, schemas and fonts are readable');
  });

  it('is what --version --verbose prints, in either order; --version alone is the version', () => {
    const cwd = tempDir();
    const doctor = jdgen(['doctor'], { cwd }).stdout;
    expect(jdgen(['--version', '--verbose'], { cwd }).stdout).toBe(doctor);
    expect(jdgen(['--verbose', '-v'], { cwd }).stdout).toBe(doctor);
    expect(jdgen(['--version'], { cwd }).stdout).toBe(`${VERSION}\n`);
  });

  it('names the config found from the working folder, and exits 1 when its fonts are broken', () => {
    const project = tempDir();
    mkdirSync(join(project, 'sub'));
    mkdirSync(join(project, 'tpl'));
    writeFileSync(join(project, 'jdgen.config.yaml'), 'jdgen: 1\ntemplates: tpl\n');
    const good = jdgen(['doctor'], { cwd: join(project, 'sub') });
    expect(good.code).toBe(EXIT.ok);
    expect(good.stdout).toMatch(new RegExp(`config +${join(project, 'jdgen.config.yaml')}`));
    expect(good.stdout).toMatch(new RegExp(`config templates +${join(project, 'tpl')}`));
    writeFileSync(join(project, 'tpl/not-a-font.ttf'), 'hello\n');
    writeFileSync(
      join(project, 'tpl/style.yaml'),
      'fonts:\n  pdf:\n    regular: not-a-font.ttf\n    bold: not-a-font.ttf\n    italic: not-a-font.ttf\n    bold_italic: not-a-font.ttf\n',
    );
    const broken = jdgen(['doctor'], { cwd: join(project, 'sub') });
    expect(broken.code).toBe(EXIT.invalid);
    expect(broken.stderr).toMatch(/✗ fonts: .*style\.yaml:\d+:\d+: error: .*font `not-a-font\.ttf` is not a TrueType or OpenType font/);
    const quiet = jdgen(['doctor', '--quiet'], { cwd: join(project, 'sub') });
    expect(quiet.code).toBe(EXIT.invalid);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toContain('✗ fonts');
  });
});

/** Runs the bash completion function of `jdgen completion bash` for a line typed up to its end; returns COMPREPLY. */
function bashComplete(line: string, cwd = ROOT): string[] {
  const script = jdgen(['completion', 'bash']).stdout;
  const program = `
${script}
jdgen() { "${process.execPath}" "${join(ROOT, 'bin/jdgen.js')}" "$@"; }
COMP_LINE="$1"; COMP_POINT=\${#1}
read -ra COMP_WORDS <<< "$1"
[[ "$1" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_jdgen_completion
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const run = spawnSync('bash', ['-c', program, 'bash', line], { cwd, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter(Boolean);
}

describe('shell completion', () => {
  it.each([
    [
      'jdgen ',
      ['build', 'validate', 'watch', 'lint', 'uses', 'diff', 'familiarise', 'show', 'init', 'new', 'import', 'schema', 'doctor', 'completion', 'help'],
    ],
    ['jdgen lint --reporter ', ['text', 'json', 'github', 'sarif']],
    ['jdgen va', ['validate']],
    ['jdgen build --re', ['--reporter']],
    ['jdgen build --reporter ', ['human', 'json', 'github']],
    ['jdgen validate --reporter g', ['github']],
    ['jdgen build -f docx,', ['docx,pdf', 'docx,md', 'docx,html', 'docx,json']],
    ['jdgen build --format p', ['pdf']],
    ['jdgen validate --locale r', ['ro', 'ru']],
    ['jdgen diff a.yaml -f ', ['text', 'md', 'json', 'docx']],
    ['jdgen schema --name c', ['config']],
    ['jdgen completion ', ['bash', 'zsh', 'fish']],
    ['jdgen --qu', ['--quiet']],
    ['jdgen doctor --ver', ['--verbose', '--version']],
    ['jdgen validate examples/en/', ['examples/en/contract-specialist.yaml', 'examples/en/key-account-manager.yaml']],
    ['jdgen build examples/en/key-account-manager.yaml examples/o', ['examples/organization/']],
    ['jdgen build --templates exa', ['examples/']],
    ['jdgen frobnicate ', []],
    // bash breaks words at `=`: it is given the value alone, which replaces what follows the `=`.
    ['jdgen build --format=docx,p', ['docx,pdf']],
    ['jdgen validate --reporter=j', ['json']],
    ['jdgen validate --locale=r', ['ro', 'ru']],
    ['jdgen build --nope=x', []],
  ])('bash: %j → %j', (line, expected) => {
    expect(bashComplete(line).sort()).toEqual([...expected].sort());
  });

  it('bash: offers YAML files and folders only, hidden ones only when asked', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'roles'));
    mkdirSync(join(dir, '.hidden'));
    for (const file of ['a.yaml', 'b.yml', 'c.txt', '.d.yaml']) writeFileSync(join(dir, file), '');
    expect(bashComplete('jdgen validate ', dir).sort()).toEqual(['a.yaml', 'b.yml', 'roles/']);
    expect(bashComplete('jdgen validate .', dir).sort()).toEqual(['.d.yaml', '.hidden/']);
    expect(bashComplete('jdgen build --config ', dir).sort()).toEqual(['a.yaml', 'b.yml', 'roles/']);
    expect(bashComplete('jdgen build -o ', dir)).toEqual(['roles/']);
  });

  it('bash: offers folders and Word or LibreOffice documents to import', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'old'));
    for (const file of ['clerk.docx', 'Driver.ODT', 'notes.txt', 'role.yaml']) writeFileSync(join(dir, file), '');
    writeFileSync(join(dir, 'old', 'accountant.docx'), '');
    expect(bashComplete('jdgen import ', dir).sort()).toEqual(['Driver.ODT', 'clerk.docx', 'old/']);
    expect(bashComplete('jdgen import old/', dir)).toEqual(['old/accountant.docx']);
  });

  it('prints a script for each shell that asks `jdgen completion-server`, and none for another shell', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const run = jdgen(['completion', shell]);
      expect(run.code).toBe(EXIT.ok);
      expect(run.stdout).toContain('jdgen completion-server --');
      const check = { bash: ['bash', '-n'], zsh: ['zsh', '-n'], fish: ['fish', '--no-execute'] }[shell]!;
      const file = join(tempDir(), `jdgen.${shell}`);
      writeFileSync(file, run.stdout);
      const syntax = spawnSync(check[0]!, [...check.slice(1), file], { encoding: 'utf8' });
      // zsh and fish may be absent from the machine; bash never is.
      if (!(syntax.error && shell !== 'bash')) expect(syntax.status, syntax.stderr).toBe(0);
    }
    const wrong = jdgen(['completion', 'tcsh']);
    expect(wrong.code).toBe(EXIT.usage);
    expect(wrong.stderr).toContain("'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });

  it('zsh and fish get descriptions with the candidates', () => {
    const env = (shell: string, line: string) => ({ SHELL: shell, COMP_LINE: line, COMP_POINT: String(line.length), COMP_CWORD: '1' });
    expect(jdgen(['completion-server', '--', 'jdgen', 'do'], { env: env('zsh', 'jdgen do') }).stdout).toBe(
      'doctor:print versions and where templates, schemas and fonts come from; check they are readable\n',
    );
    expect(jdgen(['completion-server', '--', 'jdgen', 'do'], { env: env('fish', 'jdgen do') }).stdout).toBe(
      'doctor\tprint versions and where templates, schemas and fonts come from; check they are readable\n',
    );
  });

  it('completes --opt=value as the whole word in zsh and fish, and the names of the bases for new --extends', () => {
    const env = (shell: string, line: string) => ({ SHELL: shell, COMP_LINE: line, COMP_POINT: String(line.length), COMP_CWORD: '1' });
    const complete = (shell: string, line: string, cwd = ROOT) => jdgen(['completion-server', '--', ...line.split(' ')], { env: env(shell, line), cwd }).stdout;
    expect(complete('zsh', 'jdgen build --format=docx,p')).toBe('--format=docx,pdf\n');
    expect(complete('fish', 'jdgen validate --reporter=gi')).toBe('--reporter=github\n');
    const project = join(ROOT, 'examples/organization');
    expect(bashComplete('jdgen new Clerk --extends ', project)).toEqual(['manager']);
    expect(bashComplete('jdgen new Clerk --extends ', join(project, 'roles'))).toEqual(['manager']);
    expect(bashComplete('jdgen new Clerk --extends bases/', project)).toEqual(['bases/manager.yaml']);
    expect(complete('zsh', 'jdgen new Clerk --extends=ma', project)).toBe('--extends=manager\n');
  });

  it('keeps completion-server out of the help', () => {
    expect(jdgen(['--help']).stdout).not.toContain('completion-server');
  });
});
