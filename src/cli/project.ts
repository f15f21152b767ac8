import { createContext } from '../context.js';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { initProject, newRole, show } from '../api.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { commonOptions } from './common.js';
import { colours, EXIT, type CliIO } from './io.js';
import { now } from '../env/source-date-epoch.js';
import type { InitCliOptions, ValidateCliOptions } from './options.js';
import { DEFAULT_ANSWERS, USER_FILES, type InitAnswers } from '../project/init.js';
import { BUNDLED_TEMPLATES } from '../render/layers.js';
import { availableLocales } from '../render/locale.js';
import { terminalSafe } from '../env/printable.js';

export async function showCommand(file: string, options: ValidateCliOptions, io: CliIO): Promise<number> {
  const result = await show(file, commonOptions(options, io));
  const c = colours(io, 'stderr');
  await writeDiagnostics(io.stderr, io.verbosity === 'quiet' ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics, c);
  if (result.yaml === undefined) return EXIT.invalid;
  io.stdout.write(result.yaml);
  return EXIT.ok;
}

export async function initCommand(dir: string, options: InitCliOptions, io: CliIO): Promise<number> {
  const target = resolve(io.cwd, dir);
  const given: Partial<InitAnswers> = {
    ...(options.org !== undefined ? { organization: options.org } : {}),
    ...(options.city !== undefined ? { city: options.city } : {}),
    ...(options.approverPosition !== undefined ? { approverPosition: options.approverPosition } : {}),
    ...(options.approverName !== undefined ? { approverName: options.approverName } : {}),
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
  };
  const answers = (await wantsQuestions(target, options, io)) ? await askFor(given, io) : given;
  const result = await initProject(target, { ...(options.force ? { force: true } : {}), answers });
  // --quiet: errors only, so the lines of what was written are left out.
  if (io.verbosity === 'quiet') return EXIT.ok;
  const shown = relative(io.cwd, result.dir) || '.';
  const c = colours(io, 'stdout');
  const path = (file: string): string => terminalSafe(relative(io.cwd, resolve(result.dir, file)));
  for (const file of result.files) io.stdout.write(`${result.overwritten.includes(file) ? c.yellow('overwrote') : c.green('created')} ${path(file)}\n`);
  for (const file of result.skipped)
    io.stdout.write(
      `${c.yellow('skipped')} ${path(file)} (it exists; ${USER_FILES.has(file) ? 'jdgen never overwrites it' : 'left as it is, --force overwrites it'})\n`,
    );
  io.stdout.write(`\nNext: cd ${terminalSafe(shown)} && npm install && npm run build, then commit dist/ with the roles (CI runs npm run check)\n`);
  return EXIT.ok;
}

/**
 * Questions only on a terminal (stdin and stdout), without --yes, and when
 * the config they fill in will be written: a pipe or CI never waits for input.
 */
async function wantsQuestions(target: string, options: InitCliOptions, io: CliIO): Promise<boolean> {
  if (options.yes || !io.stdin?.isTTY || !io.stdout.isTTY) return false;
  return options.force === true || !existsSync(join(target, 'jdgen.config.yaml'));
}

async function askFor(given: Partial<InitAnswers>, io: CliIO): Promise<InitAnswers> {
  const { askAnswers } = await import('./prompt.js');
  const locales = await availableLocales(createContext(), BUNDLED_TEMPLATES);
  return askAnswers(io.stdin as NodeJS.ReadableStream, io.stdout as NodeJS.WritableStream, DEFAULT_ANSWERS, given, locales);
}

export async function newCommand(title: string, options: { extends?: string; dir?: string; force?: boolean }, io: CliIO): Promise<number> {
  const file = await newRole(title, { cwd: io.cwd, ...options, now: now(io.env) });
  if (io.verbosity !== 'quiet') io.stdout.write(`${colours(io, 'stdout').green('created')} ${terminalSafe(relative(io.cwd, file))}\n`);
  return EXIT.ok;
}

export async function schemaCommand(dir: string, io: CliIO): Promise<number> {
  const { writeSchemas } = await import('../project/write-schemas.js');
  const result = await writeSchemas(resolve(io.cwd, dir), { overwrite: true, cwd: io.cwd });
  const c = colours(io, 'stdout');
  if (io.verbosity !== 'quiet')
    for (const file of result.written) io.stdout.write(`${c.green('wrote')} ${terminalSafe(relative(io.cwd, resolve(result.dir, file)))}\n`);
  return EXIT.ok;
}
