import type { DocumentModel } from '../model/types.js';

/**
 * The watermark as every writer prints it: one line, whitespace collapsed
 * (a line break would split a diagonal mark in two), or undefined when the
 * model has none or only blanks.
 */
export function watermarkText(model: Pick<DocumentModel, 'watermark'>): string | undefined {
  const text = model.watermark?.replace(/\s+/g, ' ').trim() ?? '';
  return text === '' ? undefined : text;
}
