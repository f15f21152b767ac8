/**
 * Hostile input through the real CLI (issue 12): many errors, control
 * characters, old Mac line ends, very long values. Timing bounds are hang
 * guards, generous for a loaded machine: before the fixes these took minutes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jdgenAsync, ROOT, tempDir } from '../helpers/cli.js';

const EXAMPLE = readFileSync(join(ROOT, 'examples/en/contract-specialist.yaml'), 'utf8');
/** A process start, a load and a check or build: well under this, even on a busy machine. */
const BOUND_MS = 10_000;

async function timedRun(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const start = performance.now();
  const run = await jdgenAsync(args, { cwd });
  return { ...run, ms: performance.now() - start };
}

/** The example with `text` in place of `before` (which must be there). */
function variant(before: string, text: string): string {
  expect(EXAMPLE).toContain(before);
  return EXAMPLE.replace(before, text);
}

describe('a file with 20,000 errors', () => {
  it('is checked quickly, every error at its own line', async () => {
    const cwd = tempDir();
    const count = 20_000;
    const keys = Array.from({ length: count }, (_, n) => `  extra${n}: 1\n`).join('');
    writeFileSync(join(cwd, 'role.yaml'), variant('position:\n', `position:\n${keys}`));
    const firstLine = EXAMPLE.slice(0, EXAMPLE.indexOf('position:\n')).split('\n').length + 1;
    const run = await timedRun(['validate', 'role.yaml'], cwd);
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(BOUND_MS);
    const found = [...run.stderr.matchAll(/^role\.yaml:(\d+):(\d+): error: position\.extra(\d+): unknown key `extra\3`$/gm)];
    expect(found).toHaveLength(count);
    for (const [, line, column, n] of found) expect([Number(line), Number(column)]).toEqual([firstLine + Number(n), 3]);
    // The source line under each message is the key's own line.
    expect(run.stderr).toContain(`  ${firstLine + 12345} |   extra12345: 1\n`);
  });
});

describe('control characters in a role file', () => {
  it('reach the terminal only as visible escapes, in keys, values and source lines', async () => {
    const cwd = tempDir();
    const text = variant('  status: draft', '  status: "dr\\e[31maft\\a\\x9b"\n  "k\\e[2Jey\\a\\x9b": 1\n  r\u001b[1mw: 2');
    writeFileSync(join(cwd, 'role.yaml'), text);
    const run = await timedRun(['validate', 'role.yaml'], cwd);
    expect(run.code).toBe(1);
    const output = run.stdout + run.stderr;
    expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(run.stderr).toContain('unknown key `k\\x1b[2Jey\\x07\\x9b`');
    expect(run.stderr).toContain('unknown key `r\\x1b[1mw`');
    // The raw ESC of the source line, escaped, with the caret still under the key.
    expect(run.stderr).toMatch(/ \| {3}r\\x1b\[1mw: 2\n +\| {3}\^/);
  });
});

describe('a file with CR-only line ends (old Mac)', () => {
  it('reports the right line and column and prints the line', async () => {
    const cwd = tempDir();
    const text = variant('  category: specialist\n', '  category: specialist\n  bogus: x\n').replace(/\n/g, '\r');
    writeFileSync(join(cwd, 'role.yaml'), text);
    const line = EXAMPLE.slice(0, EXAMPLE.indexOf('  category: specialist\n')).split('\n').length + 1;
    const run = await timedRun(['validate', 'role.yaml'], cwd);
    expect(run.stderr).toContain(`role.yaml:${line}:3: error: position.bogus: unknown key \`bogus\``);
    expect(run.stderr).toContain(`  ${line} |   bogus: x\n`);
    expect(run.stderr.match(/error:/g)).toHaveLength(1);
    expect(run.code).toBe(1);
  });
});

describe('a 20 KB title or document number', () => {
  it.each([
    ['title', '  title: Contract Work Specialist', `  title: ${'Contract Work Specialist '.repeat(820).trim()}`],
    ['number', '  number: HR-JD-2026/07', `  number: HR-JD-${'X'.repeat(20_000)}`],
  ])('%s: answered quickly (built, or refused with a position), never a hang', async (_, before, after) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'role.yaml'), variant(before, after));
    const run = await timedRun(['build', 'role.yaml', '-o', 'out', '-f', 'pdf,docx'], cwd);
    expect(run.ms).toBeLessThan(BOUND_MS);
    expect([0, 1]).toContain(run.code);
    if (run.code === 1) expect(run.stderr).toMatch(/^role\.yaml:\d+:\d+: error: /m);
  });
});

describe('control characters in a file name', () => {
  it('are escaped in the report lines, the summary and GitHub annotations', async () => {
    const cwd = tempDir();
    const name = 'r\u001b[31mole\u0007.yaml';
    writeFileSync(join(cwd, name), EXAMPLE);
    writeFileSync(join(cwd, `bad\u001b[2J.yaml`), variant('  category: specialist\n', '  category: specialist\n  bogus: x\n'));
    for (const reporter of ['human', 'github']) {
      const run = await timedRun(['build', name, `bad\u001b[2J.yaml`, '-o', 'out', '-f', 'md', '--reporter', reporter], cwd);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(run.stdout + run.stderr).toContain('bad\\x1b[2J.yaml');
    }
  });
});
