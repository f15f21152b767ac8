import { describe, expect, it } from 'vitest';
import { lint } from '../../src/api.js';

/** Part of a role's data, as YAML would give it. */
export type Data = Record<string, unknown>;

/** Per rule and language: clauses that must be found (positive) and near misses that must not (negatives). */
export interface LintCase {
  positive: Data;
  negatives: Data[];
}

/** A role that differs from the language's clean sections (`clean`) only by `change`. */
export function lintRole(clean: Data, locale: string, change: Data = {}): Data {
  return {
    jdgen: 1,
    locale,
    organization: { name: 'X' },
    document: { number: '1', date: '2026-01-15' },
    position: { title: 'Manager' },
    approval: { position: 'Director', name: 'A. Director' },
    agreed_by: [{ position: 'Head of Legal', name: 'B. Lawyer' }],
    ...clean,
    ...change,
  };
}

/** The codes lint reports for a role given as data (which must not fail to load or validate). */
export async function lintCodes(data: Data, options: Parameters<typeof lint>[1] = {}): Promise<string[]> {
  const report = await lint({ data, name: 'role.yaml' }, options);
  expect(report.files[0]!.status, JSON.stringify(report.files[0]!.diagnostics)).not.toBe('failed');
  return report.files[0]!.diagnostics.map((d) => d.code);
}

/** One describe per rule: in each language its positive is found and none of its near misses is. */
export function describeLintCases<L extends string>(
  cases: Record<string, Record<L, LintCase>>,
  locales: readonly L[],
  role: (locale: L, change: Data) => Data,
): void {
  describe.each(Object.keys(cases))('%s', (rule) => {
    it.each(locales)('finds it and only it in %s, and not in the near misses', async (locale) => {
      const { positive, negatives } = cases[rule]![locale];
      expect(await lintCodes(role(locale, positive))).toContain(`lint/${rule}`);
      for (const negative of negatives) expect(await lintCodes(role(locale, negative)), JSON.stringify(negative)).toEqual([]);
    });
  });
}
