import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { SourceFile } from '../load/source.js';
import { EDITOR_SCHEMAS, type SchemaName } from './schema.js';

/*
 * A `# yaml-language-server: $schema=…` modeline tells editors which schema
 * to check a file with. One naming a schema stricter than the file's kind
 * (the full role schema on a base role) makes the editor report keys the
 * file may leave to its base or config as missing; one naming another kind's
 * schema (the library schema on a role) reports nearly everything. jdgen
 * checks each file with the schema of its kind, so it can say so, with the
 * modeline's position. A more lenient schema (role-part on a complete role)
 * gives no false errors and is left alone; so is any schema that is not
 * jdgen's, which jdgen knows nothing about.
 */

/** For a file jdgen checks with the key's schema, the schemas a modeline may name without false errors. */
const FITTING: Readonly<Record<SchemaName, readonly SchemaName[]>> = {
  role: ['role', 'role-configured', 'role-part'],
  'role-configured': ['role-configured', 'role-part'],
  'role-part': ['role-part'],
  config: ['config'],
  library: ['library'],
};

const KIND: Readonly<Record<SchemaName, string>> = {
  role: 'a complete role (no base, no config)',
  'role-configured': 'a role below a jdgen.config.yaml, which may leave the organisation and signatories to it',
  'role-part': 'a base role or a role that extends one, which may leave any key to its base',
  config: 'a jdgen config',
  library: 'a clause library',
};

const MODELINE = /^[ \t]*#[ \t]*yaml-language-server:[ \t]*\$schema=(\S+)/m;

/** A warning when the file's modeline names one of jdgen's schemas that does not fit a file checked with `checkedWith`. */
export function modelineWarning(source: SourceFile, checkedWith: SchemaName): Diagnostic | undefined {
  const match = MODELINE.exec(source.text);
  if (!match) return undefined;
  const url = match[1]!;
  const named = /(?:^|[/\\])([a-z-]+)\.schema\.json$/.exec(url.replace(/[?#].*$/, ''))?.[1];
  if (!named || !(EDITOR_SCHEMAS as readonly string[]).includes(named)) return undefined;
  if (FITTING[checkedWith].includes(named as SchemaName)) return undefined;
  const at = source.lines.position(match.index + match[0].length - url.length);
  const fix = url.slice(0, url.length - `${named}.schema.json`.length) + `${checkedWith}.schema.json`;
  return makeDiagnostic({
    severity: 'warning',
    code: 'schema/modeline',
    file: source.file,
    ...at,
    sourceLine: source.lines.line(at.line),
    message: `the editor modeline names ${named}.schema.json, but this file is ${KIND[checkedWith]}: editors would report errors jdgen does not`,
    hint: `point it at ${checkedWith}.schema.json: \`# yaml-language-server: $schema=${fix}\``,
  });
}
