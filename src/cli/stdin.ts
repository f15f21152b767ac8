import { READ_LIMITS } from '../load/read-file.js';
import type { InlineRole } from '../api.js';
import { UsageError } from '../diagnostics.js';
import type { CliIO } from './io.js';

/** `-` as an input: the role comes from standard input; as `-o`: one format goes to standard output. */
export const STANDARD_STREAM = '-';
/** The name a role read from standard input goes by in messages (its outputs: `stdin.pdf`). */
export const STDIN_NAME = '<stdin>';

/** Whether the inputs name standard input; `-` stands alone, as a second source of roles would be ambiguous. */
export function readsStdin(files: readonly string[]): boolean {
  const fromStdin = files.includes(STANDARD_STREAM);
  if (fromStdin && files.length > 1) throw new UsageError('`-` (a role from standard input) cannot be combined with other inputs');
  return fromStdin;
}

/** The role on standard input, read up to just over the YAML limit (a larger one is refused when read, as a file would be). */
export async function readStdinRole(io: CliIO): Promise<InlineRole> {
  const limit = READ_LIMITS.yaml + 1;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin ?? process.stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    chunks.push(bytes);
    size += bytes.length;
    if (size >= limit) break;
  }
  return { yaml: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), name: STDIN_NAME };
}
