import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { checkRevisionName } from '../../src/load/git-tree.js';
import {
  causeOf,
  changedKeys,
  classifyRole,
  documentSimilarity,
  pairRenames,
  RENAME_SIMILARITY,
  type ProjectDiff,
  type RoleDiff,
} from '../../src/diff/project.js';
import { projectDiffers, projectFailed, projectJson, projectSummary, sourceName } from '../../src/diff/project-format.js';
import { ROOT } from '../helpers/cli.js';

const facts = { roleFileChanged: false, sharedChanged: false };

describe('classifyRole: each fact decides', () => {
  it('a role at the later revision only is added, or failed there', () => {
    expect(classifyRole({ ...facts, old: 'absent', new: 'ok' })).toEqual({ status: 'added' });
    expect(classifyRole({ ...facts, old: 'absent', new: 'failed' })).toEqual({ status: 'failed', failedAt: 'new' });
  });
  it('a role at the earlier revision only is removed, compiled or not', () => {
    expect(classifyRole({ ...facts, old: 'ok', new: 'absent' })).toEqual({ status: 'removed' });
    expect(classifyRole({ ...facts, old: 'failed', new: 'absent' })).toEqual({ status: 'removed' });
  });
  it('a role that fails at either revision failed, naming where', () => {
    expect(classifyRole({ ...facts, old: 'failed', new: 'ok', same: true })).toEqual({ status: 'failed', failedAt: 'old' });
    expect(classifyRole({ ...facts, old: 'ok', new: 'failed' })).toEqual({ status: 'failed', failedAt: 'new' });
    expect(classifyRole({ ...facts, old: 'failed', new: 'failed' })).toEqual({ status: 'failed', failedAt: 'both' });
  });
  it('the same document is unchanged, or affected when a shared file it reads changed', () => {
    expect(classifyRole({ ...facts, old: 'ok', new: 'ok', same: true })).toEqual({ status: 'unchanged' });
    expect(classifyRole({ ...facts, old: 'ok', new: 'ok', same: true, roleFileChanged: true })).toEqual({ status: 'unchanged' });
    expect(classifyRole({ ...facts, old: 'ok', new: 'ok', same: true, sharedChanged: true })).toEqual({ status: 'affected' });
  });
  it('a different document is changed, with its cause', () => {
    expect(classifyRole({ old: 'ok', new: 'ok', same: false, roleFileChanged: true, sharedChanged: false })).toEqual({ status: 'changed', cause: 'role' });
    expect(classifyRole({ old: 'ok', new: 'ok', same: false, roleFileChanged: false, sharedChanged: true })).toEqual({ status: 'changed', cause: 'shared' });
    expect(classifyRole({ old: 'ok', new: 'ok', same: false, roleFileChanged: true, sharedChanged: true })).toEqual({ status: 'changed', cause: 'both' });
    expect(classifyRole({ old: 'ok', new: 'ok', same: false, roleFileChanged: false, sharedChanged: false })).toEqual({ status: 'changed', cause: 'unknown' });
  });
  it('causeOf names each combination', () => {
    expect([causeOf(true, false), causeOf(false, true), causeOf(true, true), causeOf(false, false)]).toEqual(['role', 'shared', 'both', 'unknown']);
  });
  it('a role absent at both revisions is a bug', () => {
    expect(() => classifyRole({ ...facts, old: 'absent', new: 'absent' })).toThrow();
  });
});

describe('pairRenames', () => {
  const table: Record<string, number> = { 'a>x': 0.9, 'a>y': 0.95, 'b>y': 0.8, 'b>x': 0.6, 'c>z': RENAME_SIMILARITY - 0.01 };
  const likeness = (a: string, b: string) => table[`${a}>${b}`] ?? 0;
  it('pairs the most alike first, each role once, none below the threshold', () => {
    expect(pairRenames(['a', 'b', 'c'], ['x', 'y', 'z'], likeness)).toEqual([
      { old: 'a', new: 'y', similarity: 0.95 },
      { old: 'b', new: 'x', similarity: 0.6 },
    ]);
  });
  it('takes a pair at exactly the threshold', () => {
    expect(pairRenames(['c'], ['z'], () => RENAME_SIMILARITY)).toEqual([{ old: 'c', new: 'z', similarity: RENAME_SIMILARITY }]);
  });
});

describe('changedKeys', () => {
  it('lists keys that differ or exist on one side, sorted', () => {
    expect(changedKeys({ a: 1, b: { c: [1] }, d: 'x' }, { a: 1, b: { c: [2] }, e: 'y' })).toEqual(['b', 'd', 'e']);
    expect(changedKeys({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
  });
});

describe('documentSimilarity', () => {
  it('is 1 for the same document, high for a small edit, low for an unrelated role', async () => {
    const kam = join(ROOT, 'examples/en/key-account-manager.yaml');
    const other = join(ROOT, 'examples/en/contract-specialist.yaml');
    const text = readFileSync(kam, 'utf8');
    const a = (await compile(kam)).model!;
    const edited = text.replace('Draws up an annual development plan', 'Draws up a yearly development plan');
    expect(edited).not.toBe(text);
    const b = (await compile({ yaml: edited, name: 'kam2.yaml' }, { cwd: ROOT })).model!;
    const c = (await compile(other)).model!;
    expect(documentSimilarity(a, a, 'en')).toBe(1);
    expect(documentSimilarity(a, b, 'en')).toBe(1);
    const shorter = (await compile({ yaml: text.replace(/\n {2}- id: account-plans\n {4}text: .*\n.*\n/, '\n'), name: 'kam3.yaml' }, { cwd: ROOT })).model!;
    expect(documentSimilarity(a, shorter, 'en')).toBeLessThan(1);
    expect(documentSimilarity(a, shorter, 'en')).toBeGreaterThan(0.9);
    expect(documentSimilarity(a, c, 'en')).toBeLessThan(RENAME_SIMILARITY);
  });
});

describe('revision names', () => {
  it.each(['HEAD', 'HEAD~3', 'main^2', 'v1.2.0', 'feature/new-roles', 'HEAD@{1}', 'a1b2c3d'])('accepts %s', (name) => {
    expect(() => checkRevisionName(name, '--from')).not.toThrow();
  });
  it.each(['-x', '--output=/tmp/x', 'HEAD..main', 'HEAD:roles/kam.yaml', 'a b', '', 'x\ny', 'HEAD;rm'])('refuses %j', (name) => {
    expect(() => checkRevisionName(name, '--from')).toThrow(/--from must name a git revision/);
  });
});

describe('the project report', () => {
  const role = (status: RoleDiff['status'], extra: Partial<RoleDiff> = {}): RoleDiff => ({
    file: `roles/${status}.yaml`,
    status,
    roleFileChanged: false,
    sources: [],
    diagnostics: [],
    ...extra,
  });
  const project = (roles: RoleDiff[]): ProjectDiff => ({ from: { name: 'HEAD', commit: 'a'.repeat(40) }, to: { name: 'working tree' }, roles });
  it('counts each status, and the changes through shared files only', () => {
    const p = project([role('changed', { cause: 'shared' }), role('changed', { cause: 'role' }), role('affected'), role('unchanged')]);
    expect(projectSummary(p)).toEqual({ changed: 2, added: 0, removed: 0, renamed: 0, failed: 0, affected: 1, unchanged: 1, shared: 1 });
  });
  it('differs when a document changed, was added, removed or renamed; not when only affected', () => {
    expect(projectDiffers(project([role('affected'), role('unchanged')]))).toBe(false);
    for (const status of ['changed', 'added', 'removed', 'renamed'] as const) expect(projectDiffers(project([role(status)])), status).toBe(true);
    expect(projectDiffers(project([role('failed')]))).toBe(false);
    expect(projectFailed(project([role('failed')]))).toBe(true);
    expect(projectFailed(project([role('changed')]))).toBe(false);
  });
  it('names a library clause by its name, a base or the config by the keys that changed', () => {
    expect(sourceName({ file: 'clauses/common.yaml', kind: 'library', parts: ['confidentiality', 'safety'] })).toBe(
      'clauses/common.yaml#confidentiality, clauses/common.yaml#safety',
    );
    expect(sourceName({ file: 'jdgen.config.yaml', kind: 'config', parts: ['approval'] })).toBe('jdgen.config.yaml (approval)');
    expect(sourceName({ file: 'logo.png', kind: 'picture', parts: [] })).toBe('logo.png');
  });
  it('the JSON is valid against schemas/diff-project.schema.json, whose every property is described', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/diff-project.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    const p = project([
      role('changed', { cause: 'shared', sources: [{ file: 'clauses/common.yaml', kind: 'library', parts: ['confidentiality'] }] }),
      role('failed', {
        failedAt: 'new',
        diagnostics: [{ severity: 'error', code: 'schema/type', file: 'roles/x.yaml', line: 3, column: 5, path: 'duties[0]', message: 'expected a clause' }],
      }),
      role('renamed', { oldFile: 'roles/old.yaml', similarity: 0.93 }),
    ]);
    expect(validate(projectJson(p)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(projectJson(p) as object), extra: 1 })).toBe(false);
    const undescribed: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const properties = (node as { properties?: Record<string, unknown> }).properties;
      if (properties)
        for (const [key, value] of Object.entries(properties)) if (!(value as { description?: string }).description) undescribed.push(`${path}.${key}`);
      for (const [key, value] of Object.entries(node)) visit(value, `${path}.${key}`);
    };
    visit(schema, '');
    expect(undescribed).toEqual([]);
  });
});
