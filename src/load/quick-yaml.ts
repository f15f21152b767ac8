import type { Type } from 'js-yaml';
import { lazyPackages } from '../lazy-packages.js';
import { once } from '../once.js';
import { MAX_NESTING } from './structure.js';

/**
 * The quick reading of a YAML file: js-yaml, about seven times faster than
 * the `yaml` package, for the common case of a well-formed file. `yaml` stays
 * the reference: it reports every problem with its position and gives the
 * positions diagnostics point at, and any file this reading is not sure about
 * goes to it (see load.ts). A quick result is only used when it is certainly
 * the data `yaml` would give:
 *
 * - js-yaml reads with the YAML 1.2 core schema exactly as `yaml` defines it
 *   (the tests below, copied from yaml's schema/core), not js-yaml's own,
 *   which also knows 0b binary numbers;
 * - anything js-yaml rejects is read by `yaml` (its error, or a file js-yaml
 *   is stricter about than `yaml`, such as an unknown tag);
 * - text using what the two read differently, or where `yaml` would warn, is
 *   read by `yaml` from the start (UNSURE);
 * - so are mappings with keys the two name differently (a null key) or that
 *   `yaml` refuses (over 1,024 characters).
 *
 * test/unit/quick-yaml.test.ts checks on every example, fixture and
 * thousands of mutated files that both readings give the same data and
 * diagnostics.
 */

/** A plain scalar type of the core schema: `test` decides, `construct` converts. */
function coreScalar(tag: string, test: RegExp, construct: (text: string) => unknown): Type {
  return new (lazyPackages.jsYaml().Type)(tag, {
    kind: 'scalar',
    resolve: (text: string | null) => test.test(text ?? ''),
    construct: (text: string | null) => construct(text ?? ''),
  });
}

// Made on first use: js-yaml is loaded from its own file in dist/vendor/, with V8's code cache (lazy-packages.ts).
const coreSchema = once(() =>
  lazyPackages.jsYaml().FAILSAFE_SCHEMA.extend({
    implicit: [
      coreScalar('tag:yaml.org,2002:null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
      coreScalar('tag:yaml.org,2002:bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'),
      coreScalar('tag:yaml.org,2002:int', /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (text) =>
        text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10),
      ),
      coreScalar(
        'tag:yaml.org,2002:float',
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/,
        (text) => (/nan$/i.test(text) ? NaN : /inf$/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : parseFloat(text)),
      ),
    ],
  }),
);

/**
 * Text the quick reading leaves to `yaml`: directives (`%YAML 1.1` changes
 * the schema), a lone CR as a line break, a flow collection closed at the
 * start of a line (yaml warns about its indentation), a collection or `?` as
 * a mapping key, and anchors and tags (an alias expands under yaml's limit,
 * an anchor ending in a colon is warned about, tags resolve differently).
 * Prose rarely trips these; when it does, the file is only read more slowly.
 */
const UNSURE = /^%|\r(?!\n)|^[ \t]*[\]}]|[\]}][ \t]*:(?:[ \t]|$)|^[ \t]*(?:-[ \t]+)*\?(?:[ \t]|$)|(?:^|[\s[{,])[&!]\S/m;

/**
 * A quoted value left open at the end of its line: after the indentation
 * and dashes, or after an indicator and a space. Group 1 is a double,
 * group 2 a single opening quote. Each try scans only to the next quote.
 */
const OPEN_QUOTE = /(?:^[ \t]*(?:-[ \t]+)*|[:?,[{-][ \t]+)(?:(")(?:[^"\\\n]|\\.)*\\?|(')(?:[^'\n]|'')*)$/dgm;

/**
 * Whether every further line of a quoted value that spans lines is indented
 * more than its key. js-yaml accepts such lines at any indentation; yaml
 * refuses them (found by mutating real files), so a file with one is read by yaml.
 */
function quotedLinesIndented(text: string): boolean {
  for (const open of text.matchAll(OPEN_QUOTE)) {
    const lineStart = text.lastIndexOf('\n', open.index) + 1;
    const keyColumn = /^[ \t]*(?:-[ \t]+)*/.exec(text.slice(lineStart, open.index + 1))![0].length;
    const double = open[1] !== undefined;
    const close = double ? /(?:[^"\\]|\\[\s\S])*"/y : /(?:[^']|'')*'/y;
    close.lastIndex = open.indices![double ? 1 : 2]![1];
    const end = close.test(text) ? close.lastIndex : text.length;
    const lines = text.slice(open.index + open[0].length + 1, end).split('\n');
    if (lines.some((line) => line.trim() !== '' && /^[ \t]*/.exec(line)![0].length <= keyColumn)) return false;
  }
  return true;
}

/**
 * Whether a flow collection (`{…}`, `[…]`) is left open at the end of a line.
 * js-yaml reads its further lines at any indentation; yaml refuses those not
 * indented past the collection's key (found by mutating real files), so such
 * a file is read by yaml. A flow collection can only start where a value
 * starts (after the indentation, a `- ` or a `key: `), so brackets in plain
 * prose are not mistaken for one; quoted scalars are skipped whole.
 */
function flowSpansLines(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    i = valueStart(text, i);
    const c = text[i];
    if (c === '[' || c === '{') {
      const end = flowEnd(text, i);
      if (end < 0) return true;
      i = end;
    } else if (c === '"' || c === "'") i = quotedEnd(text, i);
    // The rest of the line: a plain scalar or a key, whose `: ` starts another value.
    i = afterPlain(text, i);
  }
  return false;
}

/** Skips indentation and `- ` entries: where a block value can start. */
function valueStart(text: string, i: number): number {
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) i += 2;
    else return i;
  }
}

/** From a plain scalar or key at `i`: past its `: ` (a value follows on this line), else past the line end. */
function afterPlain(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return i + 1;
    if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) return lineEnd(text, i);
    if (c === ':' && (text[i + 1] === ' ' || text[i + 1] === '\t')) return i + 2;
  }
  return i;
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end + 1;
}

/** The index after the quoted scalar opening at `i` (it may span lines: quotedLinesIndented checks those). */
function quotedEnd(text: string, i: number): number {
  const quote = text[i];
  for (i++; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return i;
}

/** The index after the flow collection opening at `i`, or -1 when a line ends inside it. */
function flowEnd(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return -1;
    // A quote opens a scalar only where one starts (O'Neill is plain text).
    if ((c === '"' || c === "'") && /[[{,: \t]/.test(text[i - 1]!)) {
      const end = quotedEnd(text, i);
      if (text.slice(i, end).includes('\n')) return -1;
      i = end - 1;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t')) return -1;
  }
  return -1;
}

/** yaml refuses implicit keys longer than this. */
const MAX_KEY_LENGTH = 1024;

/** The data of `text` when the quick reading is certain of it; undefined to read it with `yaml`. */
export function quickYaml(text: string): { data: unknown } | undefined {
  if (UNSURE.test(text) || !quotedLinesIndented(text) || flowSpansLines(text)) return undefined;
  let data: unknown;
  try {
    data = lazyPackages.jsYaml().load(text, { schema: coreSchema() });
  } catch {
    return undefined;
  }
  if (!plainTree(data)) return undefined;
  // An empty file (or one with only comments) is null for yaml, undefined for js-yaml.
  return { data: data === undefined ? null : data };
}

/**
 * No key that yaml would name differently (a null key is "" there, "null"
 * here) or refuse, and a plain tree: js-yaml makes an alias the very object
 * its anchor names, so a shared or self-containing value (`{"x":&x [*x]}`
 * slips past UNSURE) goes to `yaml`, which reports it with its position; so
 * does data nested deeper than MAX_NESTING. Walked without recursion: the
 * data may be as deep as js-yaml allows.
 */
function plainTree(data: unknown): boolean {
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; depth: number }> = [{ value: data, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (seen.has(value) || depth > MAX_NESTING) return false;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'null' || key.length > MAX_KEY_LENGTH) return false;
      stack.push({ value: child, depth: depth + 1 });
    }
  }
  return true;
}
