import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { SourceFile } from '../load/source.js';
import { didYouMean } from '../validate/messages.js';

/**
 * Silencing one rule for one clause, with a reason, as a YAML comment:
 *
 *   # jdgen-lint-disable-next-line duty-without-right -- claims are settled by the legal department
 *   - Handles customer claims …
 *   - Handles customer claims …  # jdgen-lint-disable-line duty-without-right -- …
 *
 * A comment rather than a key of the clause: it works for clauses written as
 * plain strings, needs no schema or data-model change, is never printed, and
 * sits in the file that holds the clause, so a suppression in a base or a
 * clause library holds for every role that uses it. Directives above a line
 * may be stacked (one comment line each), and may stand above the key of a
 * clause written as a mapping (`name:` of a library clause). A directive without a reason, or
 * naming no known rule, silences nothing and is itself reported.
 */
export interface Directive {
  line: number;
  /** next-line: the first line below the comment block; line: its own line. */
  kind: 'next-line' | 'line';
  rules: string[];
  reason?: string;
}

const DIRECTIVE = /#\s*jdgen-lint-disable-(next-line|line)\b([^#]*?)(?:\s--\s*(.*?))?\s*$/;

export interface Directives {
  byLine: Map<number, Directive[]>;
  /**
   * Lines a next-line directive reaches down through: comments, and a bare
   * key (`fine:` of a library clause whose `text:` follows).
   */
  commentLines: Set<number>;
  /** Directives that cannot be honoured (no reason, unknown rule): reported once. */
  problems: Diagnostic[];
}

/** The directives of a file, found by reading its lines (comments are not data: the yaml reading drops them). */
export function readDirectives(source: SourceFile, known: readonly string[]): Directives {
  const byLine = new Map<number, Directive[]>();
  const commentLines = new Set<number>();
  const problems: Diagnostic[] = [];
  if (!source.text.includes('jdgen-lint-disable')) return { byLine, commentLines, problems };
  const lines = source.text.split('\n');
  lines.forEach((text, i) => {
    const line = i + 1;
    if (/^\s*#/.test(text) || /^\s*(- )?[^\s#:-][^#:]*:\s*$/.test(text)) commentLines.add(line);
    const found = DIRECTIVE.exec(text);
    if (!found) return;
    const rules = found[2]!.split(/[\s,]+/).filter(Boolean);
    const reason = found[3]?.trim() || undefined;
    const column = found.index + 1;
    const at = { file: source.file, line, column, sourceLine: text };
    const unknown = rules.filter((r) => !known.includes(r));
    for (const rule of unknown) {
      const guess = didYouMean(rule, known);
      problems.push(
        makeDiagnostic({
          severity: 'warning',
          code: 'lint/directive',
          ...at,
          message: `\`${rule}\` is not a lint rule: this directive silences nothing for it`,
          hint: guess ? `did you mean \`${guess}\`?` : `the rules: ${known.join(', ')}`,
        }),
      );
    }
    if (rules.length === 0 || !reason)
      problems.push(
        makeDiagnostic({
          severity: 'warning',
          code: 'lint/directive',
          ...at,
          message: rules.length === 0 ? 'the directive names no rule' : 'the directive gives no reason: it silences nothing',
          hint: 'write `# jdgen-lint-disable-next-line RULE -- why the finding does not apply here`',
        }),
      );
    if (rules.length === 0 || !reason) return;
    const directive: Directive = { line, kind: found[1] as Directive['kind'], rules: rules.filter((r) => known.includes(r)), reason };
    const list = byLine.get(line) ?? [];
    list.push(directive);
    byLine.set(line, list);
  });
  return { byLine, commentLines, problems };
}

/** The directive that silences `rule` at this line, if any: on the line itself, or in the comment lines just above it. */
export function suppressionAt(directives: Directives, line: number, rule: string): Directive | undefined {
  const own = directives.byLine.get(line)?.find((d) => d.kind === 'line' && d.rules.includes(rule));
  if (own) return own;
  for (let above = line - 1; above >= 1 && directives.commentLines.has(above); above--) {
    const found = directives.byLine.get(above)?.find((d) => d.kind === 'next-line' && d.rules.includes(rule));
    if (found) return found;
  }
  return undefined;
}
