import { onceAsync } from '../once.js';
import { chalkPalette, PLAIN, type Palette } from '../palette.js';

/** Everything the CLI touches of the outside world, so tests can run it in-process. */
export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Bytes only for `build -o -` (a document on standard output). */
  stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /**
   * Standard input: where `build -` reads a role, and what `init` asks its
   * questions on (only when it and stdout are terminals). Absent in most tests.
   */
  stdin?: AsyncIterable<string | Uint8Array> & { isTTY?: boolean };
  /** `--quiet` (errors only) or `--verbose` (per-file detail, timings, origins); normal when absent. */
  verbosity?: Verbosity;
}

export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** Exit codes (documented in the README). */
export const EXIT = {
  ok: 0,
  /** Invalid input, or a build that failed for some file. */
  invalid: 1,
  /** Wrong usage: unknown option, missing argument. */
  usage: 2,
  /** A bug in jdgen. */
  internal: 3,
} as const;

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
function wantsColour(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  return !noColor && (Boolean(io[stream].isTTY) || forced);
}

/** chalk, loaded only when something is coloured (see once.ts). */
const chalkModule = onceAsync(() => import('chalk'));

/** Loads chalk if either stream will be coloured; run() calls it before any command. */
export async function prepareColours(io: CliIO): Promise<void> {
  if (wantsColour(io, 'stdout') || wantsColour(io, 'stderr')) await chalkModule.load();
}

export function colours(io: CliIO, stream: 'stdout' | 'stderr'): Palette {
  const chalk = chalkModule.get();
  return chalk && wantsColour(io, stream) ? chalkPalette(new chalk.Chalk({ level: 1 })) : PLAIN;
}
