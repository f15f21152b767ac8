import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { BUNDLED_TEMPLATES, listNames } from './layers.js';
import { sha256 } from '../hash.js';
import { COMPILE_OPTIONS, PRECOMPILED_TEMPLATES_FILE, TEMPLATE_ENTRY } from './templates.js';

/**
 * Build step (see src/build.ts): the bundled templates as Handlebars
 * precompiled specs, keyed by their path in the templates folder, each with
 * the hash of the source it was made from.
 */
export function precompileTemplates(): void {
  const files = [TEMPLATE_ENTRY, ...listNames(BUNDLED_TEMPLATES, 'partials', '.hbs').map((name) => join('partials', `${name}.hbs`))];
  const entries = files.map((relative) => {
    const source = readFileSync(join(BUNDLED_TEMPLATES, relative), 'utf8');
    const spec = Handlebars.precompile(source, COMPILE_OPTIONS) as string;
    return `  ${JSON.stringify(relative)}: { hash: ${JSON.stringify(sha256(source))}, spec: ${spec} },`;
  });
  writeFileSync(PRECOMPILED_TEMPLATES_FILE, `"use strict";\nmodule.exports = {\n${entries.join('\n')}\n};\n`);
}
