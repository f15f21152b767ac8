import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, tempDir, type CliRun } from '../helpers/cli.js';

/**
 * The machine refusing (a full disk, a read-only or forbidden folder, `-o`
 * naming a file or a device, an absurd SOURCE_DATE_EPOCH, a reader that left
 * the pipe) is the user's to fix: one clear line, exit 1 (2 for wrong usage),
 * never "internal error" with a stack trace. Runs the real CLI.
 */

const BIN = join(ROOT, 'bin', 'jdgen.js');
const KAM = join(ROOT, 'examples/en/key-account-manager.yaml');
const CS = join(ROOT, 'examples/en/contract-specialist.yaml');

/** The CLI with a time limit: a hang (Node's mkdir -p under /proc loops forever) must fail, not block the suite. */
function jdgen(args: string[], options: { cwd?: string; env?: Record<string, string>; uid?: number } = {}): CliRun {
  const env = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, SOURCE_DATE_EPOCH: undefined, ...options.env };
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 30_000,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** One line on stderr, no stack trace, no "internal error", and the exit code asked for. */
function expectUserError(run: CliRun, code: number, message: RegExp): void {
  expect(run.stderr).not.toMatch(/internal error|\n\s+at .*:\d+/);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.code).toBe(code);
}

const root = process.getuid?.() === 0;
const mounted: string[] = [];

/** A small tmpfs (as root; undefined where mounting is not allowed, and the test is skipped). */
function tmpfs(options: string): string | undefined {
  if (!root) return undefined;
  const dir = tempDir('jdgen-mnt-');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (mount.status !== 0) return undefined;
  mounted.push(dir);
  return dir;
}

/** A full file system: 64 KiB, filled up. */
function fullDisk(): string | undefined {
  const dir = tmpfs('size=64k');
  if (dir) spawnSync('sh', ['-c', `cat /dev/zero > ${dir}/fill`]);
  return dir;
}

/** chattr +i where the file system and privileges allow it (undefined otherwise: test skipped). */
function immutable(path: string): string | undefined {
  return spawnSync('chattr', ['+i', path]).status === 0 ? path : undefined;
}

const readOnly = tmpfs('ro,size=64k');
const full = fullDisk();
const frozenDir = (() => {
  const dir = join(tempDir(), 'frozen');
  mkdirSync(dir);
  return immutable(dir);
})();

afterAll(() => {
  if (frozenDir) spawnSync('chattr', ['-i', frozenDir]);
  for (const dir of mounted) spawnSync('umount', [dir]);
});

describe('build: the output folder', () => {
  it.each([
    [
      'an existing file',
      (cwd: string) => (writeFileSync(join(cwd, 'notes.txt'), 'x'), 'notes.txt'),
      /^error: -o must name a folder: cannot use notes\.txt as the output folder, it is a file$/m,
    ],
    ['/dev/null', () => '/dev/null', /-o must name a folder: cannot use \/dev\/null as the output folder, it is a character device/],
    [
      'a path under a file',
      (cwd: string) => (writeFileSync(join(cwd, 'notes.txt'), 'x'), 'notes.txt/out'),
      /cannot use notes\.txt\/out as the output folder, notes\.txt is a file/,
    ],
  ])('-o naming %s is wrong usage (exit 2), nothing written', (_what, target, message) => {
    const cwd = tempDir();
    const run = jdgen(['build', KAM, '-f', 'md', '-o', target(cwd)], { cwd });
    expectUserError(run, 2, message);
    expect(run.stdout).toBe('');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a folder jdgen.config.yaml names that is a file is a positioned error (exit 1)', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'jdgen.config.yaml'), 'jdgen: 1\noutput:\n  dir: taken\n');
    writeFileSync(join(cwd, 'taken'), 'x');
    writeFileSync(join(cwd, 'kam.yaml'), readFileSync(KAM));
    const run = jdgen(['build', 'kam.yaml', '-f', 'md'], { cwd });
    expect(run.stderr).toContain('jdgen.config.yaml:3:8: error: output.dir: cannot use taken as the output folder: it is a file');
    expect(run.stderr).not.toMatch(/internal error|\n\s+at .*:\d+/);
    expect(run.code).toBe(1);
  });

  it('a folder that cannot be created under /proc ends at once (no endless mkdir), exit 1', () => {
    const run = jdgen(['build', KAM, '-f', 'md', '-o', '/proc/jdgen-no-such/out'], { cwd: tempDir() });
    expectUserError(run, 1, /^error: cannot create the folder \/proc\/jdgen-no-such\/out: this file system takes no new folders$/m);
  });

  it.skipIf(!readOnly)('a read-only file system: one line, exit 1', () => {
    expectUserError(jdgen(['build', KAM, '-f', 'md', '-o', readOnly!], { cwd: tempDir() }), 1, /cannot write in the folder .*: read-only file system$/m);
    expectUserError(
      jdgen(['build', KAM, '-f', 'md', '-o', join(readOnly!, 'sub')], { cwd: tempDir() }),
      1,
      /cannot create the folder .*sub: read-only file system$/m,
    );
  });

  it.skipIf(!full)('a full disk: no space left on device, exit 1, no stack trace', () => {
    const run = jdgen(['build', KAM, '-f', 'md,pdf', '-o', full!], { cwd: tempDir() });
    // Whichever file comes first (the folder's lock, an output, the manifest) names the reason.
    expect(run.stderr).toMatch(/no space left on device|ENOSPC/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at .*:\d+/);
    expect(run.code).toBe(1);
  });

  it.skipIf(!frozenDir)('an immutable output folder: one line, exit 1', () => {
    expectUserError(jdgen(['build', KAM, '-f', 'md', '-o', frozenDir!], { cwd: tempDir() }), 1, /cannot write in the folder .*frozen: operation not permitted/);
  });

  it.skipIf(!root)('a folder the user may not write: permission denied, exit 1', () => {
    // Root may write anywhere: the CLI runs as nobody in a folder it may read but not write.
    const cwd = tempDir();
    chmodSync(cwd, 0o755);
    mkdirSync(join(cwd, 'locked'), { mode: 0o755 });
    expectUserError(
      jdgen(['build', KAM, '-f', 'md', '-o', 'locked'], { cwd, uid: 65534 }),
      1,
      /^error: cannot write in the folder locked: permission denied$/m,
    );
  });
});

describe('diff --format docx -o', () => {
  const diff = (output: string, cwd: string) => jdgen(['diff', KAM, CS, '-f', 'docx', '-o', output], { cwd });

  it('naming a device is wrong usage (exit 2), and the device stays a device', (context) => {
    // A private copy of /dev/null: were the check ever lost, the atomic write would replace the device
    // with a regular file, and the machine's own /dev/null must not be what a failing test breaks.
    const cwd = tempDir();
    if (!root || spawnSync('mknod', ['-m', '666', join(cwd, 'null'), 'c', '1', '3']).status !== 0) return context.skip();
    expectUserError(diff('null', cwd), 2, /^error: -o must name a file: null is a character device$/m);
    expect(statSync(join(cwd, 'null')).isCharacterDevice()).toBe(true);
  });

  it.each([
    ['a folder', (cwd: string) => (mkdirSync(join(cwd, 'reviews')), 'reviews'), /-o must name a file: reviews is a folder/],
    [
      'a path under a file',
      (cwd: string) => (writeFileSync(join(cwd, 'notes.txt'), 'x'), 'notes.txt/r.docx'),
      /-o must name a file in a folder: it is a file|notes\.txt is a file/,
    ],
  ])('naming %s is wrong usage (exit 2)', (_what, target, message) => {
    const cwd = tempDir();
    expectUserError(diff(target(cwd), cwd), 2, message);
  });

  it.skipIf(!readOnly)('on a read-only file system: trouble (exit 2), one line', () => {
    expectUserError(diff(join(readOnly!, 'r.docx'), tempDir()), 2, /cannot write the redline to .*r\.docx: read-only file system/);
  });

  it.skipIf(!full)('on a full disk: trouble (exit 2), one line', () => {
    expectUserError(diff(join(full!, 'r.docx'), tempDir()), 2, /cannot write the redline to .*r\.docx: no space left on device/);
  });
});

describe('init and new', () => {
  it('init into a file is wrong usage (exit 2)', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'hr'), 'x');
    expectUserError(jdgen(['init', 'hr'], { cwd }), 2, /cannot create the project in .*hr: it is a file$/m);
  });

  it.skipIf(!readOnly)('init and new on a read-only file system: one line, exit 1', () => {
    expectUserError(jdgen(['init', join(readOnly!, 'hr')], { cwd: tempDir() }), 1, /cannot create the folder .*hr: read-only file system/);
    expectUserError(jdgen(['new', 'Sales Manager', '--dir', readOnly!], { cwd: tempDir() }), 1, /cannot write .*sales-manager\.yaml: read-only file system/);
  });

  it('new --dir under a file is wrong usage (exit 2)', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.txt'), 'x');
    expectUserError(
      jdgen(['new', 'Sales Manager', '--dir', 'notes.txt/roles'], { cwd }),
      2,
      /cannot write the role into notes\.txt\/roles: notes\.txt is a file/,
    );
  });

  it('new --force over an immutable file: one line, exit 1', (context) => {
    const cwd = tempDir();
    expect(jdgen(['new', 'Sales Manager'], { cwd }).code).toBe(0);
    const file = immutable(join(cwd, 'sales-manager.yaml'));
    if (!file) return context.skip();
    try {
      expectUserError(jdgen(['new', 'Sales Manager', '--force'], { cwd }), 1, /^error: cannot write sales-manager\.yaml: operation not permitted/m);
    } finally {
      spawnSync('chattr', ['-i', file]);
    }
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  const absurd = ['-1', 'yesterday', '1e20', '100000000000000000000', '253402300800', '12.5'];
  it.each([
    ['build', ['build', KAM, '-f', 'docx', '-o', 'out']],
    ['validate', ['validate', KAM]],
    ['diff -f docx', ['diff', KAM, CS, '-f', 'docx', '-o', 'r.docx']],
    ['show', ['show', KAM]],
    ['new', ['new', 'Sales Manager']],
    ['init', ['init', 'hr']],
  ])('an absurd value is wrong usage in %s (exit 2), before anything is done', (_name, args) => {
    for (const value of absurd) {
      const cwd = tempDir();
      const run = jdgen(args as string[], { cwd, env: { SOURCE_DATE_EPOCH: value } });
      expectUserError(
        run,
        2,
        new RegExp(`^error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC.*, got \`${value.replace(/[.+]/g, '\\$&')}\`$`, 'm'),
      );
      expect(run.stdout).toBe('');
      expect(readdirSync(cwd), value).toEqual([]);
    }
  });

  it('the first and last second of years 1970 to 9999 build', () => {
    for (const value of ['0', '253402300799']) {
      const run = jdgen(['build', KAM, '-f', 'docx,pdf', '-o', 'out'], { cwd: tempDir(), env: { SOURCE_DATE_EPOCH: value } });
      expect(run.stderr, value).toBe('');
      expect(run.code, value).toBe(0);
    }
  });

  it('dates the stub of jdgen new', () => {
    const cwd = tempDir();
    expect(jdgen(['new', 'Sales Manager'], { cwd, env: { SOURCE_DATE_EPOCH: '1700000000' } }).code).toBe(0);
    expect(parse(readFileSync(join(cwd, 'sales-manager.yaml'), 'utf8')).document.date).toBe('2023-11-14');
  });
});

describe('a reader that leaves the pipe', () => {
  const sh = (pipeline: string) =>
    spawnSync('sh', ['-c', pipeline], {
      cwd: tempDir(),
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, SOURCE_DATE_EPOCH: undefined } as NodeJS.ProcessEnv,
    });
  const cli = `"${process.execPath}" "${BIN}"`;

  it.each([
    ['build | head -1', `${cli} build "${KAM}" "${CS}" -f md -o out -j 1 | head -1`],
    ['show | true', `${cli} show "${KAM}" | true`],
    ['validate | head -0', `${cli} validate "${KAM}" "${CS}" | head -0`],
    ['--help | head -1', `${cli} --help | head -1`],
    ['schema | head -0', `${cli} schema | head -0`],
  ])('%s ends quietly, nothing on stderr', (_name, pipeline) => {
    const run = sh(`${pipeline}; echo "jdgen exit $?" >&2`);
    expect(run.stderr).toBe('jdgen exit 0\n');
  });

  it('a build still finishes its work when nobody reads its report', () => {
    const run = sh(`${cli} build "${KAM}" "${CS}" -f md -o out -j 1 | true; ls out`);
    expect(run.stdout).toBe('contract-specialist.md\nkey-account-manager.md\n');
  });

  it('standard output on a full device: one line, exit 1', () => {
    const run = sh(`${cli} schema > /dev/full`);
    expectUserError(
      { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr },
      1,
      /^error: cannot write to standard output: no space left on device$/m,
    );
  });
});

describe('jdgen new: the title is a value, never YAML', () => {
  it.each([
    'Head: of "Sales" & co',
    '# not a comment',
    "it's {{ position.title }}",
    '&anchor',
    '*alias',
    '!!binary AAAA',
    '[1, 2]',
    'Sales Manager ',
    'Менеджер – Ünïcødé',
  ])('%j parses back to exactly that title, with nothing else added', (title) => {
    const cwd = tempDir();
    const run = jdgen(['new', '--', title], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [file] = readdirSync(cwd);
    const role = parse(readFileSync(join(cwd, file!), 'utf8'));
    expect(role.position.title).toBe(title);
    expect(Object.keys(role.position)).toEqual(['title', 'department', 'reports_to']);
  });

  it.each(['-leading dash', 'Evil\njdgen: 2\nduties: []', 'tab\there', 'bell\u0007', ' '])(
    '%j: leading dash works after --; control characters and empty are wrong usage',
    (title) => {
      const cwd = tempDir();
      const run = jdgen(['new', '--', title], { cwd });
      if (title.startsWith('-')) {
        expect(run.code).toBe(0);
        expect(parse(readFileSync(join(cwd, readdirSync(cwd)[0]!), 'utf8')).position.title).toBe(title);
        return;
      }
      expectUserError(run, 2, /the title must (be one line without control characters|not be empty)/);
      expect(readdirSync(cwd)).toEqual([]);
      expect(existsSync(join(cwd, 'evil-jdgen-2-duties.yaml'))).toBe(false);
    },
  );
});
