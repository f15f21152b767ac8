import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'vitest';
import { compile } from '../../src/api.js';
import { createContext } from '../../src/context.js';
import { toHtml } from '../../src/write/html.js';
import { embedFaces, type EmbeddedFaces } from '../../src/write/html/fonts.js';
import { toMarkdown } from '../../src/write/markdown.js';
import { bundledFonts } from '../helpers/fonts.js';
import { expectGolden } from '../helpers/golden.js';

// Every example (one folder per locale) doubles as a golden fixture: its
// document model and Markdown are compared with reviewed files in test/golden
// (UPDATE_GOLDEN=1 rewrites them; review the diff).
const yamlIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'jdgen.config.yaml')
    .map((f) => join(dir, f));
const EXAMPLES = [
  ...readdirSync('examples', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'organization')
    .flatMap((dir) => yamlIn(join('examples', dir.name))),
  ...yamlIn('examples/organization/roles'),
  'test/fixtures/valid/minimal.yaml',
];

const goldenName = (file: string): string => {
  if (file.startsWith('examples/organization/')) return `organization/${basename(file, '.yaml')}`;
  return file.startsWith('examples/') ? `${basename(dirname(file))}/${basename(file, '.yaml')}` : basename(file, '.yaml');
};

/** The HTML golden files hold the markup and styles; the embedded font subsets are placeholders (write-html.test.ts checks them). */
async function goldenFaces(): Promise<EmbeddedFaces> {
  const faces = await embedFaces(createContext(), bundledFonts(), '0');
  return { width: faces.width, data: { regular: 'REGULAR', bold: 'BOLD', italic: 'ITALIC', boldItalic: 'BOLD-ITALIC' } };
}

describe('golden files', () => {
  for (const file of EXAMPLES) {
    const name = goldenName(file);
    it(`${name}: document model`, async () => {
      const { model } = await compile(file);
      expectGolden(`${JSON.stringify(model, null, 2)}\n`, `test/golden/${name}.model.json`);
    });
    it(`${name}: Markdown`, async () => {
      const { model } = await compile(file);
      expectGolden(toMarkdown(model!), `test/golden/${name}.md`);
    });
    it(`${name}: HTML`, async () => {
      const { model } = await compile(file);
      const html = toHtml(model!, await goldenFaces(), 'Noto Sans');
      // The style sheet is the same code for every document (only margins and running lines vary):
      // one golden file keeps it whole, the others keep the markup.
      const kept =
        name === 'en/key-account-manager' ? html : html.replace(/<style>[^]*?<\/style>/, '<style>(style sheet: see en/key-account-manager.html)</style>');
      expectGolden(kept, `test/golden/${name}.html`);
    });
  }
});
