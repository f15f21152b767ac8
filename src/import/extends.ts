import { UsageError } from '../diagnostics.js';
import type { ImportFilesOptions } from './write.js';

/** The imported role reduced to what differs from a base. */
export async function differencesFrom(
  _role: Record<string, unknown>,
  base: string,
  _target: string,
  _options: ImportFilesOptions,
): Promise<Record<string, unknown>> {
  throw new UsageError(`--extends ${base}: not available yet`);
}
