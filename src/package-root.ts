import { fileURLToPath } from 'node:url';

/**
 * jdgen's installation folder (package.json, templates/, schemas/, examples/).
 * This module sits one level below it both as source (src/package-root.ts)
 * and in the bundle, whose files all lie flat in dist/ (scripts/build.mjs):
 * `../` is right in both, so modules in subfolders ask here instead of
 * counting `../` from their own place, which bundling changes.
 */
const ROOT_URL = new URL('../', import.meta.url);

/** A path inside jdgen's installation folder (`templates/` keeps its trailing separator). */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT_URL));
}
