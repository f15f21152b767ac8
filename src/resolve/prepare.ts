import type { SourceRef } from '../diagnostics.js';
import type { DataPath, SourceFile } from '../load/source.js';
import { didYouMean } from '../validate/messages.js';
import { diagnosticAt, refAt, shown, type Origin, type ResolveContext } from './context.js';
import { loadLibrary, type Library } from './library.js';
import { resolveReference } from './paths.js';

/**
 * Brings one file's clause lists into one shape before merging: every clause
 * becomes a `{ text, items, id? }` object whose origin (file, path, chain of
 * references) is remembered, and every `use:` is replaced by a copy of the
 * library clause it names.
 */
export interface ClauseObject {
  text: string;
  /** Present only when non-empty, as the schema wants it. */
  items?: ClauseObject[];
  id?: string;
}

export interface PrepareContext extends ResolveContext {
  libraries: Map<string, Promise<Library | undefined>>;
}

/** Where in which file a value sits, and the absolute path of that file (references resolve from it). */
interface Place {
  source: SourceFile;
  file: string;
  path: DataPath;
  includedFrom: SourceRef[];
  /** `library#name` keys being expanded, to stop a library that uses itself. */
  using: string[];
}

const CLAUSE_LIST_KEYS = ['general_provisions', 'duties', 'rights', 'responsibility', 'relationships'] as const;
const QUALIFICATION_GROUPS = ['education', 'experience', 'knowledge', 'skills', 'qualities'] as const;
const MAX_USE_DEPTH = 16;

/** Normalises a role or base file's data in place of a copy; the original is left untouched. */
export async function prepareRoleData(ctx: PrepareContext, data: Record<string, unknown>, at: Omit<Place, 'path' | 'using'>): Promise<Record<string, unknown>> {
  const place = (path: DataPath): Place => ({ ...at, path, using: [] });
  const out: Record<string, unknown> = { ...data };
  for (const key of CLAUSE_LIST_KEYS) {
    if (data[key] !== undefined) out[key] = await prepareList(ctx, data[key], place([key]));
  }
  if (data.qualifications !== undefined) out.qualifications = await prepareQualifications(ctx, data.qualifications, place(['qualifications']));
  if (data.sections !== undefined) out.sections = await prepareSections(ctx, data.sections, place(['sections']));
  return out;
}

async function prepareQualifications(ctx: PrepareContext, value: unknown, at: Place): Promise<unknown> {
  if (Array.isArray(value) || isListEdit(value)) return prepareList(ctx, value, at);
  const groups = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of QUALIFICATION_GROUPS) {
    const group = groups[key];
    if (group === undefined) continue;
    const here = { ...at, path: [...at.path, key] };
    const prepared = Array.isArray(group) || isListEdit(group) ? await prepareList(ctx, group, here) : await prepareClause(ctx, group, here);
    // A single clause that could not be taken from its library is already reported: leave the group out.
    if (prepared !== undefined) out[key] = prepared;
  }
  return out;
}

async function prepareSections(ctx: PrepareContext, value: unknown, at: Place): Promise<unknown> {
  const prepareSection = async (section: Record<string, unknown>, path: DataPath) => {
    const out = { ...section, clauses: await prepareList(ctx, section.clauses, { ...at, path: [...path, 'clauses'] }) };
    ctx.origins.set(out, originOf({ ...at, path }));
    return out;
  };
  // One section after another, never in parallel: diagnostics come out in the same order every run.
  const inOrder = async (list: unknown[], path: DataPath) => {
    const out = [];
    for (const [i, s] of list.entries()) out.push(await prepareSection(s as Record<string, unknown>, [...path, i]));
    return out;
  };
  if (Array.isArray(value)) return inOrder(value, at.path);
  const edit = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...edit };
  for (const side of ['prepend', 'append'] as const) {
    const list = edit[side];
    if (Array.isArray(list)) out[side] = await inOrder(list, [...at.path, side]);
  }
  ctx.origins.set(out, originOf(at));
  return out;
}

/** A clause list, or a `{ prepend, append, remove }` edit of an inherited one. */
async function prepareList(ctx: PrepareContext, value: unknown, at: Place): Promise<unknown> {
  if (Array.isArray(value)) return prepareItems(ctx, value, at);
  const edit = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...edit };
  for (const side of ['prepend', 'append'] as const) {
    if (Array.isArray(edit[side])) out[side] = await prepareItems(ctx, edit[side] as unknown[], { ...at, path: [...at.path, side] });
  }
  ctx.origins.set(out, originOf(at));
  return out;
}

async function prepareItems(ctx: PrepareContext, items: unknown[], at: Place): Promise<ClauseObject[]> {
  const out: ClauseObject[] = [];
  for (const [index, item] of items.entries()) {
    const clause = await prepareClause(ctx, item, { ...at, path: [...at.path, index] });
    if (clause) out.push(clause);
  }
  return out;
}

async function prepareClause(ctx: PrepareContext, raw: unknown, at: Place): Promise<ClauseObject | undefined> {
  if (typeof raw === 'string') return remember(ctx, { text: raw }, at);
  const record = raw as { text?: string; items?: unknown[]; id?: string; use?: string };
  if (typeof record.use === 'string') return useClause(ctx, record.use, { ...at, path: [...at.path, 'use'] });
  const items = Array.isArray(record.items) ? await prepareItems(ctx, record.items, { ...at, path: [...at.path, 'items'] }) : [];
  return remember(ctx, { text: record.text ?? '', ...(items.length ? { items } : {}), ...(record.id ? { id: record.id } : {}) }, at);
}

function remember(ctx: PrepareContext, clause: ClauseObject, at: Place): ClauseObject {
  ctx.origins.set(clause, originOf(at));
  return clause;
}

/** `clauses/common.yaml#confidentiality`: a fresh copy of that library clause, keeping its id. */
async function useClause(ctx: PrepareContext, reference: string, at: Place): Promise<ClauseObject | undefined> {
  const hash = reference.lastIndexOf('#');
  const [file, name] = [reference.slice(0, hash), reference.slice(hash + 1)];
  const origin = originOf(at);
  const target = await resolveReference(ctx.sources, at.file, file, ctx.boundary);
  if (!target.ok) return fail(ctx, origin, 'resolve/use', target.message, target.hint);
  const key = `${target.path}#${name}`;
  if (at.using.includes(key))
    return fail(ctx, origin, 'resolve/use-cycle', `\`${reference}\` uses itself`, `chain: ${[...at.using, key].map((k) => shown(ctx, k)).join(' → ')}`);
  if (at.using.length >= MAX_USE_DEPTH) return fail(ctx, origin, 'resolve/use-depth', `library clauses nest deeper than ${MAX_USE_DEPTH} uses`, undefined);
  const includedFrom = [refAt(origin), ...at.includedFrom];
  const library = await loadLibrary(ctx, target.path, includedFrom);
  if (!library) return undefined;
  if (!Object.hasOwn(library.clauses, name)) {
    const names = Object.keys(library.clauses);
    const guess = didYouMean(name, names);
    return fail(ctx, origin, 'resolve/use-name', `\`${file}\` has no clause \`${name}\``, guess ? `did you mean \`${guess}\`?` : `it has: ${names.join(', ')}`);
  }
  const place: Place = { source: library.source, file: target.path, path: ['clauses', name], includedFrom, using: [...at.using, key] };
  const clause = await prepareClause(ctx, library.clauses[name], place);
  if (clause && !clause.id) clause.id = name;
  return clause;
}

function fail(ctx: PrepareContext, origin: Origin, code: string, message: string, hint: string | undefined): undefined {
  ctx.diagnostics.push(diagnosticAt(origin, { code, message, ...(hint ? { hint } : {}) }));
  return undefined;
}

function originOf(at: Place): Origin {
  return { source: at.source, path: at.path, includedFrom: at.includedFrom };
}

/** `{ append, prepend, remove }`: an edit of an inherited list rather than a list of its own. */
export function isListEdit(value: unknown): value is { prepend?: unknown[]; append?: unknown[]; remove?: string[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'append' || k === 'prepend' || k === 'remove');
}
