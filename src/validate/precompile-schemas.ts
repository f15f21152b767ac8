import { writeFileSync } from 'node:fs';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createAjv, precompiledFile, schemaHash, VALIDATOR_IDS, VALIDATORS } from './schema.js';

/**
 * Build step (see src/build.ts): writes each schema's validator as ajv
 * standalone code next to schema.js, one file per schema (a process loads
 * only the ones it needs), with the hash of what it was made from. schema.ts
 * falls back to compiling at run time when a file is missing or the schemas
 * changed since.
 */
export function precompileSchemas(): void {
  const ajv = createAjv({ code: { source: true } });
  for (const name of VALIDATORS) {
    const code = standaloneCode.default(ajv, { validate: VALIDATOR_IDS[name] });
    writeFileSync(precompiledFile(name), `${code}\nexports.schemaHash = ${JSON.stringify(schemaHash())};\n`);
  }
}
