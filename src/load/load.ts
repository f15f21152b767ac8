import type { YAMLError } from 'yaml';
import { makeDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { indentationDiagnostics } from './indentation.js';
import { quickYaml } from './quick-yaml.js';
import { FileRefused, readRegularText } from './read-file.js';
import { locate, positionAt, sourceLineAt, withPositions, type Position, type SourceFile } from './source.js';
import { aliasProblem, MAX_NESTING, tooDeepData, tooDeepText, type StructureProblem } from './structure.js';

export interface LoadResult {
  source?: SourceFile;
  /** Plain data (every string NFC-normalised); undefined when the YAML could not be read. */
  data?: unknown;
  diagnostics: Diagnostic[];
}

/** Reads (from the disk, or with `read`: a caller's files) and parses a YAML file. Never throws for bad input: problems come back as diagnostics. */
export async function loadYamlFile(
  file: string,
  absolutePath: string,
  read: (path: string, kind: 'yaml') => Promise<string> = readRegularText,
): Promise<LoadResult> {
  let raw: string;
  try {
    raw = await read(absolutePath, 'yaml');
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

/**
 * The reference reading: every error and warning with its position. The
 * shape limits (structure.ts) are checked at each step before the next one
 * could go wrong on them: nesting before yaml parses, aliases before they
 * become data, nesting again after aliases have added to it.
 */
export function parseWithYaml(file: string, text: string): LoadResult {
  const deep = tooDeepText(text);
  // Refused before yaml parses it (and without a source: a position would parse it).
  if (deep) return { diagnostics: [textDiagnostic(file, text, deep)] };
  const source = withPositions(file, text);
  const { document } = source;
  // A misplaced or tab-indented line: one error on the line to fix instead of yaml's several around it.
  const indentation = document.errors.length > 0 ? indentationDiagnostics(source.file, source.lines, document.errors) : undefined;
  const reported = [...document.errors, ...document.warnings].filter((e) => !indentation?.replaced.has(e));
  const diagnostics = sortDiagnostics([...(indentation?.diagnostics ?? []), ...reported.map((e) => yamlDiagnostic(source, e))]);
  if (document.errors.length > 0) return { source, diagnostics };
  const aliases = aliasProblem(document);
  if (aliases) return { source, diagnostics: [...diagnostics, structureDiagnostic(source, positionAt(source, aliases.offset), aliases)] };
  // The aliases are checked above (bounded, none inside its own anchor), so yaml's own count is not needed.
  const data: unknown = document.toJS({ maxAliasCount: -1 });
  const tooDeep = tooDeepData(data);
  if (tooDeep) {
    const problem = {
      code: 'yaml/too-deep',
      message: `nested more than ${MAX_NESTING} levels deep`,
      hint: 'a role needs far fewer levels: check what the aliases here repeat',
    };
    return { source, diagnostics: [...diagnostics, structureDiagnostic(source, locate(source, tooDeep), problem)] };
  }
  return { source, data, diagnostics };
}

function structureDiagnostic(source: SourceFile, at: Position, problem: Omit<StructureProblem, 'offset'>): Diagnostic {
  return makeDiagnostic({
    code: problem.code,
    file: source.file,
    line: at.line,
    column: at.column,
    message: problem.message,
    ...(problem.hint ? { hint: problem.hint } : {}),
    sourceLine: sourceLineAt(source, at.line),
  });
}

/** A problem found before yaml parsed the text: its line and column counted here. */
function textDiagnostic(file: string, text: string, problem: StructureProblem): Diagnostic {
  const lineStart = text.lastIndexOf('\n', problem.offset - 1) + 1;
  const lineEnd = text.indexOf('\n', problem.offset);
  return makeDiagnostic({
    code: problem.code,
    file,
    line: countLines(text, lineStart),
    column: problem.offset - lineStart + 1,
    message: problem.message,
    ...(problem.hint ? { hint: problem.hint } : {}),
    sourceLine: text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).replace(/\r$/, ''),
  });
}

function countLines(text: string, end: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
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
  const reason = error instanceof FileRefused ? error.reason : errorMessage(error);
  // A file refused for its size is there to point at: its first line, so editors and CI annotations can open it.
  if (error instanceof FileRefused && error.tooLarge) {
    return makeDiagnostic({
      code: 'io/too-large',
      file,
      line: 1,
      column: 1,
      message: `the file ${reason}`,
      hint: 'a role, base or library this large is not a job description; split a library into several files',
    });
  }
  return makeDiagnostic({ code: 'io/read', file, line: 0, column: 0, message: reason === 'not found' ? 'file not found' : reason });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
