import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The four faces a document needs. Paths to TrueType files. */
export interface FontFaces {
  family: string;
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
}

const require = createRequire(import.meta.url);

/**
 * Noto Sans from the npm package `@expo-google-fonts/noto-sans` (OFL-1.1).
 * It draws every script jdgen targets: Latin Extended (ș ț ā ģ ë ç ə ğ ı) and
 * Cyrillic (ї є ґ ё ы). We resolve the package's TTFs instead of copying them,
 * so the repository stays small and the licence travels with the package.
 */
export function defaultFonts(): FontFaces {
  const root = dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
  const face = (weight: string, file: string): string => join(root, weight, file);
  return {
    family: 'Noto Sans',
    regular: face('400Regular', 'NotoSans_400Regular.ttf'),
    bold: face('700Bold', 'NotoSans_700Bold.ttf'),
    italic: face('400Regular_Italic', 'NotoSans_400Regular_Italic.ttf'),
    boldItalic: face('700Bold_Italic', 'NotoSans_700Bold_Italic.ttf'),
  };
}
