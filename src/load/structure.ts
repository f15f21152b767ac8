import type { Document, Node } from 'yaml';
import type { DataPath } from './source.js';
import { yamlModule } from './source.js';
import { depthOf, pathOf, walkData } from './walk.js';

/*
 * Limits on the shape of any YAML file jdgen reads, checked before anything
 * recursive (yaml's composer, the schema, resolving, rendering) walks it: a
 * file nested thousands of levels deep, or whose aliases refer to themselves
 * or repeat a value a billion times, is a positioned user error, not a stack
 * overflow or an exhausted memory.
 */

/**
 * How deep mappings and lists may nest. A role's deepest value (a level-5
 * clause of an extra section) sits 14 levels down; 64 leaves room for any
 * honest file and stays far from the stack's limit.
 */
export const MAX_NESTING = 64;

/** How many values aliases may repeat in all (each alias counts the values it stands for). */
export const MAX_ALIAS_VALUES = 10_000;

export interface StructureProblem {
  /** Offset in the text the problem starts at. */
  offset: number;
  code: string;
  message: string;
  hint?: string;
}

const DEPTH_HINT = 'a role needs far fewer levels: check the indentation and that every [ and { is closed';

/**
 * Finds text nested deeper than MAX_NESTING without building anything: yaml's
 * lexer yields one token at a time (flat, quoted and block text already told
 * apart), and the scan stops at the first token too deep. yaml's parser and
 * composer would otherwise take seconds and gigabytes on a few megabytes of
 * `[[[[`, or overflow the stack. Flow brackets are counted exactly; block
 * levels are bounded by the indicators (`-`, `?`, `:`) on each line added to
 * those of the less indented lines above it, which never undercounts an
 * honest file by more than continuation lines can hide.
 */
export function tooDeepText(text: string): StructureProblem | undefined {
  const { Lexer, CST } = yamlModule();
  const lines: Array<{ indent: number; depth: number }> = [];
  const flow: Array<{ seq: boolean; pair: boolean }> = [];
  let offset = 0;
  let lineStart = true;
  let indent = 0;
  let line: { indent: number; depth: number } | undefined;
  let skipScalar = false;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    const start = offset;
    if (!MARKERS.has(token)) offset += token.length;
    if (skipScalar) {
      // The text of a scalar: whatever it looks like, it opens nothing. A block scalar ends with its last line.
      skipScalar = false;
      if (token.endsWith('\n')) [lineStart, indent] = [true, 0];
      continue;
    }
    if (type === 'newline') [lineStart, indent] = [true, 0];
    else if (type === 'space' && lineStart) indent = token.length;
    else if (type === 'doc-start') lines.length = flow.length = 0;
    else if (type !== 'space' && type !== 'comment' && type !== 'doc-mode' && type !== 'byte-order-mark') {
      if (lineStart && flow.length === 0) {
        // A new block line: it nests under the nearest less indented line.
        while (lines.length > 0 && lines[lines.length - 1]!.indent >= indent) lines.pop();
        line = { indent, depth: lines[lines.length - 1]?.depth ?? 0 };
        lines.push(line);
      }
      lineStart = false;
      if (type === 'scalar') skipScalar = true;
      const depth = step(type, flow, line);
      if (depth > MAX_NESTING) return { offset: start, code: 'yaml/too-deep', message: `nested more than ${MAX_NESTING} levels deep`, hint: DEPTH_HINT };
    }
  }
  return undefined;
}

/** The lexer's markers, which stand for no text of the source. */
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/** Updates the counts for one token; returns the nesting depth it reaches. */
function step(type: string | null, flow: Array<{ seq: boolean; pair: boolean }>, line: { depth: number } | undefined): number {
  const top = flow[flow.length - 1];
  if (type === 'flow-seq-start' || type === 'flow-map-start') flow.push({ seq: type === 'flow-seq-start', pair: false });
  else if (type === 'flow-seq-end' || type === 'flow-map-end') flow.pop();
  else if (type === 'comma' && top) top.pair = false;
  else if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') {
    // In a flow list, `[a: b]` opens one mapping per item; in a flow mapping a colon opens nothing.
    if (top?.seq && !top.pair) top.pair = true;
    else if (!top && line) line.depth += 1;
  }
  return (line?.depth ?? 0) + flow.reduce((sum, level) => sum + (level.pair ? 2 : 1), 0);
}

/**
 * Checks the aliases of a parsed document, in document order, before yaml
 * turns it into data: an alias must name an anchor set before it, must not
 * name a node that contains it (that would be an endless value), and all
 * aliases together may repeat at most MAX_ALIAS_VALUES values.
 */
export function aliasProblem(document: Document.Parsed): StructureProblem | undefined {
  const { isAlias, isMap, isPair, isSeq } = yamlModule();
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let repeated = 0;
  // An explicit stack (a node is visited, then left): documents may nest deeper than calls can.
  const stack: Array<{ node: Node; children?: Node[]; next: number; size: number }> = [];
  const enter = (node: unknown): StructureProblem | undefined => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const at = node.range?.[0] ?? 0;
      if (!target)
        return {
          offset: at,
          code: 'yaml/alias',
          message: `alias *${node.source} names no anchor &${node.source} before it`,
          hint: 'set the anchor (&name) on a value above the alias',
        };
      if (open.has(target))
        return {
          offset: at,
          code: 'yaml/alias-cycle',
          message: `alias *${node.source} refers to the node that contains it`,
          hint: 'a value cannot contain itself: copy the parts you need instead',
        };
      const size = sizes.get(target) ?? 1;
      repeated += size;
      if (repeated > MAX_ALIAS_VALUES)
        return {
          offset: at,
          code: 'yaml/alias-count',
          message: `aliases repeat more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values`,
          hint: 'write the values out, or use fewer aliases of large values',
        };
      if (stack.length > 0) stack[stack.length - 1]!.size += size;
      return undefined;
    }
    const n = node as Node;
    if (n.anchor) anchors.set(n.anchor, n);
    const children = isMap(n) ? n.items.flatMap((pair) => (isPair(pair) ? [pair.key, pair.value] : [])) : isSeq(n) ? n.items : undefined;
    open.add(n);
    stack.push({ node: n, children: children?.filter((c): c is Node => c !== null && typeof c === 'object'), next: 0, size: 1 });
    return undefined;
  };
  const root = document.contents;
  if (!root) return undefined;
  const first = enter(root);
  if (first) return first;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const child = frame.children?.[frame.next++];
    if (child) {
      const problem = enter(child);
      if (problem) return problem;
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    // Capped: a value repeated beyond the limit fails at its next alias anyway.
    const size = Math.min(frame.size, MAX_ALIAS_VALUES + 1);
    sizes.set(frame.node, size);
    if (stack.length > 0) stack[stack.length - 1]!.size += size;
  }
  return undefined;
}

/**
 * The path of the first value nested deeper than MAX_NESTING in plain data,
 * found without recursion; undefined when none is. Shared values (aliases) are
 * walked once per use, which MAX_ALIAS_VALUES keeps small.
 */
export function tooDeepData(data: unknown): DataPath | undefined {
  let found: DataPath | undefined;
  walkData(data, (value, place) => {
    if (found !== undefined || value === null || typeof value !== 'object') return false;
    if (depthOf(place) + 1 <= MAX_NESTING) return true;
    found = pathOf(place);
    return false;
  });
  return found;
}
