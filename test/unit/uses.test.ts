import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { compile, uses } from '../../src/api.js';
import { clausesOf } from '../../src/diff/clauses.js';
import { ROOT } from '../helpers/cli.js';

const ORG = join(ROOT, 'examples/organization');

/** The text of each numbered clause of a role, as rendered. */
async function numbered(file: string): Promise<Map<string, string>> {
  const { model } = await compile(file, { cwd: ORG });
  return new Map(clausesOf(model!).map((c) => [c.number, c.text]));
}

describe('jdgen uses', () => {
  it('a library clause: every role that uses it, with the number it gets there', async () => {
    const result = await uses('clauses/common.yaml#confidentiality', 'roles', { cwd: ORG });
    expect(result.diagnostics).toEqual([]);
    expect(result.roles.map((r) => r.file)).toEqual(['roles/account-manager.yaml', 'roles/sales-manager.yaml']);
    for (const site of result.roles) {
      expect(site.numbers).toHaveLength(1);
      expect((await numbered(site.file)).get(site.numbers[0]!)).toMatch(/^Keeps confidential the trade secrets of /);
    }
  });

  it('a base: the roles that extend it and the clauses it gives each; a clause no role uses: none', async () => {
    const base = await uses('bases/manager.yaml', 'roles', { cwd: ORG });
    expect(base.roles.map((r) => r.file)).toEqual(['roles/account-manager.yaml', 'roles/sales-manager.yaml']);
    for (const site of base.roles) expect(site.numbers.length).toBeGreaterThan(0);
    const none = await uses('clauses/common.yaml#no-such-clause', 'roles', { cwd: ORG });
    expect(none.roles).toEqual([]);
  });
});
