import { basename, extname } from 'node:path';
import { createContext, type Context } from '../context.js';
import { Recogniser, type ExtraSection, type ImportNote, type MappedPart } from './anatomy.js';
import { readDocx } from './docx.js';
import { roleText } from './emit.js';
import { readOdt } from './odt.js';
import { paragraphsOf, type SourceDocument } from './source.js';
import { fold, IMPORT_LOCALES, loadVocabulary, SECTION_KEYS, type Vocabulary } from './vocabulary.js';
import { importError } from './zip.js';

export interface ImportOptions {
  /** The document's language; default: guessed from its headings. */
  locale?: string;
  /** Shown in messages and the report (default `<input>.docx`). */
  name?: string;
  /** The date written when the document has none (ISO); default today. */
  now?: string;
  context?: Context;
}

/** What `jdgen import` tells about one document. */
export interface ImportReport {
  file: string;
  format: 'docx' | 'odt';
  locale: string;
  localeGuessed: boolean;
  paragraphs: number;
  mapped: MappedPart[];
  guessed: ImportNote[];
  extraSections: ExtraSection[];
  warnings: ImportNote[];
}

export interface ImportResult {
  /** The role as data, in the order of a role file. */
  role: Record<string, unknown>;
  /** The role as YAML text (without a schema modeline: the CLI adds one that fits where it writes the file). */
  yaml: string;
  report: ImportReport;
}

/**
 * Reads a job description written in Word (DOCX) or LibreOffice (ODT) and
 * recognises its parts: the role data and a report of what went where.
 */
export async function importDocx(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const file = options.name ?? '<input>.docx';
  const context = options.context ?? createContext();
  const doc = isOdt(bytes, file) ? readOdt(file, bytes) : readDocx(file, bytes);
  let locale = options.locale;
  let guessed = false;
  if (locale !== undefined && !(IMPORT_LOCALES as readonly string[]).includes(locale)) {
    throw importError(file, 'import/locale', `unknown locale \`${locale}\``, `use one of ${IMPORT_LOCALES.join(', ')}`);
  }
  const vocabularies = await Promise.all(IMPORT_LOCALES.map((name) => loadVocabulary(context, name, file)));
  let vocab: Vocabulary;
  if (locale === undefined) {
    vocab = guessLocale(doc, vocabularies);
    locale = vocab.name;
    guessed = true;
  } else vocab = vocabularies.find((v) => v.name === locale)!;
  const now = options.now ?? new Date().toISOString().slice(0, 10);
  const recognised = new Recogniser(doc, vocab).recognise(now);
  if (guessed) recognised.guessed.unshift({ paragraph: 0, message: `locale ${locale} (from the document's headings; --locale to choose)` });
  return {
    role: recognised.role,
    yaml: roleText(recognised.role, { source: basename(file) }),
    report: {
      file,
      format: doc.format,
      locale,
      localeGuessed: guessed,
      paragraphs: paragraphsOf(doc.blocks).length,
      mapped: recognised.mapped,
      guessed: recognised.guessed,
      extraSections: recognised.extraSections,
      warnings: recognised.warnings,
    },
  };
}

function isOdt(bytes: Uint8Array, file: string): boolean {
  // An ODT's first entry is its uncompressed `mimetype` (ODF 1.2, 3.3); the name decides only for a zip without one.
  const head = new TextDecoder('latin1').decode(bytes.subarray(30, 80));
  if (head.startsWith('mimetypeapplication/vnd.oasis.opendocument.text')) return true;
  if (head.startsWith('mimetype')) return false;
  return extname(file).toLowerCase() === '.odt' && !head.startsWith('[Content_Types].xml') && !head.startsWith('word/');
}

/** The locale whose titles and section headings the document uses most. */
function guessLocale(doc: SourceDocument, vocabularies: Vocabulary[]): Vocabulary {
  const texts = paragraphsOf(doc.blocks)
    .slice(0, 2000)
    .map((p) => fold(p.text.replace(/^[\dIVX.)\s]+/, '')))
    .filter((t) => t !== '' && t.length < 200);
  let best = vocabularies[0]!;
  let bestScore = 0;
  for (const vocab of vocabularies) {
    const words = new Set([...vocab.title, ...vocab.approval, ...vocab.agreed, ...vocab.familiarization, ...SECTION_KEYS.flatMap((k) => vocab.sections[k])]);
    let score = 0;
    for (const text of texts) if (words.has(text) || vocab.title.some((t) => text.startsWith(`${t} `))) score += 1;
    if (score > bestScore) {
      best = vocab;
      bestScore = score;
    }
  }
  return best;
}

/** `Key Account Manager.docx` → `key-account-manager`. */
export function importedStem(file: string): string {
  return basename(file).replace(/\.(docx|odt)$/i, '');
}
