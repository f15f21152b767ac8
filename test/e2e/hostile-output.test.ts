import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverJournals } from '../../src/output/journal.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * The output folder under attack or accident (issue 12): a tampered build
 * manifest, special files where jdgen reads, a kill in the middle of
 * writing, a failing write, two builds at once, leftovers of a killed build.
 * Every run has a time limit: a hang is a failure, not a stuck test.
 */
const BIN = join(ROOT, 'bin', 'jdgen.js');
const SLOW_RENAME = join(ROOT, 'test', 'helpers', 'slow-rename.mjs');
const MANIFEST = '.jdgen-manifest.json';
const ROLES = ['account-manager', 'sales-manager'];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

interface KillWhen {
  /** Folder watched (polled) for a file whose name matches `name`… */
  dir: string;
  name: RegExp;
  /** …then the process is killed (SIGKILL) this long after. */
  afterMs: number;
}

/** Runs the real CLI; killed as `killWhen` says, or failed as a hang after `timeoutMs`. */
function run(
  args: string[],
  cwd: string,
  options: { env?: Record<string, string>; slowRename?: number; killWhen?: KillWhen; timeoutMs?: number } = {},
): Promise<Run> {
  const node = options.slowRename ? ['--import', SLOW_RENAME] : [];
  const env = {
    ...process.env,
    FORCE_COLOR: undefined,
    NO_COLOR: undefined,
    JDGEN_TEST_RENAME_DELAY_MS: String(options.slowRename ?? 0),
    ...options.env,
  } as NodeJS.ProcessEnv;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...node, BIN, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const when = options.killWhen;
    let pending: NodeJS.Timeout | undefined;
    const kill = when
      ? setInterval(() => {
          if (pending || !(existsSync(when.dir) && readdirSync(when.dir).some((n) => when.name.test(n)))) return;
          pending = setTimeout(() => child.kill('SIGKILL'), when.afterMs);
        }, 2)
      : undefined;
    const hang = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jdgen ${args.join(' ')} hung (over ${options.timeoutMs ?? 60_000} ms)\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearInterval(kill);
      clearTimeout(pending);
      clearTimeout(hang);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

let template: Promise<string> | undefined;

/** A fresh copy of `jdgen init project` (two roles extending one base), inside its own folder. */
async function project(): Promise<string> {
  template ??= (async () => {
    const root = tempDir('jdgen-hostile-template-');
    const init = await run(['init', 'project'], root);
    expect(init.code).toBe(0);
    return join(root, 'project');
  })();
  const cwd = join(tempDir('jdgen-hostile-'), 'project');
  cpSync(await template, cwd, { recursive: true });
  return cwd;
}

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const readJson = (path: string) =>
  JSON.parse(readFileSync(path, 'utf8')) as {
    inputs: Record<string, { settings: string; dependencies: Record<string, string>; outputs: Record<string, string> }>;
  };

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** The pid of a process that has ended. */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
}

describe.concurrent('a hostile or broken output folder', { timeout: 240_000 }, () => {
  it('a glob that climbs out of its fixed part still writes only inside the output folder', async () => {
    const top = tempDir();
    mkdirSync(join(top, 'roles'));
    mkdirSync(join(top, 'work', 'sub'), { recursive: true });
    cpSync(join(ROOT, 'test/fixtures/valid/minimal.yaml'), join(top, 'roles', 'clerk.yaml'));
    const cwd = join(top, 'work');
    const built = await run(['build', '*/../../roles/*.yaml', '-o', 'out', '-f', 'md'], cwd);
    expect(built.code, built.stderr).toBe(0);
    expect(readdirSync(join(top, 'roles'))).toEqual(['clerk.yaml']);
    expect(readdirSync(join(cwd, 'out')).filter((name) => !name.startsWith('.'))).toEqual(['clerk.md']);
    expect(Object.values(readJson(join(cwd, 'out', MANIFEST)).inputs).flatMap((entry) => Object.keys((entry as { outputs: object }).outputs))).toEqual([
      'clerk.md',
    ]);
  });

  it('--prune with a tampered manifest deletes nothing outside the output folder, warns with the position, and reports only files it removed', async () => {
    const cwd = await project();
    const first = await run(['build', 'roles/', '-o', 'out', '-f', 'md'], cwd);
    expect(first.code, first.stderr).toBe(0);
    // Victims outside the output folder, and a symlink inside it leading to them.
    const victims = join(cwd, '..', 'victim');
    mkdirSync(victims);
    for (const name of ['file.txt', 'file.md', 'abs.md']) writeFileSync(join(victims, name), 'precious');
    symlinkSync(victims, join(cwd, 'out', 'link'));
    writeFileSync(join(cwd, 'out', 'gone.md'), 'an output of a deleted role');
    const manifest = readJson(join(cwd, 'out', MANIFEST));
    const gone = (output: string) => ({ settings: 's', dependencies: {}, outputs: { [output]: sha('x') } });
    Object.assign(manifest.inputs, {
      '../roles/deleted-1.yaml': gone('../../victim/file.txt'),
      '../roles/abs.yaml': gone(join(victims, 'abs.md')),
      '../roles/file.yaml': gone('link/file.md'),
      '../roles/gone.yaml': gone('gone.md'),
      '../roles/never-existed.yaml': gone('never-existed.md'),
      // Inside the output folder, but not named after its role: not an output jdgen wrote for it.
      '../roles/deleted-6.yaml': gone('README.md'),
    });
    writeFileSync(join(cwd, 'out', 'README.md'), "the folder's own readme");
    const text = JSON.stringify(manifest, null, 2);
    writeFileSync(join(cwd, 'out', MANIFEST), text);

    const pruned = await run(['build', 'roles/', '-o', 'out', '-f', 'md', '--prune'], cwd);
    expect(pruned.code, pruned.stderr).toBe(0);
    for (const name of ['file.txt', 'file.md', 'abs.md']) expect(readFileSync(join(victims, name), 'utf8')).toBe('precious');
    expect(existsSync(join(cwd, 'out', 'gone.md'))).toBe(false);
    expect(pruned.stdout).toContain('removed out/gone.md\n');
    expect(pruned.stdout).not.toContain('never-existed');
    expect(pruned.stdout).not.toContain('victim');
    expect(readFileSync(join(cwd, 'out', 'README.md'), 'utf8')).toBe("the folder's own readme");
    for (const key of ['../../victim/file.txt', join(victims, 'abs.md'), 'link/file.md', 'README.md']) {
      const line = lineOf(text, JSON.stringify(key));
      expect(pruned.stderr).toMatch(new RegExp(`^out/\\.jdgen-manifest\\.json:${line}:\\d+: warning: .*build manifest`, 'm'));
    }
    // The manifest written now holds the present roles only.
    expect(Object.keys(readJson(join(cwd, 'out', MANIFEST)).inputs).sort()).toEqual(ROLES.map((r) => `../roles/${r}.yaml`));
  });

  it.each([
    ['null', 'null'],
    ['a string', '"inputs"'],
    ['an array', '[]'],
    ['a number', '7'],
    ['inputs a string', '{"inputs": "x"}'],
    ['an entry whose outputs are null', '{"inputs": {"../roles/account-manager.yaml": {"settings": "s", "dependencies": {}, "outputs": null}}}'],
    [
      'an entry whose hashes are numbers',
      '{"inputs": {"../roles/account-manager.yaml": {"settings": "s", "dependencies": {"../roles/account-manager.yaml": 1}, "outputs": {"account-manager.md": 2}}}}',
    ],
    ['not JSON', '{"inputs": {'],
  ])('a manifest that is %s means a rebuild with a warning, never a crash', async (_, content) => {
    const cwd = await project();
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', MANIFEST), content);
    for (const prune of [[], ['--prune']]) {
      const build = await run(['build', 'roles/', '-o', 'out', '-f', 'md', ...prune], cwd);
      expect(build.code, build.stderr).toBe(0);
      if (prune.length === 0) {
        expect(build.stdout).toMatch(/^2 built, 0 unchanged, 0 failed/m);
        expect(build.stderr).toMatch(/^out\/\.jdgen-manifest\.json:\d+:\d+: warning: .*build manifest/m);
      }
    }
    expect(Object.keys(readJson(join(cwd, 'out', MANIFEST)).inputs)).toHaveLength(2);
  });

  it('a manifest that is a FIFO, a folder or /dev/zero is not read: warning, rebuild, no hang', async () => {
    for (const make of [mkfifo, (p: string) => mkdirSync(p), (p: string) => symlinkSync('/dev/zero', p)]) {
      const cwd = await project();
      mkdirSync(join(cwd, 'out'));
      make(join(cwd, 'out', MANIFEST));
      const build = await run(['build', 'roles/', '-o', 'out', '-f', 'md'], cwd, { timeoutMs: 30_000 });
      expect(build.stderr).toMatch(
        /^out\/\.jdgen-manifest\.json:1:1: warning: build manifest is (a FIFO \(named pipe\)|a folder|a character device), not a regular file/m,
      );
      expect(build.stdout).toMatch(/^2 built/m);
      expect(build.stderr).not.toMatch(/internal error/);
    }
  });

  it('dependencies naming a FIFO or /dev/zero are not read: the role is rebuilt at once', async () => {
    const cwd = await project();
    expect((await run(['build', 'roles/', '-o', 'out', '-f', 'md'], cwd)).code).toBe(0);
    mkfifo(join(cwd, 'pipe'));
    symlinkSync('/dev/zero', join(cwd, 'zero'));
    const manifest = readJson(join(cwd, 'out', MANIFEST));
    manifest.inputs['../roles/account-manager.yaml']!.dependencies['../pipe'] = sha('x');
    manifest.inputs['../roles/sales-manager.yaml']!.dependencies['../zero'] = sha('x');
    manifest.inputs['../roles/sales-manager.yaml']!.dependencies['/dev/zero'] = sha('x');
    writeFileSync(join(cwd, 'out', MANIFEST), JSON.stringify(manifest, null, 2));
    const build = await run(['build', 'roles/', '-o', 'out', '-f', 'md'], cwd, { timeoutMs: 30_000 });
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/^2 built, 0 unchanged/m);
  });

  it('a kill during writing leaves each role all old or all new (after the next run finishes its renames)', async () => {
    const cwd = await project();
    const args = ['build', 'roles/', '-o', 'out', '-f', 'md,json,docx', '-j', '1'];
    expect((await run(args, cwd)).code).toBe(0);
    const snapshot = (dir: string) =>
      Object.fromEntries(
        ROLES.map((r) => [
          r,
          ['md', 'json', 'docx'].map((f) => (existsSync(join(dir, `${r}.${f}`)) ? sha(readFileSync(join(dir, `${r}.${f}`))) : 'missing')).join(' '),
        ]),
      );
    const old = snapshot(join(cwd, 'out'));
    cpSync(join(cwd, 'out'), join(cwd, 'out-old'), { recursive: true });
    // New content for every role (the base they extend), built once to know the new bytes.
    const base = join(cwd, 'bases', 'manager.yaml');
    writeFileSync(base, readFileSync(base, 'utf8').replace('by order of the', 'by written order of the'));
    expect((await run([...args.slice(0, 3), 'out-new', ...args.slice(4)], cwd)).code).toBe(0);
    const fresh = snapshot(join(cwd, 'out-new'));
    for (const role of ROLES) expect(fresh[role]).not.toBe(old[role]);

    // Each rename takes 120 ms; the kill comes 0 to 875 ms after the first temporary file appears:
    // while outputs are written, between two renames of a role, or after them.
    const slow = 120;
    const attempts = 8;
    let mixedBeforeRecovery = 0;
    for (let i = 0; i < attempts; i++) {
      rmSync(join(cwd, 'out'), { recursive: true });
      cpSync(join(cwd, 'out-old'), join(cwd, 'out'), { recursive: true });
      const killed = await run(args, cwd, { slowRename: slow, killWhen: { dir: join(cwd, 'out'), name: /jdgen-tmp/, afterMs: i * 125 } });
      const journals = readdirSync(join(cwd, 'out')).filter((n) => n.startsWith('.jdgen-journal-'));
      const now = snapshot(join(cwd, 'out'));
      for (const role of ROLES) if (now[role] !== old[role] && now[role] !== fresh[role]) mixedBeforeRecovery++;
      if (process.env.DEBUG_KILL)
        console.log(
          i,
          killed.ms,
          journals,
          ROLES.map((r) => (now[r] === old[r] ? 'old' : now[r] === fresh[r] ? 'new' : 'mixed')),
          readdirSync(join(cwd, 'out')),
        );
      // What the next build does first: finish the renames a journal names.
      await recoverJournals(join(cwd, 'out'));
      const recovered = snapshot(join(cwd, 'out'));
      for (const role of ROLES)
        expect([old[role], fresh[role]], `attempt ${i} (${killed.signal ?? killed.code}), ${role}, journals ${journals.length}`).toContain(recovered[role]);
    }
    // The next real build completes: all new, no temporary file, journal or lock left behind.
    const next = await run(args, cwd);
    expect(next.code, next.stderr).toBe(0);
    expect(snapshot(join(cwd, 'out'))).toEqual(fresh);
    expect(readdirSync(join(cwd, 'out')).filter((n) => n.startsWith('.') && n !== MANIFEST)).toEqual([]);
    // Not asserted, only shown: how often a kill landed between two renames of one role.
    console.log(`kill test: ${mixedBeforeRecovery} role(s) caught mid-rename in ${attempts} kills`);
  });

  it('a write that fails for one role fails that role only: the other is built and recorded, the failed one keeps its old outputs', async () => {
    const cwd = await project();
    expect((await run(['build', 'roles/', '-o', 'out', '-f', 'md,json'], cwd)).code).toBe(0);
    const oldJson = readFileSync(join(cwd, 'out', 'sales-manager.json'));
    writeFileSync(join(cwd, 'roles', 'sales-manager.yaml'), `${readFileSync(join(cwd, 'roles', 'sales-manager.yaml'), 'utf8')}\n# edited\n`);
    writeFileSync(join(cwd, 'roles', 'account-manager.yaml'), `${readFileSync(join(cwd, 'roles', 'account-manager.yaml'), 'utf8')}\n# edited\n`);
    // A folder (not empty) where one output of sales-manager goes.
    rmSync(join(cwd, 'out', 'sales-manager.md'));
    mkdirSync(join(cwd, 'out', 'sales-manager.md'));
    writeFileSync(join(cwd, 'out', 'sales-manager.md', 'keep'), 'x');
    const manifestBefore = readJson(join(cwd, 'out', MANIFEST));
    const build = await run(['build', 'roles/', '-o', 'out', '-f', 'md,json'], cwd);
    expect(build.code).toBe(1);
    expect(build.stderr).not.toMatch(/internal error/);
    expect(build.stderr).toMatch(/roles\/sales-manager\.yaml: error: cannot write .*sales-manager\.md \(EISDIR\)/);
    expect(build.stdout).toMatch(/^1 built, 0 unchanged, 1 failed/m);
    expect(readFileSync(join(cwd, 'out', 'sales-manager.json'))).toEqual(oldJson);
    const manifest = readJson(join(cwd, 'out', MANIFEST));
    expect(manifest.inputs['../roles/account-manager.yaml']).not.toEqual(manifestBefore.inputs['../roles/account-manager.yaml']);
    expect(manifest.inputs['../roles/account-manager.yaml']!.outputs['account-manager.md']).toBe(sha(readFileSync(join(cwd, 'out', 'account-manager.md'))));
    expect(readdirSync(join(cwd, 'out')).filter((n) => n.includes('jdgen-tmp') || n.startsWith('.jdgen-journal'))).toEqual([]);
  });

  it('two builds into one folder at once keep every manifest entry; a live lock makes the second say the folder is busy', async () => {
    const cwd = await project();
    const [a, b] = await Promise.all(ROLES.map((role) => run(['build', `roles/${role}.yaml`, '-o', 'out', '-f', 'md,json'], cwd, { slowRename: 150 })));
    expect(a!.code, a!.stderr).toBe(0);
    expect(b!.code, b!.stderr).toBe(0);
    expect(Object.keys(readJson(join(cwd, 'out', MANIFEST)).inputs).sort()).toEqual(ROLES.map((r) => `../roles/${r}.yaml`));
    expect(existsSync(join(cwd, 'out', '.jdgen-lock'))).toBe(false);

    // A lock held by a running process (this test's): wait, then a clear message.
    const since = new Date().toISOString();
    writeFileSync(join(cwd, 'out', '.jdgen-lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), started: since }));
    const busy = await run(['build', 'roles/', '-o', 'out', '-f', 'md', '--force'], cwd, { env: { JDGEN_LOCK_TIMEOUT: '1' } });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`output folder out is busy (locked by pid ${process.pid} since ${since})`);
    // A lock left by a process that has ended is taken over.
    writeFileSync(join(cwd, 'out', '.jdgen-lock'), JSON.stringify({ pid: deadPid(), host: (await import('node:os')).hostname(), started: since }));
    const taken = await run(['build', 'roles/', '-o', 'out', '-f', 'md', '--force'], cwd, { env: { JDGEN_LOCK_TIMEOUT: '1' } });
    expect(taken.code, taken.stderr).toBe(0);
    expect(existsSync(join(cwd, 'out', '.jdgen-lock'))).toBe(false);
  });

  it('temporary files left by a killed build are removed by the next build in that folder', async () => {
    const cwd = await project();
    mkdirSync(join(cwd, 'out'));
    const leftovers = [
      `.account-manager.md.jdgen-tmp-${deadPid()}-0123456789ab`,
      '.sales-manager.pdf.jdgen-tmp-0123456789ab',
      `.${MANIFEST}.jdgen-tmp-${deadPid()}-abcdef`,
    ];
    for (const name of leftovers) writeFileSync(join(cwd, 'out', name), 'half written');
    writeFileSync(join(cwd, 'out', 'notes.txt'), 'not ours');
    const build = await run(['build', 'roles/', '-o', 'out', '-f', 'md'], cwd);
    expect(build.code, build.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual([MANIFEST, 'account-manager.md', 'notes.txt', 'sales-manager.md']);
  });
});
