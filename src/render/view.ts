import { AGREED_PLACEMENTS, type AgreedPlacement, type Clause, type Role } from '../validate/role.js';
import { escapeDeep } from './escape.js';
import { titleGenitive } from './genitive.js';
import { phrase, type Locale } from './locale.js';

/**
 * The data contract between jdgen and templates (documented in the README).
 * Every optional field is present (as null or an empty list) so that strict
 * templates can tell a misspelt field from an empty one. Strings are escaped
 * for the block markup.
 */
export interface ClauseView {
  text: string;
  id: string | null;
  items: ClauseView[];
}

export interface SheetRow {
  number: number;
  name: string;
  position: string;
}

/**
 * What jdgen works out from the role for a locale, rather than reading it:
 * shown by `jdgen show` so a person can check it before signing.
 */
export interface Derived {
  /** The position title in the genitive (ru, uk): given, derived, or null where the locale does not inflect it. */
  titleGenitive: { text: string; derived: boolean } | null;
  /** The familiarisation formula's phrase key: gendered when every row of the sheet is a listed employee of one known gender. */
  statement: 'statement' | 'statement_male' | 'statement_female';
  /** That formula's text, when the locale is known. */
  statementText?: string;
}

export function deriveFor(role: Role, locale: Locale | undefined): Derived {
  const language = locale?.grammar.title_genitive;
  const given = role.position.title_genitive;
  let genitive: Derived['titleGenitive'] = null;
  if (given) genitive = { text: given, derived: false };
  else if (language) {
    const derived = titleGenitive(role.position.title, language);
    genitive = derived === undefined ? null : { text: derived, derived: true };
  }
  const statement = statementKey(role, locale);
  const statementText = locale ? phrase(locale, `familiarization.${statement}`) : undefined;
  return { titleGenitive: genitive, statement, ...(statementText !== undefined ? { statementText } : {}) };
}

/**
 * A sheet to be filled in by unknown people keeps the formula with both
 * endings («ознакомлен(а)»); a sheet of listed employees who are all men or
 * all women gets the one ending, where the locale has that formula.
 */
function statementKey(role: Role, locale: Locale | undefined): Derived['statement'] {
  const { employees, rows } = role.familiarization;
  if (rows > 0 || employees.length === 0) return 'statement';
  const genders = new Set(employees.map((e) => e.gender));
  if (genders.size !== 1) return 'statement';
  const [gender] = genders;
  const key = gender === 'male' ? 'statement_male' : gender === 'female' ? 'statement_female' : undefined;
  return key && locale && phrase(locale, `familiarization.${key}`) !== undefined ? key : 'statement';
}

/**
 * Where the AGREED signatures go: the role's (or its config's) choice, else
 * the locale's, else after the last section.
 */
export function agreedPlacement(role: Role, localeLayout?: { agreed?: string }): AgreedPlacement {
  const fromLocale = AGREED_PLACEMENTS.find((placement) => placement === localeLayout?.agreed);
  return role.layout.agreed ?? fromLocale ?? 'end';
}

/** `images` names the pictures the templates may show with `@image` (only `logo` today). */
export function roleView(role: Role, images?: ReadonlyMap<string, unknown>, locale?: Locale): object {
  const derived = deriveFor(role, locale);
  const agreed = agreedPlacement(role, locale?.layout);
  const view = {
    locale: role.locale,
    organization: {
      name: role.organization.name,
      city: role.organization.city ?? null,
      letterhead: role.organization.letterhead ?? [],
      logo: images?.has('logo') ? 'logo' : null,
    },
    document: {
      ...role.document,
      // Anything not yet approved carries the DRAFT mark on every page.
      draft: role.document.status !== 'approved',
      changes: role.document.changes.map((c) => ({ ...c, author: c.author ?? '' })),
    },
    position: {
      title: role.position.title,
      // Where the title cannot be declined, it stands in quotes after «должностная инструкция».
      title_genitive: derived.titleGenitive?.text ?? `«${role.position.title}»`,
      department: role.position.department ?? null,
      category: role.position.category ?? null,
      code: role.position.code ?? null,
      reports_to: role.position.reports_to ?? null,
    },
    approval: role.approval,
    agreed_by: role.agreed_by,
    general_provisions: clauses(role.general_provisions),
    qualifications: qualificationsView(role),
    duties: clauses(role.duties),
    rights: clauses(role.rights),
    responsibility: clauses(role.responsibility),
    relationships: clauses(role.relationships),
    sections: role.sections.map((s) => ({ title: s.title, id: s.id ?? null, clauses: clauses(s.clauses) })),
    familiarization: { rows: sheetRows(role), statement: derived.statement },
    // The placement as a word, and one flag per placement for `{{#if}}`.
    layout: { agreed, agreed_header: agreed === 'header', agreed_end: agreed === 'end', agreed_sheet: agreed === 'sheet' },
  };
  return escapeDeep(view);
}

function clauses(list: Clause[]): ClauseView[] {
  return list.map((c) => ({ text: c.text, id: c.id ?? null, items: clauses(c.items) }));
}

/**
 * Qualifications come as a plain list or as named groups. A group with one
 * clause prints as "Education: text"; a longer group as "Knowledge:" with the
 * clauses nested under it.
 */
function qualificationsView(role: Role): { clauses: ClauseView[]; groups: object[] } | null {
  const q = role.qualifications;
  if (!q) return null;
  if ('clauses' in q) return { clauses: clauses(q.clauses), groups: [] };
  const groups = q.groups.map((g) => {
    const list = clauses(g.clauses);
    return { key: g.key, single: list.length === 1 ? list[0] : null, clauses: list };
  });
  return { clauses: [], groups };
}

/** Listed employees first, then the empty rows to be filled in by hand. */
function sheetRows(role: Role): SheetRow[] {
  const { employees, rows } = role.familiarization;
  const listed = employees.map((e, i) => ({ number: i + 1, name: e.name, position: e.position ?? role.position.title }));
  const blank = Array.from({ length: rows }, (_, i) => ({ number: listed.length + i + 1, name: '', position: '' }));
  return [...listed, ...blank];
}
