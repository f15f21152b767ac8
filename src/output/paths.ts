import { join, resolve } from 'node:path';
import { UsageError } from '../diagnostics.js';

/**
 * Two roles whose outputs would land on the same path would overwrite each
 * other: refuse before anything is written.
 */
export function checkDistinctOutputs(targets: ReadonlyArray<{ file: string; outDir: string; name: string }>): void {
  const owners = new Map<string, string>();
  for (const { file, outDir, name } of targets) {
    const stem = resolve(outDir, name.replace(/\.(ya?ml)$/i, ''));
    const other = owners.get(stem);
    if (other && other !== file) {
      throw new UsageError(
        `${other} and ${file} would both be written to ${stem}.*; build them into different --out-dir folders, or name the folders that contain them so their structure is kept`,
      );
    }
    owners.set(stem, file);
  }
}

/** `DIR/sales/kam.pdf` for the role `sales/kam.yaml`. */
export function outputPath(outDir: string, name: string, format: string): string {
  return join(outDir, `${name.replace(/\.(ya?ml)$/i, '')}.${format}`);
}
