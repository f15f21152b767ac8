import { readFileSync } from 'node:fs';

/** jdgen's version, from its own package.json. */
export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
