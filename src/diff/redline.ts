import type { Block, ClauseBlock, DocumentModel, Span } from '../model/types.js';
import { clausesOf, type ClauseRef } from './clauses.js';
import type { DocumentDiff } from './diff.js';
import type { ClausePair } from './match.js';
import type { WordChange } from './words.js';

/**
 * The new version rendered through the normal templates, with every change
 * as a tracked change: inserted clauses and words marked as insertions,
 * deleted ones put back where they stood and marked as deletions, a moved
 * clause deleted at its old place and inserted at its new one. Accepting all
 * changes gives the new document; rejecting all gives the old text.
 */
export function redlineModel(diff: DocumentDiff, after: DocumentModel, revision: { author: string; date: string }): DocumentModel {
  const model = structuredClone(after);
  model.revision = revision;
  const news = clausesOf(model);
  const newBlock = (ref: ClauseRef): ClauseBlock => news[ref.index]!.block;
  for (const ref of diff.matching.inserted) newBlock(ref).change = 'inserted';
  const removed: ClauseRef[] = [...diff.matching.deleted];
  for (const [pair, change] of diff.matching.changed) {
    const block = newBlock(pair.new);
    if (change.kind.startsWith('moved')) {
      block.change = 'inserted';
      removed.push(pair.old);
    } else if (change.words) {
      block.spans = spansOf(change.words, pair.old.block.spans, block.spans);
    }
  }
  // In old document order, so that removed clauses that stood together come back in their order.
  const placed = new Set<Block>();
  for (const ref of removed.sort((a, b) => a.index - b.index)) insertDeleted(model, ref, diff, news, placed);
  return model;
}

/**
 * The word changes as spans, keeping the bold and italic of the text they
 * come from (a qualification's bold label): kept and inserted words from the
 * new clause, deleted words from the old one.
 */
function spansOf(words: WordChange[], before: Span[], after: Span[]): Span[] {
  const marks = (w: WordChange) => (w.op === 'insert' ? { change: 'inserted' as const } : w.op === 'delete' ? { change: 'deleted' as const } : {});
  const [oldChars, newChars] = [styledChars(before), styledChars(after)];
  const same = (op: WordChange['op'], chars: StyledChar[]) =>
    words
      .filter((w) => w.op !== op)
      .map((w) => w.text)
      .join('') === chars.map((c) => c.ch).join('');
  if (!same('insert', oldChars) || !same('delete', newChars)) return words.map((w) => ({ text: w.text, ...marks(w) }));
  const spans: Span[] = [];
  let [atOld, atNew] = [0, 0];
  for (const w of words) {
    const chars = w.op === 'delete' ? oldChars.slice(atOld, atOld + w.text.length) : newChars.slice(atNew, atNew + w.text.length);
    if (w.op !== 'insert') atOld += w.text.length;
    if (w.op !== 'delete') atNew += w.text.length;
    for (const c of chars) {
      const last = spans[spans.length - 1];
      const style: Omit<Span, 'text'> = { ...(c.bold ? { bold: true } : {}), ...(c.italic ? { italic: true } : {}), ...marks(w) };
      if (last && last.bold === style.bold && last.italic === style.italic && last.change === style.change) last.text += c.ch;
      else spans.push({ text: c.ch, ...style });
    }
  }
  return spans;
}

interface StyledChar {
  ch: string;
  bold?: boolean;
  italic?: boolean;
}

/** The clause's text exactly as textOf gives it (spaces collapsed, trimmed), character by character with its emphasis. */
function styledChars(spans: Span[]): StyledChar[] {
  const out: StyledChar[] = [];
  for (const span of spans) {
    // By UTF-16 code unit, as the word changes' lengths count.
    for (const ch of span.text.split('')) {
      const space = /\s/.test(ch);
      if (space && (out.length === 0 || out[out.length - 1]!.ch === ' ')) continue;
      out.push({ ch: space ? ' ' : ch, ...(span.bold ? { bold: true } : {}), ...(span.italic ? { italic: true } : {}) });
    }
  }
  if (out[out.length - 1]?.ch === ' ') out.pop();
  return out;
}

/**
 * Puts a removed clause back before the new place of the next old clause that
 * survived, or after the previous one when the next is in another section (a
 * section's last clause stays under its own heading), else at the end.
 */
function insertDeleted(model: DocumentModel, ref: ClauseRef, diff: DocumentDiff, news: ClauseRef[], placed: Set<Block>): void {
  const copy: ClauseBlock = { ...structuredClone(ref.block), change: 'deleted' };
  delete copy.keepWithNext;
  placed.add(copy);
  const survivors = diff.matching.pairs.filter((p) => !diff.matching.changed.get(p)?.kind.startsWith('moved'));
  const next = survivors.filter((p) => p.old.index > ref.index).sort((a, b) => a.old.index - b.old.index)[0];
  const previous = survivors.filter((p) => p.old.index < ref.index).sort((a, b) => b.old.index - a.old.index)[0];
  const blocks = model.blocks;
  const sameSection = (p?: ClausePair): p is ClausePair => p !== undefined && p.old.section === ref.section;
  if (sameSection(next) || (next && !sameSection(previous))) blocks.splice(indexOf(blocks, news[next.new.index]!.block), 0, copy);
  else if (previous) {
    // After the previous survivor and the removed clauses already put back after it.
    let at = indexOf(blocks, news[previous.new.index]!.block) + 1;
    while (at < blocks.length && placed.has(blocks[at]!)) at += 1;
    blocks.splice(at, 0, copy);
  } else blocks.splice(lastClauseIndex(blocks) + 1, 0, copy);
}

function indexOf(blocks: Block[], block: Block): number {
  const at = blocks.indexOf(block);
  return at === -1 ? blocks.length : at;
}

function lastClauseIndex(blocks: Block[]): number {
  for (let i = blocks.length - 1; i >= 0; i--) if (blocks[i]!.type === 'clause') return i;
  return blocks.length - 1;
}
