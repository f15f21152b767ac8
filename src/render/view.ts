import { AGREED_PLACEMENTS, type AgreedPlacement, type Clause, type Role } from '../validate/role.js';
import { escapeDeep } from './escape.js';

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
 * Where the AGREED signatures go: the role's (or its config's) choice, else
 * the locale's, else after the last section.
 */
export function agreedPlacement(role: Role, localeLayout?: { agreed?: string }): AgreedPlacement {
  const fromLocale = AGREED_PLACEMENTS.find((placement) => placement === localeLayout?.agreed);
  return role.layout.agreed ?? fromLocale ?? 'end';
}

/**
 * `images` names the pictures the templates may show with `@image` (only
 * `logo` today); `localeLayout` gives the locale's layout defaults.
 */
export function roleView(role: Role, images?: ReadonlyMap<string, unknown>, localeLayout?: { agreed?: string }): object {
  const agreed = agreedPlacement(role, localeLayout);
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
    familiarization: { rows: sheetRows(role) },
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
