import type { SourceDocument } from './source.js';
import { importError } from './zip.js';

/** Reads an ODT (OpenDocument text) into a SourceDocument. */
export function readOdt(file: string, _bytes: Uint8Array): SourceDocument {
  throw importError(file, 'import/odt', 'ODT is not read yet');
}
