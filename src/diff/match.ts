import type { ClauseRef } from './clauses.js';

export interface ClausePair {
  old: ClauseRef;
  new: ClauseRef;
}

export interface Matching {
  pairs: ClausePair[];
  deleted: ClauseRef[];
  inserted: ClauseRef[];
}

/** Below this word similarity two clauses are different clauses, not one reworded. */
export const SIMILAR_ENOUGH = 0.5;
/** Between two similar pairs, the one within a section wins by this much. */
const SAME_SECTION_BONUS = 0.05;

/**
 * Pairs the clauses of two versions so that renumbering alone changes
 * nothing: first by `id`, then identical text, then the most similar text
 * (same section first). What stays unpaired was deleted or inserted.
 */
export function matchClauses(olds: readonly ClauseRef[], news: readonly ClauseRef[], segmenter: Intl.Segmenter): Matching {
  const pairs: ClausePair[] = [];
  const freeOld = new Set(olds);
  const freeNew = new Set(news);
  const pair = (a: ClauseRef, b: ClauseRef): void => {
    pairs.push({ old: a, new: b });
    freeOld.delete(a);
    freeNew.delete(b);
  };
  // 1. Stable ids are the reviewer's own statement of identity.
  const byId = new Map(olds.filter((c) => c.id).map((c) => [c.id!, c]));
  for (const b of news) {
    const a = b.id ? byId.get(b.id) : undefined;
    if (a && freeOld.has(a)) pair(a, b);
  }
  // 2. Same text: prefer the same section, then the nearest position.
  for (const b of [...freeNew]) {
    const candidates = [...freeOld].filter((a) => a.text === b.text && !(a.id && b.id && a.id !== b.id));
    const best = closest(candidates, b);
    if (best) pair(best, b);
  }
  // 3. Similar text: best pairs first, so one strong match is not stolen by a weaker one.
  const words = new Map<ClauseRef, Set<string>>();
  const wordsOf = (c: ClauseRef) => words.get(c) ?? words.set(c, wordSet(c.text, segmenter)).get(c)!;
  const weight = wordWeights([...olds, ...news].map(wordsOf));
  const scored: Array<{ a: ClauseRef; b: ClauseRef; score: number }> = [];
  for (const a of freeOld) {
    for (const b of freeNew) {
      if (a.id && b.id && a.id !== b.id) continue;
      const similar = similarity(wordsOf(a), wordsOf(b), weight);
      // The same section breaks near-ties, but never lifts a pair over the threshold.
      if (similar >= SIMILAR_ENOUGH) scored.push({ a, b, score: similar + (a.section === b.section ? SAME_SECTION_BONUS : 0) });
    }
  }
  scored.sort((x, y) => y.score - x.score || x.b.index - y.b.index || x.a.index - y.a.index);
  for (const { a, b } of scored) if (freeOld.has(a) && freeNew.has(b)) pair(a, b);
  pairs.sort((x, y) => x.new.index - y.new.index);
  return { pairs, deleted: [...freeOld], inserted: [...freeNew] };
}

function closest(candidates: ClauseRef[], target: ClauseRef): ClauseRef | undefined {
  return candidates.sort(
    (x, y) =>
      Number(y.section === target.section) - Number(x.section === target.section) || Math.abs(x.index - target.index) - Math.abs(y.index - target.index),
  )[0];
}

function wordSet(text: string, segmenter: Intl.Segmenter): Set<string> {
  const set = new Set<string>();
  for (const { segment, isWordLike } of segmenter.segment(text.toLocaleLowerCase())) if (isWordLike) set.add(segment);
  return set;
}

/**
 * How much a shared word says that two clauses are one: a word found in few
 * clauses of the two versions (“claims”, “претензии”) says much, one found in
 * most (“the”, the position's title, “Менеджер”) little. Inverse document
 * frequency over the clauses being matched, so no word list per language.
 */
function wordWeights(clauses: ReadonlyArray<Set<string>>): (word: string) => number {
  const frequency = new Map<string, number>();
  for (const set of clauses) for (const word of set) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const n = Math.max(clauses.length, 1);
  return (word) => Math.log(1 + n / (frequency.get(word) ?? 1));
}

/** Dice coefficient of the two word sets, each word counted by its weight. */
export function similarity(a: Set<string>, b: Set<string>, weight: (word: string) => number = () => 1): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  let total = 0;
  for (const word of a) {
    total += weight(word);
    if (b.has(word)) shared += weight(word);
  }
  for (const word of b) total += weight(word);
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * Pairs whose order changed within a section: the longest run that kept its
 * order stays put, the rest moved. Renumbering alone moves nothing.
 */
export function movedWithinSection(pairs: readonly ClausePair[]): Set<ClausePair> {
  const moved = new Set<ClausePair>();
  const bySection = new Map<string, ClausePair[]>();
  for (const p of pairs) if (p.old.section === p.new.section) (bySection.get(p.new.section) ?? bySection.set(p.new.section, []).get(p.new.section)!).push(p);
  for (const list of bySection.values()) {
    const keep = longestIncreasing(list.map((p) => p.old.index));
    list.forEach((p, i) => {
      if (!keep.has(i)) moved.add(p);
    });
  }
  return moved;
}

/** Indexes of a longest strictly increasing subsequence. */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i !== -1; i = previous[i]!) keep.add(i);
  return keep;
}
