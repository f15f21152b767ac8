import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { clausesOf } from '../diff/clauses.js';
import { lintClauses } from '../lint/clauses.js';
import { compileRole, type CompileOptions } from '../pipeline.js';
import { locatorOf } from '../pipeline.js';

/** Where a shared file or clause ends up in one role: the numbers its clauses get there. */
export interface UseSite {
  file: string;
  /** Clause numbers as printed ("3.5."), in document order; empty when the role reads the file but none of its clauses stands in the role (a base giving only the header, a clause removed). */
  numbers: string[];
}

export interface UsesResult {
  /** The file named, and the clause after `#` if any. */
  target: { file: string; clause?: string };
  /** The roles that read the file (and, for a clause, use it), sorted by path. */
  roles: UseSite[];
  /** Roles that did not compile: their errors. */
  diagnostics: Diagnostic[];
}

/** `file.yaml#name` → the file and the clause name. */
export function parseTarget(target: string): { file: string; clause?: string } {
  const hash = target.lastIndexOf('#');
  return hash > 0 ? { file: target.slice(0, hash), clause: target.slice(hash + 1) } : { file: target };
}

/**
 * Which roles a base, a clause library or one library clause affects, and
 * the number the clauses get in each: what legal needs to see before a shared
 * text is changed. Each role is resolved and rendered as for a build.
 */
export async function findUses(
  context: Context,
  target: string,
  roles: ReadonlyArray<{ file: string; options: CompileOptions }>,
  cwd: string,
): Promise<UsesResult> {
  const parsed = parseTarget(target);
  const wanted = realPath(resolve(cwd, parsed.file));
  const sites: UseSite[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const role of roles) {
    const result = await compileRole(context, role.file, role.options);
    if (!result.model || !result.role || !result.resolution?.data || hasErrors(result.diagnostics)) {
      diagnostics.push(...result.diagnostics.filter((d) => d.severity === 'error'));
      continue;
    }
    const { resolution } = result;
    if (!resolution.files.some((f) => f.path === wanted)) continue;
    const locator = locatorOf(resolution);
    const shownFiles = new Map(resolution.files.map((f) => [f.source.file, f.path]));
    // The clauses written in the target (and for `#name`, that clause and its items).
    const fromTarget = lintClauses(resolution.data!, { locale: result.role.locale, foldDiacritics: false }).filter((clause) => {
      const at = locator(clause.path);
      return shownFiles.get(at.file) === wanted;
    });
    const data = resolution.data!;
    const chosen = parsed.clause ? fromTarget.filter((c) => underClause(data, c.path, parsed.clause!)) : fromTarget;
    if (parsed.clause && chosen.length === 0) continue;
    sites.push({
      file: role.file,
      numbers: numbersOf(
        result.model,
        chosen.map((c) => c.text),
      ),
    });
  }
  sites.sort((a, b) => a.file.localeCompare(b.file));
  return { target: parsed, roles: sites, diagnostics };
}

/** Whether the clause at `path` is the clause with this id, or nested in it. */
function underClause(data: Record<string, unknown>, path: ReadonlyArray<string | number>, id: string): boolean {
  let node: unknown = data;
  for (const segment of path) {
    node = (node as Record<string | number, unknown> | undefined)?.[segment];
    if (node !== null && typeof node === 'object' && (node as { id?: unknown }).id === id) return true;
  }
  return false;
}

/** The printed numbers of the model's clauses whose text is (or ends with, after a group label) one of these texts, in document order. */
function numbersOf(model: Parameters<typeof clausesOf>[0], texts: readonly string[]): string[] {
  const norm = (t: string) => t.replace(/\s+/g, ' ').trim();
  const wanted = texts.map(norm);
  return clausesOf(model)
    .filter((c) => wanted.some((t) => c.text === t || c.text.endsWith(` ${t}`)))
    .map((c) => c.number);
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
