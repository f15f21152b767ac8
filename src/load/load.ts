import { readFile } from 'node:fs/promises';
import type { YAMLError } from 'yaml';
import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import { quickYaml } from './quick-yaml.js';
import { sourceLineAt, withPositions, type SourceFile } from './source.js';

export interface LoadResult {
  source?: SourceFile;
  /** Plain data (every string NFC-normalised); undefined when the YAML could not be read. */
  data?: unknown;
  diagnostics: Diagnostic[];
}

/** Bounded alias expansion: a "billion laughs" file must not exhaust memory. */
const MAX_ALIAS_COUNT = 100;

/** Reads and parses a YAML file. Never throws for bad input: problems come back as diagnostics. */
export async function loadYamlFile(file: string, absolutePath: string): Promise<LoadResult> {
  let raw: string;
  try {
    raw = await readFile(absolutePath, 'utf8');
  } catch (error) {
    return { diagnostics: [unreadableFile(file, error)] };
  }
  return parseYamlText(file, raw);
}

/**
 * Parses YAML text. Text is NFC-normalised first: decomposed diacritics
 * (e + combining breve) print fine but break text search and word diffs;
 * and a lone CR becomes LF (see withLineFeeds).
 *
 * A well-formed file is read quickly (quick-yaml.ts) and gets its positions
 * from `yaml` only if a diagnostic asks for one; anything else is read by
 * `yaml` straight away, which reports each problem where it is.
 */
export function parseYamlText(file: string, raw: string): LoadResult {
  const text = withLineFeeds(raw.replace(/^\uFEFF/, '').normalize('NFC'));
  const quick = quickYaml(text);
  if (quick) return { source: withPositions(file, text), data: quick.data, diagnostics: [] };
  return parseWithYaml(file, text);
}

/**
 * A lone CR (old Mac line ends) is a line break in YAML 1.2, but `yaml` reads
 * it as part of the line, so a CR-only file was one long line of errors. As
 * LF, offsets do not move: every position still points into the same text.
 */
function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The reference reading: every error and warning with its position. */
export function parseWithYaml(file: string, text: string): LoadResult {
  const source = withPositions(file, text);
  const { document } = source;
  const diagnostics = [...document.errors, ...document.warnings].map((e) => yamlDiagnostic(source, e));
  if (document.errors.length > 0) return { source, diagnostics };
  try {
    const data: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { source, data, diagnostics };
  } catch (error) {
    // toJS throws only for alias abuse (too many expansions, undefined anchors).
    diagnostics.push(makeDiagnostic({ code: 'yaml/alias', file, line: 1, column: 1, message: errorMessage(error) }));
    return { source, diagnostics };
  }
}

/** The data of YAML text, or undefined when it is not valid YAML: for a quick look at a file, without diagnostics. */
export function yamlData(text: string): unknown {
  return parseYamlText('', text).data;
}

function yamlDiagnostic(source: SourceFile, error: YAMLError): Diagnostic {
  const [start] = error.linePos ?? [{ line: 1, col: 1 }];
  const duplicate = error.code === 'DUPLICATE_KEY';
  return makeDiagnostic({
    severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
    code: duplicate ? 'yaml/duplicate-key' : `yaml/${error.code.toLowerCase().replace(/_/g, '-')}`,
    file: source.file,
    line: start.line,
    column: start.col,
    message: duplicate ? `duplicate key \`${keyAt(source, error.pos[0])}\`` : firstLine(error.message),
    hint: duplicate ? 'each key may appear only once in a mapping: merge the two entries' : yamlHint(error.code),
    sourceLine: sourceLineAt(source, start.line),
  });
}

/** The key text at an offset (yaml's duplicate-key error does not name the key). */
function keyAt(source: SourceFile, offset: number): string {
  return /^["']?([^"':\n]*)/.exec(source.text.slice(offset))?.[1]?.trim() ?? '';
}

function yamlHint(code: string): string | undefined {
  if (code === 'TAB_AS_INDENT') return 'indent with spaces, not tabs';
  if (code === 'BAD_INDENT' || code === 'MISSING_CHAR') return 'check the indentation and that every "key: value" has a space after the colon';
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') return 'a value that contains ": " must be quoted';
  return undefined;
}

/** yaml's pretty errors append a source excerpt; we show our own, so keep the first line. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function unreadableFile(file: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, expected a YAML file' : errorMessage(error);
  return makeDiagnostic({ code: 'io/read', file, line: 0, column: 0, message });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
