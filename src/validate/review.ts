import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import { checkoutRevision, unchangedSinceHead, type RevisionCheckout } from '../load/git.js';
import { locate, sourceLineAt } from '../load/source.js';
import { compileRole, type CompileOptions, type CompileResult } from '../pipeline.js';

/**
 * The review policy: an approved document whose content changed since the
 * last commit while its version stayed the same (the signed paper and the
 * file no longer agree). Compared with the role as committed at HEAD (bases
 * and libraries of HEAD too); outside git, for a role not yet committed, or
 * for a role not read from the disk, nothing is said. `trees` collects the
 * revisions unpacked, for the caller to remove when its run is over.
 */
export async function unbumpedChange(
  context: Context,
  file: string,
  now: CompileResult,
  options: CompileOptions,
  trees: Map<string, string>,
): Promise<Diagnostic | undefined> {
  if (now.role?.document.status !== 'approved' || !now.model || !now.resolution?.source || options.sources?.virtual) return undefined;
  // A clean working tree cannot differ from HEAD: skip unpacking the revision (most validate runs in CI).
  if (unchangedSinceHead(file, options.cwd) !== false) return undefined;
  let checkout: RevisionCheckout;
  try {
    checkout = checkoutRevision(file, 'HEAD', options.cwd, trees);
  } catch {
    return undefined;
  }
  if (!existsSync(join(checkout.root, checkout.file))) return undefined;
  // The revision's own config: the search must not leave its unpacked tree (a config in the temp folder is anyone's).
  const { sources: _disk, ...onDisk } = options;
  const then = await compileRole(context, checkout.file, { ...onDisk, cwd: checkout.root, configTop: checkout.root });
  if (!then.role || !then.model || then.role.document.status !== 'approved' || then.role.document.version !== now.role.document.version) return undefined;
  const [{ diffDocuments }, { summaryLine }] = await Promise.all([import('../diff/diff.js'), import('../diff/format.js')]);
  const changes = diffDocuments({ label: 'HEAD', role: then.role, model: then.model }, { label: file, role: now.role, model: now.model });
  const content = changes.clauses.length + changes.header.filter((h) => h.field !== 'document.date').length;
  if (content === 0) return undefined;
  const { line, column } = locate(now.resolution.source, ['document', 'version']);
  return makeDiagnostic({
    severity: 'warning',
    code: 'review/version-not-bumped',
    file,
    line,
    column,
    path: 'document.version',
    message: `the approved document changed since the last commit (${summaryLine(changes)}) but its version is still ${now.role.document.version}`,
    hint: 'raise document.version, add a document.changes entry and set the status back to draft until it is approved again (see `jdgen diff --from HEAD`)',
    sourceLine: sourceLineAt(now.resolution.source, line),
  });
}
