import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { diff, diffProject, type ProjectDiff } from '../api.js';
import { UsageError, UserError } from '../diagnostics.js';
import { diffJson, diffMarkdown, diffText, isSame } from '../diff/format.js';
import { writeFileAtomic } from '../output/atomic.js';
import { ensureFolder, kindOf, missingFolders, NotAFolderError, statOrMissing, whyNotAFolder } from '../env/folder.js';
import { EnvironmentError, osWork } from '../env/os-error.js';
import { printable, shownPath } from '../env/printable.js';
import { commonOptions } from './common.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { colours, type CliIO } from './io.js';
import type { ValidateCliOptions } from './options.js';

export interface DiffCliOptions extends ValidateCliOptions {
  from?: string;
  to?: string;
  format: 'text' | 'md' | 'json' | 'docx';
  output?: string;
  author?: string;
}

/** Exit codes follow diff(1): 0 the same, 1 different, 2 trouble. */
const DIFF_EXIT = { same: 0, different: 1, trouble: 2 } as const;

export async function diffCommand(inputs: readonly string[], options: DiffCliOptions, io: CliIO): Promise<number> {
  // One role file with --from is one role across revisions (clause by clause); anything else with --from is the project view.
  if (options.from && !(inputs.length === 1 && isFile(resolve(io.cwd, inputs[0]!)))) return projectCommand(inputs, options, io);
  if (inputs.length === 0 || (!inputs[1] && !options.from)) throw new UsageError('give two role files, or one role file with --from REV');
  if (inputs.length > 2) throw new UsageError('give two role files, or one role file with --from REV (folders and more files go with --from)');
  const [oldFile, newFile] = inputs as [string, string | undefined];
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

/**
 * `jdgen diff --from REV [--to REV] [folders|files]`: every role, classified;
 * with `-o DIR`, one redline DOCX per changed or renamed role (named after the
 * role's path in the repository). Exit 0 no document differs, 1 some differ,
 * 2 trouble (a role that does not compile at either revision, a bad revision).
 */
async function projectCommand(inputs: readonly string[], options: DiffCliOptions, io: CliIO): Promise<number> {
  const err = colours(io, 'stderr');
  if (options.format === 'docx' && !options.output) throw new UsageError('--format docx over folders writes one redline per role: add -o DIR');
  const outDir = options.output ? resolve(io.cwd, options.output) : undefined;
  if (outDir) {
    const stats = await statOrMissing(outDir);
    if (stats && !stats.isDirectory())
      throw new UsageError(`-o over folders names a folder for the redlines: ${printable(options.output!)} is ${kindOf(stats)}`);
  }
  let project: Awaited<ReturnType<typeof diffProject>>;
  try {
    project = await diffProject(inputs, { ...commonOptions(options, io), from: options.from!, ...(options.to ? { to: options.to } : {}) });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    await writeDiagnostics(io.stderr, error.diagnostics, err);
    return DIFF_EXIT.trouble;
  }
  const { projectJson, projectMarkdown, projectText, projectDiffers, projectFailed } = await import('../diff/project-format.js');
  if (options.format === 'json') io.stdout.write(`${JSON.stringify(projectJson(project), null, 2)}\n`);
  else if (options.format === 'md') io.stdout.write(projectMarkdown(project));
  else io.stdout.write(projectText(project, colours(io, 'stdout')));
  if (outDir) {
    try {
      const written = await writeRedlines(project, outDir, options.author ?? 'jdgen', io.cwd);
      if (io.verbosity !== 'quiet')
        io.stderr.write(`${written} redline${written === 1 ? '' : 's'} with tracked changes written to ${printable(options.output!)}\n`);
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      io.stderr.write(`${err.red('error:')} ${error.message}\n`);
      return DIFF_EXIT.trouble;
    }
  }
  return projectFailed(project) ? DIFF_EXIT.trouble : projectDiffers(project) ? DIFF_EXIT.different : DIFF_EXIT.same;
}

/** One redline per changed or renamed role whose document differs: DIR/<path of the role>.docx. */
async function writeRedlines(project: ProjectDiff, outDir: string, author: string, cwd: string): Promise<number> {
  const [{ writeDocx }, { redlineModel }, { isSame }] = await Promise.all([
    import('../write/docx.js'),
    import('../diff/redline.js'),
    import('../diff/format.js'),
  ]);
  let count = 0;
  for (const role of project.roles) {
    if ((role.status !== 'changed' && role.status !== 'renamed') || !role.diff || !role.after || isSame(role.diff)) continue;
    const model = redlineModel(role.diff, role.after.model, { author, date: role.after.role.document.date });
    const bytes = await writeDocx(model, { fonts: role.after.style.pdfFonts, fontFamily: role.after.style.docxFont });
    // The role's path below cwd, never climbing out of the output folder.
    const name = role.file
      .replace(/\.ya?ml$/i, '.docx')
      .split(/[\\/]/)
      .filter((part) => part !== '..' && part !== '.' && part !== '');
    const path = join(outDir, ...name);
    await ensureFolder(dirname(path), shownPath(cwd, dirname(path)));
    await osWork('write the redline to', shownPath(cwd, path), () => writeFileAtomic(path, bytes));
    count += 1;
  }
  return count;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
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
