import { link, lstat, readFile, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { compile } from '../api.js';
import type { Context } from '../context.js';
import { hasErrors, makeDiagnostic, UsageError, type Diagnostic } from '../diagnostics.js';
import { ensureFolder } from '../env/folder.js';
import { printable, shownPath } from '../env/printable.js';
import { tempPathFor, writeFileAtomic } from '../output/atomic.js';
import { modelinePath, roleSchemaName } from '../project/modeline.js';
import { slug } from '../project/new-role.js';
import { roleText } from './emit.js';
import { importDocx, type ImportReport } from './import.js';
import { ZIP_LIMITS } from './zip.js';

/**
 * `jdgen import`: each document → one role file beside the others in the
 * output folder, with the schema modeline, checked by the same validation
 * `jdgen build` runs before anything is written, written atomically and
 * never over an existing file unless asked.
 */

export interface ImportFilesOptions {
  cwd: string;
  /** Output folder; default the current folder. */
  outDir?: string;
  locale?: string;
  force?: boolean;
  /** ISO date written when a document has none. */
  now?: string;
  context?: Context;
  /** A base role: the written role extends it and keeps only what differs (see extends.ts). */
  extends?: string;
}

export interface ImportFileResult {
  /** The document, as named on the command line. */
  file: string;
  /** The role file written (relative to cwd), when one was. */
  output?: string;
  status: 'imported' | 'failed';
  report?: ImportReport;
  diagnostics: Diagnostic[];
}

export async function importFiles(files: readonly string[], options: ImportFilesOptions): Promise<ImportFileResult[]> {
  if (files.length === 0) throw new UsageError('name at least one Word document, e.g. jdgen import "Sales Manager.docx"');
  const outDir = resolve(options.cwd, options.outDir ?? '.');
  const targets = new Map<string, string>();
  for (const file of files) {
    const target = join(outDir, `${slug(basename(file).replace(/\.(docx|odt)$/i, '')) || 'role'}.yaml`);
    const other = targets.get(target);
    if (other !== undefined)
      throw new UsageError(
        `${printable(other)} and ${printable(file)} would both be written to ${printable(shownPath(options.cwd, target))}: import them into different folders (-o)`,
      );
    targets.set(target, file);
  }
  const results: ImportFileResult[] = [];
  for (const [target, file] of targets) results.push(await importOne(file, target, outDir, options));
  return results;
}

async function importOne(file: string, target: string, outDir: string, options: ImportFilesOptions): Promise<ImportFileResult> {
  const fail = (diagnostics: Diagnostic[]): ImportFileResult => ({ file, status: 'failed', diagnostics });
  const shownTarget = shownPath(options.cwd, target);
  const path = resolve(options.cwd, file);
  const bytes = await readDocument(file, path);
  if (!(bytes instanceof Uint8Array)) return fail([bytes]);
  let imported;
  try {
    imported = await importDocx(bytes, {
      name: file,
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.context ? { context: options.context } : {}),
    });
  } catch (error) {
    if (error instanceof Error && 'diagnostics' in error) return fail((error as { diagnostics: Diagnostic[] }).diagnostics);
    throw error;
  }
  let role = imported.role;
  if (options.extends) {
    const { differencesFrom } = await import('./extends.js');
    role = await differencesFrom(role, resolve(options.cwd, options.extends), target, options);
  }
  const schema = modelinePath(target, roleSchemaName({ extendsBase: options.extends !== undefined, underConfig: false }));
  const text = roleText(role, { schema, source: basename(file) });
  // The same checks as `jdgen build`, on the text about to be written, where it will be written.
  const checked = await compile({ yaml: text, name: target }, { cwd: options.cwd, ...(options.context ? { context: options.context } : {}) });
  const diagnostics = checked.diagnostics.map((d) => (d.file === target ? { ...d, file: shownTarget } : d));
  if (hasErrors(diagnostics)) return { ...fail(diagnostics), report: imported.report };
  await ensureFolder(outDir, shownPath(options.cwd, outDir));
  const written = await writeNew(target, new TextEncoder().encode(text), options.force === true);
  if (!written) {
    return {
      ...fail([
        makeDiagnostic({
          code: 'import/exists',
          file: shownTarget,
          line: 0,
          column: 0,
          message: 'already exists: not overwritten',
          hint: 'use --force to replace it, or -o to import into another folder',
        }),
      ]),
      report: imported.report,
    };
  }
  return { file, output: shownTarget, status: 'imported', report: imported.report, diagnostics: diagnostics.filter((d) => d.severity !== 'error') };
}

/** The document's bytes, or why it cannot be read (not a regular file, too large, missing). */
async function readDocument(file: string, path: string): Promise<Uint8Array | Diagnostic> {
  const problem = (message: string, hint?: string): Diagnostic =>
    makeDiagnostic({ code: 'import/read', file, line: 0, column: 0, message, ...(hint ? { hint } : {}) });
  try {
    const stat = await lstat(path);
    if (stat.isSymbolicLink()) {
      const real = await readFile(path).catch(() => undefined);
      if (!real) return problem('a broken symbolic link');
    } else if (!stat.isFile()) return problem('not a regular file');
    if (stat.size > ZIP_LIMITS.fileBytes) return problem(`the file is ${stat.size} bytes; documents over ${ZIP_LIMITS.fileBytes} bytes are not imported`);
    const bytes = await readFile(path);
    if (bytes.length > ZIP_LIMITS.fileBytes) return problem(`the file is over ${ZIP_LIMITS.fileBytes} bytes; not imported`);
    return bytes;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return problem('no such file', 'check the path; quote names with spaces');
    return problem(`cannot be read (${code ?? (error as Error).message})`);
  }
}

/**
 * Writes atomically. Without `force`, never over an existing file, even one
 * created a moment ago: the new file is linked into place, which fails if
 * the name is taken. True when written.
 */
async function writeNew(target: string, bytes: Uint8Array, force: boolean): Promise<boolean> {
  if (force) {
    await writeFileAtomic(target, bytes);
    return true;
  }
  const temp = tempPathFor(target);
  try {
    await writeFileAtomic(temp, bytes);
    await link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: checked, then renamed into place (a narrow window instead of none).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    if (
      await lstat(target).then(
        () => true,
        () => false,
      )
    )
      return false;
    await rename(temp, target);
    return true;
  } finally {
    await rm(temp, { force: true });
  }
}
