import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.js';

/** jdgen's version, from its own package.json. */
export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
