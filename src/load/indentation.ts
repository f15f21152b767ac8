import type { YAMLError } from 'yaml';
import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { LineIndex } from './lines.js';

/*
 * Indentation mistakes, told where they are. `yaml` reports a misplaced line
 * as two or three errors, and often on the line above it: a key indented
 * more than the key before it is read as more of that key's text, so the
 * errors point at that text ("Nested mappings are not allowed in compact
 * mappings"), not at the line that is wrong. A tab in the indentation adds
 * errors about what the tab did to the structure. Here each such mistake
 * becomes one error on the line to fix, saying what to do.
 */

/** yaml's errors that a misplaced or tab-indented line causes. */
/** How many lines get a rewritten error; how far up the lines a line could line up with are looked for. */
const MAX_REWRITTEN = 100;
const MAX_LOOK_BACK = 2000;

const INDENT_CODES = new Set(['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'MISSING_CHAR']);

/** A line that starts a key (`key:`, `- key:`) or a list item (`-`). */
const KEY = /^(?:-[ ]+)*("[^"]*"|'[^']*'|[^\s#"'\-?:,[\]{}][^#]*?|-[^\s#][^#]*?)[ ]*:(?:[ ]|$)/;
const ITEM = /^-(?:[ ]|$)/;
/** `key: |`, `- >-`: the lines below, more indented, are text. */
const BLOCK_SCALAR = /(?:^|[ ]|:)[|>][-+0-9]*[ ]*(?:#.*)?$/;

interface Line {
  number: number;
  indent: number;
  content: string;
}

export interface IndentationResult {
  /** One error per line to fix. */
  diagnostics: Diagnostic[];
  /** yaml's errors those replace. */
  replaced: Set<YAMLError>;
}

/**
 * Replaces yaml's errors about tabs and indentation by one error per line
 * that is wrong. With a tab in the indentation, only the tabs are reported:
 * what yaml says after a tab describes the structure the tab broke.
 */
export function indentationDiagnostics(file: string, lines: LineIndex, errors: readonly YAMLError[]): IndentationResult {
  const tabs = errors.filter((e) => e.code === 'TAB_AS_INDENT');
  if (tabs.length > 0) return tabDiagnostics(file, lines, tabs, errors);
  const indentErrors = errors.filter((e) => INDENT_CODES.has(e.code) && e.linePos);
  // Lines yaml finds misplaced themselves (an error where the line starts): errors in their text are theirs too.
  const misplaced = new Set(indentErrors.filter((e) => e.linePos![0].col <= lineAt(lines, e.linePos![0].line).indent + 1).map((e) => e.linePos![0].line));
  const byLine = new Map<number, YAMLError[]>();
  for (const error of indentErrors) {
    const culprit = culpritLine(lines, error, misplaced);
    if (culprit === undefined) continue;
    const group = byLine.get(culprit.number) ?? [];
    group.push(error);
    byLine.set(culprit.number, group);
  }
  const diagnostics: Diagnostic[] = [];
  const replaced = new Set<YAMLError>();
  if (byLine.size === 0) return { diagnostics, replaced };
  const structure = structureLines(lines);
  // Bounded: a file of thousands of broken lines keeps yaml's own errors past the first ones.
  for (const [number, group] of [...byLine].slice(0, MAX_REWRITTEN)) {
    const line = lineAt(lines, number);
    const open = openLines(structure, number);
    const above = open[0];
    const diagnostic = above && line.indent > above.indent && isContinuation(above) ? deeperThanAbove(file, line, above) : misaligned(file, line, open);
    if (!diagnostic) continue;
    diagnostics.push(diagnostic);
    for (const error of group) replaced.add(error);
  }
  return { diagnostics, replaced };
}

function tabDiagnostics(file: string, lines: LineIndex, tabs: readonly YAMLError[], errors: readonly YAMLError[]): IndentationResult {
  const seen = new Set<number>();
  const diagnostics: Diagnostic[] = [];
  for (const tab of tabs) {
    const number = tab.linePos?.[0].line ?? 1;
    if (seen.has(number)) continue;
    seen.add(number);
    const text = lines.line(number);
    const at = /^[ \t-]*?\t/.exec(text);
    diagnostics.push(
      makeDiagnostic({
        code: 'yaml/tab-indent',
        file,
        line: number,
        column: at ? at[0].length : (tab.linePos?.[0].col ?? 1),
        message: 'a tab indents this line: YAML indents with spaces only',
        hint: 'replace the tab with spaces (set your editor to insert spaces in YAML files)',
        sourceLine: text,
      }),
    );
  }
  // Every other error but a duplicate key is what the tab did to the structure.
  return { diagnostics, replaced: new Set(errors.filter((e) => e.code !== 'DUPLICATE_KEY' && e.name === 'YAMLParseError')) };
}

/**
 * The line to fix for one of yaml's errors: the line below the error when
 * the error sits in the text of a `key: value` (or `- value`) and the next
 * line is a key or item indented deeper (yaml read it as more of that
 * text), else the error's own line.
 */
function culpritLine(lines: LineIndex, error: YAMLError, misplaced: ReadonlySet<number>): Line | undefined {
  const { line: number, col } = error.linePos![0];
  const line = lineAt(lines, number);
  if (line.content === '') return undefined;
  if (misplaced.has(number)) return line;
  const next = nextLine(lines, number);
  const inValue = col > line.indent + 1;
  if (
    (error.code === 'BLOCK_AS_IMPLICIT_KEY' || error.code === 'MULTILINE_IMPLICIT_KEY') &&
    inValue &&
    next &&
    next.indent > line.indent &&
    startsEntry(next) &&
    isContinuation(line)
  ) {
    return next;
  }
  return line;
}

/** A line that begins a key or list item (not a line of text). */
function startsEntry(line: Line): boolean {
  return KEY.test(line.content) || ITEM.test(line.content);
}

/** A line whose value is text on the line itself, which a deeper line below would continue. */
function isContinuation(line: Line): boolean {
  const key = KEY.exec(line.content);
  const rest = key ? line.content.slice(key[0].length) : ITEM.test(line.content) ? line.content.replace(/^(?:-[ ]+)+/, '') : line.content;
  const value = rest.trim();
  return value !== '' && !value.startsWith('#') && !BLOCK_SCALAR.test(value) && !/^[[{&*!]/.test(value);
}

function deeperThanAbove(file: string, line: Line, above: Line): Diagnostic {
  // The entry of the line above that this one would stand beside: its key (after any dashes) for a key, its dash for an item.
  const columns = columnsOf(above);
  const beside = (ITEM.test(line.content) ? columns.find((c) => c.kind === 'item') : columns.findLast((c) => c.kind === 'key')) ?? {
    column: above.indent,
    name: entryName(above),
  };
  return makeDiagnostic({
    code: 'yaml/indentation',
    file,
    line: line.number,
    column: line.indent + 1,
    message: `${entryName(line)} is indented ${spaces(line.indent)}, deeper than line ${above.number} (${entryName(above)}), so YAML reads it as more of that line's text`,
    hint: `indent it with ${spaces(beside.column)}, as ${beside.name}, if it is an entry of its own; if it continues the text above, put the whole text in quotes`,
    sourceLine: lineText(line),
  });
}

function misaligned(file: string, line: Line, open: Line[]): Diagnostic | undefined {
  const isKey = !ITEM.test(line.content);
  // A key stands beside keys; a list item beside items, or at its parent key's column.
  const candidates = open.flatMap((above) =>
    columnsOf(above)
      .filter((c) => !isKey || c.kind === 'key')
      .map((c) => ({ ...c, line: above })),
  );
  if (candidates.some((c) => c.column === line.indent)) return undefined;
  const listed = candidates.slice(0, 3).map((c) => `${c.name} (line ${c.line.number}) is at ${c.column}`);
  return makeDiagnostic({
    code: 'yaml/indentation',
    file,
    line: line.number,
    column: line.indent + 1,
    message: `${entryName(line)} is indented ${spaces(line.indent)}, which lines up with ${isKey ? 'no key' : 'no list item'} above it${listed.length ? `: ${listed.join(', ')}` : ''}`,
    hint: `YAML nests by indentation: indent the line as the ${isKey ? 'keys' : 'items'} it belongs with${candidates[0] ? ` (${spaces(candidates[0].column)} to stand beside ${candidates[0].name})` : ''}`,
    sourceLine: lineText(line),
  });
}

/** Where entries start on a line: `- key: v` has an item at its dash and a key after it. */
function columnsOf(line: Line): Array<{ column: number; kind: 'key' | 'item'; name: string }> {
  const out: Array<{ column: number; kind: 'key' | 'item'; name: string }> = [];
  let column = line.indent;
  let rest = line.content;
  for (let dash = /^-(?:[ ]+|$)/.exec(rest); dash; dash = /^-(?:[ ]+|$)/.exec(rest)) {
    out.push({ column, kind: 'item', name: `\`${truncate(line.content.trim())}\`` });
    column += dash[0].length;
    rest = rest.slice(dash[0].length);
  }
  const key = KEY.exec(rest);
  if (key) out.push({ column, kind: 'key', name: `\`${truncate(key[1]!.trim())}:\`` });
  return out;
}

/**
 * The lines a line could line up with: the entry above it, then each entry
 * above with less indentation than all those taken (its parents).
 */
function openLines(structure: readonly Line[], number: number): Line[] {
  // The last entry above the line: a binary search over the entries' line numbers.
  let low = 0;
  let high = structure.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (structure[middle]!.number < number) low = middle + 1;
    else high = middle;
  }
  const open: Line[] = [];
  let limit = Infinity;
  for (let i = low - 1; i >= 0 && i >= low - MAX_LOOK_BACK && limit > 0; i--) {
    const line = structure[i]!;
    if (line.indent < limit) {
      open.push(line);
      limit = line.indent;
    }
  }
  return open;
}

/** The lines that start entries: not blank, comments, block text or continued text. */
function structureLines(lines: LineIndex): Line[] {
  const out: Line[] = [];
  let blockIndent = -1;
  let textIndent = -1;
  for (let n = 1; n <= lines.count; n++) {
    const line = lineAt(lines, n);
    if (line.content === '' || line.content.startsWith('#')) continue;
    if (blockIndent >= 0 && line.indent > blockIndent) continue;
    if (textIndent >= 0 && line.indent > textIndent && !startsEntry(line)) continue;
    blockIndent = BLOCK_SCALAR.test(line.content) ? line.indent : -1;
    textIndent = isContinuation(line) ? line.indent : -1;
    out.push(line);
  }
  return out;
}

function lineAt(lines: LineIndex, number: number): Line {
  const text = lines.line(number);
  const indent = /^ */.exec(text)![0].length;
  return { number, indent, content: text.slice(indent).trimEnd() };
}

function nextLine(lines: LineIndex, number: number): Line | undefined {
  for (let n = number + 1; n <= lines.count; n++) {
    const line = lineAt(lines, n);
    if (line.content !== '' && !line.content.startsWith('#')) return line;
  }
  return undefined;
}

/** `department:`, `- text:`, `- a duty`: how the line starts, as written. */
function entryName(line: Line): string {
  const key = KEY.exec(line.content);
  return `\`${truncate(key ? key[0].trim() : line.content)}\``;
}

function lineText(line: Line): string {
  return `${' '.repeat(line.indent)}${line.content}`;
}

function spaces(n: number): string {
  if (n === 0) return 'no spaces';
  return n === 1 ? '1 space' : `${n} spaces`;
}

function truncate(text: string): string {
  return text.length > 30 ? `${text.slice(0, 29)}…` : text;
}
