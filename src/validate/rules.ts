import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import { locate, sourceLineAt, type DataPath, type SourceFile } from '../load/source.js';

/**
 * Semantic rules that JSON Schema cannot express. Each rule is a small
 * function from the raw data to diagnostics; none of them throws.
 */
type Rule = (data: Record<string, unknown>, source: SourceFile) => Diagnostic[];

/** Clause and section ids must be unique in a file: reviewers follow clauses by them. */
const uniqueIds: Rule = (data, source) => {
  const seen = new Map<string, DataPath>();
  const diagnostics: Diagnostic[] = [];
  for (const { id, path } of collectIds(data, [])) {
    const first = seen.get(id);
    if (!first) {
      seen.set(id, path);
      continue;
    }
    const { line, column } = locate(source, [...path, 'id']);
    const firstAt = locate(source, [...first, 'id']);
    diagnostics.push(
      makeDiagnostic({
        code: 'role/duplicate-id',
        file: source.file,
        line,
        column,
        path: formatPath([...path, 'id']),
        message: `id \`${id}\` is already used at line ${firstAt.line}`,
        hint: 'ids identify one clause or section each: rename one of them',
        sourceLine: sourceLineAt(source, line),
      }),
    );
  }
  return diagnostics;
};

function* collectIds(value: unknown, path: DataPath): Generator<{ id: string; path: DataPath }> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* collectIds(item, [...path, index]);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'string') yield { id: record.id, path };
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'id') yield* collectIds(child, [...path, key]);
  }
}

export const RULES: readonly Rule[] = [uniqueIds];

export function runRules(data: Record<string, unknown>, source: SourceFile): Diagnostic[] {
  return RULES.flatMap((rule) => rule(data, source));
}

/** `["duties", 2, "text"]` → `duties[2].text`, the way people read data paths. */
export function formatPath(path: DataPath): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out ? `${out}.${segment}` : segment;
  }, '');
}
