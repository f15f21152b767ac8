import { basename, extname, join, resolve } from 'node:path';
import { UsageError } from '../diagnostics.js';
import type { Format } from '../write/registry.js';

/** `roles/kam.yaml` → `<outDir>/kam.<format>`. */
export function outputPath(outDir: string, inputFile: string, format: Format): string {
  const stem = basename(inputFile, extname(inputFile));
  return join(outDir, `${stem}.${format}`);
}

/** Two inputs with the same file name would overwrite each other's outputs: refuse before writing anything. */
export function checkDistinctOutputs(cwd: string, targets: ReadonlyArray<{ file: string; outDir: string }>): void {
  const owners = new Map<string, string>();
  for (const { file, outDir } of targets) {
    const target = resolve(cwd, outputPath(outDir, file, 'md'));
    const other = owners.get(target);
    if (other && resolve(cwd, other) !== resolve(cwd, file)) {
      throw new UsageError(`${other} and ${file} would both be written to ${outputPath(outDir, file, 'md').replace(/\.md$/, '.*')}; build them into different --out-dir folders`);
    }
    owners.set(target, file);
  }
}
