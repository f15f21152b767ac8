import { execFileSync } from 'node:child_process';

/**
 * vitest global setup: builds dist/ once as `npm run build` does
 * (scripts/build.mjs: type declarations, the esbuild bundle, precompiled
 * schema validators and templates), so the end-to-end tests run the real
 * CLI (bin/jdgen.js → dist/cli.js) exactly as users do. Unit tests import
 * src/ and so exercise the run-time schema compilation instead.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
