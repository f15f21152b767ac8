import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

const EXAMPLES = ['examples/en', 'examples/ru', 'examples/uk', 'examples/ro', 'examples/lv', 'examples/sq', 'examples/az', 'examples/organization'];

/** The Russian example with a fine for a missed sales plan in its responsibility section. */
function withFine(): string {
  const dir = tempDir();
  const text = readFileSync(join(ROOT, 'examples/ru/key-account-manager.yaml'), 'utf8').replace(
    '    text: Менеджер несёт ответственность за ненадлежащее исполнение',
    '    text: За невыполнение плана продаж Менеджер уплачивает штраф. Менеджер несёт ответственность за ненадлежащее исполнение',
  );
  writeFileSync(join(dir, 'role.yaml'), text);
  return dir;
}

describe('jdgen lint', () => {
  it('the examples are lint-clean: their only findings carry a suppression with a reason', () => {
    const run = jdgen(['lint', ...EXAMPLES, '--reporter', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; files: Array<{ file: string; diagnostics: unknown[]; suppressed: Array<{ reason: string }> }> };
    expect(report.files.length).toBe(10);
    expect(report.files.flatMap((f) => f.diagnostics)).toEqual([]);
    expect(report.files.flatMap((f) => f.suppressed).every((s) => s.reason.length > 20)).toBe(true);
  });

  it('an error-level finding exits 1 with file:line:column in every reporter; SARIF is a 2.1.0 log', () => {
    const dir = withFine();
    const text = jdgen(['lint', 'role.yaml'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/^role\.yaml:\d+:5: error: responsibility\[0\]: .* sets a fine \(«штраф»\)/m);
    const github = jdgen(['lint', 'role.yaml', '--reporter', 'github'], { cwd: dir });
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(/^::error file=role\.yaml,line=\d+,col=5,title=jdgen::responsibility\[0\]/m);
    const sarif = jdgen(['lint', 'role.yaml', '--reporter', 'sarif'], { cwd: dir });
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string; level: string; suppressions?: unknown[] }> }> };
    expect(log.version).toBe('2.1.0');
    // The example's own suppressed finding is listed as suppressed, as code-scanning services expect.
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.level, r.suppressions?.length ?? 0])).toEqual([
      ['liability-beyond-law', 'error', 0],
      ['duty-without-right', 'warning', 1],
    ]);
  });

  it('an unknown reporter is a usage error', () => {
    expect(jdgen(['lint', 'examples/en', '--reporter', 'xml']).code).toBe(2);
  });
});

describe('jdgen build runs the error-level rules', () => {
  it('lints only the roles it builds, unless a rule across roles is at error level: then a new copy blocks the old ones too', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'jdgen.config.yaml'), 'jdgen: 1\nlint:\n  rules:\n    empty-or-duplicate: error\n');
    const role = readFileSync(join(ROOT, 'examples/en/contract-specialist.yaml'), 'utf8');
    for (const name of ['a', 'b']) writeFileSync(join(dir, `${name}.yaml`), role);
    const build = () => jdgen(['build', 'a.yaml', 'b.yaml', 'c.yaml', '-f', 'md', '-o', 'out', '--reporter', 'json'], { cwd: dir });
    const statuses = (run: { stdout: string }) =>
      Object.fromEntries((JSON.parse(run.stdout) as { files: Array<{ file: string; status: string }> }).files.map((f) => [f.file, f.status]));
    // Two copies: below the rule's threshold of three.
    expect(jdgen(['build', 'a.yaml', 'b.yaml', '-f', 'md', '-o', 'out'], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, 'c.yaml'), role);
    const third = build();
    expect(third.code).toBe(1);
    expect(statuses(third)).toEqual({ 'a.yaml': 'failed', 'b.yaml': 'failed', 'c.yaml': 'failed' });
    // With the rule at its default level, only the new role is linted and built; the others are unchanged.
    writeFileSync(join(dir, 'jdgen.config.yaml'), 'jdgen: 1\n');
    expect(statuses(build())).toEqual({ 'a.yaml': 'built', 'b.yaml': 'built', 'c.yaml': 'built' });
    writeFileSync(join(dir, 'c.yaml'), role.replace('number: ', 'number: 2'));
    expect(statuses(build())).toEqual({ 'a.yaml': 'unchanged', 'b.yaml': 'unchanged', 'c.yaml': 'built' });
  });

  it('gates the roles on the worker threads that build them; a rule across roles at error level still sees them all', () => {
    const dir = withFine();
    const kam = readFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), 'utf8');
    for (const n of [1, 2]) writeFileSync(join(dir, `kam-${n}.yaml`), kam);
    // A project of its own (its own config), with the rules at their default levels.
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'jdgen.config.yaml'), 'jdgen: 1\n');
    for (const n of [1, 2]) writeFileSync(join(dir, 'other', `cs-${n}.yaml`), readFileSync(join(ROOT, 'examples/en/contract-specialist.yaml'), 'utf8'));
    const statuses = (run: { stdout: string }) =>
      Object.fromEntries((JSON.parse(run.stdout) as { files: Array<{ file: string; status: string }> }).files.map((f) => [f.file, f.status]));
    const build = (out: string) => jdgen(['build', '.', '-f', 'md', '-o', out, '-j', '2', '--reporter', 'json'], { cwd: dir });
    const first = build('out');
    expect(first.code).toBe(1);
    expect(statuses(first)).toEqual({
      'kam-1.yaml': 'built',
      'kam-2.yaml': 'built',
      'other/cs-1.yaml': 'built',
      'other/cs-2.yaml': 'built',
      'role.yaml': 'failed',
    });
    expect(first.stdout).toContain('lint/liability-beyond-law');
    expect(existsSync(join(dir, 'out', 'role.md'))).toBe(false);
    // Three copies of a clause, the rule at error level for the roles of this folder: every copy is blocked, the rest built.
    writeFileSync(join(dir, 'kam-3.yaml'), kam);
    writeFileSync(join(dir, 'jdgen.config.yaml'), 'jdgen: 1\nlint:\n  rules:\n    empty-or-duplicate: error\n');
    const second = build('out2');
    expect(statuses(second)).toEqual({
      'kam-1.yaml': 'failed',
      'kam-2.yaml': 'failed',
      'kam-3.yaml': 'failed',
      'other/cs-1.yaml': 'built',
      'other/cs-2.yaml': 'built',
      'role.yaml': 'failed',
    });
    expect(second.stdout).toContain('lint/empty-or-duplicate');
    expect(existsSync(join(dir, 'out2', 'other', 'cs-1.md'))).toBe(true);
    expect(existsSync(join(dir, 'out2', 'kam-1.md'))).toBe(false);
  });

  it('a role with an error-level finding is not built; --no-lint builds it', () => {
    const dir = withFine();
    const blocked = jdgen(['build', 'role.yaml', '-f', 'md', '-o', 'out'], { cwd: dir });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('error: responsibility[0]');
    expect(existsSync(join(dir, 'out', 'role.md'))).toBe(false);
    const built = jdgen(['build', 'role.yaml', '-f', 'md', '-o', 'out', '--no-lint'], { cwd: dir });
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(dir, 'out', 'role.md'))).toBe(true);
    // Unchanged since, but built without the gate: a build with it lints the role (and fails it) instead of skipping it.
    const again = jdgen(['build', 'role.yaml', '-f', 'md', '-o', 'out'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error: responsibility[0]');
  });
});
