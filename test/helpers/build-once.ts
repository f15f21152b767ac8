import { execFileSync } from 'node:child_process';

/**
 * vitest global setup: builds dist/ once as `npm run build` does (tsc, then
 * src/build.ts: precompiled schema validators and templates), so the end-to-end tests run the real
 * CLI (bin/jdgen.js → dist/cli/main.js) exactly as users do. Unit tests
 * import src/ and so exercise the run-time schema compilation instead.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/build.js'], { stdio: 'inherit' });
}
