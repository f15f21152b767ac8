import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jdgenAsync, tempDir } from '../helpers/cli.js';
import type { FuzzCase } from './cases.js';

/**
 * Runs cases through the real CLI, two at a time, and returns every case whose
 * exit code differs from what the library API's answer implies (0 built, 1
 * failed; 3 means a bug, with a stack trace).
 */
export async function runCli(cases: readonly FuzzCase[], expected: (c: FuzzCase) => number): Promise<string[]> {
  const mismatches: string[] = [];
  const queue = [...cases];
  const lane = async () => {
    for (let fuzzCase = queue.shift(); fuzzCase; fuzzCase = queue.shift()) {
      const dir = tempDir('jdgen-fuzz-cli-');
      try {
        const source = join(dir, 'project');
        for (const folder of fuzzCase.project.dirs) mkdirSync(join(source, folder), { recursive: true });
        for (const [path, content] of Object.entries(fuzzCase.project.files)) {
          mkdirSync(dirname(join(source, path)), { recursive: true });
          writeFileSync(join(source, path), content);
        }
        const run = await jdgenAsync(['build', fuzzCase.project.role, '-o', join(dir, 'out'), '-f', 'docx,pdf,md,json', '-j', '1'], { cwd: source });
        const want = expected(fuzzCase);
        if (run.code !== want) mismatches.push(`case ${fuzzCase.id}: exit ${run.code}, expected ${want}: ${run.stderr.slice(0, 600)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  };
  await Promise.all([lane(), lane()]);
  return mismatches;
}
