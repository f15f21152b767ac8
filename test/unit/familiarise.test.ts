import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, createContext } from '../../src/api.js';
import type { DocumentDiff } from '../../src/diff/diff.js';
import { needsRefamiliarisation, refamiliarisations, refamiliarisationSheet, signaturesDue } from '../../src/diff/familiarise.js';
import type { RoleDiff } from '../../src/diff/project.js';
import type { Block } from '../../src/model/types.js';
import { BUNDLED_TEMPLATES } from '../../src/render/layers.js';
import { formatDate, loadLocale, phrase } from '../../src/render/locale.js';
import type { Role } from '../../src/validate/role.js';
import { ROOT } from '../helpers/cli.js';

const KAM = join(ROOT, 'examples/en/key-account-manager.yaml');
const changedDiff = { old: 'a', new: 'b', header: [{ field: 'document.date', old: '2026-01-01', new: '2026-02-01' }], clauses: [] } as unknown as DocumentDiff;
const sameDiff = { old: 'a', new: 'b', header: [], clauses: [] } as unknown as DocumentDiff;

async function roleDiff(file: string, edit: (role: Role) => Role = (r) => r, extra: Partial<RoleDiff> = {}): Promise<RoleDiff> {
  const result = await compile(file);
  const role = edit(result.role!);
  return {
    file: 'roles/x.yaml',
    status: 'changed',
    cause: 'role',
    roleFileChanged: true,
    sources: [],
    diagnostics: [],
    diff: changedDiff,
    after: { role, model: result.model!, style: result.style!, templatesDir: BUNDLED_TEMPLATES },
    before: { role: result.role! },
    ...extra,
  };
}

const withStatus = (status: Role['document']['status']) => (r: Role) => ({ ...r, document: { ...r.document, status } });

describe('who must sign again', () => {
  it('an approved document that changed, or was renamed and changed', async () => {
    expect(needsRefamiliarisation(await roleDiff(KAM, withStatus('approved')))).toBe(true);
    expect(needsRefamiliarisation(await roleDiff(KAM, withStatus('approved'), { status: 'renamed', oldFile: 'roles/old.yaml' }))).toBe(true);
  });
  it('not a draft or an agreed document: it is not in force yet', async () => {
    expect(needsRefamiliarisation(await roleDiff(KAM, withStatus('draft')))).toBe(false);
    expect(needsRefamiliarisation(await roleDiff(KAM, withStatus('agreed')))).toBe(false);
  });
  it('not a role whose document did not change: affected, unchanged, renamed as it was', async () => {
    expect(needsRefamiliarisation(await roleDiff(KAM, withStatus('approved'), { status: 'affected', diff: sameDiff }))).toBe(false);
    expect(needsRefamiliarisation(await roleDiff(KAM, withStatus('approved'), { status: 'unchanged', diff: sameDiff }))).toBe(false);
    expect(needsRefamiliarisation(await roleDiff(KAM, withStatus('approved'), { status: 'renamed', diff: sameDiff }))).toBe(false);
  });
  it('not an added, removed or failed role', async () => {
    for (const status of ['added', 'removed', 'failed'] as const)
      expect(needsRefamiliarisation(await roleDiff(KAM, withStatus('approved'), { status })), status).toBe(false);
  });
  it('marks who signs again and who signs for the first time (by name and position)', () => {
    const employees = (list: Array<{ name: string; position?: string }>) => ({ familiarization: { rows: 0, employees: list } }) as unknown as Role;
    const before = employees([{ name: 'P. Jones', position: 'Manager' }, { name: 'A. Old' }]);
    const after = employees([{ name: 'p. jones ', position: 'Manager' }, { name: 'A. Old', position: 'Clerk' }, { name: 'N. New' }]);
    expect(signaturesDue(before, after)).toEqual([
      { name: 'p. jones ', position: 'Manager', again: true },
      { name: 'A. Old', position: 'Clerk', again: false },
      { name: 'N. New', again: false },
    ]);
    expect(signaturesDue(undefined, after).every((e) => !e.again)).toBe(true);
  });
  it('the report lists the roles that need it, with the versions', async () => {
    const approved = await roleDiff(KAM, (r) => ({ ...withStatus('approved')(r), document: { ...r.document, status: 'approved', version: 3 } }));
    approved.before = { role: { ...approved.before!.role, document: { ...approved.before!.role.document, version: 2 } } };
    const draft = await roleDiff(KAM, withStatus('draft'), { file: 'roles/draft.yaml' });
    const report = refamiliarisations({ from: { name: 'v1', commit: 'a'.repeat(40) }, to: { name: 'working tree' }, roles: [approved, draft] });
    expect(report.roles.map((r) => [r.file, r.previousVersion, r.version])).toEqual([['roles/x.yaml', 2, 3]]);
  });
});

const text = (b: Block): string => (b.type === 'paragraph' ? b.spans.map((s) => s.text).join('') : '');
const cells = (blocks: Block[]): string[] => blocks.flatMap((b) => (b.type === 'table' ? b.rows.flat() : [])).map(String);

describe('the re-familiarisation sheet, in every bundled locale', () => {
  const examples = readdirSync(join(ROOT, 'examples'))
    .filter((l) => /^[a-z]{2}$/.test(l))
    .flatMap((l) => readdirSync(join(ROOT, 'examples', l)).map((f) => join(ROOT, 'examples', l, f)));

  it.each(examples.map((f) => [f.slice(ROOT.length + 1), f]))(
    '%s: title, subtitle, the revision note, the employees who must sign; no empty rows',
    async (_name, file) => {
      const context = createContext();
      const diff = await roleDiff(file, (r) => ({
        ...withStatus('approved')(r),
        familiarization: { rows: 5, employees: [{ name: 'Jonas Petraitis', position: 'Analyst' }, { name: 'Ана Коваль' }] },
      }));
      const due = signaturesDue(undefined, diff.after!.role);
      const model = await refamiliarisationSheet(context, diff, due);
      const role = diff.after!.role;
      const locale = await loadLocale(context, BUNDLED_TEMPLATES, role.locale, file);
      const note = phrase(locale, 'familiarization.repeat')!
        .replace('{version}', String(role.document.version))
        .replace('{date}', formatDate(locale, role.document.date));
      expect(note).not.toContain('{');
      const paragraphs = model.blocks.map(text);
      expect(paragraphs[0]).toBe(phrase(locale, 'familiarization.title'));
      expect(paragraphs).toContain(note);
      // Only the sheet: no clause, no section of the document, no DRAFT mark.
      expect(model.blocks.some((b) => b.type === 'clause' || b.type === 'heading')).toBe(false);
      expect(model.watermark).toBeUndefined();
      const table = model.blocks.find((b) => b.type === 'table');
      expect(table && table.type === 'table' ? table.rows.length : 0).toBe(2);
      expect(cells(model.blocks).join(' ')).toContain('Jonas Petraitis');
      expect(cells(model.blocks).join(' ')).toContain('Ана Коваль');
    },
  );

  it('lists only the employees due', async () => {
    const diff = await roleDiff(KAM, (r) => ({ ...withStatus('approved')(r), familiarization: { rows: 0, employees: [{ name: 'A' }, { name: 'B' }] } }));
    const model = await refamiliarisationSheet(createContext(), diff, [{ name: 'B', again: true }]);
    expect(cells(model.blocks)).toContain('B');
    expect(cells(model.blocks)).not.toContain('A');
  });
});
