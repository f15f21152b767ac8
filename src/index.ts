/**
 * jdgen's library API: everything the CLI does, callable from code.
 *
 *   import { build, validate } from 'jdgen';
 *   const report = await build(['roles/kam.yaml'], { outDir: 'out', formats: ['pdf'] });
 */
export { build, validate, compile, show, diff, initProject, newRole, BUNDLED_TEMPLATES } from './api.js';
export type { BuildOptions, CommonOptions, DiffOptions, DiffOutcome, FileReport, Report } from './api.js';
export type { CompileResult } from './pipeline.js';
export { formatDiagnosticPlain, UserError, UsageError } from './diagnostics.js';
export { EnvironmentError } from './env/os-error.js';
export { MAX_SOURCE_DATE_EPOCH } from './env/source-date-epoch.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export type * from './model/types.js';
export type { Role, Clause } from './validate/role.js';
export { FORMATS, DEFAULT_FORMATS } from './write/registry.js';
export type { Format } from './write/registry.js';
export { readSchemaText } from './validate/schema.js';
export { toMarkdown } from './write/markdown.js';
