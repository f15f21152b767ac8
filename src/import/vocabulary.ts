import { join } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, UserError } from '../diagnostics.js';
import { parseYamlText } from '../load/load.js';
import { readRegularText } from '../load/read-file.js';
import { BUNDLED_TEMPLATES } from '../render/layers.js';
import { loadLocale, phrase, type Locale } from '../render/locale.js';

/**
 * What the importer looks for in one language: jdgen's own phrases (the
 * locale file) and the other ways people write them (templates/import/<locale>.yaml).
 * Every list is folded (see fold) once here.
 */

export const SECTION_KEYS = ['general_provisions', 'qualifications', 'duties', 'rights', 'responsibility', 'relationships'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export const GROUP_KEYS = ['education', 'experience', 'knowledge', 'skills', 'qualities'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
export const FIELD_KEYS = ['number', 'reports_to', 'department', 'category', 'code', 'version'] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

export interface Vocabulary {
  locale: Locale;
  name: string;
  title: string[];
  approval: string[];
  agreed: string[];
  agreedSheet: string[];
  familiarization: string[];
  revisions: string[];
  sections: Record<SectionKey, string[]>;
  /** How clauses of a section usually start, to split a merged section ("Rights and responsibility"). */
  clauseStarts: Record<SectionKey, string[]>;
  groups: Record<GroupKey, string[]>;
  fields: Record<FieldKey, string[]>;
  columns: { name: string[]; position: string[] };
  /** The draft mark of the watermark, folded. */
  draftMark: string;
  /** jdgen's fixed lines (statement, blank date, captions), folded: recognised and skipped. */
  boilerplate: string[];
}

/** Case, Turkic dotted/dotless i, ё, apostrophes, quotes and spacing folded away: the form every comparison uses. */
export function fold(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\u0307/g, '')
    .normalize('NFC')
    .replace(/ı/g, 'i')
    .replace(/ё/g, 'е')
    .replace(/[’ʼ`´]/g, "'")
    .replace(/[«»„“”"]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s.:;,–—-]+|[\s.:;,–—-]+$/g, '')
    .trim();
}

interface ImportFile {
  title?: string[];
  approval?: string[];
  agreed?: string[];
  familiarization?: string[];
  revisions?: string[];
  sections?: Partial<Record<SectionKey, string[]>>;
  clause_starts?: Partial<Record<SectionKey, string[]>>;
  qualifications?: Partial<Record<GroupKey, string[]>>;
  fields?: Partial<Record<FieldKey, string[]>>;
  columns?: { name?: string[]; position?: string[] };
}

export const IMPORT_LOCALES = ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az'] as const;

/** The vocabulary of one bundled locale, read once per context. */
export async function loadVocabulary(context: Context, name: string, requestedBy: string): Promise<Vocabulary> {
  const locale = await loadLocale(context, BUNDLED_TEMPLATES, name, requestedBy);
  const file = join(BUNDLED_TEMPLATES, 'import', `${name}.yaml`);
  // A locale without import words still has jdgen's own phrases.
  const text = await readRegularText(file, 'yaml').catch(() => undefined);
  const loaded = text === undefined ? undefined : parseYamlText(file, text);
  if (loaded && hasErrors(loaded.diagnostics)) throw new UserError(loaded.diagnostics);
  const data = (loaded?.data ?? {}) as ImportFile;
  const list = (own: string | undefined, more: string[] | undefined): string[] =>
    [...new Set([own, ...(more ?? [])].filter((s): s is string => typeof s === 'string' && s !== '').map(fold))].filter((s) => s !== '');
  const p = (key: string): string | undefined => phrase(locale, key);
  const sections = {} as Record<SectionKey, string[]>;
  for (const key of SECTION_KEYS) sections[key] = list(p(`sections.${key}`), data.sections?.[key]);
  const clauseStarts = {} as Record<SectionKey, string[]>;
  for (const key of SECTION_KEYS) clauseStarts[key] = list(undefined, data.clause_starts?.[key]).map((s) => (s.startsWith('...') ? `…${s.slice(3)}` : s));
  const groups = {} as Record<GroupKey, string[]>;
  for (const key of GROUP_KEYS) groups[key] = list(p(`qualifications.${key}`), data.qualifications?.[key]);
  const fields = {} as Record<FieldKey, string[]>;
  const fieldPhrase: Record<FieldKey, string | undefined> = {
    number: p('document.number'),
    reports_to: p('position.reports_to'),
    department: undefined,
    category: p('position.category'),
    code: p('position.code'),
    version: p('document.version')?.replace(/\{n\}/, '').trim(),
  };
  for (const key of FIELD_KEYS) fields[key] = list(fieldPhrase[key], data.fields?.[key]);
  return {
    locale,
    name,
    title: list(p('document.title'), data.title),
    approval: list(p('approval.title'), data.approval),
    agreed: list(p('agreed.title'), data.agreed),
    agreedSheet: list(p('agreed.sheet_title'), []),
    familiarization: list(p('familiarization.title'), data.familiarization),
    revisions: list(p('revisions.title'), data.revisions),
    sections,
    clauseStarts,
    groups,
    fields,
    columns: {
      name: list(p('familiarization.columns.name'), data.columns?.name),
      position: list(p('familiarization.columns.position'), data.columns?.position),
    },
    draftMark: fold(p('draft.mark') ?? 'draft'),
    boilerplate: list(p('familiarization.statement'), [p('date.blank') ?? '', p('signature.caption') ?? '', p('signature.name_caption') ?? '']),
  };
}
