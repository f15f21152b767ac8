import type { Role } from '../validate/role.js';
import type { DocumentModel } from '../model/types.js';
import { clausesOf, headingsOf, type ClauseRef } from './clauses.js';
import { matchClauses, movedWithinSection, type ClausePair } from './match.js';
import { wordChanges, type WordChange } from './words.js';

/** One side of a comparison, as the reader knows it. */
export interface Side {
  /** The file, or `file@REV` for a git revision. */
  label: string;
  role: Role;
  model: DocumentModel;
}

export interface ClauseLocation {
  number: string;
  section: string;
  text: string;
}

export const CLAUSE_CHANGE_KINDS = ['inserted', 'deleted', 'reworded', 'moved', 'moved+reworded'] as const;
export type ClauseChangeKind = (typeof CLAUSE_CHANGE_KINDS)[number];

export interface ClauseChange {
  kind: ClauseChangeKind;
  id?: string;
  old?: ClauseLocation;
  new?: ClauseLocation;
  /** For reworded clauses: the word-level changes. */
  words?: WordChange[];
}

export interface FieldChange {
  /** Data path of the field, e.g. `approval.name` or `agreed_by`. */
  field: string;
  old: string;
  new: string;
}

export interface DocumentDiff {
  old: string;
  new: string;
  header: FieldChange[];
  clauses: ClauseChange[];
  /** Internal: the pairs and lists the redline needs. */
  matching: { pairs: ClausePair[]; deleted: ClauseRef[]; inserted: ClauseRef[]; changed: Map<ClausePair, ClauseChange> };
}

/** Compares two rendered versions: header data, then clause by clause. */
export function diffDocuments(before: Side, after: Side): DocumentDiff {
  const segmenter = new Intl.Segmenter(after.role.locale, { granularity: 'word' });
  const olds = clausesOf(before.model);
  const news = clausesOf(after.model);
  const matching = matchClauses(olds, news, segmenter);
  const moved = movedWithinSection(matching.pairs);
  const changed = new Map<ClausePair, ClauseChange>();
  const clauses: ClauseChange[] = [];
  for (const p of matching.pairs) {
    const reworded = p.old.text !== p.new.text;
    // A nested clause that became a clause of its own (or the reverse) moved, even in the same order.
    const isMoved = p.old.section !== p.new.section || p.old.level !== p.new.level || moved.has(p);
    if (!reworded && !isMoved) continue;
    const change: ClauseChange = {
      kind: isMoved && reworded ? 'moved+reworded' : isMoved ? 'moved' : 'reworded',
      ...(p.new.id ? { id: p.new.id } : {}),
      old: location(p.old),
      new: location(p.new),
      ...(reworded ? { words: wordChanges(p.old.text, p.new.text, segmenter) } : {}),
    };
    changed.set(p, change);
    clauses.push(change);
  }
  for (const c of matching.inserted) clauses.push({ kind: 'inserted', ...(c.id ? { id: c.id } : {}), new: location(c) });
  for (const c of matching.deleted) clauses.push({ kind: 'deleted', ...(c.id ? { id: c.id } : {}), old: location(c) });
  clauses.sort((a, b) => order(a) - order(b));
  return {
    old: before.label,
    new: after.label,
    header: [...headerChanges(before.role, after.role), ...sectionTitleChanges(before.model, after.model)],
    clauses,
    matching: { ...matching, changed },
  };
}

function location(c: ClauseRef): ClauseLocation {
  return { number: c.number, section: c.sectionTitle, text: c.text };
}

/** Changes in reading order of the new version; deletions where they stood in the old one. */
function order(change: ClauseChange): number {
  const index = (where?: ClauseLocation) => (where ? where.number.split('.').reduce((sum, n, i) => sum + Number(n) / 1000 ** i, 0) : 0);
  return change.new ? index(change.new) : index(change.old) + 1e-9;
}

/** The fields a reviewer checks besides the clauses: who signs, numbers, dates, status, version. */
function headerChanges(a: Role, b: Role): FieldChange[] {
  const fields: Array<[string, (r: Role) => unknown]> = [
    ['organization.name', (r) => r.organization.name],
    ['organization.city', (r) => r.organization.city],
    ['document.number', (r) => r.document.number],
    ['document.date', (r) => r.document.date],
    ['document.version', (r) => r.document.version],
    ['document.status', (r) => r.document.status],
    ['position.title', (r) => r.position.title],
    ['position.department', (r) => r.position.department],
    ['position.reports_to', (r) => r.position.reports_to],
    ['position.category', (r) => r.position.category],
    ['position.code', (r) => r.position.code],
    ['approval', (r) => `${r.approval.position}: ${r.approval.name}`],
    ['agreed_by', (r) => r.agreed_by.map((s) => `${s.position}: ${s.name}`).join('; ')],
    ['locale', (r) => r.locale],
  ];
  const out: FieldChange[] = [];
  for (const [field, get] of fields) {
    const [before, after] = [text(get(a)), text(get(b))];
    if (before !== after) out.push({ field, old: before, new: after });
  }
  return out;
}

/** Sections that kept their id but changed their title (sections without an id are known by their title). */
function sectionTitleChanges(a: DocumentModel, b: DocumentModel): FieldChange[] {
  const after = headingsOf(b);
  const out: FieldChange[] = [];
  for (const [key, title] of headingsOf(a)) {
    const now = after.get(key);
    if (now !== undefined && now !== title) out.push({ field: `sections.${key}.title`, old: title, new: now });
  }
  return out;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
