import { build } from '../api.js';
import { UsageError } from '../diagnostics.js';
import { FORMATS, isFormat, type Format } from '../write/registry.js';
import { commonOptions } from './common.js';
import { colours, EXIT, type CliIO } from './io.js';
import type { BuildCliOptions } from './main.js';
import { printReport } from './report.js';

export async function buildCommand(files: string[], options: BuildCliOptions, io: CliIO): Promise<number> {
  const report = await build(files, {
    ...commonOptions(options, io),
    ...(options.outDir ? { outDir: options.outDir } : {}),
    ...(options.format ? { formats: parseFormats(options.format) } : {}),
  });
  const out = colours(io, 'stdout');
  printReport(report, io, { out, err: colours(io, 'stderr') });
  const failed = report.files.filter((f) => f.status === 'failed').length;
  const built = report.files.length - failed;
  io.stdout.write(`${built} built, ${failed} failed\n`);
  return report.ok ? EXIT.ok : EXIT.invalid;
}

function parseFormats(list: string): Format[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isFormat(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`unknown format ${unknown.map((u) => `\`${u}\``).join(', ') || '(none given)'}; choose from ${FORMATS.join(', ')}`);
  }
  return [...new Set(names)] as Format[];
}
