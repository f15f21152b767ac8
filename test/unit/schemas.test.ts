import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../../src/load/load.js';
import { createAjv, EDITOR_SCHEMAS, readSchemaText, schemaId } from '../../src/validate/schema.js';
import { partialRoleSchemas } from '../helpers/partial-schemas.js';
import { undescribedProperties } from '../helpers/schema.js';

describe('published schemas', () => {
  it('role-part and role-configured are generated from the role schema (UPDATE_SCHEMAS=1 rewrites them)', () => {
    const generated = partialRoleSchemas(JSON.parse(readSchemaText('role')) as Record<string, unknown>);
    for (const [name, schema] of Object.entries(generated)) {
      const text = `${JSON.stringify(schema, null, 2)}\n`;
      const file = join('schemas', `${name}.schema.json`);
      if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(file, text);
      expect(readFileSync(file, 'utf8'), `${file} is out of date: run UPDATE_SCHEMAS=1 npx vitest run test/unit/schemas.test.ts`).toBe(text);
    }
  });

  it('refer to each other by relative paths only, and have no $id that would move their base away from the file', () => {
    for (const name of EDITOR_SCHEMAS) {
      const text = readSchemaText(name);
      expect(JSON.parse(text).$id, name).toBeUndefined();
      const refs = [...text.matchAll(/"\$ref": "([^"]*)"/g)].map((m) => m[1]!);
      expect(refs.length, name).toBeGreaterThan(0);
      for (const ref of refs) expect(ref, name).toMatch(/^(#|\.\/[a-z-]+\.schema\.json#)\//);
    }
  });

  it('every property of every schema has a description for editors', () => {
    for (const name of EDITOR_SCHEMAS) expect(undescribedProperties(JSON.parse(readSchemaText(name))), name).toEqual([]);
  });

  it("all compile in ajv, which resolves the relative refs from each schema's own address", () => {
    const ajv = createAjv();
    for (const name of EDITOR_SCHEMAS) expect(ajv.getSchema(schemaId(name)), name).toBeTypeOf('function');
  });

  /*
   * What each partial schema leaves out. A complete role passes all three;
   * without `approval` and `organization` (which the config gives) only the
   * role-configured and role-part schemas pass; with nothing but `extends`
   * and a duty, only role-part.
   */
  it('role-part requires nothing, role-configured all but what a config gives, role everything', () => {
    const ajv = createAjv();
    const verdicts = (text: string) =>
      Object.fromEntries(
        (['role', 'role-configured', 'role-part'] as const).map((name) => [name, ajv.getSchema(schemaId(name))!(parseYamlText('r.yaml', text).data)]),
      );
    const complete = readFileSync('test/fixtures/valid/minimal.yaml', 'utf8');
    expect(verdicts(complete)).toEqual({ role: true, 'role-configured': true, 'role-part': true });
    const configured = complete.replace(/^organization:.*\n/m, '').replace(/^approval:.*\n(?: .*\n)*/m, '');
    expect(configured).not.toMatch(/^(organization|approval):/m);
    expect(verdicts(configured)).toEqual({ role: false, 'role-configured': true, 'role-part': true });
    expect(verdicts(configured.replace(/^duties:.*\n(?: .*\n)*/m, ''))).toEqual({ role: false, 'role-configured': false, 'role-part': true });
    expect(verdicts('jdgen: 1\nextends: ../bases/manager.yaml\ndocument: { version: 2 }\nduties: { append: [Keeps the archive.] }\n')).toEqual({
      role: false,
      'role-configured': false,
      'role-part': true,
    });
    // The partial schemas check what is there as strictly as the full one.
    expect(verdicts('jdgen: 1\nextends: b.yaml\ndocument: { numbr: 2 }\n')['role-part']).toBe(false);
    expect(verdicts(`${complete}dutis: [a]\n`)).toEqual({ role: false, 'role-configured': false, 'role-part': false });
  });

  it('the examples name the schema that fits them in their modeline', () => {
    const modeline = (file: string) => /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
    const org = 'examples/organization';
    expect(modeline(`${org}/jdgen.config.yaml`)).toBe('../../schemas/config.schema.json');
    expect(modeline(`${org}/clauses/common.yaml`)).toBe('../../../schemas/library.schema.json');
    expect(modeline(`${org}/bases/manager.yaml`)).toBe('../../../schemas/role-part.schema.json');
    for (const file of readdirSync(`${org}/roles`)) expect(modeline(`${org}/roles/${file}`), file).toBe('../../../schemas/role-part.schema.json');
  });
});
