import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/*
 * A cold command pays for every JavaScript file it loads (Node.js 20 resolves,
 * reads, compiles and links each one; it keeps no compiled code between runs):
 * scripts/build.mjs puts the modules `jdgen validate` runs into one chunk
 * (CORE there), while the writers and the other commands stay chunks of their
 * own. A module loader hook records which files of dist/ a command imports.
 */
function distModulesLoadedBy(args: string[], cwd = ROOT): string[] {
  const dir = tempDir('jdgen-modules-');
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}
`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });\n`,
  );
  const run = jdgen(args, { cwd, env: { NODE_OPTIONS: `--import=${pathToFileURL(register).href}` } });
  expect(run.code, run.stderr).toBe(0);
  const dist = pathToFileURL(join(ROOT, 'dist')).href + '/';
  return [...new Set(readFileSync(log, 'utf8').split('\n'))].filter((url) => url.startsWith(dist)).map((url) => url.slice(dist.length));
}

describe('modules a cold command loads', () => {
  it('validate: the CLI, the core chunk and a few small files, no writer', () => {
    // Outside a git checkout, as startup.mjs measures it (in one, a changed approved role is also compared with HEAD).
    const cwd = tempDir();
    copyFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(cwd, 'kam.yaml'));
    const loaded = distModulesLoadedBy(['validate', 'kam.yaml'], cwd);
    expect(loaded).toContain('cli.js');
    // Before the core chunk, 42 files.
    expect(loaded.length, loaded.join(' ')).toBeLessThanOrEqual(6);
  });

  it('build: the writers still load only when used', () => {
    const out = tempDir();
    const md = distModulesLoadedBy(['build', 'examples/en/key-account-manager.yaml', '-f', 'md', '-o', out, '-j', '1']);
    const all = distModulesLoadedBy(['build', 'examples/en/key-account-manager.yaml', '-f', 'md,pdf,docx', '-o', out, '-j', '1', '--force']);
    expect(all.length).toBeGreaterThan(md.length + 2);
  });
});
