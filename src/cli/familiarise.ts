import { dirname, join, resolve } from 'node:path';
import { diffProject, type ProjectDiff } from '../api.js';
import { UsageError, UserError } from '../diagnostics.js';
import type { RefamiliarisationReport } from '../diff/familiarise.js';
import { ensureFolder, kindOf, statOrMissing } from '../env/folder.js';
import { EnvironmentError, osWork } from '../env/os-error.js';
import { printable, shownPath, terminalSafe } from '../env/printable.js';
import { writeFileAtomic } from '../output/atomic.js';
import { createContext } from '../context.js';
import { commonOptions } from './common.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { colours, EXIT, type CliIO } from './io.js';
import type { ValidateCliOptions } from './options.js';

export interface FamiliariseCliOptions extends ValidateCliOptions {
  from?: string;
  to?: string;
  format: 'text' | 'md' | 'json';
  output?: string;
}

/**
 * `jdgen familiarise --from REV [--to REV] [folders|files]`: for each role whose
 * approved document changed, the employees who must sign it (again); with
 * `-o DIR`, a printable re-familiarisation sheet per role (DOCX and PDF).
 * Exit 0, 1 when a role does not compile at either revision (its errors are
 * printed; the list covers the others), 2 wrong usage or a bad revision.
 */
export async function familiariseCommand(inputs: readonly string[], options: FamiliariseCliOptions, io: CliIO): Promise<number> {
  if (!options.from) throw new UsageError('give the revision the employees signed: --from REV (a branch, tag or commit)');
  const err = colours(io, 'stderr');
  const outDir = options.output ? resolve(io.cwd, options.output) : undefined;
  if (outDir) {
    const stats = await statOrMissing(outDir);
    if (stats && !stats.isDirectory()) throw new UsageError(`-o names a folder for the sheets: ${printable(options.output!)} is ${kindOf(stats)}`);
  }
  const context = createContext();
  let project: ProjectDiff;
  try {
    project = await diffProject(inputs, { ...commonOptions(options, io), context, from: options.from, ...(options.to ? { to: options.to } : {}) });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    await writeDiagnostics(io.stderr, error.diagnostics, err);
    throw new UsageError('the revisions could not be read');
  }
  const failed = project.roles.filter((r) => r.status === 'failed');
  await writeDiagnostics(
    io.stderr,
    failed.flatMap((r) => r.diagnostics),
    err,
  );
  const { refamiliarisations, refamiliarisationSheet } = await import('../diff/familiarise.js');
  const report = refamiliarisations(project);
  if (options.format === 'json') io.stdout.write(`${JSON.stringify({ jdgen: 1, ...report }, null, 2)}\n`);
  else io.stdout.write(options.format === 'md' ? reportMarkdown(report) : reportText(report));
  if (outDir) {
    const { loadWriter } = await import('../write/registry.js');
    try {
      let written = 0;
      for (const entry of report.roles) {
        if (entry.employees.length === 0) continue;
        const role = project.roles.find((r) => r.file === entry.file)!;
        const model = await refamiliarisationSheet(context, role, entry.employees);
        const style = role.after!.style;
        const stem = entry.file
          .replace(/\.ya?ml$/i, '')
          .split(/[\\/]/)
          .filter((part) => part !== '..' && part !== '.' && part !== '');
        for (const format of ['docx', 'pdf'] as const) {
          const bytes = await (await loadWriter(format))(model, { fonts: style.pdfFonts, fontFamily: style.docxFont, context });
          const path = `${join(outDir, ...stem)}.familiarisation.${format}`;
          await ensureFolder(dirname(path), shownPath(io.cwd, dirname(path)));
          await osWork('write the sheet to', shownPath(io.cwd, path), () => writeFileAtomic(path, bytes));
          written += 1;
        }
      }
      if (io.verbosity !== 'quiet') io.stderr.write(`${written} sheet file${written === 1 ? '' : 's'} written to ${printable(options.output!)}\n`);
    } catch (error) {
      if (error instanceof UserError) {
        await writeDiagnostics(io.stderr, error.diagnostics, err);
        return EXIT.invalid;
      }
      if (!(error instanceof EnvironmentError)) throw error;
      io.stderr.write(`${err.red('error:')} ${error.message}\n`);
      return EXIT.invalid;
    }
  }
  return failed.length ? EXIT.invalid : EXIT.ok;
}

const who = (e: { name: string; position?: string; again: boolean }) => `${e.name}${e.position ? `, ${e.position}` : ''}${e.again ? '' : ' (first time)'}`;
const toName = (r: RefamiliarisationReport) => (r.to.commit ? r.to.name : 'the working tree');

function reportText(report: RefamiliarisationReport): string {
  const lines: string[] = [];
  if (report.roles.length === 0) return `no approved job description changed between ${terminalSafe(report.from.name)} and ${terminalSafe(toName(report))}\n`;
  for (const role of report.roles) {
    const version =
      role.previousVersion !== undefined && role.previousVersion !== role.version
        ? `revision ${role.previousVersion} → ${role.version}`
        : `revision ${role.version}`;
    lines.push(
      `${terminalSafe(role.file)}${role.oldFile ? ` (was ${terminalSafe(role.oldFile)})` : ''}: ${terminalSafe(role.number)}, ${version} of ${role.date}; ${role.changes}`,
    );
    if (role.employees.length === 0) lines.push('    no employees listed in familiarization.employees: whoever holds the position must sign');
    role.employees.forEach((e, i) => lines.push(`    ${i + 1}. ${terminalSafe(who(e))}`));
  }
  const people = report.roles.reduce((n, r) => n + r.employees.length, 0);
  lines.push(
    `${people} signature${people === 1 ? '' : 's'} due on ${report.roles.length} approved job description${report.roles.length === 1 ? '' : 's'} changed since ${terminalSafe(report.from.name)}`,
  );
  return `${lines.join('\n')}\n`;
}

const md = (text: string): string => text.replace(/[\\`*_[\]<>|~]/g, (ch) => `\\${ch}`);

function reportMarkdown(report: RefamiliarisationReport): string {
  const out = [`## Signatures due: ${md(report.from.name)} → ${md(toName(report))}`, ''];
  if (report.roles.length === 0) return `${out.join('\n')}\nNo approved job description changed.\n`;
  out.push('| role | document | revision | employee | position | signs |', '| --- | --- | --- | --- | --- | --- |');
  for (const role of report.roles) {
    const rows = role.employees.length ? role.employees : [undefined];
    for (const e of rows)
      out.push(
        `| ${md(role.file)} | ${md(role.number)} | ${role.version} (${role.date}) | ${e ? md(e.name) : '—'} | ${e?.position ? md(e.position) : ''} | ${e ? (e.again ? 'again' : 'first time') : 'no employees listed'} |`,
      );
  }
  return `${out.join('\n')}\n`;
}
