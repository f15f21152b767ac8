import type { SourceRef } from '../diagnostics.js';
import { locate, nodeRange, sourceLineAt, type DataPath, type SourceFile } from '../load/source.js';

/** A place in a file, ready for a diagnostic. */
export interface Located {
  file: string;
  line: number;
  column: number;
  sourceLine: string;
  includedFrom?: SourceRef[];
}

/**
 * Finds where a value of the data under check was written. For a single file
 * that is a walk through its YAML; for a merged role (config, bases,
 * libraries) the value may come from another file, which the resolver knows.
 */
export type Locator = (path: DataPath, options?: { key?: boolean }) => Located;

export function fileLocator(source: SourceFile): Locator {
  return (path, options) => {
    const { line, column } = locate(source, path, options);
    return { file: source.file, line, column, sourceLine: sourceLineAt(source, line) };
  };
}

/** Where a value came from: a file, a path in it, and the references that led there. */
export interface ValueOrigin {
  source: SourceFile;
  path: DataPath;
  includedFrom: SourceRef[];
}

/**
 * For merged data: walks the path through the merged values; the deepest
 * value with a known origin decides the file, and the rest of the path is
 * followed inside that file. Values with no origin of their own (scalars the
 * role, a base or the config set) are placed in the most specific of `layers`
 * (role first, config last) that writes that key.
 */
export function mergedLocator(data: unknown, origins: WeakMap<object, ValueOrigin>, layers: readonly SourceFile[]): Locator {
  const fallback = layers[0]!;
  return (path, options) => {
    // A scalar has no origin of its own: the most specific file that writes this very key set it.
    const writer = layers.find((source) => nodeRange(source, path) !== undefined) ?? fallback;
    let origin: ValueOrigin = { source: writer, path: [], includedFrom: [] };
    let rest: DataPath = path;
    let node: unknown = data;
    for (const [i, segment] of path.entries()) {
      node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
      const known = node !== null && typeof node === 'object' ? origins.get(node) : undefined;
      if (known) {
        origin = known;
        rest = path.slice(i + 1);
      }
    }
    const { line, column } = locate(origin.source, [...origin.path, ...rest], options);
    return {
      file: origin.source.file,
      line,
      column,
      sourceLine: sourceLineAt(origin.source, line),
      ...(origin.includedFrom.length ? { includedFrom: origin.includedFrom } : {}),
    };
  };
}
