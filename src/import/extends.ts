import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { show } from '../api.js';
import { UsageError } from '../diagnostics.js';
import { printable, shownPath } from '../env/printable.js';
import { yamlModule } from '../load/source.js';
import { findConfig } from '../resolve/config.js';
import { SECTION_KEYS } from './vocabulary.js';
import type { Context } from '../context.js';

/**
 * `jdgen import --extends base.yaml`: the imported role reduced to what
 * differs from the base (and from the jdgen.config.yaml above the output
 * folder), so a set of imported roles becomes a base and their differences.
 *
 * Registration details, the organisation and signatories are compared with
 * the values the base chain and the config give. Clause lists are compared
 * with the base's clauses as they resolve for this role (placeholders filled
 * with its title, library clauses taken in): the same → left to the base;
 * the base's clauses followed by more → `append:`; anything else → the
 * document's own list, which replaces the base's.
 */

type Data = Record<string, unknown>;

const LIST_KEYS = [...SECTION_KEYS, 'sections'] as const;
/** Keys a role always keeps: they say which document this is. */
const OWN = new Set(['document.number', 'document.date', 'position.title']);
const MAX_CHAIN = 20;

export async function differencesFrom(role: Data, base: string, target: string, options: { cwd: string; context?: Context | undefined }): Promise<Data> {
  if (!existsSync(base) || !/\.ya?ml$/i.test(base)) throw new UsageError(`--extends: no base role file ${printable(shownPath(options.cwd, base))}`);
  const inherited = inheritedRaw(base);
  const config = findConfig(target);
  const configData = config ? readRaw(config) : {};
  const given = (key: string): unknown => inherited[key] ?? configData[key];
  const out: Data = { jdgen: 1, extends: relative(dirname(target), base).split('\\').join('/') };
  if (role.locale !== (given('locale') ?? 'en')) out.locale = role.locale;
  for (const key of ['organization', 'document', 'position', 'approval', 'layout', 'familiarization'] as const) {
    const own = role[key];
    if (own === undefined) continue;
    const kept = withoutInherited(key, own as Data, given(key));
    if (kept !== undefined) out[key] = kept;
  }
  if (role.agreed_by !== undefined && !same(role.agreed_by, given('agreed_by'))) out.agreed_by = role.agreed_by;
  // The base's clauses as they resolve for this role: a probe with this role's own details and no clause lists of its own
  // (except those the base does not have, which this role must give).
  const probe: Data = { ...out };
  for (const key of LIST_KEYS) if (role[key] !== undefined && inherited[key] === undefined) probe[key] = role[key];
  const resolved = await show(
    { yaml: yamlModule().stringify(probe), name: target },
    { cwd: options.cwd, ...(options.context ? { context: options.context } : {}) },
  );
  const resolvedData = resolved.yaml ? ((yamlModule().parse(resolved.yaml) ?? {}) as Data) : undefined;
  for (const key of LIST_KEYS) {
    const own = role[key];
    if (own === undefined) continue;
    if (inherited[key] === undefined || !resolvedData) {
      out[key] = own;
      continue;
    }
    const reduced = listDifference(own, resolvedData[key]);
    if (reduced !== undefined) out[key] = reduced;
  }
  return out;
}

/** The data of a YAML file, or nothing when it cannot be read (the build that follows reports it). */
function readRaw(file: string): Data {
  try {
    const data = yamlModule().parse(readFileSync(file, 'utf8')) as unknown;
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Data) : {};
  } catch {
    return {};
  }
}

/** The base chain's own values, nearer bases first: what a role extending `base` inherits before the config. */
function inheritedRaw(base: string): Data {
  const chain: Data[] = [];
  const seen = new Set<string>();
  for (let file: string | undefined = resolve(base); file && !seen.has(file) && chain.length < MAX_CHAIN;) {
    seen.add(file);
    const data = readRaw(file);
    chain.push(data);
    file = typeof data.extends === 'string' ? resolve(dirname(file), data.extends) : undefined;
  }
  const merged: Data = {};
  for (const data of chain.reverse()) {
    for (const [key, value] of Object.entries(data)) {
      const before = merged[key];
      merged[key] = isObject(before) && isObject(value) && !LIST_KEYS.includes(key as never) ? { ...before, ...value } : value;
    }
  }
  return merged;
}

function isObject(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An object's fields without those the base or config already give the same; undefined when none is left. */
function withoutInherited(key: string, own: Data, inherited: unknown): Data | undefined {
  const base = isObject(inherited) ? inherited : {};
  const kept: Data = {};
  for (const [field, value] of Object.entries(own)) {
    if (OWN.has(`${key}.${field}`) || !same(value, base[field])) kept[field] = value;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Clauses as text trees: ids, library references and quoting left aside. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'string' || typeof value === 'number') return String(value).replace(/\s+/g, ' ').trim();
  if (isObject(value)) {
    if ('text' in value) {
      const items = value.items === undefined ? [] : (normalise(value.items) as unknown[]);
      return items.length > 0 ? { text: normalise(value.text), items } : normalise(value.text);
    }
    const out: Data = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'id') out[k] = normalise(v);
    return out;
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** Nothing when the lists are the same, `{ append }` when the own list continues the inherited one, else the own list. */
function listDifference(own: unknown, inherited: unknown): unknown {
  if (same(own, inherited)) return undefined;
  if (
    Array.isArray(own) &&
    Array.isArray(inherited) &&
    inherited.length > 0 &&
    own.length > inherited.length &&
    same(own.slice(0, inherited.length), inherited)
  ) {
    return { append: own.slice(inherited.length) };
  }
  return own;
}
