import type { DataPath } from '../load/source.js';
import { QUALIFICATION_GROUPS } from '../validate/role.js';
import { normaliseText, type Vocabulary } from './vocabulary.js';

/** The sections a clause can stand in, as the rules tell them apart. */
export type SectionKey = 'general_provisions' | 'qualifications' | 'duties' | 'rights' | 'responsibility' | 'relationships' | 'sections';

/** One clause as the rules read it: where it is in the merged role and what it says. */
export interface LintClause {
  section: SectionKey;
  /** The path of the clause in the merged role (its string, or its `{ text }` mapping). */
  path: DataPath;
  text: string;
  /** The text as the vocabulary's patterns see it (see normaliseText). */
  norm: string;
}

const LISTS = ['general_provisions', 'duties', 'rights', 'responsibility', 'relationships'] as const;

/**
 * Every clause of a merged, valid role with its data path, nested items
 * included (each item is a clause of its own). Read from the merged data, not
 * the typed role, so each path can be placed in the file that wrote it.
 */
export function lintClauses(data: Record<string, unknown>, vocabulary: Pick<Vocabulary, 'locale' | 'foldDiacritics' | 'cedillasAsCommas'>): LintClause[] {
  const out: LintClause[] = [];
  const add = (section: SectionKey, value: unknown, path: DataPath): void => {
    const list = Array.isArray(value) ? value.map((v, i) => [v, [...path, i]] as const) : [[value, path] as const];
    for (const [raw, at] of list) {
      if (typeof raw === 'string') {
        out.push({ section, path: at, text: raw, norm: normaliseText(raw, vocabulary) });
      } else if (raw !== null && typeof raw === 'object' && typeof (raw as { text?: unknown }).text === 'string') {
        const clause = raw as { text: string; items?: unknown };
        out.push({ section, path: at, text: clause.text, norm: normaliseText(clause.text, vocabulary) });
        if (clause.items !== undefined) add(section, clause.items, [...at, 'items']);
      }
    }
  };
  for (const key of LISTS) if (data[key] !== undefined) add(key, data[key], [key]);
  const qualifications = data.qualifications;
  if (Array.isArray(qualifications)) add('qualifications', qualifications, ['qualifications']);
  else if (qualifications !== null && typeof qualifications === 'object')
    for (const group of QUALIFICATION_GROUPS) {
      const value = (qualifications as Record<string, unknown>)[group];
      if (value !== undefined) add('qualifications', value, ['qualifications', group]);
    }
  const sections = Array.isArray(data.sections) ? (data.sections as Array<{ clauses?: unknown }>) : [];
  sections.forEach((section, s) => {
    if (section?.clauses !== undefined) add('sections', section.clauses, ['sections', s, 'clauses']);
  });
  return out;
}
