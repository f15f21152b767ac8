import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';

/** A YAML file parsed with enough bookkeeping to point at any value in it. */
export interface SourceFile {
  /** The path as the user gave it (relative paths stay relative in messages). */
  file: string;
  /** The text after BOM removal and NFC normalisation: positions refer to it. */
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

export interface Position {
  line: number;
  column: number;
}

export type DataPath = ReadonlyArray<string | number>;

/** 1-based line and column of a character offset. */
export function positionAt(source: SourceFile, offset: number): Position {
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

/** The full text of a 1-based line, for showing under a message. */
export function sourceLineAt(source: SourceFile, line: number): string {
  return source.text.split(/\r?\n/)[line - 1] ?? '';
}

/**
 * Finds where a data path lives in the YAML. Walks as deep as the document
 * goes, so a missing key points at its nearest existing parent. With
 * `key: true` the last segment's key is returned instead of its value
 * (what you want for "unknown key" messages).
 */
export function locate(source: SourceFile, path: DataPath, options: { key?: boolean } = {}): Position {
  let node: unknown = source.document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (options.key && last && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      const keyStart = pair ? rangeStart(pair.key) : undefined;
      if (keyStart !== undefined) offset = keyStart;
      break;
    }
    const child = childOf(node, segment);
    const start = rangeStart(child);
    if (child === undefined || start === undefined) break;
    node = child;
    offset = start;
  }
  return positionAt(source, offset);
}

function childOf(node: unknown, segment: string | number): unknown {
  if (isMap(node)) return node.get(String(segment), true);
  if (isSeq(node) && typeof segment === 'number') return node.get(segment, true);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

/** The [start, end) offsets of the node at exactly this path, or undefined when the path is not in the file. */
export function nodeRange(source: SourceFile, path: DataPath): [number, number] | undefined {
  let node: unknown = source.document.contents;
  for (const segment of path) {
    node = childOf(node, segment);
    if (node === undefined) return undefined;
  }
  const range = (node as Node | undefined)?.range;
  return Array.isArray(range) ? [range[0], range[1]] : undefined;
}
