import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { LintFileReport } from './lint.js';
import type { RuleMeta } from './rules.js';

/**
 * A lint report as a SARIF 2.1.0 log (OASIS), the format code-scanning
 * services read (GitHub's upload-sarif among them): one run, jdgen as the
 * tool with every rule (its default level, hint and source), one result per
 * finding, and the findings silenced in the source as results with an
 * `inSource` suppression and its reason. Paths are URIs relative to `cwd`
 * (`%SRCROOT%`), so the log is the same on every machine.
 */
export function toSarif(files: readonly LintFileReport[], rules: readonly RuleMeta[], options: { version: string; cwd: string }): object {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const result = (d: Diagnostic, suppression?: string) => {
    const id = d.code.startsWith('lint/') ? d.code.slice('lint/'.length) : d.code;
    return {
      ruleId: id,
      ...(ruleIndex.has(id) ? { ruleIndex: ruleIndex.get(id) } : {}),
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: [d.path ? `${d.path}: ${d.message}` : d.message, ...(d.hint ? [`hint: ${d.hint}`] : [])].join('\n') },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(d.file, options.cwd), uriBaseId: '%SRCROOT%' },
            ...(d.line > 0 ? { region: { startLine: d.line, startColumn: Math.max(1, d.column) } } : {}),
          },
        },
      ],
      ...(suppression !== undefined ? { suppressions: [{ kind: 'inSource', justification: suppression }] } : {}),
    };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'jdgen',
            version: options.version,
            informationUri: 'https://www.npmjs.com/package/jdgen',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description}. Source: ${r.source}.` },
              help: { text: r.hint },
              defaultConfiguration: { level: r.level === 'error' ? 'error' : 'warning' },
              properties: { source: r.source },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToUri(options.cwd)}/` } },
        results: files.flatMap((f) => [...f.diagnostics.map((d) => result(d)), ...f.suppressed.map((s) => result(s.diagnostic, s.reason))]),
      },
    ],
  };
}

function uriOf(file: string, cwd: string): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

function pathToUri(path: string): string {
  return `file://${path.split(sep).map(encodeURIComponent).join('/')}`;
}
