import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Report } from 'jdgen';

/**
 * The promises of issue 12 that every case must keep, as tags for the report:
 * - internal: a thrown error that is not a UserError (the CLI's exit 3);
 * - unpositioned: an error diagnostic without file:line:column (line and column ≥ 1);
 * - half-written: anything in the output folder of a role that failed, or a leftover temporary file;
 * - validate-ok-build-fails: validate reports no error and build fails or throws;
 * - pollution: a built-in prototype gained, lost or changed a property;
 * - wrote-beside-sources: a file appeared in, or vanished from, the project folder;
 * - hang / crash: decided by the parent (over the time budget; the process died).
 */
export type ProblemClass = 'internal' | 'unpositioned' | 'half-written' | 'validate-ok-build-fails' | 'pollution' | 'wrote-beside-sources' | 'hang' | 'crash';

export interface Problem {
  kind: ProblemClass;
  detail: string;
}

/**
 * Today's positionless error diagnostics all concern things the fuzzer never
 * touches: a file named on the command line that cannot be read (io/read),
 * git revisions, `--locale`, the templates folder (template/markup,
 * locale/missing-phrase, style/font) and `jdgen new`/`init`. Every file a
 * case mutates is reached from a role that exists, so every error must point
 * into a file: no exceptions are allowed here.
 */
export function unpositioned(diagnostics: readonly Diagnostic[]): Problem[] {
  return diagnostics
    .filter((d) => d.severity === 'error' && !(d.file && d.line >= 1 && d.column >= 1))
    .map((d) => ({ kind: 'unpositioned', detail: `${d.code} at ${d.file}:${d.line}:${d.column}: ${d.message.slice(0, 300)}` }));
}

export function errorsOf(report: Report | undefined): Diagnostic[] {
  return (report?.files ?? []).flatMap((f) => f.diagnostics).filter((d) => d.severity === 'error');
}

/** Every path under `dir`, `/`-separated, sorted. */
export function listTree(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(entry.isDirectory() ? `${rel}/` : rel);
    if (entry.isDirectory()) out.push(...listTree(join(dir, entry.name), rel));
  }
  return out.sort();
}

/** What a role's build must leave: its four outputs and the manifest, or (failed) nothing at all. */
export function outputProblems(built: boolean, stem: string, formats: readonly string[], listing: readonly string[]): Problem[] {
  const expected = built ? [...formats.map((f) => `${stem}.${f}`), '.jdgen-manifest.json'].sort() : [];
  if (JSON.stringify(listing) === JSON.stringify(expected)) return [];
  return [
    { kind: 'half-written', detail: `role ${built ? 'built' : 'failed'}; output folder holds [${listing.join(', ')}], expected [${expected.join(', ')}]` },
  ];
}

type Snapshot = Map<object, Map<string | symbol, unknown>>;

const PROTOTYPES: object[] = [
  Object.prototype,
  Array.prototype,
  Function.prototype,
  String.prototype,
  Number.prototype,
  Boolean.prototype,
  RegExp.prototype,
  Promise.prototype,
  Map.prototype,
  Set.prototype,
  Error.prototype,
];

/** Own properties (and their values) of the built-in prototypes, to compare after each case. */
export function snapshotPrototypes(): Snapshot {
  return new Map(PROTOTYPES.map((proto) => [proto, new Map(Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)?.value]))]));
}

export function pollution(before: Snapshot): Problem[] {
  const problems: Problem[] = [];
  for (const [proto, props] of before) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? '?';
    const now = Reflect.ownKeys(proto);
    for (const key of now) if (!props.has(key)) problems.push({ kind: 'pollution', detail: `${name}.prototype gained ${String(key)}` });
    for (const [key, value] of props) {
      if (!now.includes(key)) problems.push({ kind: 'pollution', detail: `${name}.prototype lost ${String(key)}` });
      else if (Object.getOwnPropertyDescriptor(proto, key)?.value !== value)
        problems.push({ kind: 'pollution', detail: `${name}.prototype.${String(key)} changed` });
    }
  }
  return problems;
}
