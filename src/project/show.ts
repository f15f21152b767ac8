import { Document, isNode } from 'yaml';
import type { Derived } from '../render/view.js';
import type { Clause, Role } from '../validate/role.js';

/**
 * The resolved role written back as role YAML: config defaults, bases,
 * libraries and placeholders applied, defaults filled in. It is a valid role
 * file itself (no `extends:`, no `use:`), so a reviewer sees exactly what
 * will be rendered and can diff two of them.
 */
export function roleToYaml(role: Role, derived?: Derived): string {
  // A derived genitive is written out, marked, so a person checks it and the output stays a role file that renders the same.
  const genitive = derived?.titleGenitive;
  const position = genitive && !role.position.title_genitive ? withAfter(role.position, 'title', 'title_genitive', genitive.text) : role.position;
  const data = {
    jdgen: 1,
    locale: role.locale,
    organization: role.organization,
    document: role.document,
    position,
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
  const doc = new Document(data);
  if (genitive?.derived) comment(doc, ['position', 'title_genitive'], ' derived by jdgen: check it; write it here if wrong');
  // The formula follows the employees' gender: shown wherever one is given, so the choice can be checked.
  const formula = derived?.statementText;
  if (formula && role.familiarization.employees.some((e) => e.gender)) comment(doc, ['familiarization'], ` the sheet's formula: ${formula}`);
  return doc.toString({ lineWidth: 100 });
}

/** The object with `key: value` inserted right after `after`, so the shown role reads in the schema's order. */
function withAfter<T extends object>(object: T, after: string, key: string, value: unknown): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) {
    out[k] = v;
    if (k === after) out[key] = value;
  }
  return out as T;
}

function comment(doc: Document, path: string[], text: string): void {
  const node = doc.getIn(path, true);
  if (isNode(node)) node.comment = text;
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
