import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';

/** A YAML file parsed with enough bookkeeping to point at any value in it. */
export interface SourceFile {
  /** The path as the user gave it (relative paths stay relative in messages). */
  file: string;
  /** The text after BOM removal and NFC normalisation: positions refer to it. */
  text: string;
  /** yaml's reading of the text, with the position of every node. */
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

type YamlModule = typeof import('yaml');
let yamlLoaded: YamlModule | undefined;

/**
 * The `yaml` package, loaded when first needed: most runs read only
 * well-formed files (quick-yaml.ts) and never ask for a position, so a cold
 * `jdgen validate` does not pay for loading it.
 */
export function yamlModule(): YamlModule {
  yamlLoaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlLoaded;
}

/** Options of every reading with positions: the same errors wherever the text is read. */
const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: true, strict: true } as const;

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
      parsed = { document: yaml.parseDocument(text, { lineCounter, ...PARSE_OPTIONS }), lineCounter };
    }
    return parsed;
  };
  return {
    file,
    text,
    get document() {
      return parse().document;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
  };
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
    const { isMap, isPair, isScalar } = yamlModule();
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
  const { isMap, isSeq } = yamlModule();
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
