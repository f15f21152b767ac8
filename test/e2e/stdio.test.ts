import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/*
 * `jdgen build -` and `jdgen validate -` read a role from standard input, `-o -` writes one format
 * to standard output (issue 13, item 13), and the library's bytes are the
 * CLI's files (item 12).
 */

const BIN = join(ROOT, 'bin', 'jdgen.js');
const EPOCH = { SOURCE_DATE_EPOCH: '1790000000' };
const PROJECT = join(ROOT, 'examples/organization');
const ROLE = 'roles/sales-manager.yaml';

/** The CLI with bytes on standard input and standard output kept as bytes. */
function piped(args: string[], input: string | Buffer, cwd = ROOT): { code: number; stdout: Buffer; stderr: string } {
  const env = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...EPOCH } as NodeJS.ProcessEnv;
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, env, input, maxBuffer: 64 * 1024 * 1024 });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr.toString('utf8') };
}

const minimal = readFileSync(join(ROOT, 'test/fixtures/valid/minimal.yaml'), 'utf8');

describe('CLI: build - and -o -', () => {
  let out: string;
  beforeAll(() => {
    out = tempDir();
    const built = jdgen(['build', 'test/fixtures/valid/minimal.yaml', '-o', out, '-f', 'md,pdf'], { env: EPOCH });
    expect(built.code, built.stderr).toBe(0);
  });

  it('reads a role from standard input and writes one format to standard output, byte for byte the built file', () => {
    for (const format of ['md', 'pdf'] as const) {
      const run = piped(['build', '-', '-f', format, '-o', '-'], minimal);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout.equals(readFileSync(join(out, `minimal.${format}`))), format).toBe(true);
    }
  });

  it('writes a role file to standard output, leaving no files and no manifest', () => {
    const cwd = tempDir();
    const run = piped(['build', join(ROOT, 'test/fixtures/valid/minimal.yaml'), '-f', 'md', '-o', '-'], '', cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.equals(readFileSync(join(out, 'minimal.md')))).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('writes a role from standard input into the output folder as stdin.<format>', () => {
    const dir = tempDir();
    const run = piped(['build', '-', '-f', 'md', '-o', dir], minimal);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['stdin.md']);
    expect(readFileSync(join(dir, 'stdin.md')).equals(readFileSync(join(out, 'minimal.md')))).toBe(true);
  });

  it('needs exactly one format for -o - (usage error, exit 2), and - alone', () => {
    for (const args of [
      ['build', '-', '-o', '-'],
      ['build', '-', '-f', 'md,pdf', '-o', '-'],
      ['build', '-', 'test/fixtures/valid/minimal.yaml', '-f', 'md'],
      ['build', '-', '-f', 'md', '-o', '-', '--reporter', 'json'],
    ]) {
      const run = piped(args, minimal);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout.length).toBe(0);
      expect(run.stderr).toMatch(/^error: /m);
    }
  });

  it('reports an invalid role from standard input as <stdin>:line:column on standard error, nothing on standard output, exit 1', () => {
    const run = piped(['build', '-', '-f', 'pdf', '-o', '-'], 'jdgen: 1\nposition:\n  title: 5\n');
    expect(run.code).toBe(1);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toContain('<stdin>:3:10: error: position.title: expected text, got a number');
  });

  it('resolves extends and use of a role on standard input from the current folder', () => {
    const role = readFileSync(join(PROJECT, ROLE), 'utf8');
    const run = piped(['build', '-', '-f', 'md', '-o', '-'], role, join(PROJECT, 'roles'));
    expect(run.code, run.stderr).toBe(0);
    const text = run.stdout.toString('utf8');
    expect(text).toContain('Harbour Point Distribution Ltd');
    expect(text).toContain('Sales Manager');
  });
});

describe('CLI: validate -', () => {
  it('validates a role from standard input, and names it <stdin> in its messages', () => {
    const valid = piped(['validate', '-'], minimal);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout.toString('utf8')).toContain('<stdin> is valid');
    const invalid = piped(['validate', '-', '--reporter', 'json'], 'jdgen: 1\nposition:\n  title: 5\n');
    expect(invalid.code).toBe(1);
    const report = JSON.parse(invalid.stdout.toString('utf8')) as { files: Array<{ file: string; diagnostics: Array<{ line: number; column: number }> }> };
    expect(report.files.map((file) => file.file)).toEqual(['<stdin>']);
    expect(report.files[0]!.diagnostics).toContainEqual(expect.objectContaining({ line: 3, column: 10 }));
  });

  it('resolves extends and use from the current folder, and refuses `-` beside other inputs (exit 2)', () => {
    const run = piped(['validate', '-'], readFileSync(join(PROJECT, ROLE), 'utf8'), join(PROJECT, 'roles'));
    expect(run.code, run.stderr).toBe(0);
    const mixed = piped(['validate', '-', 'test/fixtures/valid/minimal.yaml'], minimal);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('cannot be combined with other inputs');
  });
});

describe('library: bytes in memory equal the CLI files', () => {
  const saved = process.env.SOURCE_DATE_EPOCH;
  beforeAll(() => {
    process.env.SOURCE_DATE_EPOCH = EPOCH.SOURCE_DATE_EPOCH;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  it('gives a role with an in-memory base, library, config and logo the bytes jdgen build writes for it', async () => {
    const out = tempDir();
    const built = jdgen(['build', join(PROJECT, ROLE), '-o', out, '-f', 'docx,pdf,md,json'], { env: EPOCH });
    expect(built.code, built.stderr).toBe(0);
    const files: Record<string, string | Uint8Array> = {};
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files[relative(PROJECT, path)] = new Uint8Array(readFileSync(path));
      }
    };
    walk(PROJECT);
    const role = Buffer.from(files[ROLE]!).toString('utf8');
    delete files[ROLE];
    const api = await import('jdgen');
    const report = await api.build({ yaml: role, name: ROLE }, { cwd: '/in/memory', files, formats: ['docx', 'pdf', 'md', 'json'], write: false });
    expect(report.ok, JSON.stringify(report.files[0]?.diagnostics)).toBe(true);
    const bytes = report.files[0]!.bytes!;
    for (const format of ['docx', 'pdf', 'md', 'json'] as const) {
      expect(Buffer.from(bytes[format]!).equals(readFileSync(join(out, `sales-manager.${format}`))), format).toBe(true);
    }
  });
});
