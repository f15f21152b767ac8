import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Project } from './corpus.js';
import { DATES, deepFlow, hugeString, NUMBERS, PLACEHOLDERS, PROTO_KEYS, RAW_VALUES, UNICODE } from './pieces.js';
import type { Rng } from './rng.js';

/**
 * Mutations of one file of a project. Structural ones edit the parsed data
 * and write it back as YAML (raw snippets such as `&x [*x]` are spliced in
 * after writing); textual ones damage the YAML text itself. Each returns a
 * short description for the failure report, or undefined when it does not
 * apply (a structural mutation of a file that no longer parses).
 */
export type Mutation = (project: Project, file: string, rng: Rng) => string | undefined;

type Key = string | number;
interface Node {
  path: Key[];
  value: unknown;
}
type Data = Record<string, unknown>;

const HOT_STRINGS: Key[][] = [
  ['position', 'title'],
  ['document', 'number'],
  ['organization', 'name'],
  ['approval', 'name'],
  ['approval', 'position'],
  ['position', 'reports_to'],
  ['organization', 'city'],
];
const CLAUSE_LISTS = ['general_provisions', 'duties', 'rights', 'responsibility', 'relationships'];

/** Runs `edit` on the parsed file, then writes it back. */
function structural(edit: (data: Data, rng: Rng, raw: (yaml: string) => string, project: Project, file: string) => string | undefined): Mutation {
  return (project, file, rng) => {
    const text = project.files[file];
    if (typeof text !== 'string') return undefined;
    let data: unknown;
    try {
      data = parse(text, { uniqueKeys: false, maxAliasCount: 100 });
    } catch {
      return undefined;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
    const raws: string[] = [];
    const raw = (yaml: string) => `__FUZZRAW_${raws.push(yaml) - 1}__`;
    let what: string | undefined;
    let out: string;
    try {
      what = edit(data as Data, rng, raw, project, file);
      if (what === undefined) return undefined;
      out = stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });
    } catch (error) {
      // An earlier mutation nested the file thousands of levels deep: walking or writing it back
      // recursively overflows the stack here, in the fuzzer. Keep that file as it is.
      if (error instanceof RangeError) return undefined;
      throw error;
    }
    raws.forEach((yaml, i) => (out = out.replace(`__FUZZRAW_${i}__`, () => yaml)));
    project.files[file] = out;
    return `${file}: ${what}`;
  };
}

function allNodes(data: unknown): Node[] {
  const out: Node[] = [];
  const walk = (value: unknown, path: Key[]) => {
    if (out.length > 5000) return;
    out.push({ path, value });
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(data, []);
  return out;
}

function setAt(data: Data, path: Key[], value: unknown): void {
  let here: Record<Key, unknown> = data;
  for (const key of path.slice(0, -1)) {
    const next = here[key];
    if (next === null || typeof next !== 'object') here[key] = {};
    here = here[key] as Record<Key, unknown>;
  }
  defineOwn(here, path[path.length - 1]!, value);
}

/** Sets an own property, even `__proto__`, without touching any prototype (here or in the fuzzer). */
function defineOwn(target: Record<Key, unknown>, key: Key, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function deleteAt(data: Data, path: Key[]): void {
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<Key, unknown>)[k], data) as Record<Key, unknown> | unknown[];
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
}

const show = (path: Key[]) => path.join('.') || '(root)';
const randomNode = (data: Data, rng: Rng, filter: (n: Node) => boolean = () => true) => {
  const found = allNodes(data).filter((n) => n.path.length > 0 && filter(n));
  return found.length ? rng.pick(found) : undefined;
};
const isString = (n: Node) => typeof n.value === 'string';

const OTHER_TYPES: unknown[] = ['text', 42, -1, 0, 3.5, {}, [], { a: 'b' }, ['x'], null, true, '', ' ', 1e308];
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);

const swapType = structural((data, rng) => {
  const node = randomNode(data, rng);
  if (!node) return undefined;
  const value = structuredClone(rng.pick(OTHER_TYPES.filter((t) => typeOf(t) !== typeOf(node.value))));
  setAt(data, node.path, value);
  return `type swap at ${show(node.path)} → ${JSON.stringify(value)}`;
});

const huge = structural((data, rng) => {
  const node = rng.chance(0.5) ? randomNode(data, rng, isString) : undefined;
  const path = node?.path ?? rng.pick(HOT_STRINGS);
  const kind = rng.int(0, 5);
  const length = rng.int(20_000, 40_000);
  setAt(data, path, hugeString(kind, length));
  return `huge string (kind ${kind}, ${length}) at ${show(path)}`;
});

const deep = structural((data, rng, raw) => {
  const node = randomNode(data, rng);
  if (!node) return undefined;
  const depth = rng.pick([30, 200, 1000, 5000]);
  setAt(data, node.path, raw(deepFlow(depth, depth + rng.int(0, 1))));
  return `nesting ${depth} deep at ${show(node.path)}`;
});

const unicode = structural((data, rng) => {
  const node = randomNode(data, rng, isString) ?? { path: rng.pick(HOT_STRINGS), value: 'x' };
  const piece = rng.pick(UNICODE);
  const text = String(node.value);
  const at = rng.int(0, text.length);
  setAt(data, node.path, `${text.slice(0, at)}${piece}${text.slice(at)}`);
  return `unicode ${JSON.stringify(piece)} into ${show(node.path)}`;
});

const placeholder = structural((data, rng) => {
  const node = randomNode(data, rng, isString) ?? { path: rng.pick(HOT_STRINGS), value: '' };
  const piece = rng.pick(PLACEHOLDERS);
  setAt(data, node.path, rng.chance(0.5) ? piece : `${String(node.value)} ${piece}`);
  return `placeholder ${JSON.stringify(piece.slice(0, 40))} into ${show(node.path)}`;
});

/** Paths a reference in `file` may name: every file of the project, the file itself, folders, escapes, nonsense. */
function referenceChoices(project: Project, file: string): string[] {
  const from = dirname(file);
  const rel = (to: string) => posix.relative(from, to) || '.';
  return [
    ...Object.keys(project.files).map(rel),
    ...project.dirs.map(rel),
    rel(file),
    rel('nonexistent.yaml'),
    `${'../'.repeat(8)}etc/passwd.yaml`,
    '/etc/hosts.yaml',
    '/tmp',
    '',
    '.',
    './',
    'x.yml',
    'C:\\x.yaml',
    'http://example.com/x.yaml',
    '~/x.yaml',
    `${'a'.repeat(300)}.yaml`,
    'file:///etc/passwd',
    '\u0000.yaml',
    '../x.yaml',
    `${rel('bases')}/../${rel(file)}`,
  ];
}

const extendsPath = structural((data, rng, _raw, project, file) => {
  const target = rng.pick(referenceChoices(project, file));
  defineOwn(data, 'extends', target);
  return `extends: ${JSON.stringify(target)}`;
});

const usePath = structural((data, rng, _raw, project, file) => {
  const names = ['substitution', 'guided-by', 'confidentiality', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'x', 'a#b'];
  const reference = rng.chance(0.9) ? `${rng.pick(referenceChoices(project, file))}#${rng.pick(names)}` : rng.pick(referenceChoices(project, file));
  const lists = allNodes(data).filter(
    (n) => Array.isArray(n.value) && (CLAUSE_LISTS.includes(String(n.path[0])) || n.path[0] === 'clauses' || n.path.includes('items')),
  );
  if (lists.length === 0) {
    setAt(data, [rng.pick(CLAUSE_LISTS)], [{ use: reference }]);
    return `new clause list using ${JSON.stringify(reference)}`;
  }
  const list = rng.pick(lists);
  const items = list.value as unknown[];
  items.splice(rng.int(0, items.length), rng.chance(0.5) ? 1 : 0, { use: reference });
  return `use: ${JSON.stringify(reference)} in ${show(list.path)}`;
});

const date = structural((data, rng) => {
  const dates = allNodes(data).filter((n) => n.path[n.path.length - 1] === 'date');
  const path = dates.length && rng.chance(0.8) ? rng.pick(dates).path : ['document', 'date'];
  const value = rng.pick(DATES);
  setAt(data, path, value);
  return `date ${JSON.stringify(value)} at ${show(path)}`;
});

const protoKey = structural((data, rng) => {
  const maps = allNodes(data).filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value));
  const node = rng.pick(maps);
  const key = rng.pick(PROTO_KEYS);
  const value = rng.pick<unknown>([{ polluted: 'yes' }, 'x', [], null, { text: 'x' }, ['x']]);
  setAt(data, [...node.path, key], structuredClone(value));
  return `key ${key} at ${show(node.path)}`;
});

const bigList = structural((data, rng) => {
  const node = randomNode(data, rng, (n) => Array.isArray(n.value)) ?? { path: [rng.pick(CLAUSE_LISTS)], value: ['Item'] };
  const items = node.value as unknown[];
  const count = rng.pick([300, 2000, 10000]);
  setAt(
    data,
    node.path,
    Array.from({ length: count }, (_, i) => (items.length ? structuredClone(items[i % items.length]) : `Item ${i}`)),
  );
  return `list of ${count} at ${show(node.path)}`;
});

const removeKey = structural((data, rng) => {
  const node = randomNode(data, rng);
  if (!node) return undefined;
  deleteAt(data, node.path);
  return `removed ${show(node.path)}`;
});

const renameKey = structural((data, rng) => {
  const node = randomNode(data, rng, (n) => typeof n.path[n.path.length - 1] === 'string');
  if (!node) return undefined;
  const key = String(node.path[node.path.length - 1]);
  const renamed = rng.pick([`${key}s`, key.toUpperCase(), key.slice(1), `${key} `, '', '~', 'null', '1', 'a'.repeat(1100)]);
  deleteAt(data, node.path);
  setAt(data, [...node.path.slice(0, -1), renamed], node.value);
  return `renamed ${show(node.path)} → ${JSON.stringify(renamed.slice(0, 20))}`;
});

const rawValue = structural((data, rng, raw) => {
  const node = randomNode(data, rng);
  if (!node) return undefined;
  const snippet = rng.pick(RAW_VALUES);
  setAt(data, node.path, raw(snippet));
  return `raw ${JSON.stringify(snippet)} at ${show(node.path)}`;
});

const number = structural((data, rng) => {
  const node = randomNode(data, rng, (n) => typeof n.value === 'number') ?? {
    path: rng.pick([
      ['familiarization', 'rows'],
      ['document', 'version'],
    ]),
    value: 0,
  };
  const value = rng.pick(NUMBERS);
  setAt(data, node.path, value);
  return `number ${value} at ${show(node.path)}`;
});

const logo = structural((data, rng, _raw, project, file) => {
  const choice = rng.pick([
    'logo.png',
    'fake.png',
    'empty.png',
    'huge-header.png',
    'small-header.png',
    'cut.png',
    'missing.png',
    'dir.png',
    '../logo.png',
    'logo.PNG',
    'logo.svg',
  ]);
  if (choice === 'fake.png') project.files['fake.png'] = 'not a picture';
  if (choice === 'empty.png') project.files['empty.png'] = new Uint8Array(0);
  if (choice === 'huge-header.png') project.files['huge-header.png'] = pngHeader(40_000, 40_000);
  if (choice === 'small-header.png') project.files['small-header.png'] = pngHeader(16, 16);
  // A real picture cut short (an interrupted download): the header is fine, the pixels are not.
  if (choice === 'cut.png') project.files['cut.png'] = LOGO.subarray(0, rng.int(40, LOGO.length - 1));
  if (choice === 'dir.png') project.dirs.push('dir.png');
  const path = posix.relative(dirname(file), choice) || choice;
  setAt(data, ['organization', 'logo'], path);
  return `logo ${path}`;
});

const LOGO = new Uint8Array(readFileSync(join(import.meta.dirname, '../../examples/organization/logo.png')));

/** A PNG signature and header chunk claiming a size, with no pixels behind it. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.set([8, 6, 0, 0, 0], 24);
  return new Uint8Array(bytes);
}

export const STRUCTURAL: ReadonlyArray<readonly [number, Mutation]> = [
  [8, swapType],
  [3, huge],
  [2, deep],
  [6, unicode],
  [5, placeholder],
  [3, extendsPath],
  [4, usePath],
  [4, date],
  [3, protoKey],
  [1, bigList],
  [3, removeKey],
  [2, renameKey],
  [4, rawValue],
  [2, number],
  [2, logo],
];
