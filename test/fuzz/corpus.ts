import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files of a small project (paths relative to its folder, `/`-separated) and the role to build. */
export interface Project {
  name: string;
  role: string;
  files: Record<string, string | Uint8Array>;
  /** Empty folders to create, named like files so references to them pass the extension check. */
  dirs: string[];
}

const ROOT = join(import.meta.dirname, '../..');

/**
 * Every project the fuzzer starts from: each example role on its own, the
 * organisation folder (config, base, clause library, logo, two roles) once per
 * role, and the minimal valid fixture. `weight` favours the small ones: a big
 * example costs a few hundred milliseconds to build, the minimal role a few tens.
 */
export function seedProjects(): Array<{ weight: number; project: Project }> {
  const seeds: Array<{ weight: number; project: Project }> = [];
  const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');
  for (const lang of readdirSync(join(ROOT, 'examples')).sort()) {
    if (lang === 'organization') continue;
    for (const name of readdirSync(join(ROOT, 'examples', lang))
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      seeds.push({
        weight: 1,
        project: { name: `examples/${lang}/${name}`, role: name, files: { [name]: text(`examples/${lang}/${name}`) }, dirs: ['dir.yaml'] },
      });
    }
  }
  const org = 'examples/organization';
  const shared: Record<string, string | Uint8Array> = {
    'jdgen.config.yaml': text(`${org}/jdgen.config.yaml`),
    'bases/manager.yaml': text(`${org}/bases/manager.yaml`),
    'clauses/common.yaml': text(`${org}/clauses/common.yaml`),
    'logo.png': new Uint8Array(readFileSync(join(ROOT, org, 'logo.png'))),
  };
  for (const name of readdirSync(join(ROOT, org, 'roles'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const role = `roles/${name}`;
    seeds.push({
      weight: 6,
      project: { name: `${org}/${role}`, role, files: { ...shared, [role]: text(`${org}/${role}`) }, dirs: ['dir.yaml', 'roles/dir.yaml'] },
    });
  }
  seeds.push({
    weight: 6,
    project: {
      name: 'test/fixtures/valid/minimal.yaml',
      role: 'minimal.yaml',
      files: { 'minimal.yaml': text('test/fixtures/valid/minimal.yaml') },
      dirs: ['dir.yaml'],
    },
  });
  return seeds;
}

/**
 * The minimised failures kept under test/fixtures/fuzz: each folder is a
 * project whose role is `role.yaml` (with whatever config, bases or libraries
 * sit next to it). They run before the random cases, every time.
 */
export function fixtureProjects(): Project[] {
  const dir = join(ROOT, 'test/fixtures/fuzz');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => ({ name: `test/fixtures/fuzz/${name}`, role: 'role.yaml', files: readTree(join(dir, name), ''), dirs: [] }));
}

function readTree(dir: string, prefix: string): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, readTree(join(dir, entry.name), rel));
    else if (entry.name !== 'README.md') files[rel] = new Uint8Array(readFileSync(join(dir, entry.name)));
  }
  return files;
}
