import type { Block, ClauseBlock, DocumentModel, Span } from '../model/types.js';
import { clausesOf, type ClauseRef } from './clauses.js';
import type { DocumentDiff } from './diff.js';
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
      block.spans = spansOf(change.words);
    }
  }
  for (const ref of removed.sort((a, b) => b.index - a.index)) insertDeleted(model, ref, diff, news);
  return model;
}

function spansOf(words: WordChange[]): Span[] {
  return words.map((w) => ({ text: w.text, ...(w.op === 'insert' ? { change: 'inserted' as const } : w.op === 'delete' ? { change: 'deleted' as const } : {}) }));
}

/** Puts a removed clause back before the new place of the next old clause that survived (or after the previous one). */
function insertDeleted(model: DocumentModel, ref: ClauseRef, diff: DocumentDiff, news: ClauseRef[]): void {
  const copy: ClauseBlock = { ...structuredClone(ref.block), change: 'deleted' };
  delete copy.keepWithNext;
  const survivors = diff.matching.pairs.filter((p) => !diff.matching.changed.get(p)?.kind.startsWith('moved'));
  const next = survivors.filter((p) => p.old.index > ref.index).sort((a, b) => a.old.index - b.old.index)[0];
  const previous = survivors.filter((p) => p.old.index < ref.index).sort((a, b) => b.old.index - a.old.index)[0];
  const blocks = model.blocks;
  if (next) blocks.splice(indexOf(blocks, news[next.new.index]!.block), 0, copy);
  else if (previous) blocks.splice(indexOf(blocks, news[previous.new.index]!.block) + 1, 0, copy);
  else blocks.splice(lastClauseIndex(blocks) + 1, 0, copy);
}

function indexOf(blocks: Block[], block: Block): number {
  const at = blocks.indexOf(block);
  return at === -1 ? blocks.length : at;
}

function lastClauseIndex(blocks: Block[]): number {
  for (let i = blocks.length - 1; i >= 0; i--) if (blocks[i]!.type === 'clause') return i;
  return blocks.length - 1;
}
