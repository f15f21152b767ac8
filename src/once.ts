/*
 * Lazily made constants. jdgen keeps no mutable state in its modules (see
 * context.ts); what remains at module level is made once, on first use, and
 * never changes after: modules loaded on demand (yaml, chalk, ajv) and what
 * is derived from jdgen's own installed files (compiled schemas, the
 * precompiled bundled data). None of it depends on a caller's input, so two
 * calls can never see each other's data through it.
 */

/** A value made by `make` on first use, then the same value for ever. */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** A value loaded asynchronously on first use; `get` gives it once loaded (undefined before). */
export function onceAsync<T>(load: () => Promise<T>): { load(): Promise<T>; get(): T | undefined } {
  let loaded: { value: T } | undefined;
  const loading = once(() => load().then((value) => (loaded = { value }).value));
  return { load: loading, get: () => loaded?.value };
}
