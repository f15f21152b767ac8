import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import type addFormats from 'ajv-formats';
import { once } from './once.js';

/*
 * The CommonJS packages a cold start should not pay for, loaded synchronously
 * on first use: yaml (most runs read well-formed files with the quick reader),
 * the Handlebars compiler (the bundled templates are precompiled), ajv (the
 * validators are precompiled), pngjs (most documents have no PNG picture)
 * and cli-progress (shown only for ten roles or more on a terminal). Run
 * from source, each call requires the package. In the bundle, scripts/build.mjs turns each into a require of the
 * package's own file in dist/vendor/, which a cold start never reads; one
 * copy of each package serves every caller.
 */
const require = createRequire(import.meta.url);

export const lazyPackages = {
  /**
   * js-yaml, which reads nearly every file: in the bundle, its file in dist/vendor/ runs from the V8
   * code cache `npm run build` stores beside it (src/validate/code-cache.ts), once per process.
   */
  jsYaml: once((): typeof import('js-yaml') => require('js-yaml')),
  yaml: (): typeof import('yaml') => require('yaml'),
  handlebars: (): typeof Handlebars => require('handlebars'),
  handlebarsRuntime: (): typeof Handlebars => require('handlebars/runtime'),
  ajv2020: (): typeof import('ajv/dist/2020.js') => require('ajv/dist/2020.js'),
  ajvFormats: (): typeof addFormats => require('ajv-formats'),
  /** Russian declension tables: large, and needed only for a Russian title's genitive. */
  russianNouns: (): unknown => require('russian-nouns-js'),
  /** The PNG decoder, for a document with a PNG picture (it brings Node's assert and zlib along). */
  pngjs: (): typeof import('pngjs') => require('pngjs'),
  /** The progress bar of a batch on a terminal (it brings Node's readline along). */
  cliProgress: (): typeof import('cli-progress') => require('cli-progress'),
};
