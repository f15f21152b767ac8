import { relative, resolve } from 'node:path';
import { initProject, newRole, show } from '../api.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { commonOptions } from './common.js';
import { colours, EXIT, type CliIO } from './io.js';
import { now } from '../env/source-date-epoch.js';
import type { ValidateCliOptions } from './main.js';
import { terminalSafe } from '../env/printable.js';

export async function showCommand(file: string, options: ValidateCliOptions, io: CliIO): Promise<number> {
  const result = await show(file, commonOptions(options, io));
  const c = colours(io, 'stderr');
  await writeDiagnostics(io.stderr, io.verbosity === 'quiet' ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics, c);
  if (result.yaml === undefined) return EXIT.invalid;
  io.stdout.write(result.yaml);
  return EXIT.ok;
}

export async function initCommand(dir: string, options: { force?: boolean }, io: CliIO): Promise<number> {
  const result = await initProject(resolve(io.cwd, dir), options);
  const shown = relative(io.cwd, result.dir) || '.';
  const c = colours(io, 'stdout');
  for (const file of result.files) io.stdout.write(`${c.green('created')} ${terminalSafe(relative(io.cwd, resolve(result.dir, file)))}\n`);
  io.stdout.write(`\nNext: cd ${terminalSafe(shown)} && npx jdgen build roles/*.yaml\n`);
  return EXIT.ok;
}

export async function newCommand(title: string, options: { extends?: string; dir?: string; force?: boolean }, io: CliIO): Promise<number> {
  const file = await newRole(title, { cwd: io.cwd, ...options, now: now(io.env) });
  io.stdout.write(`${colours(io, 'stdout').green('created')} ${terminalSafe(relative(io.cwd, file))}\n`);
  return EXIT.ok;
}
