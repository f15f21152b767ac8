import type { Context } from '../context.js';
import { makeDiagnostic, UserError } from '../diagnostics.js';
import type { Block, DocumentModel } from '../model/types.js';
import { formatDate, loadLocale, phrase, type Locale } from '../render/locale.js';
import { renderRole } from '../render/render.js';
import type { Employee, Role } from '../validate/role.js';
import { isSame, summaryLine } from './format.js';
import type { ProjectDiff, RoleDiff } from './project.js';

/**
 * Who must sign a job description again. The employee signs the familiarisation
 * sheet when hired and again after every change (domain notes §2.4, §3.7: uk
 * requires repeated familiarisation and signature on any change). A role needs
 * it when its document differs between the revisions and is `approved` at the
 * later one: a draft is not yet in force, and a role whose files changed but
 * whose document did not (affected) gives nothing new to read.
 */
export interface SignatureDue {
  name: string;
  position?: string;
  /** Listed at the earlier revision too: signs again. False: listed only now (signs for the first time). */
  again: boolean;
}

export interface RefamiliarisationRole {
  /** The role file (its later path). */
  file: string;
  oldFile?: string;
  /** The document's number, version and date at the later revision. */
  number: string;
  version: number;
  date: string;
  /** The version at the earlier revision. */
  previousVersion?: number;
  /** What changed, as the diff's summary line. */
  changes: string;
  /** The employees listed in `familiarization.employees` at the later revision, in their order. */
  employees: SignatureDue[];
}

export interface RefamiliarisationReport {
  from: ProjectDiff['from'];
  to: ProjectDiff['to'];
  roles: RefamiliarisationRole[];
}

/** Whether the role's employees must sign again: its document changed and is approved at the later revision. */
export function needsRefamiliarisation(role: RoleDiff): boolean {
  if (role.status !== 'changed' && role.status !== 'renamed') return false;
  if (!role.diff || isSame(role.diff) || !role.after) return false;
  return role.after.role.document.status === 'approved';
}

/** The employees of the later version, each marked whether the earlier one listed them too (same name and position). */
export function signaturesDue(before: Role | undefined, after: Role): SignatureDue[] {
  const key = (e: Employee) => `${e.name.trim().toLocaleLowerCase()}\u0000${(e.position ?? '').trim().toLocaleLowerCase()}`;
  const earlier = new Set((before?.familiarization.employees ?? []).map(key));
  return after.familiarization.employees.map((e) => ({ name: e.name, ...(e.position ? { position: e.position } : {}), again: earlier.has(key(e)) }));
}

export function refamiliarisations(project: ProjectDiff): RefamiliarisationReport {
  const roles: RefamiliarisationRole[] = [];
  for (const role of project.roles) {
    if (!needsRefamiliarisation(role)) continue;
    const after = role.after!.role;
    roles.push({
      file: role.file,
      ...(role.oldFile ? { oldFile: role.oldFile } : {}),
      number: after.document.number,
      version: after.document.version,
      date: after.document.date,
      ...(role.before ? { previousVersion: role.before.role.document.version } : {}),
      changes: summaryLine(role.diff!),
      employees: signaturesDue(role.before?.role, after),
    });
  }
  return { from: project.from, to: project.to, roles };
}

/**
 * The printable re-familiarisation sheet of one role: the familiarisation
 * sheet its own templates draw (title, subtitle naming the document, the
 * formula, the table), listing the employees who must sign, with the locale's
 * note `familiarization.repeat` (the revision and its date) under the subtitle.
 */
export async function refamiliarisationSheet(context: Context, role: RoleDiff, employees: readonly SignatureDue[]): Promise<DocumentModel> {
  const { role: after, templatesDir } = role.after!;
  const locale = await loadLocale(context, templatesDir, after.locale, role.file);
  const listed = after.familiarization.employees.filter((e) => employees.some((d) => d.name === e.name && (d.position ?? '') === (e.position ?? '')));
  // No logo (the sheet is a page of its own) and no empty rows: the listed employees only.
  const { logo: _logo, ...organization } = after.organization;
  const sheetRole: Role = { ...after, organization, familiarization: { rows: 0, employees: listed } };
  const model = await renderRole(sheetRole, { context, templatesDir, file: role.file, locale });
  const title = needPhrase(locale, 'familiarization.title', role.file);
  const start = model.blocks.findIndex((b) => b.type === 'paragraph' && b.spans.map((s) => s.text).join('') === title);
  if (start < 0 || listed.length === 0)
    throw sheetError(role.file, `the templates draw no familiarisation sheet titled “${title}” for this role`, 'the document template must keep the sheet');
  const end = model.blocks.findIndex((b, i) => i > start && b.type === 'pageBreak');
  const blocks: Block[] = model.blocks.slice(start, end < 0 ? undefined : end);
  const note = needPhrase(locale, 'familiarization.repeat', role.file)
    .replace('{version}', String(after.document.version))
    .replace('{date}', formatDate(locale, after.document.date));
  // Under the title and the subtitle.
  blocks.splice(Math.min(2, blocks.length), 0, {
    type: 'paragraph',
    spans: [{ text: note, bold: true }],
    align: 'center',
    size: 'normal',
    spaceAfter: 10,
    keepWithNext: true,
  });
  const { watermark: _watermark, ...rest } = model;
  return { ...rest, blocks };
}

function needPhrase(locale: Locale, key: string, file: string): string {
  const text = phrase(locale, key);
  if (text === undefined)
    throw sheetError(locale.file, `the locale \`${locale.name}\` has no phrase \`${key}\``, `add \`${key}\` to ${locale.file} (used by ${file})`);
  return text;
}

function sheetError(file: string, message: string, hint: string): UserError {
  return new UserError([makeDiagnostic({ code: 'familiarise/sheet', file, line: 0, column: 0, message, hint })]);
}
