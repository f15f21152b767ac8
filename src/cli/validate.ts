import { validate } from '../api.js';
import { commonOptions } from './common.js';
import { colours, EXIT, type CliIO } from './io.js';
import type { ValidateCliOptions } from './main.js';
import { printReport } from './report.js';

export async function validateCommand(files: string[], options: ValidateCliOptions, io: CliIO): Promise<number> {
  const report = await validate(files, commonOptions(options, io));
  await printReport(report, io, { out: colours(io, 'stdout'), err: colours(io, 'stderr') });
  return report.ok ? EXIT.ok : EXIT.invalid;
}
