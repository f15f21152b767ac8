import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLE_WITHOUT_DUTIES } from '../helpers/minimal-role.js';
import { compile } from '../../src/api.js';
import { formatDiagnosticPlain } from '../../src/diagnostics.js';
import { parseYamlText } from '../../src/load/load.js';
import { MAX_LIST_ITEMS, validateRoleData } from '../../src/validate/validate.js';
import { expectGolden } from '../helpers/golden.js';
import { undescribedProperties } from '../helpers/schema.js';
import { cpuMs } from '../helpers/cpu-time.js';

const INVALID = 'test/fixtures/invalid';

function diagnose(text: string) {
  const loaded = parseYamlText('role.yaml', text);
  return validateRoleData(loaded.source!, loaded.data).diagnostics;
}

const BASE = ROLE_WITHOUT_DUTIES;

describe('schema validation', () => {
  // One fixture per failure mode; the expected diagnostics sit beside it as .expected.txt.
  for (const name of readdirSync(INVALID).filter((f) => f.endsWith('.yaml'))) {
    it(`reports every problem in ${name} with its position`, async () => {
      const result = await compile(join(INVALID, name));
      expect(result.model).toBeUndefined();
      const text = result.diagnostics.map((d) => `${formatDiagnosticPlain(d)}${d.hint ? `\n  hint: ${d.hint}` : ''}`).join('\n');
      expectGolden(`${text}\n`, join(INVALID, name.replace(/\.yaml$/, '.expected.txt')));
    });
  }

  it('names a clause of the wrong type by its index and what it got', () => {
    const [d] = diagnose(`${BASE}duties:\n  - ok\n  - 42\n`);
    expect(d).toMatchObject({ line: 11, column: 5, path: 'duties[1]', message: 'expected a clause (text or {text, items}), got a number' });
    expect(d!.sourceLine).toBe('  - 42');
  });

  it('points an unknown key at the key itself and suggests the nearest one', () => {
    const d = diagnose(`${BASE}dutis: [a]\n`).find((x) => x.code === 'schema/additionalProperties');
    expect(d).toMatchObject({ line: 9, column: 1, message: 'unknown key `dutis`', hint: 'did you mean `duties`?' });
  });

  it('reports a missing section at the top level with what it is for', () => {
    const [d] = diagnose(BASE);
    expect(d!.message).toBe('missing required key `duties`');
    expect(d!.hint).toContain('Job duties');
  });

  it('reports the object branch of a clause, not "expected text"', () => {
    const diagnostics = diagnose(`${BASE}duties:\n  - { txt: a }\n`);
    expect(diagnostics.map((d) => d.message)).toEqual(['missing required key `text`', 'unknown key `txt`']);
  });

  it('points at a control character written raw in the text, and refuses it in keys too', () => {
    const diagnostics = diagnose(`${BASE}duties:\n  - Registers\u001b[31m mail.\n  - { text: a, "\u0085x": 1 }\n`);
    expect(diagnostics.filter((d) => d.code === 'text/control-character').map((d) => [d.line, d.column, d.message])).toEqual([
      [10, 14, 'control character U+001B at column 14; remove it'],
      [11, 17, 'control character U+0085 at column 17; remove it'],
    ]);
  });

  it('refuses half of a surrogate pair written as an escape', () => {
    const [d] = diagnose(`${BASE}duties:\n  - "Broken \\uD800 character"\n`);
    expect(d).toMatchObject({
      code: 'text/control-character',
      line: 10,
      column: 5,
      message: 'half of a character U+D800 at character 8 of the text; remove it',
    });
  });

  it('refuses a list longer than any schema allows before ajv, whose errors grow quadratically with it', () => {
    const duties = Array.from({ length: 20_000 }, (_, n) => `  - ${n}\n`).join('');
    const start = cpuMs();
    const found = diagnose(`${BASE}duties:\n${duties}`);
    expect(cpuMs() - start).toBeLessThan(6000);
    expect(found.map(formatDiagnosticPlain)).toEqual(['role.yaml:10:3: error: duties: too many items: no list may have more than 1,000, this one has 20,000']);
    // A list within the bound gets the schema's own limit and every item's error.
    const some = diagnose(`${BASE}duties:\n${Array.from({ length: 600 }, (_, n) => `  - ${n}\n`).join('')}`);
    expect(some.filter((d) => d.code === 'schema/maxItems').map((d) => d.message)).toEqual(['too many items: at most 500, this list has 600']);
    expect(some.length).toBeGreaterThan(600);
  });

  it('bounds lists by the largest maxItems of any schema', () => {
    const limits: number[] = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (typeof record.maxItems === 'number') limits.push(record.maxItems);
      Object.values(record).forEach(walk);
    };
    for (const name of ['role', 'config', 'library']) walk(JSON.parse(readFileSync(join('schemas', `${name}.schema.json`), 'utf8')));
    expect(MAX_LIST_ITEMS).toBe(Math.max(...limits));
  });

  it('accepts the minimal and the full example', async () => {
    for (const file of ['test/fixtures/valid/minimal.yaml', 'examples/en/key-account-manager.yaml', 'examples/en/contract-specialist.yaml']) {
      const result = await compile(file);
      expect(result.diagnostics, file).toEqual([]);
      expect(result.model).toBeDefined();
    }
  });

  it('fills defaults: locale en, version 1, status draft, five empty familiarisation rows', async () => {
    const { role } = await compile('test/fixtures/valid/minimal.yaml');
    expect(role).toMatchObject({ locale: 'en', document: { version: 1, status: 'draft' }, familiarization: { rows: 5, employees: [] } });
  });

  it('keeps integer document numbers and codes as text', () => {
    const text = BASE.replace('number: "1"', 'number: 14').replace('title: Clerk', 'title: Clerk, code: 2433');
    const loaded = parseYamlText('role.yaml', `${text}duties: [a]\n`);
    const { role } = validateRoleData(loaded.source!, loaded.data);
    expect(role?.document.number).toBe('14');
    expect(role?.position.code).toBe('2433');
  });

  it('every property of every schema has a description for editors', () => {
    for (const name of ['role', 'config', 'library']) {
      const schema = JSON.parse(readFileSync(`schemas/${name}.schema.json`, 'utf8'));
      expect(undescribedProperties(schema), name).toEqual([]);
    }
  });
});
