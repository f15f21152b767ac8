import { diffWords } from 'diff';

export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/**
 * Word-level changes inside a clause. Words are found with Intl.Segmenter
 * for the document's language: jsdiff's default splitting breaks Cyrillic
 * and other non-Latin words apart.
 */
export function wordChanges(before: string, after: string, segmenter: Intl.Segmenter): WordChange[] {
  return diffWords(before, after, { intlSegmenter: segmenter }).map((part) => ({
    op: part.added ? 'insert' : part.removed ? 'delete' : 'equal',
    text: part.value,
  }));
}
