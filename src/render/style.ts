import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { hasErrors, makeDiagnostic, UserError } from '../diagnostics.js';
import { parseYamlText } from '../load/load.js';
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
const cache = new Map<string, Style>();
const ownRequire = createRequire(import.meta.url);

/** Forgets the styles read: a new batch reads them as they are now. */
export function forgetStyles(): void {
  cache.clear();
}

/** Reads style.yaml once per templates folder and batch. */
export function loadStyle(templatesDir: string): Style {
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
  const text = readFileSync(file, 'utf8');
  const data = (bundledData(file, text) ?? parsed(file, text) ?? {}) as StyleFile;
  // Font paths are relative to the folder of the style.yaml that names them.
  const folder = dirname(file);
  const pdf = data.fonts?.pdf ?? {};
  const face = (key: 'regular' | 'bold' | 'italic' | 'bold_italic'): string => {
    const value = pdf[key];
    if (!value) throw styleError(file, `fonts.pdf.${key} is missing`, 'name a TrueType file for each of regular, bold, italic and bold_italic');
    return resolveFontPath(file, folder, value);
  };
  return {
    file,
    pdfFonts: { family: pdf.family ?? 'Noto Sans', regular: face('regular'), bold: face('bold'), italic: face('italic'), boldItalic: face('bold_italic') },
    docxFont: data.fonts?.docx ?? pdf.family ?? 'Arial',
  };
}

/** `npm:pkg/file.ttf` resolves inside an installed package (jdgen's own first); anything else is relative to the templates folder. */
function resolveFontPath(file: string, folder: string, value: string): string {
  if (value.startsWith('npm:')) {
    const request = value.slice('npm:'.length);
    for (const require of [ownRequire, createRequire(file)]) {
      try {
        return require.resolve(request);
      } catch {
        // try the next place
      }
    }
    throw styleError(file, `font \`${value}\` not found`, 'install the npm package that provides it, or give a path relative to the templates folder');
  }
  const path = isAbsolute(value) ? value : join(folder, value);
  if (!existsSync(path)) throw styleError(file, `font file \`${value}\` not found`, `looked for ${path}`);
  return path;
}

function styleError(file: string, message: string, hint: string): UserError {
  return new UserError([makeDiagnostic({ code: 'style/font', file, line: 0, column: 0, message, hint })]);
}
