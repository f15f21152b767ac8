import type { Context } from '../context.js';
import type { DocumentModel } from '../model/types.js';
import type { FontFaces } from './fonts.js';

export interface WriteOptions {
  /** TrueType faces for formats that embed fonts (PDF). */
  fonts: FontFaces;
  /** Family named by formats that rely on installed fonts (DOCX); defaults to `fonts.family`. */
  fontFamily?: string;
  /** PDF: an empty signature form field over every signature line (approver, AGREED signatories, familiarisation rows). */
  signFields?: boolean;
  /** PDF: false writes an untagged PDF/A-2b (no structure tree); default a tagged PDF/A-2a. */
  tagged?: boolean;
  /** Where the writer keeps fonts, skeletons and layouts for the next document; a fresh one when not given. */
  context?: Context;
}

/** A writer turns the document model into the bytes of one file format. */
export type Writer = (model: DocumentModel, options: WriteOptions) => Promise<Uint8Array>;
