import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compile as compileFromDist } from '../../dist/index.js';
import { createContext } from '../../src/context.js';
import { parseYamlText } from '../../src/load/load.js';
import { compileRole } from '../../src/pipeline.js';
import { createAjv, schemaHash, VALIDATOR_IDS } from '../../src/validate/schema.js';

/*
 * `npm run build` precompiles the schema validators and the bundled templates
 * (src/build.ts, run by scripts/build.mjs); vitest's global setup ran it, so
 * dist/ holds both files, beside the bundle that reads them.
 * The unit tests elsewhere import src/, which compiles at run time: these
 * tests prove both ways give the same answers.
 */
const INVALID = 'test/fixtures/invalid';
const require = createRequire(import.meta.url);

describe('precompiled validators', () => {
  const load = (name: string) => require(resolve(`dist/schemas.precompiled.${name}.cjs`)) as { validate: ValidateFunction; schemaHash: string };
  const samples = [
    ...readdirSync(INVALID)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(INVALID, f)),
    ...readdirSync('examples/en').map((f) => join('examples/en', f)),
    'examples/organization/bases/manager.yaml',
  ];

  it('were made from the schemas on disk, one file per schema', () => {
    for (const name of ['role', 'role-part', 'config', 'library']) expect(load(name).schemaHash, name).toBe(schemaHash());
  });

  for (const name of ['role', 'role-part'] as const) {
    it(`report exactly what ajv compiled at run time reports (${name})`, () => {
      const runtime = createAjv().getSchema(VALIDATOR_IDS[name])!;
      const built = load(name).validate;
      let failing = 0;
      for (const file of samples) {
        const loaded = parseYamlText(file, readFileSync(file, 'utf8'));
        if (loaded.data === undefined) continue;
        const expected = runtime(loaded.data) ? [] : runtime.errors!;
        const actual = built(loaded.data) ? [] : built.errors!;
        if (expected.length) failing++;
        const shape = (errors: readonly ErrorObject[]) =>
          errors.map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
        expect(shape(actual), file).toEqual(shape(expected));
      }
      expect(failing).toBeGreaterThan(3);
    });
  }
});

describe('precompiled templates, locales and style', () => {
  const examples = ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az'].flatMap((locale) =>
    readdirSync(join('examples', locale)).map((f) => join('examples', locale, f)),
  );

  it('render every example exactly as templates compiled at run time do', async () => {
    for (const file of [...examples, 'examples/organization/roles/sales-manager.yaml']) {
      const built = await compileFromDist(file, { cwd: process.cwd() });
      const compiled = await compileRole(createContext(), file, { cwd: process.cwd() });
      expect(built.diagnostics, file).toEqual([]);
      expect(JSON.stringify(built.model), file).toBe(JSON.stringify(compiled.model));
    }
    // …and the build's copy really came from the precompiled files (templates, locales and style as data).
    expect(Object.keys(require.cache).some((path) => path.endsWith('templates.precompiled.cjs'))).toBe(true);
    expect(Object.keys(require.cache).some((path) => path.endsWith('bundled-data.precompiled.json'))).toBe(true);
  });
});
