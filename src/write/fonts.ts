/**
 * The four faces a document needs, as paths to TrueType files. Which files
 * they are is a template decision: see templates/style.yaml and src/render/style.ts.
 */
export interface FontFaces {
  family: string;
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
}
