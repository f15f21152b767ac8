import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../src/model/types.js';
import { jdgen, tempDir } from '../helpers/cli.js';
import { pdfaProblems } from '../helpers/pdfa.js';
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

describe('jdgen build --no-tagged', () => {
  it('writes an untagged PDF/A-2b, and rebuilds when the option changes', () => {
    const out = tempDir();
    const role = 'examples/en/key-account-manager.yaml';
    const pdf = join(out, 'key-account-manager.pdf');
    expect(jdgen(['build', role, '-f', 'pdf', '-o', out, '-q']).code).toBe(0);
    const tagged = readFileSync(pdf);
    const run = jdgen(['build', role, '-f', 'pdf', '-o', out, '--no-tagged']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Not "unchanged": the option is one of the settings the manifest records.
    expect(run.stdout).toMatch(/^1 built, 0 unchanged/m);
    const untagged = readFileSync(pdf);
    expect(pdfaProblems(untagged)).toEqual([]);
    expect(execFileSync('pdfinfo', ['-'], { input: untagged, encoding: 'utf8' })).toMatch(/^Tagged:\s+no$/m);
    expect(execFileSync('pdfinfo', ['-meta', '-'], { input: untagged, encoding: 'utf8' })).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(execFileSync('pdfinfo', ['-meta', '-'], { input: tagged, encoding: 'utf8' })).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(untagged.length).toBeLessThan(tagged.length);
  });
});
