import type { Context } from '../context.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { checkoutRevision, type RevisionCheckout } from '../load/git.js';
import type { DocumentModel } from '../model/types.js';
import { compileRole, type CompileOptions, type CompileResult } from '../pipeline.js';
import type { Style } from '../render/style.js';
import { diffDocuments, type DocumentDiff } from './diff.js';
import { redlineModel } from './redline.js';

/** One side of a comparison: a role (file or in memory, see `options`) and, for a file, the git revision to take it from. */
export interface DiffSide {
  /** The role's name: its path, or the name an in-memory role goes by. */
  file: string;
  /** Compile options for this side (an in-memory role brings its own sources). */
  options: CompileOptions;
  /** A git revision to take the role (and its bases, libraries, config) from. */
  revision?: string;
}

export interface DiffOutcome {
  diff?: DocumentDiff;
  /** The new version with the changes as tracked changes, for `--format docx`. */
  redline?: DocumentModel;
  style?: Style;
  diagnostics: Diagnostic[];
}

/**
 * Compares two versions of a role — two files, or one file across git
 * revisions — after resolving each (config, bases, libraries at the same
 * revision). Inputs that do not compile come back as diagnostics.
 */
export async function compareRoles(context: Context, before: DiffSide, after: DiffSide, author: string): Promise<DiffOutcome> {
  const checkouts: RevisionCheckout[] = [];
  const side = async ({ file, options, revision }: DiffSide): Promise<{ label: string; result: CompileResult }> => {
    if (!revision) return { label: file, result: await compileRole(context, file, options) };
    const checkout = checkoutRevision(file, revision, options.cwd);
    checkouts.push(checkout);
    const { sources: _disk, ...onDisk } = options;
    const result = await compileRole(context, checkout.file, { ...onDisk, cwd: checkout.root, configTop: checkout.root });
    return { label: `${file}@${revision}`, result };
  };
  try {
    const old = await side(before);
    const now = await side(after);
    const diagnostics = [...old.result.diagnostics, ...now.result.diagnostics];
    const [a, b] = [old.result, now.result];
    if (!a.role || !a.model || !b.role || !b.model || !b.style || hasErrors(diagnostics)) return { diagnostics };
    const result = diffDocuments({ label: old.label, role: a.role, model: a.model }, { label: now.label, role: b.role, model: b.model });
    const redline = redlineModel(result, b.model, { author, date: b.role.document.date });
    return { diff: result, redline, style: b.style, diagnostics };
  } finally {
    for (const checkout of checkouts) checkout.cleanup();
  }
}
