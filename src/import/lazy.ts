import type { ImportOptions, ImportResult } from './import.js';

/**
 * `importDocx` of the library: the importer (and its XML parser) is loaded on
 * the first call, so `import 'jdgen'` does not pay for it.
 *
 *   const { yaml, report } = await importDocx(await readFile('kam.docx'), { name: 'kam.docx' });
 */
export async function importDocx(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const { importDocx: run } = await import('./import.js');
  return run(bytes, options);
}
