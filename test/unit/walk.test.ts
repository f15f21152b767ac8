import { describe, expect, it } from 'vitest';
import { depthOf, pathOf, walkData, type Place } from '../../src/load/walk.js';

/** Every value the walk visits, as its path and what it is. */
function visited(data: unknown, skip?: (value: unknown, place: Place | undefined) => boolean): string[] {
  const seen: string[] = [];
  walkData(data, (value, place) => {
    seen.push(`${pathOf(place).join('.') || '(top)'}=${typeof value === 'object' ? (Array.isArray(value) ? '[]' : '{}') : String(value)}`);
    return skip === undefined || !skip(value, place);
  });
  return seen;
}

describe('walkData', () => {
  it('visits every value in document order, a value before its children, keys in their order', () => {
    const data = { b: 1, a: [2, { c: 3, d: [4] }], e: 'five' };
    expect(visited(data)).toEqual(['(top)={}', 'b=1', 'a=[]', 'a.0=2', 'a.1={}', 'a.1.c=3', 'a.1.d=[]', 'a.1.d.0=4', 'e=five']);
  });

  it("skips a value's children when the visit returns false, and only those", () => {
    const data = { skip: { inner: 1 }, keep: { inner: 2 } };
    expect(visited(data, (_, place) => place?.key === 'skip')).toEqual(['(top)={}', 'skip={}', 'keep={}', 'keep.inner=2']);
  });

  it('gives each place its key, parent and depth', () => {
    const places: Array<Place | undefined> = [];
    walkData({ a: [{ b: 'x' }] }, (value, place) => {
      if (value === 'x') places.push(place);
    });
    const place = places[0];
    expect(place?.key).toBe('b');
    expect(place?.parent?.key).toBe(0);
    expect(place?.parent?.parent?.key).toBe('a');
    expect(place?.parent?.parent?.parent).toBeUndefined();
    expect(depthOf(place)).toBe(3);
    expect(depthOf(undefined)).toBe(0);
    expect(pathOf(place)).toEqual(['a', 0, 'b']);
    expect(pathOf(undefined)).toEqual([]);
  });

  it('walks data nested far deeper than the call stack allows', () => {
    let data: unknown = 'bottom';
    for (let i = 0; i < 200_000; i++) data = [data];
    let deepest = 0;
    walkData(data, (value, place) => {
      if (value === 'bottom') deepest = depthOf(place);
    });
    expect(deepest).toBe(200_000);
  });

  it('visits a value shared by two keys (a YAML alias) at each of them', () => {
    const shared = { x: 1 };
    expect(visited({ a: shared, b: shared })).toEqual(['(top)={}', 'a={}', 'a.x=1', 'b={}', 'b.x=1']);
  });
});
