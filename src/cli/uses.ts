import { uses } from '../api.js';
import { terminalSafe } from '../env/printable.js';
import { commonOptions } from './common.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { colours, EXIT, type CliIO } from './io.js';
import type { ValidateCliOptions } from './options.js';

/** `jdgen uses`: exit 0, or 1 when a role could not be read (its errors are printed; the list covers the others). */
export async function usesCommand(target: string, inputs: string[], options: ValidateCliOptions & { format?: string }, io: CliIO): Promise<number> {
  const result = await uses(target, inputs.length ? inputs : '.', commonOptions(options, io));
  await writeDiagnostics(io.stderr, result.diagnostics, colours(io, 'stderr'));
  if (options.format === 'json') io.stdout.write(`${JSON.stringify({ jdgen: 1, ...result }, null, 2)}\n`);
  else {
    const n = result.roles.length;
    io.stdout.write(`${terminalSafe(target)} is used by ${n} role${n === 1 ? '' : 's'}${n ? ':' : ''}\n`);
    const width = Math.max(0, ...result.roles.map((r) => r.file.length));
    for (const site of result.roles)
      io.stdout.write(
        `  ${terminalSafe(site.file.padEnd(width))}  ${site.numbers.length ? site.numbers.map((x) => x.replace(/\.$/, '')).join(', ') : '(no clause of its own: header or settings)'}\n`,
      );
  }
  return result.diagnostics.length ? EXIT.invalid : EXIT.ok;
}
