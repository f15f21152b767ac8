import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseWithYaml, parseYamlText, yamlData } from '../../src/load/load.js';
import { quickYaml } from '../../src/load/quick-yaml.js';
import { locate } from '../../src/load/source.js';
import { generateRole, loadExamples } from '../bench/roles.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The quick YAML reading (js-yaml) may only ever give what the reference
 * reading (`yaml`) gives: whenever it answers, yaml must find no error and no
 * warning and the same data. Checked on every YAML file of the repository,
 * generated roles, the constructs the two parsers are known to read
 * differently, and thousands of mutations of real files.
 */

function yamlFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yamlFiles(path, found);
    else if (/\.ya?ml$/.test(entry)) found.push(path);
  }
  return found;
}

const CORPUS: string[] = [
  ...['examples', 'templates', 'test/fixtures'].flatMap((dir) => yamlFiles(join(ROOT, dir))).map((file) => readFileSync(file, 'utf8')),
  ...(() => {
    const examples = loadExamples(join(ROOT, 'examples'));
    return Array.from({ length: 21 }, (_, n) => stringify(generateRole(examples, n + 1, 7).data, { lineWidth: 100, aliasDuplicateObjects: false }));
  })(),
];

/** Where the two readings differ, or yaml warns: each must go to yaml (or agree). */
const EDGE_CASES = [
  'a: 012\n',
  'a: 0o17\n',
  'a: 0x1F\n',
  'a: 0b11\n',
  'a: 1_000\n',
  'a: +12\n',
  'a: -0x1\n',
  'a: .5\n',
  'a: 1.\n',
  'a: 1e3\n',
  'a: -.Inf\n',
  'a: .NaN\n',
  'a: yes\n',
  'a: on\n',
  'a: ~\n',
  'a:\n',
  'a: nULL\n',
  'a: tRue\n',
  'a: 2027-07-16\n',
  'a: 12:30\n',
  '%YAML 1.1\n---\na: yes\n',
  '%TAG !e! tag:example.com,2000:\n---\na: !e!foo x\n',
  'a: !!str 5\n',
  'a: !!float 5\n',
  'a: !foo x\n',
  'a: !!binary aGk=\n',
  'a: !!timestamp 2001-01-01\n',
  'a: !!set {x}\n',
  'a: &x 1\nb: *x\n',
  'base: &b {x: 1}\nc:\n  <<: *b\n',
  '<<: {a: 1}\n',
  'a: &x: 1\n',
  'a: *undefined\n',
  '? [a, b]\n: c\n',
  '[a]: c\n',
  '{a: 1}: c\n',
  'null: a\n',
  '~: a\n',
  'Null: a\n',
  '"null": a\n',
  '1: a\n"1": b\n',
  'true: a\nTrue: b\n',
  'a: b\na: c\n',
  '{a: 1, a: 2}\n',
  '__proto__: {x: 1}\n',
  'a: [\n  x\n]\n',
  'a: {\n  x: 1\n}\n',
  'position: { \ntitle: Clerk }\n',
  '- - {a: 1,\nb: 2}\n',
  '"k": [a,\nb]\n',
  'a: b\rc: d\n',
  'a: b\r\nc: d\r\n',
  'a: b\u2028c\n',
  '\ufeffa: b\n',
  `k${'x'.repeat(1100)}: v\n`,
  `"k${'x'.repeat(1100)}": v\n`,
  '---\na: 1\n---\nb: 2\n',
  '',
  '# only a comment\n',
  '---\n',
  'a: 1\n...\n',
  'a: |\n\tx\n',
  '\ta: b\n',
  'a:\tb\n',
  'a: "bad \\q"\n',
  'a: b: c\n',
  'a: @b\n',
  'a: `b\n',
];

/** Characters and pieces that change how YAML reads a line. */
const SPECIALS = [
  '#',
  ':',
  ': ',
  '- ',
  '"',
  "'",
  '|',
  '>',
  '&a ',
  '*a',
  '!',
  '!!str ',
  '%',
  '? ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '\t',
  ' ',
  '  ',
  '\n',
  '~',
  'null',
  'true',
  '0x1F',
  '1e3',
  '<<: ',
  '\\',
  '@',
  '`',
  '\r',
  'é',
  '\u00a0',
];

type Mutation = { kind: 'delete' | 'duplicate' | 'insert' | 'indent' | 'dedent'; line: number; at: number; piece: number; from: number };

function mutate(text: string, mutations: readonly Mutation[]): string {
  const lines = text.split('\n');
  for (const m of mutations) {
    const i = m.line % lines.length;
    const line = lines[i]!;
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, lines[m.from % lines.length]!);
    else if (m.kind === 'insert')
      lines[i] = line.slice(0, m.at % (line.length + 1)) + SPECIALS[m.piece % SPECIALS.length] + line.slice(m.at % (line.length + 1));
    else if (m.kind === 'indent') lines[i] = ` ${line}`;
    else lines[i] = line.replace(/^ /, '');
    if (lines.length === 0) lines.push('');
  }
  return lines.join('\n');
}

const mutation = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'insert', 'indent', 'dedent'),
  line: fc.nat(),
  at: fc.nat(),
  piece: fc.nat(),
  from: fc.nat(),
}) as fc.Arbitrary<Mutation>;

/** The claim: a quick answer is yaml's answer, with nothing to report. */
function agrees(text: string): void {
  const quick = quickYaml(text);
  if (!quick) return;
  const reference = parseWithYaml('x.yaml', text);
  expect(reference.diagnostics, `yaml reports problems in a file read quickly:\n${text}`).toEqual([]);
  expect(isDeepStrictEqual(reference.data, quick.data), `different data for:\n${text}\n${JSON.stringify(reference.data)}\n${JSON.stringify(quick.data)}`).toBe(
    true,
  );
}

describe('quick YAML reading (js-yaml) against yaml', () => {
  it('reads every well-formed YAML file of the repository and generated roles quickly, and as yaml does', () => {
    for (const text of CORPUS) {
      agrees(text);
      // Well-formed files (all but a few fixtures that are broken on purpose) take the quick way.
      if (parseWithYaml('x.yaml', text).diagnostics.length === 0) expect(quickYaml(text), text.slice(0, 200)).toBeDefined();
    }
  });

  it('leaves to yaml, or agrees with it on, every construct the two read differently', () => {
    for (const text of EDGE_CASES) agrees(text);
    // The known differences are not read quickly at all.
    for (const text of [
      '%YAML 1.1\n---\na: yes\n',
      '[a]: c\n',
      'Null: a\n',
      'a: &x 1\nb: *x\n',
      'a: [\n  x\n]\n',
      'position: { \ntitle: Clerk }\n',
      'a: b\rc: d\n',
      `k${'x'.repeat(1100)}: v\n`,
    ]) {
      expect(quickYaml(text), text).toBeUndefined();
    }
    // Brackets in plain prose and flow collections closed on their line still take the quick path.
    for (const text of ["- text: the employee's work [see 1\n- b\n", 'position: { title: Clerk }\n', '# note: [x\na: 1\n']) {
      expect(quickYaml(text), text).toBeDefined();
    }
  });

  it('agrees with yaml on thousands of mutated real files', () => {
    fc.assert(
      fc.property(fc.nat(CORPUS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => {
        agrees(mutate(CORPUS[which]!, mutations));
      }),
      { numRuns: 3000, seed: 20261125 },
    );
  });

  it('gives the same diagnostics and positions either way (the quick source parses itself again when asked)', () => {
    const text = readFileSync(join(ROOT, 'examples/en/key-account-manager.yaml'), 'utf8');
    const quick = parseYamlText('kam.yaml', text);
    const reference = parseWithYaml('kam.yaml', text);
    expect(quick.data).toEqual(reference.data);
    expect(quick.diagnostics).toEqual([]);
    for (const path of [
      ['document', 'number'],
      ['position', 'title'],
      ['duties', 2],
    ] as const) {
      expect(locate(quick.source!, path)).toEqual(locate(reference.source!, path));
    }
    // A broken file goes straight to yaml and is reported where the problem is.
    const broken = parseYamlText('broken.yaml', 'a: 1\nb: [2\n');
    expect(broken.data).toBeUndefined();
    expect(broken.diagnostics[0]).toMatchObject({ file: 'broken.yaml', severity: 'error', line: 3 });
    expect(yamlData('a: [1\n')).toBeUndefined();
    expect(yamlData('a: &x [1]\nb: *x\n')).toEqual({ a: [1], b: [1] });
  });
});
