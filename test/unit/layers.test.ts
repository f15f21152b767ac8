import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { tempDir } from '../helpers/cli.js';

/** A templates folder holding only the given files; the rest comes from the bundled templates. */
function userTemplates(files: Record<string, string>): string {
  const dir = tempDir('jdgen-layer-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const UK = 'examples/uk/sales-manager.yaml';
const MINIMAL = 'test/fixtures/valid/minimal.yaml';

describe('layered templates folder', () => {
  it('overrides one phrase of a bundled locale and keeps the others', async () => {
    const dir = userTemplates({ 'locales/uk.yaml': 'phrases:\n  approval:\n    title: «ЗАТВЕРДЖЕНО»\n' });
    const { model, diagnostics } = await compile(UK, { templatesDir: dir });
    expect(diagnostics).toEqual([]);
    const text = JSON.stringify(model);
    expect(text).toContain('«ЗАТВЕРДЖЕНО»');
    expect(text).not.toContain('ЗАТВЕРДЖУЮ');
    expect(text).toContain('ПОГОДЖЕНО');
  });

  it('adds a new locale, usable from the role or --locale', async () => {
    const en = readFileSync('templates/locales/en.yaml', 'utf8');
    const dir = userTemplates({ 'locales/en-us.yaml': en.replace('language: en-GB', 'language: en-US').replace('ACKNOWLEDGEMENT OF', 'ACKNOWLEDGMENT OF') });
    const { model, diagnostics } = await compile(MINIMAL, { templatesDir: dir, locale: 'en-us' });
    expect(diagnostics).toEqual([]);
    expect(model!.meta.language).toBe('en-US');
    expect(JSON.stringify(model)).toContain('ACKNOWLEDGMENT OF RECEIPT');
  });

  it('names the phrase and the file when a new locale lacks a phrase', async () => {
    const dir = userTemplates({ 'locales/de.yaml': 'language: de-DE\nphrases:\n  document:\n    title: STELLENBESCHREIBUNG\n' });
    const { diagnostics } = await compile(MINIMAL, { templatesDir: dir, locale: 'de' });
    // Every missing phrase at once, each named once, and none of the phrases the file has.
    expect(diagnostics.every((d) => d.code === 'locale/missing-phrase' && d.file === join(dir, 'locales', 'de.yaml'))).toBe(true);
    const keys = diagnostics.map((d) => d.path);
    expect(keys).toContain('phrases.document.number');
    expect(keys).toContain('phrases.familiarization.columns.signature');
    expect(keys).not.toContain('phrases.document.title');
    expect(new Set(keys).size).toBe(keys.length);
    expect(diagnostics[0]!.message).toMatch(/^locale `de` has no phrase `[a-z_.]+` \(used by the template at line \d+, column \d+\)$/);
  });

  it('reports a YAML error in a locale file with its position', async () => {
    const dir = userTemplates({ 'locales/uk.yaml': 'phrases:\n  approval:\n    title: [unclosed\n' });
    const { diagnostics } = await compile(UK, { templatesDir: dir });
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: join(dir, 'locales', 'uk.yaml'), line: 4 });
  });

  it('replaces a single partial by name', async () => {
    const dir = userTemplates({ 'partials/signature-block.hbs': '@signature | {{position}} | {{name}} | {{t "signature.caption"}}\n' });
    const { model, diagnostics } = await compile('examples/en/key-account-manager.yaml', { templatesDir: dir });
    expect(diagnostics).toEqual([]);
    // The bundled partial adds a blank date line per signatory; the override does not.
    const keep = model!.blocks.find((b) => b.type === 'keep');
    expect(keep && keep.type === 'keep' && keep.blocks.map((b) => b.type)).toEqual(['paragraph', 'signature', 'signature', 'signature']);
  });
});
