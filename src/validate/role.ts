/**
 * The typed role: what a valid role file means, with defaults applied.
 * The schema guarantees the shape; `toRole` only fills defaults and makes
 * every clause the same shape, so later stages never branch on "string or object".
 */

export interface Clause {
  text: string;
  items: Clause[];
  id?: string;
}

export interface Signatory {
  position: string;
  name: string;
}

export const QUALIFICATION_GROUPS = ['education', 'experience', 'knowledge', 'skills', 'qualities'] as const;
export type QualificationGroupKey = (typeof QUALIFICATION_GROUPS)[number];

export interface QualificationGroup {
  key: QualificationGroupKey;
  clauses: Clause[];
}

export interface ExtraSection {
  title: string;
  id?: string;
  clauses: Clause[];
}

export interface Revision {
  version: number;
  date: string;
  summary: string;
  author?: string;
}

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export interface Employee {
  name: string;
  position?: string;
  /** Chooses the gendered familiarisation formula where the locale has one. */
  gender?: Gender;
}

export const DOCUMENT_STATUSES = ['draft', 'agreed', 'approved'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export interface Role {
  locale: string;
  organization: { name: string; city?: string; letterhead?: string[]; logo?: string };
  document: { number: string; date: string; version: number; status: DocumentStatus; changes: Revision[] };
  /** `title_genitive`: the title in the genitive (ru, uk), when the derived one is wrong. */
  position: { title: string; title_genitive?: string; department?: string; category?: string; code?: string; reports_to?: string };
  approval: Signatory;
  agreed_by: Signatory[];
  general_provisions: Clause[];
  /** Either a plain clause list or named groups, as written. */
  qualifications: { clauses: Clause[] } | { groups: QualificationGroup[] } | undefined;
  duties: Clause[];
  rights: Clause[];
  responsibility: Clause[];
  relationships: Clause[];
  sections: ExtraSection[];
  familiarization: { rows: number; employees: Employee[] };
  /** Layout choices the role (or its config) makes; the locale gives the rest. */
  layout: { agreed?: AgreedPlacement };
}

export const AGREED_PLACEMENTS = ['header', 'end', 'sheet'] as const;
export type AgreedPlacement = (typeof AGREED_PLACEMENTS)[number];

export const DEFAULT_LOCALE = 'en';
export const DEFAULT_FAMILIARIZATION_ROWS = 5;

type RawClause = string | { text: string; items?: RawClause[]; id?: string };
// `any` on purpose: ajv has already checked this shape against the schema, and
// this is the one place that reads the raw data before it becomes a typed Role.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Raw = Record<string, any>;

export function toRole(data: Raw): Role {
  return {
    locale: data.locale ?? DEFAULT_LOCALE,
    organization: { ...data.organization },
    document: {
      number: String(data.document.number),
      date: data.document.date,
      version: data.document.version ?? 1,
      status: data.document.status ?? 'draft',
      changes: data.document.changes ?? [],
    },
    position: { ...data.position, ...(data.position.code !== undefined ? { code: String(data.position.code) } : {}) },
    approval: data.approval,
    agreed_by: data.agreed_by ?? [],
    general_provisions: toClauses(data.general_provisions),
    qualifications: toQualifications(data.qualifications),
    duties: toClauses(data.duties),
    rights: toClauses(data.rights),
    responsibility: toClauses(data.responsibility),
    relationships: toClauses(data.relationships ?? []),
    sections: (data.sections ?? []).map((s: Raw) => ({ title: s.title, ...(s.id ? { id: s.id } : {}), clauses: toClauses(s.clauses) })),
    familiarization: {
      rows: data.familiarization?.rows ?? DEFAULT_FAMILIARIZATION_ROWS,
      employees: data.familiarization?.employees ?? [],
    },
    layout: data.layout?.agreed === undefined ? {} : { agreed: data.layout.agreed },
  };
}

export function toClauses(list: RawClause[] | RawClause): Clause[] {
  return (Array.isArray(list) ? list : [list]).map(toClause);
}

function toClause(raw: RawClause): Clause {
  if (typeof raw === 'string') return { text: raw, items: [] };
  return { text: raw.text, items: toClauses(raw.items ?? []), ...(raw.id ? { id: raw.id } : {}) };
}

function toQualifications(raw: Raw | RawClause[] | undefined): Role['qualifications'] {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) return { clauses: toClauses(raw) };
  const groups = QUALIFICATION_GROUPS.filter((key) => raw[key] !== undefined).map((key) => ({ key, clauses: toClauses(raw[key]) }));
  return { groups };
}
