import type { Palette } from '../palette.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { colours, EXIT, type CliIO } from './io.js';
import { terminalSafe } from '../env/printable.js';
import { now } from '../env/source-date-epoch.js';
import type { ImportFileResult } from '../import/write.js';

export interface ImportCliOptions {
  outDir?: string;
  locale?: string;
  reporter?: string;
  force?: boolean;
  extends?: string;
}

export const IMPORT_REPORTERS = ['text', 'json'] as const;

/** `jdgen import FILE.docx…`: one role file per document and a report of what went where. */
export async function importCommand(files: string[], options: ImportCliOptions, io: CliIO): Promise<number> {
  const { importFiles } = await import('../import/write.js');
  const results = await importFiles(files, {
    cwd: io.cwd,
    now: now(io.env).toISOString().slice(0, 10),
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.extends !== undefined ? { extends: options.extends } : {}),
  });
  if (options.reporter === 'json') io.stdout.write(`${JSON.stringify(jsonReport(results), null, 2)}\n`);
  else await printText(results, io);
  return results.every((r) => r.status === 'imported') ? EXIT.ok : EXIT.invalid;
}

/** The shape of schemas/import-report.schema.json. */
function jsonReport(results: ImportFileResult[]): unknown {
  return {
    jdgen: 1,
    files: results.map((r) => ({
      file: r.file,
      status: r.status,
      ...(r.output ? { output: r.output } : {}),
      ...(r.report ? { report: r.report } : {}),
      diagnostics: r.diagnostics,
    })),
    summary: { imported: results.filter((r) => r.status === 'imported').length, failed: results.filter((r) => r.status === 'failed').length },
  };
}

const at = (paragraph: number): string => (paragraph > 0 ? `¶${paragraph} ` : '');

async function printText(results: ImportFileResult[], io: CliIO): Promise<void> {
  const out = colours(io, 'stdout');
  const err = colours(io, 'stderr');
  const quiet = io.verbosity === 'quiet';
  for (const result of results) {
    await writeDiagnostics(io.stderr, quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics, err);
    if (result.status === 'failed') {
      io.stderr.write(`${err.red('✗')} ${terminalSafe(result.file)}: not imported, nothing written\n`);
      continue;
    }
    if (quiet) continue;
    const report = result.report!;
    io.stdout.write(
      `${out.green('✓')} ${terminalSafe(result.file)} → ${terminalSafe(result.output ?? '')} (${report.format}, ${report.locale}${report.localeGuessed ? ' guessed' : ''}, ${report.paragraphs} paragraphs)\n`,
    );
    printDetails(report, io, out);
  }
  if (!quiet && results.length > 1) {
    const ok = results.filter((r) => r.status === 'imported').length;
    io.stdout.write(`${ok} imported, ${results.length - ok} failed\n`);
  }
}

function printDetails(report: NonNullable<ImportFileResult['report']>, io: CliIO, c: Palette): void {
  const line = (text: string): unknown => io.stdout.write(`    ${terminalSafe(text)}\n`);
  const byPath = new Map<string, string[]>();
  for (const m of report.mapped) {
    const list = byPath.get(m.path) ?? [];
    list.push(`${at(m.paragraph)}${m.clauses !== undefined ? `(${m.clauses} clauses)` : ''}`.trim());
    byPath.set(m.path, list);
  }
  io.stdout.write(`  ${c.bold('mapped')}\n`);
  for (const [path, where] of byPath) line(`${path}${where.some(Boolean) ? `  ${[...new Set(where.filter(Boolean))].join(', ')}` : ''}`);
  if (report.guessed.length > 0) {
    io.stdout.write(`  ${c.yellow('guessed')} (check these)\n`);
    for (const g of report.guessed) line(`${at(g.paragraph)}${g.message}`);
  }
  if (report.extraSections.length > 0) {
    io.stdout.write(`  ${c.bold('extra sections')} (under sections:)\n`);
    for (const s of report.extraSections) line(`${at(s.paragraph)}"${s.title}" (${s.clauses} clauses)`);
  }
  if (report.warnings.length > 0) {
    io.stdout.write(`  ${c.yellow('warnings')}\n`);
    for (const w of report.warnings) line(`${at(w.paragraph)}${w.message}`);
  }
}
