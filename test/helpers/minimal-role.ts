/**
 * The smallest role the schema accepts but for its duties: tests append
 * `duties:` (or break a line) to see one rule at a time.
 */
export const ROLE_WITHOUT_DUTIES = `jdgen: 1
organization: { name: X }
document: { number: "1", date: 2026-01-15 }
position: { title: Clerk }
approval: { position: Director, name: A. Director }
general_provisions: [a]
rights: [a]
responsibility: [a]
`;
