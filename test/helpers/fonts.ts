import { BUNDLED_TEMPLATES } from '../../src/api.js';
import { createContext } from '../../src/context.js';
import { loadStyle } from '../../src/render/style.js';
import type { FontFaces } from '../../src/write/fonts.js';

/** The PDF faces the bundled templates use (style.yaml). */
export function bundledFonts(): FontFaces {
  return loadStyle(createContext(), BUNDLED_TEMPLATES).pdfFonts;
}
