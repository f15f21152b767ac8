import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../src/model/types.js';
import { jdgen, tempDir } from '../helpers/cli.js';
import { expectedOutline, outline, readTagged } from '../helpers/structure.js';

const examples: Array<[string, string]> = [
  ['en', 'examples/en/key-account-manager.yaml'],
  ['en', 'examples/en/contract-specialist.yaml'],
  ['ru', 'examples/ru/key-account-manager.yaml'],
  ['uk', 'examples/uk/sales-manager.yaml'],
  ['ro', 'examples/ro/account-manager.yaml'],
  ['lv', 'examples/lv/client-manager.yaml'],
  ['sq', 'examples/sq/account-manager.yaml'],
  ['az', 'examples/az/client-service-manager.yaml'],
  ['en', 'examples/organization/roles/account-manager.yaml'],
];

describe('jdgen build: tagged PDF', () => {
  it.each(examples)('gives %s (%s) the structure of its document model, in reading order, with the language on the catalog', async (lang, role) => {
    const out = tempDir();
    const run = jdgen(['build', role, '-f', 'json,pdf', '-o', out, '--sign-fields', '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const name = role
      .split('/')
      .at(-1)!
      .replace(/\.yaml$/, '');
    const model = JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as DocumentModel;
    const tagged = await readTagged(readFileSync(join(out, `${name}.pdf`)));
    expect(tagged.problems).toEqual([]);
    expect(tagged.markInfo).toBe(true);
    expect(tagged.lang).toBe(model.meta.language);
    expect(tagged.lang.split('-')[0]).toBe(lang);
    expect(outline(tagged.root!).map((line) => line.replace(/^( *Form).*$/, '$1'))).toEqual(expectedOutline(model, true));
  });
});
