import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';

/**
 * The dictionary that turns ajv's terse errors into sentences a person can
 * act on (after RenderCV's error dictionary). One entry per JSON Schema
 * keyword; anything not listed falls back to ajv's own message.
 */
export interface HumanMessage {
  message: string;
  hint?: string;
  /** Point at the offending key rather than its value (unknown keys). */
  atKey?: string;
}

type Explain = (error: ErrorObject) => HumanMessage;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'a mapping (key: value)',
  boolean: 'true or false',
  null: 'nothing',
};

/** Describes a value the way a YAML author thinks of it. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value === '' ? 'empty text' : `text "${truncate(value)}"`;
  if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a decimal number';
  return `${typeof value} ${String(value)}`;
}

/** Suggests the nearest allowed word, or nothing when none is close enough to be a typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word.toLowerCase(), [...candidates]);
  // One edit for short words, more for long ones: "xx" must not suggest "az".
  const limit = Math.max(1, Math.floor(best.length / 4));
  return distance(word.toLowerCase(), best) <= limit ? best : undefined;
}

const explainers: Record<string, Explain> = {
  type: (e) => {
    const expected = typeof e.parentSchema?.title === 'string' ? e.parentSchema.title : expectedTypes(e.params.type);
    return { message: `expected ${expected}, got ${describeValue(e.data)}` };
  },
  required: (e) => {
    const key = String(e.params.missingProperty);
    return { message: `missing required key \`${key}\``, hint: propertyHint(e, key) };
  },
  additionalProperties: (e) => {
    const key = String(e.params.additionalProperty);
    const allowed = Object.keys((e.parentSchema?.properties ?? {}) as object);
    const guess = didYouMean(key, allowed);
    return {
      message: `unknown key \`${key}\``,
      hint: guess ? `did you mean \`${guess}\`?` : `allowed keys here: ${allowed.join(', ')}`,
      atKey: key,
    };
  },
  const: (e) => ({
    message: `expected ${JSON.stringify(e.params.allowedValue)}, got ${JSON.stringify(e.data)}`,
    hint: e.instancePath === '/jdgen' ? 'this version of jdgen reads role format version 1: write `jdgen: 1`' : undefined,
  }),
  enum: (e) => {
    const allowed = (e.params.allowedValues as unknown[]).map(String);
    const guess = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
    return {
      message: `expected one of ${allowed.join(', ')}, got ${describeValue(e.data)}`,
      hint: guess ? `did you mean \`${guess}\`?` : undefined,
    };
  },
  format: (e) => ({
    message: `expected ${e.params.format === 'date' ? 'a real date written as YYYY-MM-DD' : `a ${e.params.format}`}, got ${describeValue(e.data)}`,
    hint: e.params.format === 'date' ? 'for example `2026-11-02`' : undefined,
  }),
  minLength: () => ({ message: 'must not be empty' }),
  minItems: (e) => ({ message: `must not be an empty list (expected ${String(e.parentSchema?.title ?? 'at least one item')})` }),
  minProperties: () => ({ message: 'must not be empty', hint: 'give at least one of its keys, or remove it' }),
  minimum: (e) => ({ message: `expected a number of at least ${String(e.params.limit)}, got ${String(e.data)}` }),
  maximum: (e) => ({ message: `expected a number of at most ${String(e.params.limit)}, got ${String(e.data)}` }),
  pattern: (e) =>
    e.parentSchema?.format === 'date'
      ? {
          message: `expected ${String(e.parentSchema.title)}, got ${describeValue(e.data)}`,
          hint: 'the documents print years of four digits, from 1000 to 9999',
        }
      : {
          message: `${describeValue(e.data)} is not in the expected form`,
          hint: typeof e.parentSchema?.description === 'string' ? e.parentSchema.description : undefined,
        },
  // The size limits (see the README's "Limits and safety"): each message names the limit and the size found.
  maxLength: (e) => ({
    message: `too long: at most ${count(e.params.limit)} characters, this has ${count(typeof e.data === 'string' ? codePoints(e.data) : 0)}`,
    hint: 'shorten the text; a long passage belongs in clauses of its own',
  }),
  maxItems: (e) => ({
    message: `too many items: at most ${count(e.params.limit)}, this list has ${count(Array.isArray(e.data) ? e.data.length : 0)}`,
    hint: 'split the list, or check that it is not repeated by mistake',
  }),
  maxProperties: (e) => ({
    message: `too many entries: at most ${count(e.params.limit)}, this has ${count(e.data !== null && typeof e.data === 'object' ? Object.keys(e.data).length : 0)}`,
    hint: 'split the mapping into several files',
  }),
  // Only the clause depth limit uses `not` (schemas/role.schema.json, $defs/tooDeep).
  not: (e) => ({
    message: `${typeof e.parentSchema?.title === 'string' ? e.parentSchema.title : 'not allowed here'}: these items would be level ${clauseLevel(e.instancePath) + 1}`,
    hint: "move the deepest clauses up a level, or make them part of their parent clause's text",
  }),
};

/** 20480 → "20,480": limits and sizes read at a glance. */
function count(value: unknown): string {
  return Number(value).toLocaleString('en-US');
}

/** Characters as JSON Schema counts them (code points, not UTF-16 units). */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    n++;
  }
  return n;
}

/** The level of the clause that owns `items` at this path: one more than the `items` above it. */
function clauseLevel(instancePath: string): number {
  const segments = instancePath.split('/');
  // `items` followed by an index, or the failing `items` itself (a library clause may be named "items").
  return segments.filter((segment, i) => segment === 'items' && (i === segments.length - 1 || /^\d+$/.test(segments[i + 1]!))).length;
}

export function explain(error: ErrorObject): HumanMessage {
  const explainer = explainers[error.keyword];
  return explainer ? explainer(error) : { message: error.message ?? `fails the schema rule "${error.keyword}"` };
}

/** "expected a clause (text or {text, items}), got a number" for a failed anyOf. */
export function explainAlternatives(error: ErrorObject): HumanMessage {
  const expected = typeof error.parentSchema?.title === 'string' ? error.parentSchema.title : 'a different kind of value';
  return { message: `expected ${expected}, got ${describeValue(error.data)}` };
}

function expectedTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

function propertyHint(error: ErrorObject, key: string): string | undefined {
  const properties = (error.parentSchema?.properties ?? {}) as Record<string, { description?: string }>;
  const description = properties[key]?.description;
  return description ? `\`${key}\`: ${description}` : undefined;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
