/**
 * jdgen's library API: everything the CLI does, callable from code.
 *
 *   import { build, compile } from 'jdgen';
 *   const report = await build(['roles/kam.yaml'], { outDir: 'out', formats: ['pdf'] });
 *   const { outputs } = await compile({ yaml: roleText }, { files: { 'base.yaml': baseText }, formats: ['pdf'] });
 */
// Everything api.ts exports is public: the functions, their options and results, createContext and BUNDLED_TEMPLATES.
export * from './api.js';
export type { FileContents } from './load/files.js';
export type { InitResult } from './project/init.js';
export type { NewRoleOptions } from './project/new-role.js';
export type { DocumentDiff } from './diff/diff.js';
export type { Style } from './render/style.js';
export type { Shard } from './output/shard.js';
export type { FontFaces } from './write/fonts.js';
export { formatDiagnosticPlain, UserError, UsageError } from './diagnostics.js';
export { EnvironmentError } from './env/os-error.js';
export { MAX_SOURCE_DATE_EPOCH } from './env/source-date-epoch.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export type * from './model/types.js';
export type { Role, Clause } from './validate/role.js';
export { FORMATS, DEFAULT_FORMATS } from './write/registry.js';
export type { Format } from './write/registry.js';
export { readSchemaText } from './validate/schema-files.js';
export { toMarkdown } from './write/markdown.js';
export { importDocx } from './import/lazy.js';
export type { ImportOptions, ImportReport, ImportResult } from './import/import.js';
export type { ExtraSection, ImportNote, MappedPart } from './import/anatomy.js';
