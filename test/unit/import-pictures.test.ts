import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { createContext } from '../../src/context.js';
import { importDocx } from '../../src/import/import.js';

describe('import: pictures', () => {
  it('names every picture it does not import, with its paragraph, and only pictures', async () => {
    const context = createContext();
    // The organisation's roles carry its logo (jdgen.config.yaml: organization.logo) at the top of page 1.
    const withLogo = await compile('examples/organization/roles/sales-manager.yaml', { formats: ['docx'], context });
    const imported = await importDocx(withLogo.outputs!.docx!, { name: 'sales-manager.docx', context });
    const pictures = imported.report.warnings.filter((w) => /picture/.test(w.message));
    expect(pictures).toHaveLength(1);
    expect(pictures[0]!.paragraph).toBeGreaterThan(0);
    expect(pictures[0]!.message).toMatch(/organization\.logo/);
    // The text boxes and tables of a document without a logo are no pictures.
    const plain = await compile('examples/en/key-account-manager.yaml', { formats: ['docx'], context });
    const none = await importDocx(plain.outputs!.docx!, { name: 'key-account-manager.docx', context });
    expect(none.report.warnings.filter((w) => /picture/.test(w.message))).toEqual([]);
  });
});
