import type { Context } from '../context.js';
import { hasErrors, makeDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { checkRole, templatesFor, type CheckResult, type CompileOptions } from '../pipeline.js';
import type { Locator } from '../validate/locator.js';
import { loadLocale } from '../render/locale.js';
import { formatPath } from '../validate/rules.js';
import { lintClauses, type LintClause } from './clauses.js';
import { clauseKey, DEFAULT_MAX_CLAUSE_WORDS, RULE_IDS, RULES, type LintSettings, type Rule, type RuleLevel } from './rules.js';
import { readDirectives, suppressionAt, type Directives } from './suppress.js';
import { emptyVocabulary, loadVocabulary } from './vocabulary.js';

/** A finding silenced by a `jdgen-lint-disable` comment, kept for reports (SARIF lists them as suppressed). */
export interface SuppressedFinding {
  diagnostic: Diagnostic;
  reason: string;
}

export type LintStatus = 'clean' | 'findings' | 'failed';

export interface LintFileReport {
  file: string;
  /** clean: nothing to report; findings: warnings or errors of the rules; failed: the role did not validate (its errors are listed). */
  status: LintStatus;
  diagnostics: Diagnostic[];
  suppressed: SuppressedFinding[];
}

export interface LintRunOptions {
  /** Levels over the defaults and the config's `lint.rules`. */
  rules?: Readonly<Record<string, RuleLevel>>;
  /** Only the rules whose level is error (what `jdgen build` runs). */
  errorsOnly?: boolean;
}

/** What one role gave: its report, and what the organisation-wide check needs. */
interface RoleLint {
  report: LintFileReport;
  /** The role as loaded, resolved and validated for the rules: a build renders it without reading it again. */
  checked: CheckResult;
  written?: { clauses: LintClause[]; locator: Locator; levels: Map<string, RuleLevel>; directives: Map<string, Directives> };
}

/** The level of each rule for a role: defaults, then the config's `lint.rules`, then the caller's. */
export function ruleLevels(config: Readonly<Record<string, RuleLevel>> | undefined, options: LintRunOptions): Map<string, RuleLevel> {
  const levels = new Map<string, RuleLevel>(RULES.map((r) => [r.id, r.level]));
  for (const [id, level] of Object.entries({ ...config, ...options.rules })) if (levels.has(id)) levels.set(id, level);
  return levels;
}

/**
 * The locale's own `familiarization_sheet` setting, so that lint and
 * validation never disagree about it. An unknown locale is reported by the
 * build, not here: its practice is unknown, so nothing is expected.
 */
async function expectedSheet(context: Context, templatesDir: string, locale: string, file: string): Promise<'expected' | 'optional'> {
  return loadLocale(context, templatesDir, locale, file).then(
    (read) => read.familiarizationSheet,
    () => 'optional' as const,
  );
}

/** load → resolve → validate one role, then run the lint rules on it. */
export async function lintRole(context: Context, file: string, options: CompileOptions, run: LintRunOptions): Promise<RoleLint> {
  const checked = await checkRole(context, file, options);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (!checked.role || !checked.locator || !checked.resolution.data || hasErrors(checked.diagnostics))
    return { report: { file, status: 'failed', diagnostics: errors, suppressed: [] }, checked };
  const { role, locator, resolution } = checked;
  // checked above: a valid role has merged data
  const config = resolution.config?.data.lint;
  const levels = ruleLevels(config?.rules, run);
  const settings: LintSettings = { maxClauseWords: config?.max_clause_words ?? DEFAULT_MAX_CLAUSE_WORDS };
  const templatesDir = templatesFor(resolution, options);
  const vocabulary = await loadVocabulary(context, templatesDir, role.locale);
  const familiarizationSheet = await expectedSheet(context, templatesDir, role.locale, file);
  const directives = new Map(resolution.files.map((f) => [f.source.file, readDirectives(f.source, RULE_IDS)]));
  const diagnostics: Diagnostic[] = [...[...directives.values()].flatMap((d) => d.problems)];
  const suppressed: SuppressedFinding[] = [];
  if (!vocabulary) {
    diagnostics.push(
      makeDiagnostic({
        severity: 'warning',
        code: 'lint/no-vocabulary',
        ...locator(['locale']),
        message: `no lint vocabulary for the locale \`${role.locale}\`: only the rules that need no words were run`,
        hint: `add lint/${role.locale}.yaml to your templates folder (see templates/lint/en.yaml)`,
      }),
    );
  }
  const words = vocabulary ?? emptyVocabulary(role.locale);
  const clauses = lintClauses(resolution.data!, words);
  for (const rule of RULES) {
    const level = levels.get(rule.id)!;
    if (level === 'off' || (run.errorsOnly && level !== 'error')) continue;
    for (const finding of rule.check({ role, clauses, vocabulary: words, familiarizationSheet, settings })) {
      const diagnostic = findingDiagnostic(rule, level, finding, locator);
      const silenced = suppressionAt(directives.get(diagnostic.file) ?? NO_DIRECTIVES, diagnostic.line, rule.id);
      if (silenced) suppressed.push({ diagnostic, reason: silenced.reason! });
      else diagnostics.push(diagnostic);
    }
  }
  const sorted = sortDiagnostics(dedupe(diagnostics));
  return {
    report: { file, status: sorted.length ? 'findings' : 'clean', diagnostics: sorted, suppressed },
    checked,
    written: { clauses, locator, levels, directives },
  };
}

const NO_DIRECTIVES: Directives = { byLine: new Map(), commentLines: new Set(), problems: [] };

function findingDiagnostic(rule: Rule, level: RuleLevel, finding: import('./rules.js').Finding, locator: Locator): Diagnostic {
  return makeDiagnostic({
    severity: level === 'error' || finding.error ? 'error' : 'warning',
    code: `lint/${rule.id}`,
    ...locator(finding.path, finding.key ? { key: true } : {}),
    path: formatPath(finding.path),
    message: finding.message,
    hint: finding.hint ?? rule.hint,
  });
}

/** Roles that share a base or a library share its directive problems: each is reported once per role. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Roles sharing a clause written out in each of them at least this often: a library clause would keep them equal. */
export const LIBRARY_CANDIDATE_ROLES = 3;
/** Shorter clauses ("Права", "The employee has the right:") repeat by nature. */
const LIBRARY_CANDIDATE_WORDS = 6;

/**
 * The organisation-wide part of empty-or-duplicate: the same clause text
 * written in several role files (not taken from a base or a library). Reported
 * on each copy, naming the others, and added to the roles' reports.
 */
export function organisationDuplicates(roles: readonly RoleLint[], run: LintRunOptions): void {
  const rule = RULES.find((r) => r.id === 'empty-or-duplicate')!;
  const copies = new Map<string, Array<{ role: RoleLint; clause: LintClause; at: ReturnType<Locator> }>>();
  for (const role of roles) {
    const written = role.written;
    if (!written) continue;
    const level = written.levels.get(rule.id)!;
    if (level === 'off' || (run.errorsOnly && level !== 'error')) continue;
    const inRole = new Set<string>();
    for (const clause of written.clauses) {
      const key = clauseKey(clause.norm);
      if (key.split(' ').length < LIBRARY_CANDIDATE_WORDS || inRole.has(key)) continue;
      const at = written.locator(clause.path);
      // Text from a base or a library is shared already.
      if (at.file !== role.report.file || at.includedFrom) continue;
      inRole.add(key);
      copies.set(key, [...(copies.get(key) ?? []), { role, clause, at }]);
    }
  }
  for (const list of copies.values()) {
    if (list.length < LIBRARY_CANDIDATE_ROLES) continue;
    for (const { role, clause, at } of list) {
      const others = list.filter((o) => o.role !== role).map((o) => `${o.at.file}:${o.at.line}`);
      const level = role.written!.levels.get(rule.id)!;
      const diagnostic = makeDiagnostic({
        severity: level === 'error' ? 'error' : 'warning',
        code: `lint/${rule.id}`,
        ...at,
        path: formatPath(clause.path),
        message: `the same clause is written out in ${list.length} roles (also ${others.join(', ')}): it could be one library clause`,
        hint: 'move it to a clause library and `- use: clauses/common.yaml#name` it in each role',
      });
      const silenced = suppressionAt(role.written!.directives.get(at.file) ?? NO_DIRECTIVES, at.line, rule.id);
      if (silenced) role.report.suppressed.push({ diagnostic, reason: silenced.reason! });
      else {
        role.report.diagnostics = sortDiagnostics([...role.report.diagnostics, diagnostic]);
        role.report.status = 'findings';
      }
    }
  }
}

/**
 * The lint gate of an incremental build: lints the roles about to be built
 * (`roles`); the rest of the set (`others`, unchanged since they were built
 * and linted) only when a rule across roles is at error level for one of
 * them, since a new copy of a clause can then block its older copies too.
 */
export async function lintChanged(
  context: Context,
  roles: ReadonlyArray<{ file: string; options: CompileOptions }>,
  others: ReadonlyArray<{ file: string; options: CompileOptions }>,
  run: LintRunOptions,
): Promise<LintFileReport[]> {
  const linted: RoleLint[] = [];
  for (const role of roles) linted.push(await lintRole(context, role.file, role.options, run));
  if (linted.some((l) => l.written?.levels.get('empty-or-duplicate') === 'error'))
    for (const role of others) linted.push(await lintRole(context, role.file, role.options, run));
  organisationDuplicates(linted, run);
  return linted.map((l) => l.report);
}

/** Lints roles one after the other, then across them. */
export async function lintAll(
  context: Context,
  roles: ReadonlyArray<{ file: string; options: CompileOptions }>,
  run: LintRunOptions,
): Promise<LintFileReport[]> {
  const linted: RoleLint[] = [];
  for (const role of roles) linted.push(await lintRole(context, role.file, role.options, run));
  organisationDuplicates(linted, run);
  return linted.map((l) => l.report);
}
