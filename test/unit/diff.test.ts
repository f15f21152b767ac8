import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Chalk } from 'chalk';
import { chalkPalette, PLAIN } from '../../src/palette.js';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compile, diff, type DiffOutcome } from '../../src/api.js';
import type { ClauseChange, DocumentDiff } from '../../src/diff/diff.js';
import { diffJson, diffMarkdown, diffText } from '../../src/diff/format.js';
import type { WordChange } from '../../src/diff/words.js';
import type { Block, DocumentModel } from '../../src/model/types.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { undescribedProperties } from '../helpers/schema.js';

/**
 * jdgen diff, through the library API: each test writes the example role and
 * an edited copy to a temp folder and compares them. What matters to a legal
 * reviewer is checked exactly: the list of clause changes (renumbering alone
 * is never a change), the header fields, the words, and that every JSON result
 * is valid against schemas/diff.schema.json.
 */

const KAM = join(ROOT, 'examples/en/key-account-manager.yaml');
const UK = join(ROOT, 'examples/uk/sales-manager.yaml');

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateJson = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/diff.schema.json'), 'utf8')) as object);

// The role as plain data: tests edit it like a reviewer edits the YAML.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- role data edited freely, as a reviewer edits YAML
type RoleData = any;
type ClauseData = string | { text: string; id?: string; items?: ClauseData[] };

interface Compared {
  outcome: DiffOutcome;
  diff: DocumentDiff;
  json: JsonDiff;
  oldModel: DocumentModel;
  newModel: DocumentModel;
}

interface JsonDiff {
  jdgen: 1;
  old: string;
  new: string;
  same: boolean;
  summary: { header: number; inserted: number; deleted: number; reworded: number; moved: number };
  header: Array<{ field: string; old: string; new: string }>;
  clauses: ClauseChange[];
}

/** Writes the role and its edited copy, compares them, and checks the JSON against the schema. */
async function compare(edit: (role: RoleData) => void, source = KAM): Promise<Compared> {
  const dir = realpathSync(tempDir('jdgen-diff-'));
  const text = readFileSync(source, 'utf8');
  const role = parse(text) as RoleData;
  edit(role);
  writeFileSync(join(dir, 'old.yaml'), text);
  writeFileSync(join(dir, 'new.yaml'), stringify(role));
  const outcome = await diff('old.yaml', 'new.yaml', { cwd: dir, author: 'A. Reviewer' });
  expect(outcome.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(outcome.diff).toBeDefined();
  const json = diffJson(outcome.diff!) as JsonDiff;
  expect(validateJson(json), JSON.stringify(validateJson.errors, null, 2)).toBe(true);
  const [before, after] = [await compile('old.yaml', { cwd: dir }), await compile('new.yaml', { cwd: dir })];
  return { outcome, diff: outcome.diff!, json, oldModel: before.model!, newModel: after.model! };
}

/** The words of a change, joined by kind. */
const pieces = (words: WordChange[] | undefined, op: WordChange['op']): string[] => (words ?? []).filter((w) => w.op === op).map((w) => w.text);

const kinds = (json: JsonDiff): string[] => json.clauses.map((c) => `${c.kind} ${c.old?.number ?? ''}→${c.new?.number ?? ''}${c.id ? ` ${c.id}` : ''}`);

/** Headings (unless left out) and clause texts in reading order, as a reader sees them with every change accepted or rejected. */
function reading(model: DocumentModel, view: 'accept' | 'reject' | 'plain', headings = true): string[] {
  const hidden = view === 'accept' ? 'deleted' : view === 'reject' ? 'inserted' : undefined;
  const out: string[] = [];
  const visit = (blocks: Block[]): void => {
    for (const block of blocks) {
      if (block.type === 'heading' && headings) out.push(`# ${block.text}`);
      else if (block.type === 'clause' && (hidden === undefined || block.change !== hidden)) {
        out.push(
          block.spans
            .filter((s) => hidden === undefined || s.change !== hidden)
            .map((s) => s.text)
            .join('')
            .replace(/\s+/g, ' ')
            .trim(),
        );
      } else if (block.type === 'keep' || block.type === 'box') visit(block.blocks);
    }
  };
  visit(model.blocks);
  return out;
}

/**
 * The redline reads as the new version with every change accepted, and as
 * the old one with every change rejected, each clause under its own heading
 * (headings are not tracked: leave them out when sections come or go).
 */
function expectRedlineRoundTrip(c: Compared, headings = true): void {
  const redline = c.outcome.redline!;
  expect(reading(redline, 'accept', headings)).toEqual(reading(c.newModel, 'plain', headings));
  expect(reading(redline, 'reject', headings)).toEqual(reading(c.oldModel, 'plain', headings));
}

const duty = (role: RoleData, id: string): number => (role.duties as Array<{ id?: string }>).findIndex((d) => d.id === id);

describe('jdgen diff: clauses', () => {
  it('finds nothing between identical files: same, no header or clause change', async () => {
    const c = await compare(() => undefined);
    expect(c.json.same).toBe(true);
    expect(c.json.header).toEqual([]);
    expect(c.json.clauses).toEqual([]);
    expect(c.json.summary).toEqual({ header: 0, inserted: 0, deleted: 0, reworded: 0, moved: 0 });
    expect(diffText(c.diff, PLAIN)).toContain('no changes');
  });

  it('reports a clause inserted at 3.2 as one insertion, not as every later clause changed', async () => {
    const text = 'Checks the stock reserved for key customers every week.';
    const c = await compare((role) => role.duties.splice(1, 0, { id: 'stock', text }));
    expect(c.json.same).toBe(false);
    expect(c.json.clauses).toEqual([{ kind: 'inserted', id: 'stock', new: { number: '3.2', section: '3. Duties', text } }]);
    expect(c.json.header).toEqual([]);
    expect(c.json.summary).toEqual({ header: 0, inserted: 1, deleted: 0, reworded: 0, moved: 0 });
    expectRedlineRoundTrip(c);
  });

  it('reports a deleted clause with its old number and text', async () => {
    const c = await compare((role) => role.duties.splice(duty(role, 'crm'), 1));
    expect(c.json.clauses).toEqual([
      {
        kind: 'deleted',
        id: 'crm',
        old: {
          number: '3.9',
          section: '3. Duties',
          text: 'Keeps complete and up-to-date records of contacts, negotiations, orders and agreements in the CRM system.',
        },
      },
    ]);
    expectRedlineRoundTrip(c);
  });

  it('puts neighbouring deleted clauses back in the redline in their own order', async () => {
    const c = await compare((role) => role.duties.splice(duty(role, 'crm'), 2));
    expect(kinds(c.json)).toEqual(['deleted 3.9→ crm', 'deleted 3.10→ market']);
    expectRedlineRoundTrip(c);
  });

  it('reports a reworded clause with the words deleted and inserted', async () => {
    const c = await compare((role) => {
      role.duties[duty(role, 'account-plans')].text = 'Draws up a yearly development plan for each key account and reports on its fulfilment every month.';
    });
    expect(kinds(c.json)).toEqual(['reworded 3.2→3.2 account-plans']);
    const change = c.json.clauses[0]!;
    expect(pieces(change.words, 'delete')).toEqual(['an annual', 'quarter']);
    expect(pieces(change.words, 'insert')).toEqual(['a yearly', 'month']);
    // The equal and deleted pieces are the old text, the equal and inserted ones the new text.
    expect(
      change
        .words!.filter((w) => w.op !== 'insert')
        .map((w) => w.text)
        .join(''),
    ).toBe(change.old!.text);
    expect(
      change
        .words!.filter((w) => w.op !== 'delete')
        .map((w) => w.text)
        .join(''),
    ).toBe(change.new!.text);
    expectRedlineRoundTrip(c);
  });

  it('reports a clause moved to another section as a move naming both sections', async () => {
    const c = await compare((role) => {
      const [crm] = role.duties.splice(duty(role, 'crm'), 1);
      role.rights.unshift(crm);
    });
    expect(c.json.clauses).toHaveLength(1);
    expect(c.json.clauses[0]).toMatchObject({
      kind: 'moved',
      id: 'crm',
      old: { number: '3.9', section: '3. Duties' },
      new: { number: '4.1', section: '4. Rights' },
    });
    expect(c.json.clauses[0]!.words).toBeUndefined();
    expect(c.json.summary.moved).toBe(1);
    expectRedlineRoundTrip(c);
  });

  it('reports a clause moved and reworded as one change with its words', async () => {
    const c = await compare((role) => {
      const [crm] = role.duties.splice(duty(role, 'crm'), 1);
      role.rights.push({ id: 'crm', text: crm.text.replace('complete and up-to-date', 'accurate') });
    });
    expect(kinds(c.json)).toEqual(['moved+reworded 3.9→4.8 crm']);
    expect(pieces(c.json.clauses[0]!.words, 'insert')).toEqual(['accurate']);
    expectRedlineRoundTrip(c);
  });

  it('reports a reorder within a section as a move of that one clause only', async () => {
    const c = await compare((role) => {
      const [crm] = role.duties.splice(duty(role, 'crm'), 1);
      role.duties.unshift(crm);
    });
    expect(kinds(c.json)).toEqual(['moved 3.9→3.1 crm']);
    const down = await compare((role) => role.duties.push(role.duties.shift()));
    expect(kinds(down.json)).toEqual(['moved 3.1→3.11 portfolio']);
    expectRedlineRoundTrip(c);
    expectRedlineRoundTrip(down);
  });

  it('moves a clause with its nested clauses as one move of the parent', async () => {
    const c = await compare((role) => {
      const [negotiations] = role.duties.splice(duty(role, 'negotiations'), 1);
      role.duties.push(negotiations);
    });
    // 3.4 and its 3.4.1–3.4.3 went to the end; the clauses after them only got new numbers.
    expect(c.json.clauses.map((x) => x.kind)).toEqual(['moved', 'moved', 'moved', 'moved']);
    expect(c.json.clauses.map((x) => `${x.old!.number}→${x.new!.number}`)).toEqual(['3.4→3.11', '3.4.1→3.11.1', '3.4.2→3.11.2', '3.4.3→3.11.3']);
    expectRedlineRoundTrip(c);
  });

  it('ignores renumbering: a clause inserted in an earlier section shifts nothing in later ones', async () => {
    const c = await compare((role) => role.general_provisions.unshift('The job description is kept by the HR Department.'));
    expect(kinds(c.json)).toEqual(['inserted →1.1']);
    expectRedlineRoundTrip(c);
  });

  it('ignores renumbering: an extra section inserted before another renumbers it without changes', async () => {
    const c = await compare((role) =>
      role.sections.unshift({ title: 'Working conditions', id: 'working-conditions', clauses: ['Remote work is allowed two days a week.'] }),
    );
    // "Performance evaluation" is now section 8: its clauses 7.1, 7.1.1, … became 8.1, 8.1.1, …
    expect(kinds(c.json)).toEqual(['inserted →7.1']);
    expect(c.json.clauses[0]!.new!.section).toBe('7. Working conditions');
    expect(c.json.header).toEqual([]);
    expectRedlineRoundTrip(c, false);
  });

  it('ignores renumbering: a section removed shifts the later ones without changes', async () => {
    const c = await compare((role) => delete role.relationships);
    expect(kinds(c.json)).toEqual(['deleted 6.1→', 'deleted 6.2→']);
    expectRedlineRoundTrip(c, false);
  });

  it('pairs clauses by id even when the text changed completely', async () => {
    const text = 'Represents the company at industry associations and keeps their membership fees paid.';
    const c = await compare((role) => {
      role.duties[duty(role, 'market')].text = text;
    });
    expect(kinds(c.json)).toEqual(['reworded 3.10→3.10 market']);
    expect(c.json.clauses[0]!.new!.text).toBe(text);
    expectRedlineRoundTrip(c);
  });

  it('never pairs clauses with different ids, even with the same text', async () => {
    const c = await compare((role) => {
      role.duties[duty(role, 'events')].id = 'fairs';
      role.duties[duty(role, 'complaints')].id = 'claims';
      role.duties[duty(role, 'claims')].text = role.duties[duty(role, 'claims')].text.replace('analyses', 'reviews');
    });
    expect(kinds(c.json).sort()).toEqual(['deleted 3.11→ events', 'deleted 3.8→ complaints', 'inserted →3.11 fairs', 'inserted →3.8 claims'].sort());
    expectRedlineRoundTrip(c);
  });

  it('pairs a reworded clause without an id by its similar wording', async () => {
    const c = await compare((role) => {
      role.relationships[1] = 'Requests from other departments concerning key customers are answered within three working days.';
    });
    expect(kinds(c.json)).toEqual(['reworded 6.2→6.2']);
    expect(pieces(c.json.clauses[0]!.words, 'delete')).toEqual(['two']);
    expect(pieces(c.json.clauses[0]!.words, 'insert')).toEqual(['three']);
  });

  it('reports a nested clause that became a clause of its own as moved, though nothing else changed', async () => {
    const c = await compare((role) => {
      const negotiations = role.duties[duty(role, 'negotiations')];
      const last = negotiations.items.pop() as ClauseData;
      role.duties.splice(duty(role, 'negotiations') + 1, 0, last);
    });
    expect(kinds(c.json)).toEqual(['moved 3.4.3→3.5']);
    expect(c.json.same).toBe(false);
    expectRedlineRoundTrip(c);
  });
});

describe('jdgen diff: header fields', () => {
  it('reports the approver, the AGREED list, number, date, status and version as field changes', async () => {
    const c = await compare((role) => {
      role.approval.name = 'K. Jones';
      role.agreed_by.push({ position: 'Chief Accountant', name: 'D. Wilson' });
      role.document.number = 'JD-015';
      role.document.date = '2026-12-01';
      role.document.status = 'draft';
      role.document.version = 2;
    });
    expect(c.json.clauses).toEqual([]);
    expect(c.json.same).toBe(false);
    expect(c.json.header).toEqual([
      { field: 'document.number', old: 'JD-014', new: 'JD-015' },
      { field: 'document.date', old: '2026-11-02', new: '2026-12-01' },
      { field: 'document.version', old: '1', new: '2' },
      { field: 'document.status', old: 'approved', new: 'draft' },
      { field: 'approval', old: 'Director General: J. Smith', new: 'Director General: K. Jones' },
      {
        field: 'agreed_by',
        old: 'Head of Legal: A. Brown; HR Manager: C. Davis; Head of Sales: R. Miller',
        new: 'Head of Legal: A. Brown; HR Manager: C. Davis; Head of Sales: R. Miller; Chief Accountant: D. Wilson',
      },
    ]);
    expect(c.json.summary.header).toBe(6);
  });

  it('reports the category and occupation code printed on page 1', async () => {
    const c = await compare((role) => {
      role.position.category = 'manager';
      role.position.code = '1221';
    });
    expect(c.json.same).toBe(false);
    expect(c.json.header).toEqual([
      { field: 'position.category', old: 'specialist', new: 'manager' },
      { field: 'position.code', old: '2433', new: '1221' },
    ]);
  });

  it('reports a renamed section that kept its id as a title change, its clauses unchanged', async () => {
    const c = await compare((role) => {
      role.sections[0].title = 'Evaluation of performance';
    });
    expect(c.json.clauses).toEqual([]);
    expect(c.json.header).toEqual([{ field: 'sections.evaluation.title', old: 'Performance evaluation', new: 'Evaluation of performance' }]);
  });
});

describe('jdgen diff: words in other scripts', () => {
  it('keeps whole Cyrillic words (apostrophes included) in the word diff of a Ukrainian role', async () => {
    const c = await compare((role) => {
      const at = (list: Array<{ id?: string }>, id: string) => list.findIndex((x) => x.id === id);
      const gp = role.general_provisions;
      gp[at(gp, 'subordination')].text = 'Менеджер безпосередньо підпорядковується заступникові начальника відділу збуту.';
      gp[at(gp, 'substitution')].text = gp[at(gp, 'substitution')].text.replace('його обов’язки виконує', 'його функції виконує');
    }, UK);
    expect(kinds(c.json)).toEqual(['reworded 1.4→1.4 subordination', 'reworded 1.5→1.5 substitution']);
    const [subordination, substitution] = c.json.clauses;
    expect(pieces(subordination!.words, 'delete')).toEqual(['начальникові']);
    expect(pieces(subordination!.words, 'insert')).toEqual(['заступникові начальника']);
    expect(pieces(substitution!.words, 'delete')).toEqual(['обов’язки']);
    expect(pieces(substitution!.words, 'insert')).toEqual(['функції']);
    // No piece starts or ends inside a word, in either version.
    for (const change of c.json.clauses) {
      for (const side of ['old', 'new'] as const) {
        const skip = side === 'old' ? 'insert' : 'delete';
        let at = 0;
        const text = change[side]!.text;
        for (const w of change.words!) {
          if (w.op === skip) continue;
          for (const edge of [at, at + w.text.length])
            expect(/\p{L}/u.test(text[edge - 1] ?? '') && /\p{L}/u.test(text[edge] ?? ''), `${side} "${text}" split at ${edge}`).toBe(false);
          at += w.text.length;
        }
      }
    }
    expectRedlineRoundTrip(c);
  });
});

describe('jdgen diff: outputs', () => {
  it('names clauses by number (old → new) and marks words wdiff-style without colour', async () => {
    const c = await compare((role) => {
      role.duties[duty(role, 'account-plans')].text = 'Draws up a yearly development plan for each key account and reports on its fulfilment every quarter.';
      role.duties[duty(role, 'portfolio')].text = role.duties[duty(role, 'portfolio')].text.replace('Manages a portfolio', 'Manages a large portfolio');
      const [crm] = role.duties.splice(duty(role, 'crm'), 1);
      role.rights.unshift(crm);
    });
    const text = diffText(c.diff, PLAIN);
    expect(text).toContain('~ reworded 3.2 [account-plans]: Draws up [-an annual-]{+a yearly+} development plan');
    // Spaces stay outside the markers, as wdiff writes them.
    expect(text).toContain('Manages a {+large+} portfolio');
    expect(text).toContain('~ moved 3.9 → 4.1 [crm] (3. Duties → 4. Rights)');
    expect(text).toMatch(/0 header fields, 0 inserted, 0 deleted, 2 reworded, 1 moved\n$/);
    expect(text).not.toContain('\u001b[');
    const coloured = diffText(c.diff, chalkPalette(new Chalk({ level: 1 })));
    expect(coloured).toContain('\u001b[');
    expect(coloured).not.toContain('{+');
  });

  it('writes a Markdown review summary whose emphasis renders (no space inside the markers)', async () => {
    const c = await compare((role) => {
      role.approval.name = 'K. Jones';
      role.duties[duty(role, 'portfolio')].text = role.duties[duty(role, 'portfolio')].text.replace('Manages a portfolio', 'Manages a large portfolio');
      role.duties.splice(duty(role, 'events'), 1);
    });
    const md = diffMarkdown(c.diff);
    expect(md).toMatch(/^## Changes: old\.yaml → new\.yaml\n/);
    expect(md).toContain('| approval | Director General: J. Smith | Director General: K. Jones |');
    expect(md).toContain('- **3.1** reworded: Manages a **large** portfolio');
    expect(md).toContain("- **3.11** deleted: ~~Takes part in exhibitions, conferences and presentations of the company's products.~~");
  });

  it('puts a deleted last clause of a section back under its own heading in the redline', async () => {
    const c = await compare((role) => role.duties.splice(duty(role, 'events'), 1));
    const blocks = c.outcome.redline!.blocks;
    const deleted = blocks.findIndex((b) => b.type === 'clause' && b.change === 'deleted');
    const rights = blocks.findIndex((b) => b.type === 'heading' && b.text === 'Rights');
    expect(deleted).toBeGreaterThan(-1);
    expect(deleted).toBeLessThan(rights);
    expect(c.outcome.redline!.revision).toEqual({ author: 'A. Reviewer', date: '2026-11-02' });
    expectRedlineRoundTrip(c);
  });

  it('keeps the bold label of a reworded qualification in the redline', async () => {
    const c = await compare((role) => {
      role.qualifications.education = 'Higher education in economics, law, management or marketing.';
    });
    expect(kinds(c.json)).toEqual(['reworded 2.1→2.1']);
    const block = c.outcome.redline!.blocks.find((b) => b.type === 'clause' && b.number === '2.1');
    expect(block?.type === 'clause' && block.spans).toEqual([
      { text: 'Education:', bold: true },
      { text: ' Higher education in economics, ' },
      { text: 'law, ', change: 'inserted' },
      { text: 'management or marketing.' },
    ]);
  });
});

describe('schemas/diff.schema.json', () => {
  it('is JSON Schema 2020-12 with its $id, describes every property, and rejects what jdgen diff never prints', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/diff.schema.json'), 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('urn:jdgen:schema:diff:1');
    expect(undescribedProperties(schema)).toEqual([]);

    const at = { number: '3.2', section: '3. Duties', text: 'Draws up a plan.' };
    const summary = { header: 0, inserted: 0, deleted: 0, reworded: 0, moved: 0 };
    const same = { jdgen: 1, old: 'a.yaml', new: 'b.yaml', same: true, summary, header: [], clauses: [] };
    const different = (clauses: object[], header: object[] = []) => ({ ...same, same: false, header, clauses });
    expect(validateJson(same)).toBe(true);
    expect(validateJson(different([{ kind: 'inserted', id: 'plan', new: at }]))).toBe(true);
    expect(validateJson(different([], [{ field: 'sections.evaluation.title', old: 'A', new: 'B' }]))).toBe(true);
    // Wrong: "same" with changes, "different" without any, a kind with the wrong sides, unknown keys and values.
    expect(validateJson({ ...same, clauses: [{ kind: 'inserted', new: at }] })).toBe(false);
    expect(validateJson(different([]))).toBe(false);
    expect(validateJson(different([{ kind: 'inserted', old: at, new: at }]))).toBe(false);
    expect(validateJson(different([{ kind: 'deleted', new: at }]))).toBe(false);
    expect(validateJson(different([{ kind: 'reworded', old: at, new: at }]))).toBe(false);
    expect(validateJson(different([{ kind: 'moved', old: at, new: at, words: [{ op: 'equal', text: 'x' }] }]))).toBe(false);
    expect(validateJson(different([{ kind: 'renamed', old: at, new: at }]))).toBe(false);
    expect(validateJson(different([{ kind: 'inserted', new: { ...at, number: '3.2.' } }]))).toBe(false);
    expect(validateJson(different([], [{ field: 'position.salary', old: '1', new: '2' }]))).toBe(false);
    expect(validateJson({ ...same, extra: 1 })).toBe(false);
  });
});
