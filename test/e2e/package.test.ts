import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import semver from 'semver';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

/*
 * What users install is what works: the packed tarball, installed into an
 * empty project that cannot see the source tree, runs the CLI and the API.
 * (`--ignore-scripts`: dist/ is already built by the test setup; `prepare`
 * rebuilding it here would rewrite files other tests are reading.)
 */
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });

/** Node majors users run: every package installed with jdgen must accept each (the oldest release jdgen supports of each). */
const SUPPORTED_NODES = ['20.19.0', '22.0.0', '24.0.0'];
/** Other Node binaries to run the installed package with (.ci/run installs Node 22 and 24; see node-versions.test.ts). */
const OTHER_NODES = (process.env.JDGEN_TEST_NODES ?? '').split(':').filter(Boolean);

/** Every package.json under a node_modules folder, nested ones included. */
function installedPackages(nodeModules: string): Array<{ name: string; version: string; engines?: { node?: string } }> {
  const found = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const folder = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      found.push(...installedPackages(folder));
      continue;
    }
    if (existsSync(join(folder, 'package.json'))) found.push(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')));
    if (existsSync(join(folder, 'node_modules'))) found.push(...installedPackages(join(folder, 'node_modules')));
  }
  return found;
}

/** Files of an unpacked package whose source map comment, or whose map's sources, name a file the package does not hold. */
function danglingSourceMaps(packageDir: string): string[] {
  const files = (readdirSync(packageDir, { recursive: true }) as string[]).map((name) => join(packageDir, name));
  const problems: string[] = [];
  for (const file of files.filter((name) => /\.(c|m)?js$/.test(name))) {
    for (const [, url] of readFileSync(file, 'utf8').matchAll(/[#@] sourceMappingURL=(\S+)/g)) {
      if (!url!.startsWith('data:') && !existsSync(resolve(dirname(file), url!))) problems.push(`${relative(packageDir, file)} → ${url}`);
    }
  }
  for (const file of files.filter((name) => name.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
    map.sources.forEach((source, i) => {
      if (map.sourcesContent?.[i] == null && !existsSync(resolve(dirname(file), source))) problems.push(`${relative(packageDir, file)} → ${source}`);
    });
  }
  return problems;
}

describe('the npm package', () => {
  const packed = { dir: '', tarball: '', project: '' };
  beforeAll(() => {
    packed.dir = tempDir();
    npm(['pack', '--ignore-scripts', '--pack-destination', packed.dir], ROOT);
    packed.tarball = join(
      packed.dir,
      readdirSync(packed.dir).find((name) => name.endsWith('.tgz'))!,
    );
    // --engine-strict: npm refuses any package whose `engines` excludes this Node (20), as a user's CI with engine-strict does.
    packed.project = tempDir();
    writeFileSync(join(packed.project, 'package.json'), '{ "name": "hr-roles", "private": true, "type": "module" }\n');
    npm(['install', '--engine-strict', '--prefer-offline', packed.tarball], packed.project);
  }, 240_000);

  it('holds what users need and nothing of the source tree', () => {
    const listing = execFileSync('tar', ['tzf', packed.tarball], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/LICENSE');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing).toContain('package/dist/cli.js');
    expect(listing.filter((name) => name.startsWith('package/test/') || name.startsWith('package/src/') || name.startsWith('package/scripts/'))).toEqual([]);
  });

  it('has no source map pointing at a file it does not ship', () => {
    const unpacked = tempDir();
    execFileSync('tar', ['xzf', packed.tarball, '-C', unpacked]);
    expect(danglingSourceMaps(join(unpacked, 'package'))).toEqual([]);
  });

  it('installs only packages whose engines accept every Node major jdgen supports', () => {
    const installed = installedPackages(join(packed.project, 'node_modules'));
    expect(installed.map((pkg) => pkg.name)).toContain('harfbuzzjs');
    // Shaping and subsetting are HarfBuzz's: fontkit is not installed.
    expect(installed.map((pkg) => pkg.name)).not.toContain('fontkit');
    // The PDF file is jdgen's own (src/write/pdf/file/): pdfkit is only a test dependency (comparisons).
    expect(installed.map((pkg) => pkg.name)).not.toContain('pdfkit');
    const excluding = installed.flatMap((pkg) =>
      SUPPORTED_NODES.filter((node) => pkg.engines?.node && !semver.satisfies(node, pkg.engines.node)).map(
        (node) => `${pkg.name}@${pkg.version} (engines.node ${pkg.engines!.node}) excludes Node ${node}`,
      ),
    );
    expect(excluding).toEqual([]);
    // The bundled packages are not installed: their exact tested versions are in dist/ (docx's nanoid@6 wants Node 22).
    expect(installed.map((pkg) => pkg.name)).not.toContain('docx');
    expect(installed.map((pkg) => pkg.name)).not.toContain('nanoid');
  });

  it('runs the CLI and the API from the install', { timeout: 120_000 }, () => {
    const project = packed.project;
    mkdirSync(join(project, 'roles'), { recursive: true });
    copyFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(project, 'roles', 'kam.yaml'));
    const bin = join(project, 'node_modules', '.bin', 'jdgen');
    expect(execFileSync(bin, ['--version'], { cwd: project, encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+/);
    execFileSync(bin, ['build', 'roles/kam.yaml', '-o', 'out'], { cwd: project, encoding: 'utf8' });
    for (const format of ['docx', 'pdf', 'md']) expect(existsSync(join(project, 'out', `kam.${format}`))).toBe(true);
    expect(JSON.parse(execFileSync(process.execPath, [writeApiScript(project)], { cwd: project, encoding: 'utf8' }))).toMatchObject(API_ANSWER);
  });

  it("type-checks a TypeScript user's code against the shipped declarations, without skipLibCheck", { timeout: 120_000 }, () => {
    // One dist/index.d.ts that names no type of a package bundled into jdgen (yaml, ajv, lru-cache…):
    // the user's project has none of them installed, and `skipLibCheck: false` reads every declaration.
    const project = packed.project;
    writeFileSync(join(project, 'user.ts'), TYPED_USER_CODE);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
        },
        files: ['user.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = spawnSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' });
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    const declarations = (readdirSync(join(project, 'node_modules', 'jdgen', 'dist'), { recursive: true }) as string[]).filter((name) =>
      name.endsWith('.d.ts'),
    );
    expect(declarations).toEqual(['index.d.ts']);
  });

  describe.skipIf(OTHER_NODES.length === 0)('under the other Node majors', () => {
    it.each(OTHER_NODES)("%s runs the install; its documents are byte-identical to Node 20's", { timeout: 180_000 }, (node) => {
      const project = packed.project;
      mkdirSync(join(project, 'roles'), { recursive: true });
      copyFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(project, 'roles', 'kam.yaml'));
      const cli = join(project, 'node_modules', 'jdgen', 'bin', 'jdgen.js');
      const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' };
      const build = (runtime: string, out: string) =>
        execFileSync(runtime, [cli, 'build', 'roles/kam.yaml', '-o', out, '-f', 'docx,pdf,md', '--quiet'], { cwd: project, env, encoding: 'utf8' });
      build(process.execPath, 'out-20');
      build(node, 'out-other');
      for (const format of ['docx', 'pdf', 'md']) {
        expect(readFileSync(join(project, 'out-other', `kam.${format}`)).equals(readFileSync(join(project, 'out-20', `kam.${format}`))), format).toBe(true);
      }
      expect(JSON.parse(execFileSync(node, [writeApiScript(project)], { cwd: project, encoding: 'utf8' }))).toMatchObject(API_ANSWER);
    });
  });

  it.skipIf(!existsSync(join(ROOT, '.git')))(
    'installs from a git checkout: npm builds dist/ on install (prepare) and the CLI runs',
    { timeout: 400_000 },
    () => {
      // A clone of the committed tree, as `npm i git+https://…` would fetch it: nothing built, no node_modules.
      const checkout = tempDir();
      execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${ROOT}`, checkout]);
      expect(existsSync(join(checkout, 'dist'))).toBe(false);
      const project = tempDir();
      writeFileSync(join(project, 'package.json'), '{ "name": "hr-roles", "private": true, "type": "module" }\n');
      npm(['install', '--prefer-offline', `git+file://${checkout}`], project);
      expect(existsSync(join(project, 'node_modules', 'jdgen', 'dist', 'index.js'))).toBe(true);
      copyFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), join(project, 'kam.yaml'));
      const bin = join(project, 'node_modules', '.bin', 'jdgen');
      execFileSync(bin, ['build', 'kam.yaml', '-o', 'out', '-f', 'md'], { cwd: project, encoding: 'utf8' });
      expect(existsSync(join(project, 'out', 'kam.md'))).toBe(true);
    },
  );
});

/** A service's TypeScript using the API's types; the expected errors prove the types are not `any`. */
const TYPED_USER_CODE = [
  "import { build, compile, createContext, diff, validate, type CompileResult, type Diagnostic, type Report } from 'jdgen';",
  'const context = createContext();',
  "const compiled: CompileResult = await compile({ yaml: 'title: x' }, { context, formats: ['pdf'] });",
  'const pdf: Uint8Array | undefined = compiled.outputs?.pdf;',
  'const problems: Diagnostic[] = compiled.diagnostics;',
  "const report: Report = await build(['roles/kam.yaml'], { outDir: 'out', context });",
  '// @ts-expect-error a plain object is not a context',
  "await validate(['roles/kam.yaml'], { context: {} });",
  '// @ts-expect-error formats are checked',
  "await compile('roles/kam.yaml', { formats: ['rtf'] });",
  'console.log(typeof diff, pdf?.length, problems.length, report);',
  '',
].join('\n');

const API_ANSWER = { build: 'function', valid: true, same: true, title: 'JOB DESCRIPTION: Key Account Manager' };

/** A script that imports jdgen as a user's code does and prints what the API answered. */
function writeApiScript(project: string): string {
  const file = join(project, 'api.js');
  writeFileSync(
    file,
    [
      "import { build, validate, compile, diff } from 'jdgen';",
      "const checked = await validate(['roles/kam.yaml'], { cwd: process.cwd() });",
      "const model = await compile('roles/kam.yaml', { cwd: process.cwd() });",
      "const compared = await diff('roles/kam.yaml', 'roles/kam.yaml', { cwd: process.cwd() });",
      'console.log(JSON.stringify({ build: typeof build, valid: checked.ok, title: model.model?.meta.title, same: compared.diagnostics.length === 0 }));',
    ].join('\n'),
  );
  return file;
}
