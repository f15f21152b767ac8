import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { DataPath } from '../load/source.js';
import { pathOf, walkData, type Place } from '../load/walk.js';
import type { Locator } from './locator.js';
import { BASE_THEME } from '../theme/theme.js';

/**
 * Semantic rules that JSON Schema cannot express. Each rule is a small
 * function from the raw data to diagnostics; none of them throws.
 */
type Rule = (data: Record<string, unknown>, locator: Locator) => Diagnostic[];

/** Clause and section ids must be unique in a file: reviewers follow clauses by them. */
const uniqueIds: Rule = (data, locator) => {
  const seen = new Map<string, Place | undefined>();
  const diagnostics: Diagnostic[] = [];
  walkData(data, (value, place) => {
    if (place?.key === 'id') return false;
    const id = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).id : undefined;
    if (typeof id !== 'string') return true;
    if (seen.has(id)) diagnostics.push(duplicateId(locator, id, pathOf(place), pathOf(seen.get(id))));
    else seen.set(id, place);
    return true;
  });
  return diagnostics;
};

function duplicateId(locator: Locator, id: string, path: DataPath, first: DataPath): Diagnostic {
  const here = locator([...path, 'id']);
  const firstAt = locator([...first, 'id']);
  return makeDiagnostic({
    code: 'role/duplicate-id',
    ...here,
    path: formatPath([...path, 'id']),
    message: `id \`${id}\` is already used at ${firstAt.file === here.file ? `line ${firstAt.line}` : `${firstAt.file}:${firstAt.line}`}`,
    hint: 'ids identify one clause or section each: rename one of them',
  });
}

/*
 * Text left unfinished: TODO, TBD, FIXME or XXX as words (upper case, so
 * ordinary prose is not caught), an ellipsis standing on its own ("checks
 * ..."; "and so on..." is prose), or a bracketed blank ("[…]", "[NAME]",
 * "[insert date]"). A warning while the document is a draft; an error once
 * `document.status` is `approved`, as such a text must not be signed.
 */
export const UNFINISHED =
  /(?<![\p{L}\p{N}_])(?:TODO|TBD|FIXME|XXX)(?![\p{L}\p{N}_])|(?<![^\s([{«"'„“])(?:\.{3,}|…)|\[\s*(?:\.{2,}|…|_+|\p{Lu}[\p{Lu}\p{N} _-]*|(?:insert|enter|add)\b[^\]\n]{0,40})\s*\]/u;

/** Keys whose values are not text a reader sees (or are checked for their form already). */
const NOT_TEXT = new Set(['id', 'logo', 'locale', 'date', 'jdgen', 'use', 'extends', 'templates']);

/**
 * Run on the role as it will be rendered (validateRoleData), not with RULES
 * on each file as well: a standalone file is both, and would warn twice.
 */
export const unfinishedText: Rule = (data, locator) => {
  const document = data.document;
  const approved = document !== null && typeof document === 'object' && (document as Record<string, unknown>).status === 'approved';
  const diagnostics: Diagnostic[] = [];
  walkData(data, (value, place) => {
    if (typeof place?.key === 'string' && NOT_TEXT.has(place.key)) return false;
    const found = typeof value === 'string' ? UNFINISHED.exec(value) : null;
    if (found) diagnostics.push(unfinishedDiagnostic(locator, pathOf(place), found[0], approved));
    return true;
  });
  return diagnostics;
};

function unfinishedDiagnostic(locator: Locator, path: DataPath, placeholder: string, approved: boolean): Diagnostic {
  const at = locator(path);
  // Pointed at where the placeholder is written when it is on the value's first line.
  const raw = at.sourceLine.indexOf(placeholder, at.column - 1);
  return makeDiagnostic({
    severity: approved ? 'error' : 'warning',
    code: 'text/unfinished',
    ...at,
    column: raw >= 0 ? raw + 1 : at.column,
    path: formatPath(path),
    message: approved ? `\`${placeholder}\` left in the text of an approved document` : `\`${placeholder}\` left in the text: it is unfinished`,
    hint: approved
      ? 'write the final text, or set `document.status` back to draft until it is written'
      : 'write the final text before the document is approved (with `document.status: approved` this is an error)',
  });
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

/*
 * Clauses nested deeper than the layout indents (theme.clause.maxIndentLevel,
 * level 1 being "3.2"): both writers keep such a clause's number where the
 * deepest indenting level puts its number and start the text after it, so
 * nothing overlaps, but the outline no longer shows the nesting. A warning
 * at the first clause past the limit of each list, so the author can flatten
 * it or split the clause.
 */
const CLAUSE_LISTS = ['general_provisions', 'duties', 'rights', 'responsibility', 'relationships'] as const;

export const deepNesting: Rule = (data, locator) => {
  const limit = BASE_THEME.clause.maxIndentLevel;
  const diagnostics: Diagnostic[] = [];
  /** A clause at `path` of nesting `level`, and its items. */
  const visit = (clause: unknown, path: DataPath, level: number): void => {
    if (clause === null || typeof clause !== 'object') return;
    const items = (clause as Record<string, unknown>).items;
    if (!Array.isArray(items) || items.length === 0) return;
    const first: DataPath = [...path, 'items', 0];
    if (level + 1 <= limit) {
      walk(items, [...path, 'items'], level + 1);
      return;
    }
    diagnostics.push(
      makeDiagnostic({
        severity: 'warning',
        code: 'layout/deep-nesting',
        ...locator(first),
        path: formatPath(first),
        message: `clauses nested ${level + 1} levels deep: the layout indents ${limit} levels, so these stand at the indent of level ${limit}`,
        hint: `keep clauses within ${limit} levels (e.g. 3.2.1.4.5): make the nested items clauses of their own, or join them into their parent`,
      }),
    );
  };
  const walk = (list: unknown, path: DataPath, level: number): void => {
    if (Array.isArray(list)) list.forEach((clause, index) => visit(clause, [...path, index], level));
  };
  for (const key of CLAUSE_LISTS) walk(data[key], [key], 1);
  if (Array.isArray(data.sections))
    data.sections.forEach((section, i) => walk((section as Record<string, unknown> | null)?.clauses, ['sections', i, 'clauses'], 1));
  const q = data.qualifications;
  if (Array.isArray(q)) walk(q, ['qualifications'], 1);
  else if (q !== null && typeof q === 'object') {
    // A group of several clauses prints its label as a clause and the clauses one level under it.
    for (const [key, group] of Object.entries(q)) {
      if (Array.isArray(group)) walk(group, ['qualifications', key], group.length > 1 ? 2 : 1);
      else visit(group, ['qualifications', key], 1);
    }
  }
  return diagnostics;
};
