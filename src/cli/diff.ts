import { dirname, resolve } from 'node:path';
import { diff } from '../api.js';
import { UsageError, UserError } from '../diagnostics.js';
import { diffJson, diffMarkdown, diffText, isSame } from '../diff/format.js';
import { writeFileAtomic } from '../output/atomic.js';
import { ensureFolder, kindOf, missingFolders, NotAFolderError, statOrMissing, whyNotAFolder } from '../env/folder.js';
import { EnvironmentError, osWork } from '../env/os-error.js';
import { printable, shownPath } from '../env/printable.js';
import { commonOptions } from './common.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { colours, type CliIO } from './io.js';
import type { ValidateCliOptions } from './main.js';

export interface DiffCliOptions extends ValidateCliOptions {
  from?: string;
  to?: string;
  format: 'text' | 'md' | 'json' | 'docx';
  output?: string;
  author?: string;
}

/** Exit codes follow diff(1): 0 the same, 1 different, 2 trouble. */
const DIFF_EXIT = { same: 0, different: 1, trouble: 2 } as const;

export async function diffCommand(oldFile: string, newFile: string | undefined, options: DiffCliOptions, io: CliIO): Promise<number> {
  if (!newFile && !options.from) throw new UsageError('give two role files, or one role file with --from REV');
  if (options.format === 'docx' && !options.output) throw new UsageError('--format docx writes a file: add -o review.docx');
  const err = colours(io, 'stderr');
  try {
    // Checked before comparing anything: a wrong -o is found at once, not after the work.
    if (options.format === 'docx') await checkOutputFile(resolve(io.cwd, options.output!), options.output!, io.cwd);
    return await compare(oldFile, newFile, options, io);
  } catch (error) {
    // The machine refused (full disk, read-only): trouble (2), never "different" (1).
    if (!(error instanceof EnvironmentError)) throw error;
    io.stderr.write(`${err.red('error:')} ${error.message}\n`);
    return DIFF_EXIT.trouble;
  }
}

async function compare(oldFile: string, newFile: string | undefined, options: DiffCliOptions, io: CliIO): Promise<number> {
  const err = colours(io, 'stderr');
  let outcome: Awaited<ReturnType<typeof diff>>;
  try {
    outcome = await diff(oldFile, newFile, {
      ...commonOptions(options, io),
      ...(options.from ? { from: options.from } : {}),
      ...(options.to ? { to: options.to } : {}),
      ...(options.author ? { author: options.author } : {}),
    });
  } catch (error) {
    // A bad revision or a missing repository is "trouble" (2), never "different" (1).
    if (!(error instanceof UserError)) throw error;
    await writeDiagnostics(io.stderr, error.diagnostics, err);
    return DIFF_EXIT.trouble;
  }
  // --quiet: errors only; the diff itself is the output, not chatter, and is printed all the same.
  await writeDiagnostics(io.stderr, io.verbosity === 'quiet' ? outcome.diagnostics.filter((d) => d.severity === 'error') : outcome.diagnostics, err);
  if (!outcome.diff) return DIFF_EXIT.trouble;
  const result = outcome.diff;
  if (options.format === 'json') io.stdout.write(`${JSON.stringify(diffJson(result), null, 2)}\n`);
  else if (options.format === 'md') io.stdout.write(diffMarkdown(result));
  else if (options.format === 'text') io.stdout.write(diffText(result, colours(io, 'stdout')));
  else {
    const { writeDocx } = await import('../write/docx.js');
    const bytes = await writeDocx(outcome.redline!, { fonts: outcome.style!.pdfFonts, fontFamily: outcome.style!.docxFont });
    const path = resolve(io.cwd, options.output!);
    await ensureFolder(dirname(path), shownPath(io.cwd, dirname(path)));
    await osWork('write the redline to', options.output!, () => writeFileAtomic(path, bytes));
    if (io.verbosity !== 'quiet') io.stdout.write(`redline with tracked changes written to ${options.output}\n`);
  }
  return isSame(result) ? DIFF_EXIT.same : DIFF_EXIT.different;
}

/**
 * `-o` of the redline must name a regular file or a new one in a folder (or a
 * place where folders can be made): writing "atomically" over `/dev/null` or a
 * device would replace it with a regular file.
 */
async function checkOutputFile(path: string, shown: string, cwd: string): Promise<void> {
  const stats = await statOrMissing(path);
  if (stats && !stats.isFile()) throw new UsageError(`-o must name a file: ${printable(shown)} is ${kindOf(stats)}`);
  try {
    await missingFolders(dirname(path));
  } catch (error) {
    if (error instanceof NotAFolderError) throw new UsageError(`-o must name a file in a folder: ${whyNotAFolder(error, dirname(path), cwd)}`);
    throw error;
  }
}
