import { validate } from '../api.js';
import { commonOptions } from './common.js';
import { EXIT, type CliIO } from './io.js';
import type { ValidateCliOptions } from './options.js';
import { writeReport, type Reporter } from './report.js';
import { printOrigins } from './verbose.js';
import { readsStdin, readStdinRole } from './stdin.js';

export async function validateCommand(files: string[], options: ValidateCliOptions & { reporter?: string }, io: CliIO): Promise<number> {
  const startedAt = performance.now();
  // `-`: one role from standard input, named <stdin> in messages, as `build -` reads it.
  const report = await validate(readsStdin(files) ? await readStdinRole(io) : files, commonOptions(options, io));
  await writeReport(report, (options.reporter ?? 'human') as Reporter, io);
  if (io.verbosity === 'verbose') await printOrigins(report, options, io, { seconds: (performance.now() - startedAt) / 1000 });
  return report.ok ? EXIT.ok : EXIT.invalid;
}
