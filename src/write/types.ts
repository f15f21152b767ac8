import type { DocumentModel } from '../model/types.js';
import type { FontFaces } from './fonts.js';

export interface WriteOptions {
  fonts: FontFaces;
}

/** A writer turns the document model into the bytes of one file format. */
export type Writer = (model: DocumentModel, options: WriteOptions) => Promise<Uint8Array>;
