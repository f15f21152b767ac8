import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { DataPath } from '../load/source.js';
import type { Locator } from './locator.js';

/**
 * Semantic rules that JSON Schema cannot express. Each rule is a small
 * function from the raw data to diagnostics; none of them throws.
 */
type Rule = (data: Record<string, unknown>, locator: Locator) => Diagnostic[];

/** Clause and section ids must be unique in a file: reviewers follow clauses by them. */
const uniqueIds: Rule = (data, locator) => {
  const seen = new Map<string, DataPath>();
  const diagnostics: Diagnostic[] = [];
  for (const { id, path } of collectIds(data, [])) {
    const first = seen.get(id);
    if (!first) {
      seen.set(id, path);
      continue;
    }
    const here = locator([...path, 'id']);
    const firstAt = locator([...first, 'id']);
    diagnostics.push(
      makeDiagnostic({
        code: 'role/duplicate-id',
        ...here,
        path: formatPath([...path, 'id']),
        message: `id \`${id}\` is already used at ${firstAt.file === here.file ? `line ${firstAt.line}` : `${firstAt.file}:${firstAt.line}`}`,
        hint: 'ids identify one clause or section each: rename one of them',
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

export function runRules(data: Record<string, unknown>, locator: Locator): Diagnostic[] {
  return RULES.flatMap((rule) => rule(data, locator));
}

/** `["duties", 2, "text"]` → `duties[2].text`, the way people read data paths. */
export function formatPath(path: DataPath): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out ? `${out}.${segment}` : segment;
  }, '');
}
