import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { SourceFile } from '../load/source.js';
import { EDITOR_SCHEMAS, passesSchema, type SchemaName } from './schema.js';

/*
 * A `# yaml-language-server: $schema=…` modeline tells editors which schema
 * to check a file with. One naming a schema that rejects the file although
 * jdgen accepts it (the full role schema on a base that leaves keys to its
 * base, the library schema on a role) makes the editor report errors jdgen
 * does not: jdgen says so at the modeline, and names the schema of the
 * file's kind. A schema that accepts the file (a complete role below a config
 * that names the full role schema, or a more lenient one) is left alone, and
 * so is any schema that is not jdgen's, which jdgen knows nothing about.
 */

const KIND: Readonly<Record<SchemaName, string>> = {
  role: 'a complete role (no base, no config)',
  'role-configured': 'a role below a jdgen.config.yaml, which may leave the organisation and signatories to it',
  'role-part': 'a base role or a role that extends one, which may leave any key to its base',
  config: 'a jdgen config',
  library: 'a clause library',
};

const MODELINE = /^[ \t]*#[ \t]*yaml-language-server:[ \t]*\$schema=(\S+)/m;

/**
 * A warning when the file's modeline names one of jdgen's schemas that rejects
 * `data`, a file of the kind whose schema is `fitting` (call it only for a file
 * without errors of its own).
 */
export function modelineWarning(source: SourceFile, fitting: SchemaName, data: unknown): Diagnostic | undefined {
  const match = MODELINE.exec(source.text);
  if (!match) return undefined;
  const url = match[1]!;
  const named = /(?:^|[/\\])([a-z-]+)\.schema\.json$/.exec(url.replace(/[?#].*$/, ''))?.[1];
  if (!named || !(EDITOR_SCHEMAS as readonly string[]).includes(named)) return undefined;
  if (named === fitting || passesSchema(named as SchemaName, data)) return undefined;
  const at = source.lines.position(match.index + match[0].length - url.length);
  const fix = url.slice(0, url.length - `${named}.schema.json`.length) + `${fitting}.schema.json`;
  return makeDiagnostic({
    severity: 'warning',
    code: 'schema/modeline',
    file: source.file,
    ...at,
    sourceLine: source.lines.line(at.line),
    message: `the editor modeline names ${named}.schema.json, which rejects this file, but it is ${KIND[fitting]}: editors would report errors jdgen does not`,
    hint: `point it at ${fitting}.schema.json: \`# yaml-language-server: $schema=${fix}\``,
  });
}
