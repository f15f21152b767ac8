import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrors } from '../diagnostics.js';
import { parseYamlText } from '../load/load.js';
import { sha256 } from '../hash.js';
import { once } from '../once.js';
import { BUNDLED_TEMPLATES, bundledKey } from './layers.js';

/**
 * The bundled templates' YAML (locales, style.yaml) as data, written by
 * `npm run build` (src/build.ts): a cold start then reads JSON instead of
 * parsing YAML. Each entry carries the hash of its source and is used only
 * while the file on disk still has it; a user's templates folder is always parsed.
 */
export const PRECOMPILED_DATA_FILE = fileURLToPath(new URL('./bundled-data.precompiled.json', import.meta.url));

type Precompiled = Record<string, { hash: string; data: unknown }>;
/** Read once: it is part of jdgen's installation. */
const precompiled = once((): Precompiled | null =>
  existsSync(PRECOMPILED_DATA_FILE) ? (createRequire(import.meta.url)(PRECOMPILED_DATA_FILE) as Precompiled) : null,
);

/** The data of a bundled YAML file with this text, when the build recorded it; else undefined. */
export function bundledData(file: string, text: string): unknown {
  const key = bundledKey(file);
  if (key === undefined) return undefined;
  const entry = precompiled()?.[key];
  return entry && entry.hash === sha256(text) ? entry.data : undefined;
}

/** Build step: every bundled locale and style.yaml, parsed as jdgen parses them. */
export function precompileBundledData(): void {
  const files = [
    'style.yaml',
    ...readdirSync(join(BUNDLED_TEMPLATES, 'locales'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `locales/${f}`),
  ];
  const out: Precompiled = {};
  for (const key of files.sort()) {
    const file = join(BUNDLED_TEMPLATES, key);
    const text = readFileSync(file, 'utf8');
    const loaded = parseYamlText(file, text);
    if (hasErrors(loaded.diagnostics)) throw new Error(`${file} does not parse`);
    out[key] = { hash: sha256(text), data: loaded.data };
  }
  writeFileSync(PRECOMPILED_DATA_FILE, `${JSON.stringify(out)}\n`);
}
