import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

// The published entry point, imported by package name (self-reference through "exports"),
// exactly as `import { build, validate } from "jdgen"` resolves for users.
const jdgen = await import('jdgen');

describe('library API', () => {
  it('builds with build() and reports what it wrote', async () => {
    const out = tempDir();
    const report = await jdgen.build(['examples/en/contract-specialist.yaml'], { cwd: ROOT, outDir: out, formats: ['md', 'pdf'] });
    expect(report.ok).toBe(true);
    expect(report.files).toEqual([
      {
        file: 'examples/en/contract-specialist.yaml',
        status: 'built',
        outputs: [join(out, 'contract-specialist.md'), join(out, 'contract-specialist.pdf')],
        diagnostics: [],
      },
    ]);
    expect(readdirSync(out).sort()).toEqual(['.jdgen-manifest.json', 'contract-specialist.md', 'contract-specialist.pdf']);
    expect(readFileSync(join(out, 'contract-specialist.md'), 'utf8')).toContain('## 3. Duties');
  });

  it('validates with validate() and returns diagnostics instead of throwing', async () => {
    const report = await jdgen.validate(['test/fixtures/invalid/clause-type.yaml', 'test/fixtures/valid/minimal.yaml'], { cwd: ROOT });
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => f.status)).toEqual(['failed', 'valid']);
    expect(report.files[0]!.diagnostics[0]).toMatchObject({ file: 'test/fixtures/invalid/clause-type.yaml', line: 10, column: 5, severity: 'error' });
  });

  it('sees templates edited between two calls in one process (compile, validate, show)', async () => {
    const templates = tempDir();
    mkdirSync(join(templates, 'locales'));
    const approval = (title: string) => writeFileSync(join(templates, 'locales/en.yaml'), `phrases:\n  approval:\n    title: ${title}\n`);
    const titleOf = async () => JSON.stringify((await jdgen.compile('test/fixtures/valid/minimal.yaml', { cwd: ROOT, templatesDir: templates })).model);
    approval('APPROVED (first)');
    expect(await titleOf()).toContain('APPROVED (first)');
    approval('APPROVED (second)');
    expect(await titleOf()).toContain('APPROVED (second)');
    // A broken template found by validate() after a good run in the same process.
    expect((await jdgen.validate(['test/fixtures/valid/minimal.yaml'], { cwd: ROOT, templatesDir: templates })).ok).toBe(true);
    writeFileSync(join(templates, 'document.hbs'), '{{#each}}\n');
    const report = await jdgen.validate(['test/fixtures/valid/minimal.yaml'], { cwd: ROOT, templatesDir: templates });
    expect(report.ok).toBe(false);
    expect(report.files[0]!.diagnostics[0]!.file).toContain('document.hbs');
  });
});
