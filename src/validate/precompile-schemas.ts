import { writeFileSync } from 'node:fs';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createAjv, PRECOMPILED_FILE, schemaHash, VALIDATOR_IDS } from './schema.js';

/**
 * Build step (see src/build.ts): writes every schema's validator as ajv
 * standalone code next to schema.js, with the hash of what it was made from.
 * schema.ts falls back to compiling at run time when the file is missing or
 * the schemas changed since.
 */
export function precompileSchemas(): void {
  const ajv = createAjv({ code: { source: true } });
  const code = standaloneCode.default(ajv, { ...VALIDATOR_IDS });
  writeFileSync(PRECOMPILED_FILE, `${code}\nexports.schemaHash = ${JSON.stringify(schemaHash())};\n`);
}
