import type { DataPath } from './source.js';

/**
 * Where a value sits in data read from a file: its key (or index) under its
 * parent, and the parent's place; the top of the data has no place
 * (undefined). A walk makes one per value, and a path, an array, only for
 * the values a check reports (pathOf): copying the path at every step made
 * each walk allocate in proportion to the data's size times its depth, and
 * the walks of one role were about a tenth of what building its PDF
 * allocated.
 */
export interface Place {
  readonly parent: Place | undefined;
  readonly key: string | number;
  /** How many keys lead here from the top (the length of its path). */
  readonly depth: number;
}

/** The path of a place, from the top of the data. */
export function pathOf(place: Place | undefined): DataPath {
  const path: Array<string | number> = [];
  for (let at = place; at !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** The length of a place's path. */
export function depthOf(place: Place | undefined): number {
  return place?.depth ?? 0;
}

/** Sees one value of the data; returning false skips the value's children. */
export type Visit = (value: unknown, place: Place | undefined) => boolean | void;

/**
 * Visits every value of plain data (parsed YAML: objects, arrays, scalars)
 * in document order, a value before its children, the keys of an object in
 * their order. Without recursion: a file shapes the data, and can nest it
 * as deep as it likes (the load stage refuses it past MAX_NESTING, found by
 * this very walk).
 */
export function walkData(data: unknown, visit: Visit): void {
  const stack: Array<{ value: unknown; place: Place | undefined }> = [{ value: data, place: undefined }];
  while (stack.length > 0) {
    const { value, place } = stack.pop()!;
    if (visit(value, place) === false || value === null || typeof value !== 'object') continue;
    const depth = depthOf(place) + 1;
    // Pushed last to first, so that they are visited first to last.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], place: { parent: place, key: i, depth } });
    } else {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: record[keys[i]!], place: { parent: place, key: keys[i]!, depth } });
    }
  }
}
