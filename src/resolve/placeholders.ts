import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import { nodeRange, positionAt, sourceLineAt } from '../load/source.js';
import { didYouMean } from '../validate/messages.js';
import { formatPath } from '../validate/rules.js';
import type { Origin, ResolveContext } from './context.js';
import type { ClauseObject } from './prepare.js';

/**
 * `{{position.title}}` in clause text and section titles, filled from the
 * resolved role. Only data lookups: a dotted path of the role's own keys
 * (list items by index), ending at text or a number. Nothing is evaluated,
 * and nothing outside the role data — not even an object's prototype — is
 * reachable.
 */
// Every run of two or more braces: `{{{x}}}` (Handlebars' unescaped output) is one
// placeholder jdgen refuses, not `{` + `{{x}}` + `}`.
const PLACEHOLDER = /(\{{2,})\s*([^{}]*?)\s*(\}{2,})/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

export function fillPlaceholders(ctx: ResolveContext, role: Record<string, unknown>): Record<string, unknown> {
  const fillText = (text: string, origin: Origin | undefined, textKey: boolean): string =>
    text.replace(PLACEHOLDER, (whole, open: string, expression: string, close: string) => {
      const result: string | LookupFailure = open.length === 2 && close.length === 2 ? lookup(role, expression) : { problem: 'syntax' };
      if (typeof result === 'string') return result;
      if (origin) ctx.diagnostics.push(placeholderDiagnostic(origin, textKey, whole, expression, result));
      return whole;
    });
  const fillClause = (clause: ClauseObject): ClauseObject => {
    const origin = ctx.origins.get(clause);
    const out = { ...clause, text: fillText(clause.text, origin, false), ...(clause.items ? { items: clause.items.map(fillClause) } : {}) };
    if (origin) ctx.origins.set(out, origin);
    return out;
  };
  return mapClauses(role, fillClause, (section, clauses) => {
    const origin = ctx.origins.get(section);
    const out = { ...section, title: fillText(String(section.title ?? ''), origin, true), clauses };
    // The filled section keeps its origin, so later problems in it still point at the file it came from.
    if (origin) ctx.origins.set(out, origin);
    return out;
  });
}

type LookupFailure = { problem: 'syntax' } | { problem: 'unknown'; missing: string; known: string[] } | { problem: 'not-text'; path: string };

function lookup(role: Record<string, unknown>, expression: string): string | LookupFailure {
  if (!PATH.test(expression)) return { problem: 'syntax' };
  let node: unknown = role;
  const segments = expression.split('.');
  for (const [i, segment] of segments.entries()) {
    const container = node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
    // Object.hasOwn: `constructor`, `__proto__` and other inherited names are never found;
    // a list is entered only by index, so its own `length` is no value either.
    if (!container || !Object.hasOwn(container, segment) || (Array.isArray(container) && !/^\d+$/.test(segment))) {
      return { problem: 'unknown', missing: segments.slice(0, i + 1).join('.'), known: container ? Object.keys(container) : [] };
    }
    node = container[segment];
  }
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  return { problem: 'not-text', path: expression };
}

function placeholderDiagnostic(origin: Origin, isTitle: boolean, whole: string, expression: string, failure: LookupFailure): Diagnostic {
  const path = isTitle ? [...origin.path, 'title'] : origin.path;
  const { line, column } = placeholderPosition(origin, path, whole);
  const base = {
    code: 'placeholder/unknown',
    file: origin.source.file,
    line,
    column,
    path: formatPath(path),
    sourceLine: sourceLineAt(origin.source, line),
    ...(origin.includedFrom.length ? { includedFrom: origin.includedFrom } : {}),
  };
  if (failure.problem === 'syntax') {
    return makeDiagnostic({
      ...base,
      code: 'placeholder/syntax',
      message: `\`${whole}\` is not a placeholder jdgen can fill`,
      hint: 'placeholders are data lookups in two braces, such as {{position.title}} or {{organization.name}}',
    });
  }
  if (failure.problem === 'not-text') {
    return makeDiagnostic({
      ...base,
      code: 'placeholder/not-text',
      message: `\`{{${expression}}}\` is not a single value`,
      hint: 'name a value with text, e.g. {{position.title}}',
    });
  }
  const last = failure.missing.split('.').pop()!;
  const guess = didYouMean(last, failure.known);
  return makeDiagnostic({
    ...base,
    message: `unknown placeholder \`{{${expression}}}\`: the role has no \`${failure.missing}\``,
    hint: guess
      ? `did you mean \`${failure.missing.replace(/[^.]+$/, guess)}\`?`
      : failure.known.length
        ? `available here: ${failure.known.join(', ')}`
        : 'placeholders name values of the resolved role (see `jdgen show`)',
  });
}

/** The placeholder's own line and column when it can be found in the source text, else the value's. */
function placeholderPosition(origin: Origin, path: Origin['path'], whole: string): { line: number; column: number } {
  const range = nodeRange(origin.source, path) ?? nodeRange(origin.source, [...path, 'text']);
  if (!range) return positionAt(origin.source, 0);
  const at = origin.source.text.slice(range[0], range[1]).indexOf(whole);
  return positionAt(origin.source, range[0] + Math.max(0, at));
}

/** Applies `fill` to every clause, and `section` to every section with its filled clauses, of a role. */
function mapClauses(
  role: Record<string, unknown>,
  fill: (clause: ClauseObject) => ClauseObject,
  section: (section: Record<string, unknown>, clauses: unknown) => Record<string, unknown>,
): Record<string, unknown> {
  const list = (value: unknown): unknown => (Array.isArray(value) ? value.map((c) => fill(c as ClauseObject)) : value);
  const out: Record<string, unknown> = { ...role };
  for (const key of ['general_provisions', 'duties', 'rights', 'responsibility', 'relationships']) out[key] = list(role[key]);
  const q = role.qualifications;
  if (Array.isArray(q)) out.qualifications = list(q);
  else if (q && typeof q === 'object') {
    out.qualifications = Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? list(v) : fill(v as ClauseObject)]));
  }
  if (Array.isArray(role.sections)) {
    out.sections = role.sections.map((s: Record<string, unknown>) => section(s, list(s.clauses)));
  }
  return out;
}
