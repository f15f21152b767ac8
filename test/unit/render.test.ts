import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_TEMPLATES, compile } from '../../src/api.js';
import type { Block, ClauseBlock } from '../../src/model/types.js';

const EXAMPLE = 'examples/en/key-account-manager.yaml';

/** A private copy of the bundled templates that a test may break. */
function templatesCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'jdgen-templates-'));
  cpSync(BUNDLED_TEMPLATES, dir, { recursive: true });
  edit(dir);
  return dir;
}

function flatten(blocks: Block[]): Block[] {
  return blocks.flatMap((b) => (b.type === 'keep' || b.type === 'box' ? [b, ...flatten(b.blocks)] : [b]));
}

describe('render', () => {
  it('puts the APPROVED block in a right-hand box on page 1', async () => {
    const { model } = await compile(EXAMPLE);
    const box = model!.blocks.find((b) => b.type === 'box');
    expect(box).toMatchObject({ align: 'right' });
    const texts = JSON.stringify(box);
    expect(texts).toContain('APPROVED');
    expect(texts).toContain('Director General');
    expect(texts).toContain('J. Smith');
  });

  it('numbers the standard sections in order and continues with extra sections', async () => {
    const { model } = await compile(EXAMPLE);
    const headings = model!.blocks.filter((b) => b.type === 'heading').map((b) => (b.type === 'heading' ? `${b.number} ${b.text}` : ''));
    expect(headings).toEqual([
      '1. General provisions',
      '2. Qualification requirements',
      '3. Duties',
      '4. Rights',
      '5. Responsibility',
      '6. Relationships',
      '7. Performance evaluation',
    ]);
  });

  it('renders qualification groups as labelled clauses with nested items', async () => {
    const { model } = await compile(EXAMPLE);
    const clauses = flatten(model!.blocks).filter((b): b is ClauseBlock => b.type === 'clause' && b.number.startsWith('2.'));
    expect(clauses[0]!.spans).toEqual([{ text: 'Education:', bold: true }, { text: ' Higher education in economics, management or marketing.' }]);
    expect(clauses.find((c) => c.number === '2.3')!.spans).toEqual([{ text: 'Knowledge:', bold: true }]);
    expect(clauses.find((c) => c.number === '2.3.5')).toBeDefined();
  });

  it('lists employees, then empty rows, on the familiarisation sheet', async () => {
    const { model } = await compile(EXAMPLE);
    const table = model!.blocks.find((b) => b.type === 'table');
    expect(table && table.type === 'table' && table.rows).toEqual([
      ['1', 'P. Jones', 'Key Account Manager', '', ''],
      ['2', '', '', '', ''],
      ['3', '', '', '', ''],
      ['4', '', '', '', ''],
      ['5', '', '', '', ''],
    ]);
  });

  it('uses a copied templates folder given with templatesDir', async () => {
    const dir = templatesCopy((d) => {
      const file = join(d, 'locales', 'en.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('title: APPROVED', 'title: I APPROVE'));
    });
    const { model, diagnostics } = await compile(EXAMPLE, { templatesDir: dir });
    expect(diagnostics).toEqual([]);
    expect(JSON.stringify(model)).toContain('I APPROVE');
  });

  it('reports a misspelt template field with the template file, line and column', async () => {
    const dir = templatesCopy((d) => {
      const file = join(d, 'document.hbs');
      writeFileSync(file, readFileSync(file, 'utf8').replace('@p bold after=2 | {{organization.name}}', '@p bold after=2 | {{organization.nmae}}'));
    });
    const { diagnostics } = await compile(EXAMPLE, { templatesDir: dir });
    const lines = readFileSync(join(dir, 'document.hbs'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('nmae')) + 1;
    const column = lines[line - 1]!.indexOf('organization.nmae') + 1;
    expect(diagnostics).toMatchObject([{ code: 'template/error', file: join(dir, 'document.hbs'), line, column }]);
    expect(diagnostics[0]!.message).toContain('"nmae" not defined');
  });

  it('reports a template syntax error inside a partial with the partial file', async () => {
    const dir = templatesCopy((d) => writeFileSync(join(d, 'partials', 'clauses.hbs'), '{{#each this}}\n@clause | {{text}}\n{{/eahc}}\n'));
    const { diagnostics } = await compile(EXAMPLE, { templatesDir: dir });
    expect(diagnostics).toMatchObject([{ code: 'template/error', file: join(dir, 'partials', 'clauses.hbs'), line: 1 }]);
    expect(diagnostics[0]!.message).toContain("each doesn't match eahc");
  });

  it('names the phrase and the locale file when a phrase is missing', async () => {
    const dir = templatesCopy((d) => {
      const file = join(d, 'locales', 'en.yaml');
      // Without its entries `agreed` is null in the copy, which hides the bundled phrases.
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}agreed:\n(?: {4}.*\n)+/m, '  agreed:\n'));
    });
    const { diagnostics } = await compile(EXAMPLE, { templatesDir: dir });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'locale/missing-phrase', file: join(dir, 'locales', 'en.yaml') });
    expect(diagnostics[0]!.message).toMatch(/no phrase `agreed.title` \(used by the template at line \d+, column \d+\)/);
  });

  it('normalises decomposed text to NFC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jdgen-nfc-'));
    const role = readFileSync('test/fixtures/valid/minimal.yaml', 'utf8').replace('Minimal Ltd', 'Bucures\u0326ti Ltd');
    writeFileSync(join(dir, 'role.yaml'), role);
    const { model } = await compile('role.yaml', { cwd: dir });
    expect(JSON.stringify(model)).toContain('Bucure\u0219ti Ltd');
  });
});
