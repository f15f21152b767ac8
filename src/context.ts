import type { Diagnostic } from './diagnostics.js';
import type { ConfigEntry } from './resolve/config.js';
import type { Locale } from './render/locale.js';
import type { Style } from './render/style.js';
import type { TemplateSet } from './render/templates.js';
import type { GlyphCoverage } from './validate/coverage.js';
import type { DocxCaches } from './write/docx/caches.js';
import type { FontCache } from './write/font-cache.js';
import type { HtmlCaches } from './write/html/fonts.js';
import type { PdfCaches } from './write/pdf/caches.js';
import type { Vocabulary } from './lint/vocabulary.js';

/**
 * Everything jdgen remembers between roles: configs, templates, locales,
 * styles, font coverage, and the writers' fonts, skeletons and layouts. jdgen
 * keeps no such state in its modules: each API call makes a context of its
 * own (so two concurrent calls with different templates folders or configs
 * never see each other's data, and an edited template is read again by the
 * next call), unless the caller passes one in to reuse what an earlier call
 * read. A context reused that way keeps what it read: make a new one when the
 * templates, locales or fonts on disk may have changed. Each worker thread
 * of a build makes its own.
 *
 * To users of the library a context is an opaque handle made by
 * createContext(): its members are marked internal, so the published
 * declarations (tsconfig `stripInternal`) name none of the types of the
 * packages bundled into jdgen (yaml, ajv, lru-cache, harfbuzzjs…), which a
 * user's project does not install.
 */
/** The mark of a context made by createContext(), so that a plain object is not taken for one. */
const CONTEXT_MARK: unique symbol = Symbol('jdgen.context');

export interface Context {
  /** Set by createContext(); a plain object such as `{}` is not a context. */
  readonly [CONTEXT_MARK]: true;
  /** @internal Configs read, by path and shown name; each remembers the file's stamp and is read again when it changes. */
  readonly configs: Map<string, ConfigEntry>;
  /** @internal Compiled template sets by templates folder. */
  readonly templates: Map<string, Promise<TemplateSet>>;
  /** @internal Locales by templates folder and name. */
  readonly locales: Map<string, Promise<Locale>>;
  /** @internal The locale names a templates folder offers. */
  readonly localeNames: Map<string, string[]>;
  /** @internal style.yaml by templates folder. */
  readonly styles: Map<string, Style>;
  /** @internal Which characters a set of PDF fonts can draw, by font files and their stamps. */
  readonly coverage: Map<string, GlyphCoverage>;
  /** @internal Glyph warnings about a locale's phrases, by phrases object and coverage: a batch checks each locale once. */
  readonly checkedPhrases: WeakMap<object, Map<GlyphCoverage, Diagnostic[]>>;
  /** @internal Font files and their parses, shared by the writers (the DOCX measures with the faces the PDF shapes with), made on first use. */
  fonts?: FontCache;
  /** @internal The DOCX writer's skeletons and recurring parts, made by that writer on first use. */
  docx?: DocxCaches;
  /** @internal The HTML writer's font files and subsets, made by that writer on first use. */
  html?: HtmlCaches;
  /** @internal The PDF writer's fonts, shapers, layouts and pictures, made by that writer on first use. */
  pdf?: PdfCaches;
  /** @internal The lint vocabularies by templates folder and locale, read by `jdgen lint` on first use. */
  lintVocabularies?: Map<string, Promise<Vocabulary | undefined>>;
}

/** A new, empty context. */
export function createContext(): Context {
  return {
    [CONTEXT_MARK]: true,
    configs: new Map(),
    templates: new Map(),
    locales: new Map(),
    localeNames: new Map(),
    styles: new Map(),
    coverage: new Map(),
    checkedPhrases: new WeakMap(),
  };
}
