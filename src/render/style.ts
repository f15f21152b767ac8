import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, makeDiagnostic, UserError } from '../diagnostics.js';
import { fontProblem } from '../load/font-file.js';
import { parseYamlText } from '../load/load.js';
import { FileRefused, readRegularTextSync } from '../load/read-file.js';
import { locate, sourceLineAt, withPositions, type SourceFile } from '../load/source.js';
import { bundledData } from './bundled-data.js';
import { findFile } from './layers.js';
import type { FontFaces } from '../write/fonts.js';

/** Presentation settings of a templates folder (style.yaml). */
export interface Style {
  /** The style.yaml that was read. */
  file: string;
  /** TrueType files the PDF embeds. */
  pdfFonts: FontFaces;
  /** Font family the DOCX names (it must exist on the reader's machine). */
  docxFont: string;
}

interface StyleFile {
  fonts?: { pdf?: Partial<Record<'family' | 'regular' | 'bold' | 'italic' | 'bold_italic', string>>; docx?: string };
}

const STYLE_FILE = 'style.yaml';
const ownRequire = createRequire(import.meta.url);

/** Reads style.yaml once per templates folder and context. */
export function loadStyle(context: Context, templatesDir: string): Style {
  const cache = context.styles;
  let style = cache.get(templatesDir);
  if (!style) {
    style = readStyle(templatesDir);
    cache.set(templatesDir, style);
  }
  return style;
}

function parsed(file: string, text: string): unknown {
  const loaded = parseYamlText(file, text);
  if (hasErrors(loaded.diagnostics)) throw new UserError(loaded.diagnostics);
  return loaded.data;
}

function readStyle(templatesDir: string): Style {
  const file = findFile(templatesDir, STYLE_FILE);
  if (!file) throw styleError(join(templatesDir, STYLE_FILE), 'missing', 'copy style.yaml from the bundled templates folder');
  const text = readStyleText(file);
  const data = (bundledData(file, text) ?? parsed(file, text) ?? {}) as StyleFile;
  // Positions are worked out only for a message (withPositions parses lazily).
  const source = withPositions(file, text.replace(/^\uFEFF/, '').normalize('NFC'));
  // Font paths are relative to the folder of the style.yaml that names them.
  const folder = dirname(file);
  const pdf = data.fonts?.pdf ?? {};
  const face = (key: 'regular' | 'bold' | 'italic' | 'bold_italic'): string => {
    const value = pdf[key];
    const at = { source, path: ['fonts', 'pdf', key] };
    if (typeof value !== 'string' || value === '')
      throw styleError(at, `fonts.pdf.${key} is missing`, 'name a TrueType file for each of regular, bold, italic and bold_italic');
    const path = resolveFontPath(at, folder, value);
    const problem = fontProblem(path);
    if (problem) throw styleError(at, `font \`${value}\` ${problem}`, `looked at ${path}; name a TrueType (.ttf) or OpenType (.otf) file`);
    return path;
  };
  return {
    file,
    pdfFonts: { family: pdf.family ?? 'Noto Sans', regular: face('regular'), bold: face('bold'), italic: face('italic'), boldItalic: face('bold_italic') },
    docxFont: data.fonts?.docx ?? pdf.family ?? 'Arial',
  };
}

function readStyleText(file: string): string {
  try {
    return readRegularTextSync(file, 'yaml');
  } catch (error) {
    if (error instanceof FileRefused) throw styleError(file, `style.yaml ${error.reason}`, 'style.yaml is a regular YAML file');
    throw error;
  }
}

/** Where in style.yaml a setting is, for messages. */
interface StyleEntry {
  source: SourceFile;
  path: string[];
}

/** `npm:pkg/file.ttf` resolves inside an installed package (jdgen's own first); anything else is relative to the templates folder. */
function resolveFontPath(at: StyleEntry, folder: string, value: string): string {
  if (value.startsWith('npm:')) {
    const request = value.slice('npm:'.length);
    for (const require of [ownRequire, createRequire(at.source.file)]) {
      try {
        return require.resolve(request);
      } catch {
        // try the next place
      }
    }
    throw styleError(at, `font \`${value}\` not found`, 'install the npm package that provides it, or give a path relative to the templates folder');
  }
  const path = isAbsolute(value) ? value : join(folder, value);
  if (!existsSync(path)) throw styleError(at, `font file \`${value}\` not found`, `looked for ${path}`);
  return path;
}

/** A style problem, at the entry of style.yaml it concerns when there is one. */
function styleError(at: string | StyleEntry, message: string, hint: string): UserError {
  if (typeof at === 'string') return new UserError([makeDiagnostic({ code: 'style/font', file: at, line: 0, column: 0, message, hint })]);
  const { line, column } = locate(at.source, at.path);
  return new UserError([
    makeDiagnostic({
      code: 'style/font',
      file: at.source.file,
      line,
      column,
      path: at.path.join('.'),
      message,
      hint,
      sourceLine: sourceLineAt(at.source, line),
    }),
  ]);
}
