import { diagnosticAt, type ResolveContext } from './context.js';
import { isListEdit } from './prepare.js';

/**
 * The merge rules, applied from the most general layer (config defaults) to
 * the role itself:
 * - maps merge key by key; a scalar or a list replaces the inherited value;
 * - `{ prepend, append, remove }` edits the inherited list: `remove` drops
 *   items by id, and a prepended or appended item whose id matches an
 *   inherited item replaces it in place (a section replaced this way merges
 *   its clauses by the same rules);
 * - clauses and sections are whole values: their keys are never merged one by one.
 */
export function mergeLayers(ctx: ResolveContext, layers: Array<Record<string, unknown>>): Record<string, unknown> {
  const merged = layers.reduce<unknown>((inherited, own) => mergeValue(ctx, inherited, own), {}) as Record<string, unknown>;
  return finalize(ctx, merged) as Record<string, unknown>;
}

function mergeValue(ctx: ResolveContext, inherited: unknown, own: unknown): unknown {
  if (own === undefined) return inherited;
  if (isListEdit(own)) {
    if (inherited === undefined || Array.isArray(inherited)) return applyEdit(ctx, (inherited as unknown[] | undefined) ?? [], own);
    ctx.diagnostics.push(editOfNonList(ctx, own));
    return inherited;
  }
  if (isMergeableMap(ctx, inherited) && isMergeableMap(ctx, own)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(inherited), ...Object.keys(own)])) {
      // defineProperty: a key named "__proto__" stays plain data, never a prototype.
      Object.defineProperty(out, key, { value: mergeValue(ctx, inherited[key], own[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return own;
}

function isMergeableMap(ctx: ResolveContext, value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ctx.origins.has(value) && !isListEdit(value);
}

type Edit = { prepend?: unknown[]; append?: unknown[]; remove?: string[] };

function applyEdit(ctx: ResolveContext, inherited: unknown[], edit: Edit): unknown[] {
  const origin = ctx.origins.get(edit);
  const removed = new Set(edit.remove ?? []);
  for (const [index, id] of (edit.remove ?? []).entries()) {
    if (!inherited.some((item) => idOf(item) === id) && origin) {
      ctx.diagnostics.push(
        diagnosticAt(
          { ...origin, path: [...origin.path, 'remove', index] },
          {
            code: 'merge/remove-unknown',
            message: `no inherited item has the id \`${id}\``,
            hint: `inherited ids here: ${inherited.map(idOf).filter(Boolean).join(', ') || '(none)'}`,
          },
        ),
      );
    }
  }
  const list = inherited.filter((item) => !removed.has(idOf(item) ?? ''));
  const placeOrKeep = (items: unknown[] = []): unknown[] =>
    items.filter((item) => {
      const at = list.findIndex((old) => idOf(old) !== undefined && idOf(old) === idOf(item));
      if (at === -1) return true;
      list[at] = replaceItem(ctx, list[at], item);
      return false;
    });
  const prepended = placeOrKeep(edit.prepend);
  const appended = placeOrKeep(edit.append);
  return [...prepended, ...list, ...appended];
}

/** A section replaced by id keeps the inherited clauses it does not edit. */
function replaceItem(ctx: ResolveContext, old: unknown, item: unknown): unknown {
  const isSection = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && 'clauses' in v;
  if (!isSection(old) || !isSection(item)) return item;
  const merged = { ...old, ...item, clauses: mergeValue(ctx, old.clauses, item.clauses) };
  const origin = ctx.origins.get(item);
  if (origin) ctx.origins.set(merged, origin);
  return merged;
}

function idOf(item: unknown): string | undefined {
  return item !== null && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : undefined;
}

/** Edits left where nothing was inherited (a new section's clauses) become plain lists. */
function finalize(ctx: ResolveContext, value: unknown): unknown {
  if (isListEdit(value)) return finalize(ctx, applyEdit(ctx, [], value));
  if (Array.isArray(value)) return value.map((item) => finalize(ctx, item));
  if (value !== null && typeof value === 'object' && 'clauses' in value) {
    const section = value as Record<string, unknown>;
    const out = { ...section, clauses: finalize(ctx, section.clauses) };
    const origin = ctx.origins.get(section);
    if (origin) ctx.origins.set(out, origin);
    return out;
  }
  if (value !== null && typeof value === 'object' && !ctx.origins.has(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: finalize(ctx, child), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function editOfNonList(ctx: ResolveContext, edit: Edit) {
  const origin = ctx.origins.get(edit);
  const fallback = ctx.files[0]!;
  return diagnosticAt(origin ?? { source: fallback.source, path: [], includedFrom: [] }, {
    code: 'merge/edit-non-list',
    message: '`append`, `prepend` and `remove` edit an inherited list, but what is inherited here is not a list',
    hint: 'write the value out in full instead',
  });
}
