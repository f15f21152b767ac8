import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jdgenAsync, tempDir } from '../helpers/cli.js';
import type { FuzzCase } from './cases.js';

const FORMATS = ['docx', 'pdf', 'md', 'html', 'json'];

/**
 * Runs cases through the real CLI (`jdgen build`, all four formats), two at a
 * time. Exit 0 must leave the role's four outputs, exit 1 nothing at all; any
 * other code (3: a bug, with a stack trace) fails, and so does an exit code
 * that disagrees with what the library API answered for the same case.
 */
export async function runCli(cases: readonly FuzzCase[], expected: (c: FuzzCase) => 0 | 1 | undefined): Promise<string[]> {
  const mismatches: string[] = [];
  const queue = [...cases];
  const lane = async () => {
    for (let fuzzCase = queue.shift(); fuzzCase; fuzzCase = queue.shift()) {
      const dir = tempDir('jdgen-fuzz-cli-');
      try {
        const [source, out] = [join(dir, 'project'), join(dir, 'out')];
        for (const folder of fuzzCase.project.dirs) mkdirSync(join(source, folder), { recursive: true });
        for (const [path, content] of Object.entries(fuzzCase.project.files)) {
          mkdirSync(dirname(join(source, path)), { recursive: true });
          writeFileSync(join(source, path), content);
        }
        const run = await jdgenAsync(['build', fuzzCase.project.role, '-o', out, '-f', FORMATS.join(','), '-j', '1'], { cwd: source });
        const written = existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith('.jdgen-manifest')) : [];
        const want = expected(fuzzCase);
        const wrong =
          run.code !== 0 && run.code !== 1
            ? `exit ${run.code}`
            : want !== undefined && run.code !== want
              ? `exit ${run.code} where the library API says ${want}`
              : run.code === 0 && written.length !== FORMATS.length
                ? `exit 0 but wrote [${written.join(', ')}]`
                : run.code === 1 && written.length > 0
                  ? `exit 1 but wrote [${written.join(', ')}]`
                  : undefined;
        if (wrong) mismatches.push(`case ${fuzzCase.id}: ${wrong}: ${run.stderr.slice(0, 600)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  };
  await Promise.all([lane(), lane()]);
  return mismatches;
}
