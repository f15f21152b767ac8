import { execFileSync } from 'node:child_process';

/**
 * vitest global setup: compiles src/ to dist/ once, so the end-to-end tests
 * run the real CLI (bin/jdgen.js → dist/cli/main.js) exactly as users do.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
