import { printable } from '../env/printable.js';
import { yamlModule } from '../load/source.js';

/**
 * The role file an import writes: the schema modeline first (as `jdgen new`
 * writes it, so an editor validates the file while a person reviews it), a
 * line naming the source document, then the data.
 */
export function roleText(role: Record<string, unknown>, options: { schema?: string; source: string }): string {
  const header = [
    ...(options.schema ? [`# yaml-language-server: $schema=${printable(options.schema, Infinity)}`] : []),
    `# Imported from ${printable(options.source, Infinity)} by jdgen import: review it against the import report.`,
  ];
  const yaml = yamlModule();
  const doc = new yaml.Document(role, { aliasDuplicateObjects: false });
  // Signatories on one line each, as in the examples: { position: …, name: … }.
  yaml.visit(doc, {
    Map(_, node, path) {
      const parent = path.at(-1);
      const grand = path.at(-2);
      const key = yaml.isPair(grand) && yaml.isScalar(grand.key) ? grand.key.value : undefined;
      if (yaml.isSeq(parent) && (key === 'agreed_by' || key === 'employees')) node.flow = true;
    },
  });
  return `${header.join('\n')}\n${doc.toString({ lineWidth: 100 })}`;
}
