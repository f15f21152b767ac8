import { precompileBundledData } from './render/bundled-data.js';
import { precompileTemplates } from './render/precompile-templates.js';
import { writePrecompiledPatterns } from './theme/hyphenation.js';
import { precompileSchemas } from './validate/precompile-schemas.js';
import { precompileDocxParts } from './write/docx/precompile.js';

/**
 * `npm run build` runs this after tsc: code generation that would otherwise
 * happen on every cold start (the schema validators, the bundled templates)
 * is done once, into dist/ (with the bundled locales and style as JSON, and the
 * docx library's parts of the DOCX skeletons the bundled templates give, and the
 * hyphenation patterns of the bundled locales as JSON). Each generated file carries the hash of its
 * sources (the docx parts: every input docx is given) and is ignored when they differ, so a stale build is slower,
 * never wrong.
 */
precompileSchemas();
precompileTemplates();
precompileBundledData();
await precompileDocxParts();
writePrecompiledPatterns();
