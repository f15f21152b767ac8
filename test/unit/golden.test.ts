import { basename } from 'node:path';
import { describe, it } from 'vitest';
import { compile } from '../../src/api.js';
import { toMarkdown } from '../../src/write/markdown.js';
import { expectGolden } from '../helpers/golden.js';

// The examples double as golden fixtures: their document model and Markdown
// are compared with reviewed files in test/golden (UPDATE_GOLDEN=1 rewrites them).
const EXAMPLES = ['examples/en/key-account-manager.yaml', 'examples/en/contract-specialist.yaml', 'test/fixtures/valid/minimal.yaml'];

describe('golden files', () => {
  for (const file of EXAMPLES) {
    const name = basename(file, '.yaml');
    it(`${name}: document model`, async () => {
      const { model } = await compile(file);
      expectGolden(`${JSON.stringify(model, null, 2)}\n`, `test/golden/${name}.model.json`);
    });
    it(`${name}: Markdown`, async () => {
      const { model } = await compile(file);
      expectGolden(toMarkdown(model!), `test/golden/${name}.md`);
    });
  }
});
