import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { jdgenAsync as jdgen, ROOT, tempDir, type CliRun } from '../helpers/cli.js';
import { undescribedProperties } from '../helpers/schema.js';

/**
 * Batch builds through the real CLI: folders and globs, reproducible bytes,
 * incremental rebuilds from the manifest, --check, --prune, --shard,
 * --fail-fast, the JSON and GitHub reporters, and worker threads.
 *
 * Every test works in its own project made by `jdgen init` (config, base,
 * clause library, two roles) plus four example roles in sub-folders:
 *
 *   roles/account-manager.yaml            extends bases/manager.yaml (which uses clauses/common.yaml)
 *   roles/sales-manager.yaml              extends bases/manager.yaml
 *   roles/sales/key-account-manager.yaml  uses clauses/extra.yaml
 *   roles/sales/contract-specialist.yaml
 *   roles/uk/sales-manager.yaml           locale uk
 *   roles/ru/key-account-manager.yaml     locale ru
 */
const EXAMPLES = join(ROOT, 'examples');
const ROLES = [
  'roles/account-manager.yaml',
  'roles/ru/key-account-manager.yaml',
  'roles/sales-manager.yaml',
  'roles/sales/contract-specialist.yaml',
  'roles/sales/key-account-manager.yaml',
  'roles/uk/sales-manager.yaml',
];
const EXTENDS_BASE = ['roles/account-manager.yaml', 'roles/sales-manager.yaml'];
/** `roles/sales/kam.yaml` → `sales/kam` (the output stem below -o). */
const stem = (role: string) => role.replace(/^roles\//, '').replace(/\.yaml$/, '');
const MANIFEST = '.jdgen-manifest.json';

/** The project every test copies: made once with `jdgen init`, plus the example roles and a second library. */
let template: Promise<string> | undefined;

async function project(): Promise<string> {
  template ??= (async () => {
    const root = tempDir('jdgen-batch-template-');
    const init = await jdgen(['init', 'project'], { cwd: root });
    expect(init.code).toBe(0);
    const cwd = join(root, 'project');
    for (const dir of ['roles/sales', 'roles/uk', 'roles/ru']) mkdirSync(join(cwd, dir), { recursive: true });
    const kam = readFileSync(join(EXAMPLES, 'en/key-account-manager.yaml'), 'utf8');
    writeFileSync(join(cwd, 'roles/sales/key-account-manager.yaml'), kam.replace(/^duties:\n/m, 'duties:\n  - use: ../../clauses/extra.yaml#ethics\n'));
    cpSync(join(EXAMPLES, 'en/contract-specialist.yaml'), join(cwd, 'roles/sales/contract-specialist.yaml'));
    cpSync(join(EXAMPLES, 'uk/sales-manager.yaml'), join(cwd, 'roles/uk/sales-manager.yaml'));
    cpSync(join(EXAMPLES, 'ru/key-account-manager.yaml'), join(cwd, 'roles/ru/key-account-manager.yaml'));
    writeFileSync(join(cwd, 'clauses/extra.yaml'), 'jdgen: 1\nclauses:\n  ethics:\n    text: Follows the code of business ethics of {{organization.name}}.\n');
    return cwd;
  })();
  const cwd = join(tempDir('jdgen-batch-'), 'project');
  cpSync(await template, cwd, { recursive: true });
  return cwd;
}

/** Every file below `dir` (relative, `/`-separated) → its sha256. */
function hashes(dir: string, { manifest = true } = {}): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (manifest || entry.name !== MANIFEST)
        found[relative(dir, path).split('\\').join('/')] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

function mtimes(dir: string): Record<string, number> {
  return Object.fromEntries(Object.keys(hashes(dir)).map((file) => [file, statSync(join(dir, file)).mtimeMs]));
}

/** The roles a human-reporter run says it built (`✓ roles/x.yaml → …`). */
function builtRoles(run: CliRun): string[] {
  return [...run.stdout.matchAll(/^✓ (\S+) → /gm)].map((m) => m[1]!).sort();
}

const SUMMARY = /^(\d+) built, (\d+) unchanged, (\d+) failed(?:, (\d+) skipped)? in \d+\.\d\d s$/m;
const CHECK_SUMMARY = /^(\d+) up to date, (\d+) stale, (\d+) failed in \d+\.\d\d s$/m;

function summaryOf(run: CliRun): string {
  const match = SUMMARY.exec(run.stdout);
  expect(match, `no summary line in:\n${run.stdout}\n${run.stderr}`).not.toBeNull();
  return match![0].replace(/ in \d+\.\d\d s$/, '');
}

function checkSummaryOf(run: CliRun): string {
  const match = CHECK_SUMMARY.exec(run.stdout);
  expect(match, `no check summary line in:\n${run.stdout}\n${run.stderr}`).not.toBeNull();
  return match![0].replace(/ in \d+\.\d\d s$/, '');
}

/** Everything a reader could find a path in: the bytes, the DOCX's XML parts, the PDF's inflated streams. */
function readableTexts(file: string): string[] {
  const bytes = readFileSync(file);
  const texts = [bytes.toString('latin1'), bytes.toString('utf8')];
  if (file.endsWith('.docx')) {
    for (const [name, content] of Object.entries(unzipSync(new Uint8Array(bytes)))) texts.push(name, strFromU8(content));
  }
  if (file.endsWith('.pdf')) {
    const raw = bytes.toString('latin1');
    for (const match of raw.matchAll(/stream\r?\n/g)) {
      const start = match.index + match[0].length;
      const end = raw.indexOf('endstream', start);
      try {
        texts.push(inflateSync(bytes.subarray(start, end)).toString('latin1'));
      } catch {
        // not a Flate stream (or not a stream at all): the raw bytes were searched already
      }
    }
  }
  return texts;
}

/** A path as it could be spelt inside a file: plain, JSON-escaped, PDF UTF-16BE hex. */
function spellings(path: string): string[] {
  const utf16 = Buffer.from(path, 'utf16le').swap16().toString('hex');
  return [path, JSON.stringify(path).slice(1, -1), utf16, utf16.toUpperCase()];
}

let validator: ValidateFunction | undefined;

/** schemas/report.schema.json, compiled strictly (as jdgen compiles its own schemas). */
function reportValidator(): ValidateFunction {
  validator ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(
    JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')) as object,
  );
  return validator;
}

interface JsonReport {
  jdgen: 1;
  ok: boolean;
  files: Array<{ file: string; status: string; outputs: string[]; stale?: string[]; diagnostics: Array<Record<string, unknown>> }>;
  summary: Record<string, number>;
  pruned?: string[];
}

/** stdout of `--reporter json`: exactly one JSON document, valid against schemas/report.schema.json. */
function jsonReport(run: CliRun): JsonReport {
  const report = JSON.parse(run.stdout) as JsonReport;
  const validate = reportValidator();
  expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return report;
}

// The tests run side by side (each in its own project), so the CLI processes share the cores; each
// test runs up to a dozen of them, hence the longer timeout.
describe.concurrent('jdgen build, batches', { timeout: 240_000 }, () => {
  describe('folders and globs', () => {
    it('builds a folder or a glob keeping the structure under -o, and never bases, libraries or the config', async () => {
      const cwd = await project();
      const build = async (input: string, out: string) => {
        const run = await jdgen(['build', input, '-o', out, '-f', 'md', '-j', '1'], { cwd });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        return run;
      };
      const folder = await build('roles/', 'out-folder');
      expect(summaryOf(folder)).toBe('6 built, 0 unchanged, 0 failed');
      expect(builtRoles(folder)).toEqual(ROLES);
      expect(Object.keys(hashes(join(cwd, 'out-folder'))).sort()).toEqual([MANIFEST, ...ROLES.map((r) => `${stem(r)}.md`)].sort());

      await build('roles/**/*.yaml', 'out-glob');
      // Same files, same bytes, and the same manifest (its paths are relative to the output folder).
      expect(hashes(join(cwd, 'out-glob'))).toEqual(hashes(join(cwd, 'out-folder')));

      // The whole project: bases/, clauses/ and jdgen.config.yaml are in the tree but are not roles.
      const all = await build('.', 'out-all');
      expect(builtRoles(all)).toEqual(ROLES);
      expect(Object.keys(hashes(join(cwd, 'out-all'))).sort()).toEqual([MANIFEST, ...ROLES.map((r) => `${r.replace(/\.yaml$/, '')}.md`)].sort());
    });

    it('exits 2 for a folder or glob without roles', async () => {
      const cwd = tempDir('jdgen-batch-');
      mkdirSync(join(cwd, 'bases'));
      writeFileSync(join(cwd, 'bases/manager.yaml'), 'jdgen: 1\nposition:\n  category: manager\n');
      const run = await jdgen(['build', 'bases/', 'nothing/**/*.yaml', '-o', 'out'], { cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no role files match `bases/`, `nothing/**/*.yaml`');
      expect(existsSync(join(cwd, 'out'))).toBe(false);
    });
  });

  describe('reproducible outputs', () => {
    it('gives the same bytes in another output folder, from a copy of the project elsewhere, on 1 or 2 threads; no path inside', async () => {
      const cwd = await project();
      const formats = ['-f', 'docx,pdf,md,json'];
      const one = await jdgen(['build', 'roles/', '-o', 'out-a', ...formats, '-j', '1'], { cwd });
      expect(one.stderr).toBe('');
      expect(summaryOf(one)).toBe('6 built, 0 unchanged, 0 failed');
      const a = hashes(join(cwd, 'out-a'));
      expect(Object.keys(a)).toHaveLength(1 + ROLES.length * 4);

      // A copy of the project in another temporary folder, built into another output folder on two
      // worker threads (six roles): the same bytes, manifest included (its paths are relative).
      const copy = join(tempDir('jdgen-batch-copy-'), 'project');
      cpSync(cwd, copy, { recursive: true, filter: (path) => !/[\\/]out-a$/.test(path) });
      const two = await jdgen(['build', 'roles/', '-o', 'out-b', ...formats, '-j', '2'], { cwd: copy });
      expect(two.stderr).toBe('');
      expect(summaryOf(two)).toBe('6 built, 0 unchanged, 0 failed');
      expect(hashes(join(copy, 'out-b'))).toEqual(a);

      // No absolute path, temporary folder or jdgen install path in any output or manifest.
      const needles = [cwd, copy, basename(dirname(cwd)), basename(dirname(copy)), ROOT].flatMap(spellings);
      for (const out of [join(cwd, 'out-a'), join(copy, 'out-b')]) {
        for (const file of Object.keys(a)) {
          const texts = readableTexts(join(out, file));
          for (const needle of needles)
            expect(
              texts.some((t) => t.includes(needle)),
              `${needle} in ${out}/${file}`,
            ).toBe(false);
        }
      }
      // The readers did look inside: the DOCX XML and the PDF's content and font streams.
      expect(readableTexts(join(cwd, 'out-a/sales-manager.docx')).some((t) => t.includes('Sales Manager'))).toBe(true);
      const pdf = readableTexts(join(cwd, 'out-a/sales-manager.pdf'));
      expect(pdf.some((t) => t.includes('beginbfchar') || t.includes('beginbfrange'))).toBe(true);
      // Every glyph drawn maps back to text (a ToUnicode entry is never empty), in every PDF.
      for (const file of Object.keys(a).filter((f) => f.endsWith('.pdf'))) {
        expect(
          readableTexts(join(copy, 'out-b', file))
            .filter((t) => t.includes('begincmap'))
            .join('\n'),
          file,
        ).not.toContain('<>');
      }

      // SOURCE_DATE_EPOCH: PDF and DOCX carry that stamp instead of the document date, reproducibly.
      const epoch = { SOURCE_DATE_EPOCH: '1700000000' };
      const stamped = (out: string) => jdgen(['build', 'roles/sales-manager.yaml', '-o', out, '-f', 'docx,pdf,md', '-j', '1'], { cwd, env: epoch });
      expect((await stamped('epoch-1')).code).toBe(0);
      expect((await stamped('epoch-2')).code).toBe(0);
      const first = hashes(join(cwd, 'epoch-1'));
      expect(hashes(join(cwd, 'epoch-2'))).toEqual(first);
      expect(first['sales-manager.pdf']).not.toBe(a['sales-manager.pdf']);
      expect(first['sales-manager.docx']).not.toBe(a['sales-manager.docx']);
      expect(first['sales-manager.md']).toBe(a['sales-manager.md']);
      // 1700000000 is 2023-11-14T22:13:20Z.
      expect(readableTexts(join(cwd, 'epoch-1/sales-manager.pdf')).some((t) => t.includes('D:20231114221320'))).toBe(true);
      const core = strFromU8(unzipSync(new Uint8Array(readFileSync(join(cwd, 'epoch-1/sales-manager.docx'))))['docProps/core.xml']!);
      expect(core).toContain('2023-11-14T22:13:20Z');
    });
  });

  describe('incremental builds', () => {
    it('rebuild exactly the roles whose sources, templates, outputs or settings changed', async () => {
      const cwd = await project();
      // A templates layer folder with one locale override; the bundled templates do the rest.
      mkdirSync(join(cwd, 'tpl/locales'), { recursive: true });
      writeFileSync(join(cwd, 'tpl/locales/uk.yaml'), 'phrases:\n  approval:\n    title: ЗАТВЕРДЖУЮ (v1)\n');
      const build = async (...extra: string[]) => {
        const run = await jdgen(['build', 'roles/', '-o', 'out', '-f', 'md', '-j', '1', '--templates', 'tpl', ...extra], { cwd });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        return run;
      };
      const out = (role: string, format = 'md') => join(cwd, 'out', `${stem(role)}.${format}`);
      const edit = (file: string, from: string | RegExp, to: string) => {
        const text = readFileSync(join(cwd, file), 'utf8');
        expect(text).toMatch(from);
        writeFileSync(join(cwd, file), text.replace(from, to));
      };

      expect(summaryOf(await build())).toBe('6 built, 0 unchanged, 0 failed');
      expect(readFileSync(out('roles/uk/sales-manager.yaml'), 'utf8')).toContain('ЗАТВЕРДЖУЮ (v1)');
      const before = mtimes(join(cwd, 'out'));
      let run = await build();
      expect(summaryOf(run)).toBe('0 built, 6 unchanged, 0 failed');
      expect(builtRoles(run)).toEqual([]);
      const after = mtimes(join(cwd, 'out'));
      for (const role of ROLES) expect(after[`${stem(role)}.md`], role).toBe(before[`${stem(role)}.md`]);
      // A no-op build writes nothing at all, not even the manifest.
      const manifestTime = (): number => statSync(join(cwd, 'out', MANIFEST)).mtimeMs;
      const manifestBefore = manifestTime();
      await build();
      expect(manifestTime()).toBe(manifestBefore);

      // A base: the roles that extend it.
      edit('bases/manager.yaml', 'belongs to the category of managers', 'is one of the managers');
      run = await build();
      expect(builtRoles(run)).toEqual(EXTENDS_BASE);
      expect(summaryOf(run)).toBe('2 built, 4 unchanged, 0 failed');
      expect(readFileSync(out('roles/sales-manager.yaml'), 'utf8')).toContain('The Sales Manager is one of the managers.');

      // A clause library: the roles that use it.
      edit('clauses/extra.yaml', 'code of business ethics', 'code of conduct');
      run = await build();
      expect(builtRoles(run)).toEqual(['roles/sales/key-account-manager.yaml']);
      expect(readFileSync(out('roles/sales/key-account-manager.yaml'), 'utf8')).toContain('Follows the code of conduct of Northwind Trading LLC.');

      // A locale in the templates layer: the roles of that locale.
      edit('tpl/locales/uk.yaml', '(v1)', '(v2)');
      run = await build();
      expect(builtRoles(run)).toEqual(['roles/uk/sales-manager.yaml']);
      expect(readFileSync(out('roles/uk/sales-manager.yaml'), 'utf8')).toContain('ЗАТВЕРДЖУЮ (v2)');
      // A new file in the layer overrides a bundled one: the roles of that locale change too.
      writeFileSync(join(cwd, 'tpl/locales/ru.yaml'), 'phrases:\n  approval:\n    title: УТВЕРЖДАЮ (v2)\n');
      run = await build();
      expect(builtRoles(run)).toEqual(['roles/ru/key-account-manager.yaml']);
      expect(readFileSync(out('roles/ru/key-account-manager.yaml'), 'utf8')).toContain('УТВЕРЖДАЮ (v2)');

      // A new jdgen.config.yaml nearer some roles replaces the outer one for them: only those roles.
      const config = readFileSync(join(cwd, 'jdgen.config.yaml'), 'utf8');
      expect(config).toContain('14 Quay Road');
      writeFileSync(
        join(cwd, 'roles/sales/jdgen.config.yaml'),
        `${config.replace('14 Quay Road', '15 Nearer Road').replace('logo: logo.png', 'logo: ../../logo.png')}allow_paths: [../..]\n`,
      );
      run = await build();
      expect(builtRoles(run)).toEqual(['roles/sales/contract-specialist.yaml', 'roles/sales/key-account-manager.yaml']);
      expect(readFileSync(out('roles/sales/key-account-manager.yaml'), 'utf8')).toContain('15 Nearer Road');
      // Removing it again: the same roles, back to the outer config.
      rmSync(join(cwd, 'roles/sales/jdgen.config.yaml'));
      run = await build();
      expect(builtRoles(run)).toEqual(['roles/sales/contract-specialist.yaml', 'roles/sales/key-account-manager.yaml']);
      expect(readFileSync(out('roles/sales/key-account-manager.yaml'), 'utf8')).toContain('14 Quay Road');

      // One role: only it.
      edit('roles/sales/contract-specialist.yaml', /^ {2}number: .*$/m, '  number: CS-99');
      run = await build();
      expect(builtRoles(run)).toEqual(['roles/sales/contract-specialist.yaml']);
      expect(summaryOf(run)).toBe('1 built, 5 unchanged, 0 failed');

      // An output edited by hand, another deleted: those roles, and the outputs are restored.
      const good = readFileSync(out('roles/sales-manager.yaml'));
      appendFileSync(out('roles/sales-manager.yaml'), '\nedited by hand\n');
      rmSync(out('roles/uk/sales-manager.yaml'));
      run = await build();
      expect(builtRoles(run)).toEqual(['roles/sales-manager.yaml', 'roles/uk/sales-manager.yaml']);
      expect(readFileSync(out('roles/sales-manager.yaml')).equals(good)).toBe(true);

      // --force: everything.
      expect(summaryOf(await build('--force'))).toBe('6 built, 0 unchanged, 0 failed');

      // Other formats: everything.
      expect(summaryOf(await build('-f', 'md,json'))).toBe('6 built, 0 unchanged, 0 failed');
      expect(existsSync(out('roles/sales-manager.yaml', 'json'))).toBe(true);

      // Another --config changes the outputs without changing a file the roles depend on.
      writeFileSync(join(cwd, 'other-config.yaml'), readFileSync(join(cwd, 'jdgen.config.yaml'), 'utf8').replace('name: E. Walker', 'name: F. Other'));
      run = await build('-f', 'json,md', '--config', 'other-config.yaml');
      expect(summaryOf(run)).toBe('6 built, 0 unchanged, 0 failed');
      expect(readFileSync(out('roles/sales-manager.yaml'), 'utf8')).toContain('F. Other');
    });
  });

  describe('--check', () => {
    it('lists missing and stale outputs with exit 1, passes with exit 0, and never writes', async () => {
      const cwd = await project();
      const check = (...extra: string[]) => jdgen(['build', 'roles/', '-o', 'out', '-f', 'md', '-j', '1', '--check', ...extra], { cwd });
      const state = () => ({ hashes: hashes(join(cwd, 'out')), mtimes: mtimes(join(cwd, 'out')) });

      const missing = await check();
      expect(missing.code).toBe(1);
      expect(checkSummaryOf(missing)).toBe('0 up to date, 6 stale, 0 failed');
      for (const role of ROLES) expect(missing.stderr).toContain(`✗ ${role}: out of date: out/${stem(role)}.md\n`);
      expect(existsSync(join(cwd, 'out'))).toBe(false);

      expect((await jdgen(['build', 'roles/', '-o', 'out', '-f', 'md', '-j', '1'], { cwd })).code).toBe(0);
      const before = state();
      const clean = await check();
      expect(clean.stderr).toBe('');
      expect(clean.code).toBe(0);
      expect(checkSummaryOf(clean)).toBe('6 up to date, 0 stale, 0 failed');
      expect(state()).toEqual(before);

      const role = join(cwd, 'roles/sales/contract-specialist.yaml');
      writeFileSync(role, readFileSync(role, 'utf8').replace(/^ {2}number: .*$/m, '  number: CS-2'));
      const stale = await check('--reporter', 'json');
      expect(stale.code).toBe(1);
      const json = jsonReport(stale);
      expect(json.ok).toBe(false);
      expect(json.summary).toMatchObject({ upToDate: 5, stale: 1, failed: 0, built: 0 });
      expect(json.files.filter((f) => f.status !== 'up-to-date')).toEqual([
        {
          file: 'roles/sales/contract-specialist.yaml',
          status: 'stale',
          outputs: ['out/sales/contract-specialist.md'],
          stale: ['out/sales/contract-specialist.md'],
          diagnostics: [],
        },
      ]);
      expect(state()).toEqual(before);

      writeFileSync(role, readFileSync(role, 'utf8').replace(/^duties:\n/m, 'duties:\n  - 42\n'));
      const invalid = await check();
      expect(invalid.code).toBe(1);
      expect(checkSummaryOf(invalid)).toBe('5 up to date, 0 stale, 1 failed');
      expect(invalid.stderr).toMatch(/^roles\/sales\/contract-specialist\.yaml:\d+:5: error: duties\[0\]/m);
      expect(state()).toEqual(before);
    });
  });

  describe('--check trusts matching manifest entries; --deep renders every role', () => {
    const md = ['-f', 'md', '-j', '1'];
    const check = (cwd: string, ...extra: string[]) => jdgen(['build', 'roles/', '-o', 'out', ...md, '--check', '--reporter', 'json', ...extra], { cwd });
    const staleOf = (run: CliRun) =>
      jsonReport(run)
        .files.filter((f) => f.status !== 'up-to-date')
        .map((f) => `${f.file}: ${f.status}`)
        .sort();
    const built = async () => {
      const cwd = await project();
      expect((await jdgen(['build', 'roles/', '-o', 'out', ...md], { cwd })).code).toBe(0);
      return cwd;
    };
    const manifestPath = (cwd: string) => join(cwd, 'out', MANIFEST);
    type Entry = { settings: string; dependencies: Record<string, string>; outputs: Record<string, string> };
    const readEntries = (cwd: string) => (JSON.parse(readFileSync(manifestPath(cwd), 'utf8')) as { inputs: Record<string, Entry> }).inputs;
    const writeEntries = (cwd: string, inputs: Record<string, Entry>) => writeFileSync(manifestPath(cwd), `${JSON.stringify({ inputs }, null, 2)}\n`);

    it('finds a changed, deleted or hand-edited output without rendering the others', async () => {
      const cwd = await built();
      const before = hashes(join(cwd, 'out'));
      appendFileSync(join(cwd, 'out/sales-manager.md'), 'edited by hand\n');
      rmSync(join(cwd, 'out/uk/sales-manager.md'));
      const run = await check(cwd);
      expect(run.code).toBe(1);
      expect(staleOf(run)).toEqual(['roles/sales-manager.yaml: stale', 'roles/uk/sales-manager.yaml: stale']);
      expect(jsonReport(run).summary).toMatchObject({ upToDate: 4, stale: 2, built: 0 });
      // Nothing written: the edited output is still edited, the deleted one still missing.
      expect(readFileSync(join(cwd, 'out/sales-manager.md'), 'utf8')).toMatch(/edited by hand\n$/);
      expect(existsSync(join(cwd, 'out/uk/sales-manager.md'))).toBe(false);
      expect(hashes(join(cwd, 'out'))[MANIFEST]).toBe(before[MANIFEST]);
    });

    it('finds a changed input: the role, a base it extends, a clause library it uses, the config', async () => {
      const cwd = await built();
      const edit = (file: string, from: RegExp | string, to: string) => {
        const path = join(cwd, file);
        const text = readFileSync(path, 'utf8');
        const changed = text.replace(from, to);
        expect(changed, `${file} unchanged by the edit`).not.toBe(text);
        writeFileSync(path, changed);
        return () => writeFileSync(path, text);
      };
      const restoreRole = edit('roles/sales/contract-specialist.yaml', /^ {2}number: .*$/m, '  number: CS-2');
      expect(staleOf(await check(cwd))).toEqual(['roles/sales/contract-specialist.yaml: stale']);
      restoreRole();
      const restoreLibrary = edit('clauses/extra.yaml', 'code of business ethics', 'code of conduct');
      expect(staleOf(await check(cwd))).toEqual(['roles/sales/key-account-manager.yaml: stale']);
      restoreLibrary();
      const restoreBase = edit('bases/manager.yaml', 'To request and receive', 'To ask for and receive');
      expect(staleOf(await check(cwd))).toEqual(EXTENDS_BASE.map((role) => `${role}: stale`));
      restoreBase();
      const restoreConfig = edit('jdgen.config.yaml', 'name: E. Walker', 'name: F. Other');
      // Every role depends on the config and is rendered; the two that take its approver differ.
      expect(staleOf(await check(cwd))).toEqual(['roles/account-manager.yaml: stale', 'roles/sales-manager.yaml: stale']);
      restoreConfig();
      // A dependency whose content is unchanged (touched, rewritten identically) is trusted.
      writeFileSync(join(cwd, 'bases/manager.yaml'), readFileSync(join(cwd, 'bases/manager.yaml')));
      const clean = await check(cwd);
      expect(clean.code).toBe(0);
      expect(staleOf(clean)).toEqual([]);
    });

    it('trusts the manifest where --deep does not: an output and its recorded hash both edited', async () => {
      const cwd = await built();
      const output = join(cwd, 'out/sales/contract-specialist.md');
      writeFileSync(output, `${readFileSync(output, 'utf8')}tampered\n`);
      const inputs = readEntries(cwd);
      inputs['../roles/sales/contract-specialist.yaml']!.outputs['sales/contract-specialist.md'] = createHash('sha256')
        .update(readFileSync(output))
        .digest('hex');
      writeEntries(cwd, inputs);
      const shallow = await check(cwd);
      expect(shallow.code).toBe(0);
      expect(staleOf(shallow)).toEqual([]);
      const deep = await check(cwd, '--deep');
      expect(deep.code).toBe(1);
      expect(staleOf(deep)).toEqual(['roles/sales/contract-specialist.yaml: stale']);
      expect(jsonReport(deep).summary).toMatchObject({ upToDate: 5, stale: 1, built: 0 });
    });

    it('reads the manifest as untrusted: a bad entry or a foreign path is not trusted, the role is rendered', async () => {
      const cwd = await built();
      const inputs = readEntries(cwd);
      const role = '../roles/sales/key-account-manager.yaml';
      // A dependency outside the project that happens to match: never read on the manifest's word.
      inputs[role]!.dependencies['../../outside.yaml'] = createHash('sha256').update('x').digest('hex');
      writeFileSync(join(cwd, '..', 'outside.yaml'), 'x');
      // An entry of the wrong shape.
      (inputs['../roles/sales-manager.yaml'] as unknown as Record<string, unknown>).outputs = 'all fine';
      writeEntries(cwd, inputs);
      // Both roles are rendered and compared (unchanged outputs are up to date); the badly recorded one's edit is found.
      appendFileSync(join(cwd, 'out/sales-manager.md'), 'edited\n');
      const run = await check(cwd, '--reporter', 'human');
      expect(run.code).toBe(1);
      expect(checkSummaryOf(run)).toBe('5 up to date, 1 stale, 0 failed');
      expect(run.stderr).toContain('✗ roles/sales-manager.yaml: out of date: out/sales-manager.md\n');
      expect(run.stderr).toMatch(/out\/\.jdgen-manifest\.json:\d+:\d+: warning: .*outside the project/);
      expect(run.stderr).toMatch(/out\/\.jdgen-manifest\.json:\d+:\d+: warning: .*expected \{ settings, dependencies, outputs \}/);
      // Not JSON at all: every role is rendered and compared (the edit above is still there).
      writeFileSync(manifestPath(cwd), '{ not json');
      rmSync(join(cwd, 'out/sales/key-account-manager.md'));
      const broken = await check(cwd);
      expect(staleOf(broken)).toEqual(['roles/sales-manager.yaml: stale', 'roles/sales/key-account-manager.yaml: stale']);
      expect(jsonReport(broken).summary).toMatchObject({ upToDate: 4, stale: 2 });
    });

    it('--deep without --check is a usage error (exit 2)', async () => {
      const cwd = await built();
      const run = await jdgen(['build', 'roles/', '-o', 'out', '--deep'], { cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--deep goes with --check');
    });
  });

  describe('--prune', () => {
    it('deletes the outputs and manifest entry of a deleted role only when asked, and nothing else', async () => {
      const cwd = await project();
      const build = async (inputs: string[], ...extra: string[]) => {
        const run = await jdgen(['build', ...inputs, '-o', 'out', '-f', 'md,json', '-j', '1', ...extra], { cwd });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        return run;
      };
      const manifestInputs = () => Object.keys((JSON.parse(readFileSync(join(cwd, 'out', MANIFEST), 'utf8')) as { inputs: object }).inputs);
      await build(['roles/']);
      const all = hashes(join(cwd, 'out'), { manifest: false });
      rmSync(join(cwd, 'roles/sales/contract-specialist.yaml'));

      // Without --prune the outputs stay.
      expect(summaryOf(await build(['roles/']))).toBe('0 built, 5 unchanged, 0 failed');
      expect(hashes(join(cwd, 'out'), { manifest: false })).toEqual(all);
      expect(manifestInputs()).toContain('../roles/sales/contract-specialist.yaml');

      const before = mtimes(join(cwd, 'out'));
      const pruned = await build(['roles/'], '--prune');
      expect(pruned.stdout).toContain('− removed out/sales/contract-specialist.json\n− removed out/sales/contract-specialist.md\n');
      const left = hashes(join(cwd, 'out'), { manifest: false });
      expect(left).toEqual(Object.fromEntries(Object.entries(all).filter(([file]) => !file.startsWith('sales/contract-specialist.'))));
      expect(Object.keys(left)).toHaveLength(10);
      const after = mtimes(join(cwd, 'out'));
      for (const file of Object.keys(left)) expect(after[file], file).toBe(before[file]);
      expect(manifestInputs()).not.toContain('../roles/sales/contract-specialist.yaml');
      expect(manifestInputs()).toHaveLength(5);

      // A role moved to another folder and built under the same name keeps its (new) outputs.
      mkdirSync(join(cwd, 'staff'));
      renameSync(join(cwd, 'roles/sales-manager.yaml'), join(cwd, 'staff/sales-manager.yaml'));
      const moved = jsonReport(await build(['roles/', 'staff/'], '--prune', '--reporter', 'json'));
      expect(moved.files.find((f) => f.file === 'staff/sales-manager.yaml')).toMatchObject({
        status: 'built',
        outputs: ['out/sales-manager.md', 'out/sales-manager.json'],
      });
      expect(moved.pruned).toBeUndefined();
      expect(existsSync(join(cwd, 'out/sales-manager.md'))).toBe(true);
      expect(manifestInputs().sort()).toEqual([
        '../roles/account-manager.yaml',
        '../roles/ru/key-account-manager.yaml',
        '../roles/sales/key-account-manager.yaml',
        '../roles/uk/sales-manager.yaml',
        '../staff/sales-manager.yaml',
      ]);
    });
  });

  describe('--shard', () => {
    it('splits the roles into complete, disjoint parts', async () => {
      const cwd = await project();
      const parts = await Promise.all(
        [1, 2, 3].map(async (i) => {
          const run = await jdgen(['build', 'roles/', '-o', `out-${i}`, '-f', 'md', '--shard', `${i}/3`, '--reporter', 'json'], { cwd });
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          const report = jsonReport(run);
          expect(report.files.every((f) => f.status === 'built')).toBe(true);
          return report.files.map((f) => f.file);
        }),
      );
      expect(parts.flat().sort()).toEqual(ROLES);
      expect(new Set(parts.flat()).size).toBe(ROLES.length);
      // Each part wrote only its own roles.
      for (const [i, part] of parts.entries()) {
        const written = existsSync(join(cwd, `out-${i + 1}`)) ? Object.keys(hashes(join(cwd, `out-${i + 1}`), { manifest: false })) : [];
        expect(written.sort()).toEqual(part.map((r) => `${stem(r)}.md`).sort());
      }
    });

    it.each(['0/3', '4/3', 'x'])('exits 2 for --shard %s', async (shard) => {
      const cwd = tempDir('jdgen-batch-');
      const run = await jdgen(['build', join(EXAMPLES, 'en/key-account-manager.yaml'), '-o', 'out', '--shard', shard], { cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--shard needs i/n with 1 ≤ i ≤ n, e.g. 2/4; got \`${shard}\``);
      expect(existsSync(join(cwd, 'out'))).toBe(false);
    });
  });

  describe('failures and exit codes', () => {
    const breakRole = (cwd: string) => {
      const text = readFileSync(join(cwd, 'roles/sales/contract-specialist.yaml'), 'utf8');
      writeFileSync(join(cwd, 'roles/sales/broken.yaml'), text.replace(/^duties:\n/m, 'duties:\n  - 42\n'));
    };

    it('build the other roles when one is invalid (on worker threads too), exit 1, and count it', async () => {
      const cwd = await project();
      breakRole(cwd);
      const run = await jdgen(['build', 'roles/', '-o', 'out', '-f', 'md', '-j', '2'], { cwd });
      expect(run.code).toBe(1);
      expect(summaryOf(run)).toBe('6 built, 0 unchanged, 1 failed');
      expect(builtRoles(run)).toEqual(ROLES);
      expect(run.stderr).toMatch(/^roles\/sales\/broken\.yaml:\d+:5: error: duties\[0\]: expected a clause/m);
      expect(run.stderr).toContain('✗ roles/sales/broken.yaml: 1 error, nothing written');
      expect(existsSync(join(cwd, 'out/sales/broken.md'))).toBe(false);
      for (const role of ROLES) expect(existsSync(join(cwd, 'out', `${stem(role)}.md`)), role).toBe(true);
    });

    it('refuse a malformed SOURCE_DATE_EPOCH as wrong usage (exit 2) before building anything, not as a crash', async () => {
      const cwd = tempDir('jdgen-batch-');
      const run = await jdgen(['build', join(EXAMPLES, 'en/key-account-manager.yaml'), join(EXAMPLES, 'en/contract-specialist.yaml'), '-o', 'out'], {
        cwd,
        env: { SOURCE_DATE_EPOCH: 'yesterday' },
      });
      expect(run.stderr).toBe('error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, got `yesterday`\n');
      expect(run.code).toBe(2);
      expect(existsSync(join(cwd, 'out'))).toBe(false);
    });

    it('--fail-fast -j 1 stops at the first failure and reports the rest as skipped', async () => {
      const cwd = await project();
      breakRole(cwd);
      const human = await jdgen(['build', 'roles/', '-o', 'out', '-f', 'md', '-j', '1', '--fail-fast'], { cwd });
      expect(human.code).toBe(1);
      // In order: account-manager, ru/…, sales-manager, sales/broken ✗, then three never started.
      expect(summaryOf(human)).toBe('3 built, 0 unchanged, 1 failed, 3 skipped');
      const run = await jdgen(['build', 'roles/', '-o', 'out', '-f', 'md', '-j', '1', '--fail-fast', '--force', '--reporter', 'json'], { cwd });
      expect(run.code).toBe(1);
      const report = jsonReport(run);
      expect(report.files.map((f) => [f.file, f.status])).toEqual([
        ['roles/account-manager.yaml', 'built'],
        ['roles/ru/key-account-manager.yaml', 'built'],
        ['roles/sales-manager.yaml', 'built'],
        ['roles/sales/broken.yaml', 'failed'],
        ['roles/sales/contract-specialist.yaml', 'skipped'],
        ['roles/sales/key-account-manager.yaml', 'skipped'],
        ['roles/uk/sales-manager.yaml', 'skipped'],
      ]);
      expect(report.summary).toMatchObject({ built: 3, failed: 1, skipped: 3 });
      expect(existsSync(join(cwd, 'out/sales/contract-specialist.md'))).toBe(false);
    });
  });

  describe('--reporter', () => {
    it('json: one document valid against the published schema; github: annotations with file, line, column', async () => {
      const schema = await jdgen(['schema', '--name', 'report']);
      expect(schema.code).toBe(0);
      expect(JSON.parse(schema.stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')));

      const cwd = await project();
      const build = (reporter: string) => jdgen(['build', 'roles/', '-o', 'out', '-f', 'md', '-j', '1', '--reporter', reporter], { cwd });
      const clean = await build('json');
      expect(clean.stderr).toBe('');
      expect(clean.code).toBe(0);
      const report = jsonReport(clean);
      expect(report).toMatchObject({ jdgen: 1, ok: true, summary: { built: 6, unchanged: 0, failed: 0, stale: 0, upToDate: 0, skipped: 0 } });
      expect(report.files.map((f) => f.file)).toEqual(ROLES);
      expect(report.files[0]).toEqual({ file: ROLES[0], status: 'built', outputs: [`out/${stem(ROLES[0]!)}.md`], diagnostics: [] });
      expect(report.pruned).toBeUndefined();

      // An error in a base (reported there, included from each role), an invalid role, a warning in a role that still builds.
      const base = join(cwd, 'bases/manager.yaml');
      writeFileSync(base, readFileSync(base, 'utf8').replace('directly to the {{position.reports_to}}', 'directly to the {{position.report_to}}'));
      const contract = readFileSync(join(cwd, 'roles/sales/contract-specialist.yaml'), 'utf8');
      writeFileSync(join(cwd, 'roles/sales/broken.yaml'), contract.replace(/^duties:\n/m, 'duties:\n  - 42\n').replace(/^rights:/m, 'rigths:'));
      const kam = join(cwd, 'roles/sales/key-account-manager.yaml');
      writeFileSync(kam, readFileSync(kam, 'utf8').replace(/^duties:\n/m, 'duties:\n  - Greets guests with 你好.\n'));
      const broken = await build('json');
      expect(broken.stderr).toBe('');
      expect(broken.code).toBe(1);
      const failed = jsonReport(broken);
      expect(failed.ok).toBe(false);
      expect(failed.summary).toMatchObject({ built: 1, unchanged: 3, failed: 3 });
      const sales = failed.files.find((f) => f.file === 'roles/sales-manager.yaml')!;
      expect(sales.status).toBe('failed');
      expect(sales.outputs).toEqual([]);
      expect(sales.diagnostics[0]).toEqual({
        severity: 'error',
        code: 'placeholder/unknown',
        file: 'bases/manager.yaml',
        line: 14,
        column: 58,
        path: 'general_provisions[2]',
        message: 'unknown placeholder `{{position.report_to}}`: the role has no `position.report_to`',
        hint: 'did you mean `position.reports_to`?',
        sourceLine: '    text: The {{position.title}} reports directly to the {{position.report_to}}.',
        includedFrom: [{ file: 'roles/sales-manager.yaml', line: 4, column: 10 }],
      });
      const invalid = failed.files.find((f) => f.file === 'roles/sales/broken.yaml')!;
      expect(invalid.diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'error', code: 'schema/anyOf', file: 'roles/sales/broken.yaml', line: 57, column: 5, path: 'duties[0]' }),
      );
      const warned = failed.files.find((f) => f.file === 'roles/sales/key-account-manager.yaml')!;
      expect(warned.status).toBe('built');
      expect(warned.diagnostics[0]).toMatchObject({
        severity: 'warning',
        code: 'font/missing-glyph',
        file: 'roles/sales/key-account-manager.yaml',
        line: 66,
        column: 5,
        path: 'duties[0]',
      });

      // The same failures as GitHub Actions annotations (the failed roles are tried again; the others are unchanged).
      const github = await build('github');
      expect(github.code).toBe(1);
      expect(github.stderr).toBe('');
      const lines = github.stdout.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(/^0 built, 4 unchanged, 3 failed in \d+\.\d\d s$/);
      const annotations = lines.slice(0, -1);
      for (const line of annotations) expect(line).toMatch(/^::error file=[^,:]+,line=[1-9]\d*,col=[1-9]\d*,title=jdgen::\S[^\n]*$/);
      expect(annotations).toContain(
        '::error file=roles/sales/broken.yaml,line=57,col=5,title=jdgen::duties[0]: expected a clause (text or {text, items}), got a number',
      );
      // A hint goes on its own line of the message: an escaped newline.
      expect(annotations).toContainEqual(
        expect.stringMatching(/^::error file=roles\/sales\/broken\.yaml,line=\d+,col=1,title=jdgen::rigths: unknown key `rigths`%0Ahint: /),
      );
      expect(annotations).toContain(
        '::error file=bases/manager.yaml,line=14,col=58,title=jdgen::general_provisions[2]: unknown placeholder `{{position.report_to}}`: the role has no `position.report_to`%0Ahint: did you mean `position.reports_to`?',
      );
    });
  });

  describe('the report schema', () => {
    it('is JSON Schema 2020-12 with its $id, describes every property, and rejects what a build never prints', () => {
      const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')) as Record<string, unknown>;
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe('urn:jdgen:schema:report:1');
      expect(undescribedProperties(schema)).toEqual([]);
      const validate = reportValidator();
      const good = { jdgen: 1, ok: true, files: [], summary: { built: 0, unchanged: 0, failed: 0, stale: 0, upToDate: 0, skipped: 0, seconds: 0.1 } };
      expect(validate(good)).toBe(true);
      const file = (fields: object) => ({ ...good, ok: false, files: [{ file: 'a.yaml', outputs: [], diagnostics: [], ...fields }] });
      expect(validate({ ...good, summary: { ...good.summary, failed: 1 } })).toBe(false);
      expect(validate(file({ status: 'stale' }))).toBe(false);
      expect(validate(file({ status: 'built', stale: ['x'] }))).toBe(false);
      expect(validate(file({ status: 'failed' }))).toBe(false);
      expect(validate(file({ status: 'valid' }))).toBe(false);
      expect(validate({ ...good, extra: 1 })).toBe(false);
      expect(
        validate(file({ status: 'failed', diagnostics: [{ severity: 'error', code: 'schema/type', file: 'a.yaml', line: 1, column: 1, message: 'm' }] })),
      ).toBe(true);
    });
  });
});
