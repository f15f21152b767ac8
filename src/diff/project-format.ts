import { formatDiagnosticPlain } from '../diagnostics.js';
import { terminalSafe } from '../env/printable.js';
import type { Palette } from '../palette.js';
import { diffJson, markdownClause, summaryLine } from './format.js';
import { ROLE_STATUSES, type ProjectDiff, type RoleDiff, type RoleStatus, type SourceChange } from './project.js';

/** How many roles have each status; `shared` counts the changed roles whose own file did not change. */
export function projectSummary(project: ProjectDiff): Record<RoleStatus | 'shared', number> {
  const counts = Object.fromEntries([...ROLE_STATUSES, 'shared'].map((s) => [s, 0])) as Record<RoleStatus | 'shared', number>;
  for (const r of project.roles) {
    counts[r.status] += 1;
    if (r.status === 'changed' && r.cause === 'shared') counts.shared += 1;
  }
  return counts;
}

/** Whether any document differs: a role changed, added, removed or renamed. */
export function projectDiffers(project: ProjectDiff): boolean {
  return project.roles.some((r) => r.status === 'changed' || r.status === 'added' || r.status === 'removed' || r.status === 'renamed');
}

export function projectFailed(project: ProjectDiff): boolean {
  return project.roles.some((r) => r.status === 'failed');
}

/** What `jdgen diff --from REV -f json` prints over folders (schemas/diff-project.schema.json). */
export function projectJson(project: ProjectDiff): object {
  return {
    jdgen: 1,
    from: project.from,
    to: project.to,
    same: !projectDiffers(project),
    summary: projectSummary(project),
    roles: project.roles.map((r) => {
      const doc = r.diff ? (diffJson(r.diff) as { summary: object; header: object[]; clauses: object[] }) : undefined;
      return {
        file: r.file,
        ...(r.oldFile ? { oldFile: r.oldFile } : {}),
        status: r.status,
        ...(r.cause ? { cause: r.cause } : {}),
        roleFileChanged: r.roleFileChanged,
        sources: r.sources,
        ...(r.similarity !== undefined ? { similarity: r.similarity } : {}),
        ...(doc ? { summary: doc.summary, header: doc.header, clauses: doc.clauses } : {}),
        ...(r.failedAt ? { failedAt: r.failedAt } : {}),
        ...(r.diagnostics.length
          ? {
              diagnostics: r.diagnostics.map((d) => ({
                severity: d.severity,
                code: d.code,
                file: d.file,
                line: d.line,
                column: d.column,
                message: d.message,
                ...(d.hint ? { hint: d.hint } : {}),
              })),
            }
          : {}),
      };
    }),
  };
}

/** `clauses/common.yaml#confidentiality`, `jdgen.config.yaml (approval, agreed_by)`. */
export function sourceName(source: SourceChange): string {
  if (source.parts.length === 0) return source.file;
  return source.kind === 'library' ? source.parts.map((p) => `${source.file}#${p}`).join(', ') : `${source.file} (${source.parts.join(', ')})`;
}

const via = (r: RoleDiff): string => r.sources.map(sourceName).join(', ');

function headline(project: ProjectDiff): string {
  const s = projectSummary(project);
  const parts = [
    `${s.changed} changed${s.shared ? ` (${s.shared} through shared files only)` : ''}`,
    `${s.added} added`,
    `${s.removed} removed`,
    `${s.renamed} renamed`,
    `${s.failed} failed`,
    `${s.affected} affected but unchanged`,
    `${s.unchanged} unchanged`,
  ];
  return `${project.roles.length} role${project.roles.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

const toLabel = (p: ProjectDiff) => (p.to.commit ? `${p.to.name} (${p.to.commit.slice(0, 12)})` : p.to.name);

/** The terminal view: one line per role that is not unchanged, grouped by status. */
export function projectText(project: ProjectDiff, c: Palette): string {
  // File names come from the repository: no control character in them reaches the terminal.
  const safe = terminalSafe;
  const lines = [c.bold(`roles at ${project.from.name} (${project.from.commit.slice(0, 12)}) → ${toLabel(project)}`)];
  const of = (status: RoleStatus) => project.roles.filter((r) => r.status === status);
  for (const r of of('changed').filter((r) => r.cause !== 'shared')) {
    lines.push(`${c.yellow('~ changed')}  ${safe(r.file)}: ${summaryLine(r.diff!)}${r.sources.length ? ` (also via ${safe(via(r))})` : ''}`);
    if (r.diff!.header.length) lines.push(`    header: ${r.diff!.header.map((h) => h.field).join(', ')}`);
  }
  for (const r of of('changed').filter((r) => r.cause === 'shared'))
    lines.push(`${c.yellow('~ changed')}  ${safe(r.file)}: ${summaryLine(r.diff!)} — only through ${safe(via(r))}`);
  for (const r of of('renamed'))
    lines.push(
      `${c.cyan('> renamed')}  ${safe(r.oldFile!)} → ${safe(r.file)} (${Math.round((r.similarity ?? 0) * 100)} % alike)${r.diff ? `: ${summaryLine(r.diff)}` : ''}${r.sources.length ? ` (via ${safe(via(r))})` : ''}`,
    );
  for (const r of of('added')) lines.push(`${c.green('+ added')}    ${safe(r.file)}`);
  for (const r of of('removed')) lines.push(`${c.red('- removed')}  ${safe(r.file)}`);
  for (const r of of('failed')) {
    lines.push(`${c.red('! failed')}   ${safe(r.file)}${r.oldFile ? ` (was ${safe(r.oldFile!)})` : ''} at ${failedWhere(project, r)}`);
    for (const d of r.diagnostics) lines.push(`    ${formatDiagnosticPlain(d).split('\n')[0]}`);
  }
  for (const r of of('affected')) lines.push(`${c.dim('= affected')} ${safe(r.file)}: document unchanged, though ${safe(via(r))} changed`);
  lines.push(headline(project));
  return `${lines.join('\n')}\n`;
}

function failedWhere(project: ProjectDiff, r: RoleDiff): string {
  return r.failedAt === 'both' ? 'both revisions' : r.failedAt === 'old' ? project.from.name : project.to.name;
}

const md = (text: string): string => text.replace(/[\\`*_[\]<>|~]/g, (ch) => `\\${ch}`);

/** A review summary for a pull request comment: a table of the roles that changed, then the failures. */
export function projectMarkdown(project: ProjectDiff): string {
  const out = [`## Job descriptions: ${md(project.from.name)} → ${md(toLabel(project))}`, '', headline(project), ''];
  const rows = project.roles.filter((r) => r.status !== 'unchanged');
  if (rows.length) {
    out.push('| role | status | changes | through |', '| --- | --- | --- | --- |');
    for (const r of rows) {
      const name = r.oldFile && r.status === 'renamed' ? `${md(r.oldFile)} → ${md(r.file)}` : md(r.file);
      const status = r.status === 'changed' && r.cause === 'shared' ? 'changed (shared files only)' : r.status;
      const changes = r.diff && r.status !== 'affected' ? summaryLine(r.diff) : r.status === 'failed' ? md(r.diagnostics[0]?.message ?? '') : '';
      out.push(`| ${name} | ${status} | ${changes} | ${md(via(r))} |`);
    }
    out.push('');
  }
  const failed = project.roles.filter((r) => r.status === 'failed');
  if (failed.length) {
    out.push('### Failed', '');
    for (const r of failed) {
      out.push(`- **${md(r.file)}** at ${md(failedWhere(project, r))}:`);
      for (const d of r.diagnostics) out.push(`  - \`${formatDiagnosticPlain(d).split('\n')[0]!.replace(/`/g, "'")}\``);
    }
    out.push('');
  }
  const detailed = project.roles.filter(
    (r) => r.diff && (r.status === 'changed' || r.status === 'renamed') && r.diff.header.length + r.diff.clauses.length > 0,
  );
  for (const r of detailed) {
    out.push(`<details><summary>${md(r.file)}</summary>`, '');
    for (const h of r.diff!.header) out.push(`- ${h.field}: ${md(h.old) || '—'} → ${md(h.new) || '—'}`);
    for (const change of r.diff!.clauses) out.push(markdownClause(change));
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}`;
}
