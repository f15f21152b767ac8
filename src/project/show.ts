import { yamlModule } from '../load/source.js';
import type { Clause, Role } from '../validate/role.js';

/**
 * The resolved role written back as role YAML: config defaults, bases,
 * libraries and placeholders applied, defaults filled in. It is a valid role
 * file itself (no `extends:`, no `use:`), so a reviewer sees exactly what
 * will be rendered and can diff two of them.
 */
export function roleToYaml(role: Role): string {
  const data = {
    jdgen: 1,
    locale: role.locale,
    organization: role.organization,
    document: role.document,
    position: role.position,
    approval: role.approval,
    ...(role.agreed_by.length ? { agreed_by: role.agreed_by } : {}),
    general_provisions: clauses(role.general_provisions),
    ...(role.qualifications ? { qualifications: qualifications(role.qualifications) } : {}),
    duties: clauses(role.duties),
    rights: clauses(role.rights),
    responsibility: clauses(role.responsibility),
    ...(role.relationships.length ? { relationships: clauses(role.relationships) } : {}),
    ...(role.sections.length ? { sections: role.sections.map((s) => ({ title: s.title, ...(s.id ? { id: s.id } : {}), clauses: clauses(s.clauses) })) } : {}),
    familiarization: role.familiarization,
  };
  return yamlModule().stringify(data, { lineWidth: 100 });
}

/** A clause without items or id prints as plain text, as a person would write it. */
function clauses(list: Clause[]): unknown[] {
  return list.map((c) =>
    c.items.length === 0 && !c.id ? c.text : { ...(c.id ? { id: c.id } : {}), text: c.text, ...(c.items.length ? { items: clauses(c.items) } : {}) },
  );
}

function qualifications(q: NonNullable<Role['qualifications']>): unknown {
  if ('clauses' in q) return clauses(q.clauses);
  return Object.fromEntries(q.groups.map((g) => [g.key, g.clauses.length === 1 ? clauses(g.clauses)[0] : clauses(g.clauses)]));
}
