import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { duplicateKeyErrors } from './duplicates.js';
import { LineIndex } from './lines.js';
import { lazyPackages } from '../lazy-packages.js';
import { once } from '../once.js';

/** A YAML file parsed with enough bookkeeping to point at any value in it. */
export interface SourceFile {
  /** The path as the user gave it (relative paths stay relative in messages). */
  file: string;
  /** The text after BOM removal and NFC normalisation: positions refer to it. */
  text: string;
  /** yaml's reading of the text, with the position of every node. */
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** Where each line starts, for positions and source lines (made on first use). */
  readonly lines: LineIndex;
  /**
   * The pair of each scalar key of a mapping, by key text: "unknown key"
   * messages for a mapping of 20,000 keys find each key without a scan.
   * Lives as long as this source, like the document it indexes.
   */
  pairOf(map: YAMLMap, key: string): Pair | undefined;
}

type YamlModule = typeof import('yaml');

/**
 * The `yaml` package, loaded when first needed: most runs read only
 * well-formed files (quick-yaml.ts) and never ask for a position, so a cold
 * `jdgen validate` does not pay for loading it.
 */
export const yamlModule: () => YamlModule = once(lazyPackages.yaml);

/**
 * Options of every reading with positions: the same errors wherever the text
 * is read. Duplicate keys are found by duplicateKeyErrors, in linear time.
 */
const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: true, strict: true } as const;

/**
 * A source whose yaml document and line counter are made on first use: a
 * file read quickly is parsed again, with positions, only when a diagnostic
 * needs to point into it.
 */
export function withPositions(file: string, text: string): SourceFile {
  let parsed: { document: Document.Parsed; lineCounter: LineCounter } | undefined;
  const parse = (): { document: Document.Parsed; lineCounter: LineCounter } => {
    if (!parsed) {
      const yaml = yamlModule();
      const lineCounter = new yaml.LineCounter();
      const document = yaml.parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
      // One by one: a spread of 100,000 errors would overflow the call stack.
      for (const error of duplicateKeyErrors(yaml, document, lineCounter)) document.errors.push(error);
      parsed = { document, lineCounter };
    }
    return parsed;
  };
  let lines: LineIndex | undefined;
  const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  return {
    file,
    text,
    get document() {
      return parse().document;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
    get lines() {
      lines ??= new LineIndex(text);
      return lines;
    },
    pairOf(map, key) {
      let index = keyIndexes.get(map);
      if (!index) {
        index = keyIndex(map);
        keyIndexes.set(map, index);
      }
      return index.get(key);
    },
  };
}

/** A mapping's pairs by scalar key text; the first pair wins, as in a scan. */
function keyIndex(map: YAMLMap): Map<string, Pair> {
  const { isPair, isScalar } = yamlModule();
  const index = new Map<string, Pair>();
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const key = String(item.key.value);
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}

export interface Position {
  line: number;
  column: number;
}

export type DataPath = ReadonlyArray<string | number>;

/** 1-based line and column of a character offset. */
export function positionAt(source: SourceFile, offset: number): Position {
  return source.lines.position(offset);
}

/** The full text of a 1-based line, for showing under a message. */
export function sourceLineAt(source: SourceFile, line: number): string {
  return source.lines.line(line);
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
    const { isMap } = yamlModule();
    if (options.key && last && isMap(node)) {
      const pair = source.pairOf(node, String(segment));
      const keyStart = pair ? rangeStart(pair.key) : undefined;
      if (keyStart !== undefined) offset = keyStart;
      break;
    }
    const child = childOf(source, node, segment);
    const start = rangeStart(child);
    if (child === undefined || start === undefined) break;
    node = child;
    offset = start;
  }
  return positionAt(source, offset);
}

function childOf(source: SourceFile, node: unknown, segment: string | number): unknown {
  const { isMap, isSeq } = yamlModule();
  if (isMap(node)) return source.pairOf(node, String(segment))?.value ?? undefined;
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
    node = childOf(source, node, segment);
    if (node === undefined) return undefined;
  }
  const range = (node as Node | undefined)?.range;
  return Array.isArray(range) ? [range[0], range[1]] : undefined;
}
