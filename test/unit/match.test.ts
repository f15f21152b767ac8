/**
 * The clause matcher, stage by stage (src/diff/match.ts): ids, then identical
 * text with its tie-breaker (same section, then the nearest position), then
 * word similarity above a threshold. Each test below fails when its stage is
 * removed or loosened: the exact-text stage, each half of its tie-breaker,
 * the threshold, and the rule that the same-section bonus only breaks ties.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { clausesOf, type ClauseRef } from '../../src/diff/clauses.js';
import { matchClauses, SIMILAR_ENOUGH, similarity } from '../../src/diff/match.js';
import { ROOT } from '../helpers/cli.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Clauses in document order from [section, text, id?] triples. */
function clauses(list: Array<[string, string, string?]>): ClauseRef[] {
  return list.map(([section, text, id], index) => ({
    ...(id ? { id } : {}),
    number: String(index + 1),
    level: 1,
    section,
    sectionTitle: section,
    text,
    index,
    block: { type: 'clause', number: String(index + 1), level: 1, spans: [{ text }] } as unknown as ClauseRef['block'],
  }));
}

/** The matching as [old index, new index] pairs and the indexes left over. */
function match(olds: ClauseRef[], news: ClauseRef[]) {
  const m = matchClauses(olds, news, segmenter);
  return { pairs: m.pairs.map((p) => [p.old.index, p.new.index]), deleted: m.deleted.map((c) => c.index), inserted: m.inserted.map((c) => c.index) };
}

const LONG = 'The employee keeps the commercial secrets of the company its clients and suppliers during employment and for three years after it ends';

describe('stage 1: ids', () => {
  it('pairs by id whatever the text, and never pairs different ids', () => {
    const olds = clauses([['duties', 'Prepares offers.', 'a']]);
    expect(match(olds, clauses([['duties', 'Something else entirely.', 'a']])).pairs).toEqual([[0, 0]]);
    expect(match(olds, clauses([['duties', 'Prepares offers.', 'b']])).pairs).toEqual([]);
  });
});

describe('stage 2: identical text', () => {
  it('a clause moved to another section stays itself, though a near copy waits in that section', () => {
    // Without this stage the near copy wins on similarity plus the same-section bonus.
    const olds = clauses([
      ['general', LONG],
      ['duties', `${LONG} too`],
    ]);
    const news = clauses([['duties', LONG]]);
    expect(match(olds, news)).toEqual({ pairs: [[0, 0]], deleted: [1], inserted: [] });
  });

  it('tie-breaker, first half: of two identical clauses the one in the same section is kept', () => {
    const olds = clauses([
      ['duties', 'Prepares offers.'],
      ['duties', 'Complies with the internal labour regulations.'],
      ['responsibility', 'Complies with the internal labour regulations.'],
    ]);
    const news = clauses([
      ['duties', 'Prepares offers.'],
      ['responsibility', 'Complies with the internal labour regulations.'],
    ]);
    expect(match(olds, news)).toEqual({
      pairs: [
        [0, 0],
        [2, 1],
      ],
      deleted: [1],
      inserted: [],
    });
  });

  it('tie-breaker, second half: of two identical clauses in the section the nearest is kept', () => {
    const olds = clauses([
      ['duties', 'Reports weekly.'],
      ['duties', 'Prepares offers.'],
      ['duties', 'Visits clients.'],
      ['duties', 'Reports weekly.'],
    ]);
    const news = clauses([
      ['duties', 'Prepares offers.'],
      ['duties', 'Visits clients.'],
      ['duties', 'Reports weekly.'],
    ]);
    expect(match(olds, news)).toEqual({
      pairs: [
        [1, 0],
        [2, 1],
        [3, 2],
      ],
      deleted: [0],
      inserted: [],
    });
  });
});

describe('stage 3: similar text', () => {
  it('pairs a reworded clause', () => {
    const olds = clauses([['duties', 'Prepares commercial offers for key clients.']]);
    const news = clauses([['duties', 'Prepares commercial offers and presentations for key clients.']]);
    expect(match(olds, news).pairs).toEqual([[0, 0]]);
  });

  it('never pairs unrelated clauses, even in the same section', () => {
    const olds = clauses([['duties', 'Prepares commercial offers for clients.']]);
    const news = clauses([['duties', 'Keeps the trade secret of the company.']]);
    expect(match(olds, news)).toEqual({ pairs: [], deleted: [0], inserted: [0] });
  });

  it('the same-section bonus breaks ties but does not lift a pair over the threshold', () => {
    const olds = clauses([['duties', 'alpha beta gamma delta epsilon']]);
    const news = clauses([['duties', 'alpha beta gamma zeta eta']]);
    const weightsOfTwo = (w: string) => Math.log(1 + 2 / (['alpha', 'beta', 'gamma'].includes(w) ? 2 : 1));
    const score = similarity(new Set(olds[0]!.text.split(' ')), new Set(news[0]!.text.split(' ')), weightsOfTwo);
    expect(score).toBeGreaterThan(SIMILAR_ENOUGH - 0.05);
    expect(score).toBeLessThan(SIMILAR_ENOUGH);
    expect(match(olds, news).pairs).toEqual([]);
  });

  it('words every clause shares (the title, “the”) do not make clauses alike', () => {
    const olds = clauses([
      ['general', 'The Contract Work Specialist belongs to the category of specialists.'],
      ['general', 'The Contract Work Specialist is appointed to and dismissed from the position by order of the Director.'],
      ['general', 'The Contract Work Specialist uses the contract register of the company.'],
    ]);
    const news = clauses([
      ['general', 'The Contract Work Specialist belongs to the category of specialists.'],
      ['general', 'The Contract Work Specialist reports directly to the Head of the Legal Department.'],
      ['general', 'The Contract Work Specialist uses the contract register of the company.'],
    ]);
    expect(match(olds, news)).toEqual({
      pairs: [
        [0, 0],
        [2, 2],
      ],
      deleted: [1],
      inserted: [1],
    });
  });

  it('in a real role, a clause replaced by a copy of another clause is never paired with that copy', async () => {
    const compiled = await compile('examples/en/key-account-manager.yaml', { cwd: ROOT });
    const all = clausesOf(compiled.model!);
    const dutiesSection = all.find((c) => c.text === compiled.role!.duties[0]!.text)!.section;
    // Without ids, so that only the text stages decide.
    const olds = all.map(({ id: _id, ...c }) => c);
    const wrong: string[] = [];
    for (const x of olds.filter((c) => c.section === dutiesSection))
      for (const z of olds) {
        if (x === z || x.text === z.text) continue;
        const news = olds.map((c) => (c === x ? { ...z, index: x.index, section: x.section, number: x.number } : c));
        const paired = matchClauses(olds, news, segmenter).pairs.find((p) => p.old === x);
        if (paired) wrong.push(`${x.number} «${x.text}» ~ «${paired.new.text}»`);
      }
    expect(wrong).toEqual([]);
  });
});
