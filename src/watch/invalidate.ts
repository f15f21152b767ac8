import { basename, dirname, extname, join } from 'node:path';
import type { Context } from '../context.js';
import { layers } from '../render/layers.js';
import { isInside } from './deps.js';

/**
 * Forgets what the context read from the files that changed, and nothing
 * else: a watcher keeps one context for its whole life, so an edited locale
 * must be read again while the compiled templates, the parsed fonts and the
 * shaped text of the other files stay (they are most of a rebuild's time).
 *
 * Configs and font coverage need nothing here: their cache keys carry the
 * file's size and time, so an edited one is read again by itself. Role
 * files, bases and clause libraries are not cached in a context at all.
 */
export function invalidate(context: Context, changed: Iterable<string>): void {
  for (const file of changed) {
    for (const dir of context.templates.keys()) if (extname(file) === '.hbs' && inLayers(file, dir)) context.templates.delete(dir);
    for (const dir of context.styles.keys()) if (basename(file) === 'style.yaml' && layerFolder(file, dir)) context.styles.delete(dir);
    if (basename(dirname(file)) === 'locales' && extname(file) === '.yaml') {
      const name = basename(file, '.yaml');
      for (const key of context.locales.keys()) {
        const [dir, locale] = key.split('\0') as [string, string];
        if (locale === name && layerFolder(dirname(file), dir, 'locales')) context.locales.delete(key);
      }
      // A locale file created or deleted changes the names on offer.
      for (const dir of context.localeNames.keys()) if (layerFolder(dirname(file), dir, 'locales')) context.localeNames.delete(dir);
    }
    // The writers keep font files and parsed fonts by path; a replaced font is read again, the others stay,
    // and layouts made with it (keyed by the file's id in the context) are made again.
    if (context.fonts?.files.has(file) && context.docx) {
      // The DOCX writer's skeletons embed the font files and its recurring parts were measured with them.
      context.docx.bases.clear();
      context.docx.skeletons.clear();
      context.docx.recurring.clear();
    }
    context.fonts?.files.delete(file);
    context.fonts?.parsed.delete(file);
    context.pdf?.parsedFonts.delete(file);
    context.pdf?.faceIds.delete(file);
    // So does the HTML writer, with the subsets it cut from each font.
    if (context.html) {
      context.html.files.delete(file);
      context.html.metrics.delete(file);
      for (const key of context.html.subsets.keys()) if (key.startsWith(`${file}\u0000`)) context.html.subsets.delete(key);
    }
  }
}

/** Whether `file` is inside one of the layers of templates folder `dir` (partials may sit in sub-folders). */
function inLayers(file: string, dir: string): boolean {
  return layers(dir).some((layer) => isInside(file, layer));
}

/** Whether `path` is `sub` directly under one of the layers of templates folder `dir`. */
function layerFolder(path: string, dir: string, sub = ''): boolean {
  const folder = sub ? path : dirname(path);
  return layers(dir).some((layer) => join(layer, sub, '.') === join(folder, '.'));
}
