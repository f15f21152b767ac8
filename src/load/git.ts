import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { makeDiagnostic, UserError } from '../diagnostics.js';

/** A role file as it was at a git revision, with its whole tree (bases, libraries, config) beside it. */
export interface RevisionCheckout {
  /** Where the revision's tree was unpacked. */
  root: string;
  /** The role file inside it, relative to `root`. */
  file: string;
  cleanup(): void;
}

/**
 * Unpacks the revision's tree into a temporary folder (`git archive`), so
 * the role is resolved with the bases and libraries of the same revision.
 */
export function checkoutRevision(file: string, revision: string, cwd: string, trees?: Map<string, string>): RevisionCheckout {
  const absolute = resolve(cwd, file);
  const root = git(['rev-parse', '--show-toplevel'], dirname(absolute), file);
  // The path as git names it inside the repository: `relative(root, absolute)` goes wrong when the
  // path runs through a symlink (git gives the real path of the top level).
  const inRepo = `${git(['rev-parse', '--show-prefix'], dirname(absolute), file)}${basename(absolute)}`;
  // Several roles of one repository share one unpacked tree per revision.
  const cached = trees?.get(`${root}@${revision}`);
  if (cached) return { root: cached, file: inRepo, cleanup: () => undefined };
  git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], root, file, `unknown revision \`${revision}\``);
  const target = mkdtempSync(join(tmpdir(), 'jdgen-rev-'));
  try {
    const tar = execFileSync('git', ['archive', '--format=tar', revision], { cwd: root, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', target], { input: tar });
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw failure(file, `cannot read revision \`${revision}\`: ${(error as Error).message.split('\n')[0]}`);
  }
  trees?.set(`${root}@${revision}`, target);
  return { root: target, file: inRepo, cleanup: () => rmSync(target, { recursive: true, force: true }) };
}

function git(args: string[], cwd: string, file: string, message?: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw message ? failure(file, message) : failure(file, 'not inside a git repository', 'run jdgen diff --from inside the repository that holds the role');
  }
}

function failure(file: string, message: string, hint?: string): UserError {
  return new UserError([makeDiagnostic({ code: 'git/revision', file, line: 0, column: 0, message, ...(hint ? { hint } : {}) })]);
}

/**
 * True when the role's repository has no uncommitted change to tracked files:
 * then nothing can differ from HEAD, and unpacking HEAD can be skipped.
 * Undefined outside a repository.
 */
export function unchangedSinceHead(file: string, cwd: string): boolean | undefined {
  const folder = dirname(resolve(cwd, file));
  // Starting git costs more than a whole cold validate may: look for a repository first.
  if (!process.env.GIT_DIR && !hasGitAbove(folder)) return undefined;
  try {
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: folder,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return status.trim() === '';
  } catch {
    return undefined;
  }
}

/** Whether the folder or one above it holds `.git` (a folder, or a file in worktrees and submodules). */
function hasGitAbove(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}
