// A service that keeps roles in a database: nothing is read from or written to the disk
// but jdgen's own templates and fonts. Run: node examples/api/embed.mjs
import { compile } from 'jdgen';

// Files the role refers to (`extends:`, `use:`, the config), by path relative to `cwd`.
const files = {
  'jdgen.config.yaml': `
jdgen: 1
locale: en
organization: { name: Harbour Point Ltd, city: Portsmouth }
approval: { position: Managing Director, name: E. Walker }
`,
  'bases/staff.yaml': `
jdgen: 1
general_provisions:
  - The employee is appointed and dismissed by order of the Managing Director.
rights:
  - To receive the information needed for the work.
responsibility:
  - use: ../clauses/common.yaml#confidentiality
`,
  'clauses/common.yaml': `
clauses:
  confidentiality: For disclosing confidential information of the company.
  safety: Follows the rules of occupational safety and fire safety.
`,
};

const role = `
jdgen: 1
extends: ../bases/staff.yaml
document: { number: HP-JD-101, date: 2026-11-02 }
position: { title: Warehouse Clerk, reports_to: Warehouse Manager }
duties:
  - Receives goods and checks them against the delivery notes.
  - use: ../clauses/common.yaml#safety
`;

const { outputs, diagnostics } = await compile(
  { yaml: role, name: 'roles/warehouse-clerk.yaml' },
  { cwd: '/roles', files, formats: ['pdf', 'md'] },
);
for (const d of diagnostics) console.error(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
if (!outputs) process.exit(1);
console.log(`PDF: ${outputs.pdf.byteLength} bytes, starts ${new TextDecoder().decode(outputs.pdf.subarray(0, 8))}`);
console.log(new TextDecoder().decode(outputs.md).split('\n').find((line) => line.includes('Warehouse Clerk')));
