/**
 * jdgen's library API: a thin facade over the stages (load → resolve →
 * validate → render → write, output for builds, diff for comparisons). Each
 * call makes its own Context unless one is passed in (see context.ts).
 */
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { rmSync, statSync } from 'node:fs';
import { createContext, type Context } from './context.js';
import { hasErrors, UsageError, type Diagnostic } from './diagnostics.js';
import { expandInputs, type Input } from './load/inputs.js';
import type { VirtualFiles } from './load/files.js';
import { inlineFile, inlineStem, sourcesFor, type InlineRole, type RoleInput } from './load/role-input.js';
import type { BatchFileResult, BatchStatus } from './output/batch.js';
import type { Shard } from './output/shard.js';
import type { DiffOutcome } from './diff/compare.js';
import type { RefamiliarisationReport, RefamiliarisationRole, SignatureDue } from './diff/familiarise.js';
import type { ProjectDiff, RoleDiff, RoleStatus, ChangeCause, SourceChange } from './diff/project.js';
import type { InitOptions, InitResult } from './project/init.js';
import type { NewRoleOptions } from './project/new-role.js';
import type { Rebuild, WatchHandle, WatchOptions } from './watch/watch.js';
import type { LintFileReport } from './lint/lint.js';
import type { UsesResult, UseSite } from './project/uses.js';
import type { RuleLevel, RuleMeta } from './lint/rules.js';
import { compileRole, type CompileOptions as StageOptions, type CompileResult as StageResult } from './pipeline.js';
import { BUNDLED_TEMPLATES } from './render/layers.js';
import { readVersion } from './version.js';
import { DEFAULT_FORMATS, loadWriter, type Format } from './write/registry.js';
import { EnvironmentError, isOsFailure } from './env/os-error.js';
import { prepareOutDir } from './env/out-dir.js';
import { sourceDateEpoch } from './env/source-date-epoch.js';

/** The templates shipped with jdgen. */
export { BUNDLED_TEMPLATES };
export type {
  RoleInput,
  InlineRole,
  VirtualFiles,
  Context,
  DiffOutcome,
  ProjectDiff,
  RefamiliarisationReport,
  RefamiliarisationRole,
  SignatureDue,
  RoleDiff,
  RoleStatus,
  ChangeCause,
  SourceChange,
  LintFileReport,
  RuleLevel,
  RuleMeta,
  UsesResult,
  UseSite,
  WatchOptions,
  WatchHandle,
  Rebuild,
};
export { createContext };

export interface CommonOptions {
  /** Folder that relative paths (and the paths of `files`) are resolved against (defaults to process.cwd()). */
  cwd?: string;
  /** A templates folder layered over the bundled one. */
  templatesDir?: string;
  /** Overrides every role's `locale:`. */
  locale?: string;
  /** A jdgen.config.yaml to use instead of the nearest one above each role (a path among `files` when they are given). */
  configFile?: string;
  /**
   * Roles, bases, clause libraries, the config and the logo from memory
   * instead of the disk: a map from paths relative to `cwd` (`bases/base.yaml`)
   * to their text or bytes, or a function that answers such a path (undefined:
   * no such file). Templates and fonts still come from jdgen (or `templatesDir`).
   */
  files?: VirtualFiles;
  /**
   * What an earlier call read (templates, locales, configs, fonts), to be
   * reused; by default each call makes a new one (createContext()). A context
   * kept does not see templates or fonts edited since it read them.
   */
  context?: Context;
}

export interface CompileOptions extends CommonOptions {
  /** Also write the document in these formats, in memory: `outputs` of the result. */
  formats?: readonly Format[];
  /** PDF: false writes an untagged PDF/A-2b (no structure tree); default a tagged PDF/A-2a. */
  tagged?: boolean;
}

/** One role compiled: its resolved role, document model and diagnostics; with `formats`, the bytes of each. */
export interface CompileResult extends StageResult {
  /** The document in each format asked for (only when it compiled without errors). */
  outputs?: Partial<Record<Format, Uint8Array>>;
}

export interface BuildOptions extends CommonOptions {
  /** Output folder; default the config's `output.dir`, else `dist`. */
  outDir?: string;
  formats?: readonly Format[];
  /** PDF: an empty signature field over every signature line; default the config's `output.sign_fields`, else false. */
  signFields?: boolean;
  /** PDF: false writes an untagged PDF/A-2b (no structure tree, `--no-tagged`); default a tagged PDF/A-2a. */
  tagged?: boolean;
  /**
   * `false`: write no files (no output folder, no manifest); each role's
   * bytes come back in `FileReport.bytes`. Default true.
   */
  write?: boolean;
  /** Threads that build: this one and `jobs - 1` worker threads; default one per core. */
  jobs?: number;
  /** Rebuild even roles whose manifest says nothing changed. */
  force?: boolean;
  /**
   * Write nothing; report outputs that are missing or differ from what the
   * sources produce. A role whose manifest entry matches (same settings, every
   * dependency's and output's content hash unchanged) is trusted without being
   * rendered; the others are rendered and compared.
   */
  check?: boolean;
  /** With `check`: render and compare every role, trusting no manifest entry. */
  deep?: boolean;
  /** Delete the outputs of roles whose file no longer exists. */
  prune?: boolean;
  /** Stop starting new roles after the first failure. */
  failFast?: boolean;
  /** Build only a stable part of the inputs: `{ index: 1, count: 4 }` is the first of four. */
  shard?: Shard;
  /** Called as each role finishes (progress bars). */
  onResult?: (result: FileReport, total: number) => void;
  /**
   * Run the lint rules whose level is error first (see `lint()`); a role with
   * such a finding is not built and fails with it. Default false; the CLI's
   * `jdgen build` turns it on unless `--no-lint`.
   */
  lint?: boolean;
}

export type FileStatus = BatchStatus | 'valid';

export interface FileReport {
  /** The role's path, or the name of a role given in memory. */
  file: string;
  status: FileStatus;
  /** Output paths (relative to cwd when inside it): written, skipped as unchanged, or checked. */
  outputs: string[];
  /** With `check`: outputs that are missing or differ. */
  stale?: string[];
  /** With `write: false`: the document in each format. */
  bytes?: Partial<Record<Format, Uint8Array>>;
  diagnostics: Diagnostic[];
}

export interface Summary {
  built: number;
  unchanged: number;
  failed: number;
  stale: number;
  upToDate: number;
  skipped: number;
  seconds: number;
}

export interface Report {
  ok: boolean;
  files: FileReport[];
  summary?: Summary;
  /** Outputs deleted by `prune`. */
  pruned?: string[];
  /** About the build rather than one role: a build manifest ignored in part, or that could not be written. */
  diagnostics?: Diagnostic[];
}

export interface DiffOptions extends CommonOptions {
  /** Compare the role at this git revision ... */
  from?: string;
  /** ... with this revision (default: the working tree). */
  to?: string;
  /** Author of the tracked changes in a redline (default `jdgen`). */
  author?: string;
}

/** One role to compile, as the stages take it: its name and the options with its sources. */
interface Prepared {
  file: string;
  options: StageOptions;
  /** For an in-memory role: the name its outputs get. */
  stem?: string;
}

/** Checks roles without writing anything: YAML, schema, rules, locale and templates. */
export async function validate(roles: RoleInput | readonly RoleInput[], options: CommonOptions = {}): Promise<Report> {
  // `validate` succeeding means `build` succeeds: a SOURCE_DATE_EPOCH the writers cannot stamp is refused here too.
  sourceDateEpoch(process.env);
  const context = options.context ?? createContext();
  const reports: FileReport[] = [];
  const trees = new Map<string, string>();
  try {
    const { unbumpedChange } = await import('./validate/review.js');
    for (const role of await prepareAll(roles, options)) {
      const result = await compileRole(context, role.file, role.options);
      const ok = Boolean(result.model) && !hasErrors(result.diagnostics);
      const unbumped = ok ? await unbumpedChange(context, role.file, result, role.options, trees) : undefined;
      reports.push({ file: role.file, status: ok ? 'valid' : 'failed', outputs: [], diagnostics: [...result.diagnostics, ...(unbumped ? [unbumped] : [])] });
    }
  } finally {
    for (const tree of trees.values()) rmSync(tree, { recursive: true, force: true });
  }
  return { ok: reports.every((f) => f.status !== 'failed'), files: reports };
}

/**
 * Builds roles — files, folders, globs, or roles in memory — into the
 * requested formats. Roles on disk are built in parallel, skipping those that
 * have not changed; a role is rendered to every format in memory first and
 * written only when all succeeded, each file atomically, so an invalid input
 * never leaves partial output behind. With `write: false` (and for roles in
 * memory or among `files`) the roles are compiled here and the bytes
 * returned (or, for roles in memory with `write` left on, written to the
 * output folder without a manifest).
 */
export async function build(roles: RoleInput | readonly RoleInput[], options: BuildOptions = {}): Promise<Report> {
  const startedAt = performance.now();
  sourceDateEpoch(process.env);
  const list = typeof roles === 'string' || !Array.isArray(roles) ? [roles as RoleInput] : (roles as readonly RoleInput[]);
  if (options.deep && !options.check) throw new UsageError('`deep` goes with `check`: it renders every role to compare with the outputs on disk');
  const inMemory = options.write === false || options.files !== undefined || list.some((role) => typeof role !== 'string');
  if (inMemory) return buildInMemory(list, options, startedAt);
  return buildFiles(list as readonly string[], options, startedAt);
}

async function buildFiles(args: readonly string[], options: BuildOptions, startedAt: number): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const context = options.context ?? createContext();
  // Modules a command does not need are not loaded: a cold `jdgen validate` must start fast.
  const [{ runBatch }, { checkDistinctOutputs }, { inShard }, { StartedWorkers }, { outputTarget }] = await Promise.all([
    import('./output/batch.js'),
    import('./output/paths.js'),
    import('./output/shard.js'),
    import('./output/pool.js'),
    import('./output/target.js'),
  ]);
  const jobs = options.jobs ?? availableParallelism();
  // A folder or a glob usually means many roles: the threads (jobs - 1: this one builds too) start at the first role to build, loading
  // their modules while this thread checks the manifest entries of the others. Named files are not waited for.
  const started = jobs > 1 && args.some((arg) => !isFile(resolve(cwd, arg))) ? new StartedWorkers(jobs - 1) : undefined;
  try {
    const inputs = (await inputsFor(args, cwd)).filter((input) => !options.shard || inShard(input.file, options.shard));
    const configs = new Map<string, string | undefined>();
    const targets = await Promise.all(inputs.map(async (input) => ({ input, ...(await outputTarget(context, input.file, options, cwd, configs)) })));
    checkDistinctOutputs(targets.map((t) => ({ file: resolve(cwd, t.input.file), outDir: t.outDir, name: t.input.name })));
    const outDirs = new Map(targets.map((t) => [t.outDir, t.origin]));
    for (const [outDir, origin] of outDirs) await prepareOutDir(outDir, origin, { cwd, check: options.check ?? false });
    const batch = await runBatch(targets, {
      cwd,
      context,
      compile: stageOptions(options),
      jobs,
      force: options.force ?? false,
      check: options.check ?? false,
      deep: options.deep ?? false,
      prune: options.prune ?? false,
      failFast: options.failFast ?? false,
      version: readVersion(),
      ...(started ? { started } : {}),
      // The error-level lint rules, on the roles to be rendered only (an unchanged role is not read at all).
      ...(options.lint ? { gate: (files: string[]) => changedLintGate(context, files, inputs, stageOptions(options)) } : {}),
      ...(options.onResult ? { onResult: (r: BatchFileResult) => options.onResult!(r, targets.length) } : {}),
    }).catch((error: unknown) => {
      // A refusal the system gave without a path (a full disk while writing the manifest): name the folders.
      throw isOsFailure(error) && !error.path
        ? new EnvironmentError('write in the output folder', [...outDirs.keys()].map((d) => relative(cwd, d) || '.').join(', '), error.code)
        : error;
    });
    const built: FileReport[] = batch.files.map((f) => ({ ...f, ...(f.stale.length ? { stale: f.stale } : { stale: undefined }) })).map(dropUndefined);
    const files = built;
    const summary = summarise(files, (performance.now() - startedAt) / 1000);
    const ok = summary.failed === 0 && summary.stale === 0 && summary.skipped === 0 && !hasErrors(batch.diagnostics);
    return {
      ok,
      files,
      summary,
      ...(batch.pruned.length ? { pruned: batch.pruned } : {}),
      ...(batch.diagnostics.length ? { diagnostics: batch.diagnostics } : {}),
    };
  } finally {
    await started?.end();
  }
}

/**
 * Roles compiled and written on this thread: roles in memory, roles among a
 * caller's files, or any roles when no files are wanted (`write: false`).
 * Not incremental: there is no manifest to compare with.
 */
async function buildInMemory(list: readonly RoleInput[], options: BuildOptions, startedAt: number): Promise<Report> {
  if (options.check || options.prune)
    throw new UsageError('`check` and `prune` compare with files on disk: not for roles in memory, `files` or `write: false`');
  const cwd = options.cwd ?? process.cwd();
  const context = options.context ?? createContext();
  const prepared = await prepareAll(list, options);
  const write = options.write !== false;
  const files: FileReport[] = [];
  const blocked = options.lint ? await lintGate(context, prepared) : new Map<string, Diagnostic[]>();
  for (const role of prepared) {
    if (blocked.has(role.file)) {
      const [report] = blockedReports(new Map([[role.file, blocked.get(role.file)!]]));
      files.push(report!);
      options.onResult?.(report!, prepared.length);
      if (options.failFast) break;
      continue;
    }
    const result = await compileRole(context, role.file, role.options);
    const formats = options.formats ?? configFormats(result) ?? DEFAULT_FORMATS;
    const signFields = options.signFields ?? result.resolution?.config?.data.output?.sign_fields ?? false;
    const bytes = await writeFormats(context, result, formats, { signFields, tagged: options.tagged !== false });
    let report: FileReport;
    if (!bytes) {
      report = { file: role.file, status: 'failed', outputs: [], diagnostics: result.diagnostics };
    } else if (!write) {
      report = { file: role.file, status: 'built', outputs: [], bytes, diagnostics: result.diagnostics };
    } else {
      const [{ writeRoleAtomic }, { outputTarget }] = await Promise.all([import('./output/atomic.js'), import('./output/target.js')]);
      // The config's output folder when the config is on disk; among a caller's files, `outDir` or `dist`.
      const target = options.files
        ? { outDir: resolve(cwd, options.outDir ?? 'dist'), origin: { kind: options.outDir ? 'option' : 'default' } as const }
        : await outputTarget(context, role.file, options, cwd);
      await prepareOutDir(target.outDir, target.origin, { cwd, check: false });
      const stem = role.stem ?? role.file.replace(/\.(ya?ml)$/i, '');
      const rendered = formats.map((format) => ({ path: `${stem}.${format}`, bytes: bytes[format]! }));
      await writeRoleAtomic(target.outDir, rendered);
      const outputs = rendered.map((r) => shownPath(cwd, resolve(target.outDir, r.path)));
      report = { file: role.file, status: 'built', outputs, diagnostics: result.diagnostics };
    }
    files.push(report);
    options.onResult?.(report, prepared.length);
    if (report.status === 'failed' && options.failFast) break;
  }
  for (const role of prepared.slice(files.length)) files.push({ file: role.file, status: 'skipped', outputs: [], diagnostics: [] });
  const summary = summarise(files, (performance.now() - startedAt) / 1000);
  return { ok: summary.failed === 0 && summary.skipped === 0, files, summary };
}

/**
 * The roles that the error-level lint rules stop from being built, with those
 * findings. A role that does not validate is left to the build, which reports
 * its errors as always.
 */
async function lintGate(context: Context, roles: ReadonlyArray<{ file: string; options: StageOptions }>): Promise<Map<string, Diagnostic[]>> {
  const { lintAll } = await import('./lint/lint.js');
  const reports = await lintAll(context, roles, { errorsOnly: true });
  return new Map(reports.filter((r) => r.status === 'findings' && hasErrors(r.diagnostics)).map((r) => [r.file, r.diagnostics]));
}

/** lintGate for an incremental build: the roles to be built, and the others only when a rule across roles needs them. */
async function changedLintGate(context: Context, files: string[], inputs: readonly Input[], options: StageOptions): Promise<Map<string, Diagnostic[]>> {
  const { lintChanged } = await import('./lint/lint.js');
  const toBuild = new Set(files);
  const role = (file: string) => ({ file, options });
  const others = inputs.filter((input) => !toBuild.has(input.file)).map((input) => role(input.file));
  const reports = await lintChanged(context, files.map(role), others, { errorsOnly: true });
  return new Map(reports.filter((r) => r.status === 'findings' && hasErrors(r.diagnostics)).map((r) => [r.file, r.diagnostics]));
}

function blockedReports(blocked: ReadonlyMap<string, Diagnostic[]>): FileReport[] {
  return [...blocked].map(([file, diagnostics]) => ({ file, status: 'failed' as const, outputs: [], diagnostics }));
}

/** The formats the role's config asks for (`output.formats`), if any. */
function configFormats(result: StageResult): Format[] | undefined {
  return result.resolution?.config?.data.output?.formats as Format[] | undefined;
}

/** The document in each format, or undefined when the role did not compile. */
async function writeFormats(
  context: Context,
  result: StageResult,
  formats: readonly Format[],
  pdf: { signFields?: boolean; tagged?: boolean } = {},
): Promise<Partial<Record<Format, Uint8Array>> | undefined> {
  const { model, style } = result;
  if (!model || !style || hasErrors(result.diagnostics)) return undefined;
  const out: Partial<Record<Format, Uint8Array>> = {};
  for (const format of formats) out[format] = await (await loadWriter(format))(model, { fonts: style.pdfFonts, fontFamily: style.docxFont, context, ...pdf });
  return out;
}

/** Whether a command-line argument names an existing file (not a folder or a glob). */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Loads, validates and renders one role (a path, or a role in memory) into
 * the document model; with `formats`, also writes it in those formats, in
 * memory. No file is written.
 */
export async function compile(role: RoleInput, options: CompileOptions = {}): Promise<CompileResult> {
  const context = options.context ?? createContext();
  const [one] = await prepareAll([role], options, { expand: false });
  const result = await compileRole(context, one!.file, one!.options);
  if (!options.formats) return result;
  sourceDateEpoch(process.env);
  const outputs = await writeFormats(context, result, options.formats, { tagged: options.tagged !== false });
  return outputs ? { ...result, outputs } : result;
}

/** The fully resolved role as role YAML (config, bases, libraries, placeholders and defaults applied). */
export async function show(role: RoleInput, options: CommonOptions = {}): Promise<{ yaml?: string; diagnostics: Diagnostic[] }> {
  const result = await compile(role, options);
  if (!result.role || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics };
  // The logo is printed relative to where show runs, so the output saved there is a working role file.
  const { logo } = result.role.organization;
  const role_ = logo ? { ...result.role, organization: { ...result.role.organization, logo: relative(options.cwd ?? process.cwd(), logo) } } : result.role;
  const { roleToYaml } = await import('./project/show.js');
  return { yaml: roleToYaml(role_, result.derived), diagnostics: result.diagnostics };
}

/**
 * Compares two versions of a role — two files or roles in memory, or one file
 * across git revisions (`from`, `to`) — after resolving each (config, bases,
 * libraries at the same revision). Inputs that do not compile come back as
 * diagnostics.
 */
export async function diff(oldRole: RoleInput, newRole: RoleInput | undefined, options: DiffOptions = {}): Promise<DiffOutcome> {
  const context = options.context ?? createContext();
  const [before, after] = await Promise.all([prepareAll([oldRole], options, { expand: false }), prepareAll([newRole ?? oldRole], options, { expand: false })]);
  const { compareRoles } = await import('./diff/compare.js');
  return compareRoles(
    context,
    { ...before[0]!, ...(options.from ? { revision: options.from } : {}) },
    { ...after[0]!, ...(options.to ? { revision: options.to } : {}) },
    options.author ?? 'jdgen',
  );
}

export interface DiffProjectOptions extends CommonOptions {
  /** The earlier git revision (a branch, tag or commit). */
  from: string;
  /** The later revision (default: the working tree). */
  to?: string;
}

/**
 * Compares every role below `roles` (files and folders, default the current
 * folder) at git revision `from` with `to` (or the working tree): each role is
 * resolved and rendered with the bases, libraries and config of its own
 * revision, read from git (`ls-tree`, `cat-file`), never checked out. Each
 * role comes back changed, added, removed, renamed, failed, affected (a
 * shared file it reads changed, its document did not) or unchanged; a changed
 * role names the shared files that took part (`cause: 'shared'` when its own
 * file did not change). Writes nothing.
 */
export async function diffProject(roles: string | readonly string[], options: DiffProjectOptions): Promise<ProjectDiff> {
  const context = options.context ?? createContext();
  const { diffProject: run } = await import('./diff/project.js');
  const { cwd, ...compile } = stageOptions(options);
  return run({ cwd, from: options.from, ...(options.to ? { to: options.to } : {}), inputs: typeof roles === 'string' ? [roles] : roles, context, compile });
}

/**
 * Who must sign again: for each role whose document differs between git
 * revision `from` and `to` (or the working tree) and is `approved` at the
 * later one, the employees listed in its `familiarization.employees`, each
 * marked whether the earlier version listed them too. See diffProject.
 */
export async function familiarise(roles: string | readonly string[], options: DiffProjectOptions): Promise<RefamiliarisationReport> {
  const project = await diffProject(roles, options);
  const { refamiliarisations } = await import('./diff/familiarise.js');
  return refamiliarisations(project);
}

export interface LintOptions extends CommonOptions {
  /** Rule levels over the defaults and each config's `lint.rules`, e.g. `{ 'long-clause': 'off' }`. */
  rules?: Readonly<Record<string, RuleLevel>>;
  /** Run only the rules whose level is error (what `jdgen build` does before building). */
  errorsOnly?: boolean;
}

export interface LintReport {
  /** False when any role did not validate or any error-level finding remains. */
  ok: boolean;
  files: LintFileReport[];
  /** Every rule with its default level, hint and source, for reports (SARIF's rule list). */
  rules: RuleMeta[];
}

/**
 * Reviews roles as a legal reviewer would: the lint rules (duties without
 * rights, liability beyond the law, discriminatory requirements, …) over each
 * resolved role, in its language, then across the roles (the same clause
 * written out in several). Writes nothing. A role that does not validate
 * comes back `failed` with its errors.
 */
export async function lint(roles: RoleInput | readonly RoleInput[], options: LintOptions = {}): Promise<LintReport> {
  const context = options.context ?? createContext();
  const { lintAll } = await import('./lint/lint.js');
  const { RULES } = await import('./lint/rules.js');
  const prepared = await prepareAll(roles, options);
  const files = await lintAll(context, prepared, { ...(options.rules ? { rules: options.rules } : {}), ...(options.errorsOnly ? { errorsOnly: true } : {}) });
  const ok = files.every((f) => f.status !== 'failed' && !hasErrors(f.diagnostics));
  return { ok, files, rules: RULES.map(({ id, level, description, hint, source }) => ({ id, level, description, hint, source })) };
}

/**
 * Which roles a base, a clause library, or one clause of it (`clauses/common.yaml#confidentiality`)
 * affects, with the numbers its clauses get in each: the impact of a change before it is made.
 * `roles` are files, folders or globs (default: the current folder).
 */
export async function uses(target: string, roles: RoleInput | readonly RoleInput[] = '.', options: CommonOptions = {}): Promise<UsesResult> {
  const context = options.context ?? createContext();
  const { findUses } = await import('./project/uses.js');
  const prepared = await prepareAll(roles, options);
  return findUses(context, target, prepared, options.cwd ?? process.cwd());
}

/**
 * Builds roles, then rebuilds them whenever a file they depend on changes,
 * keeping one context; with `serve`, also serves a live HTML preview on
 * 127.0.0.1. Returns a handle whose close() stops both. See watch/watch.ts.
 */
export async function watch(roles: string | readonly string[], options: WatchOptions = {}): Promise<WatchHandle> {
  const { watch: start } = await import('./watch/watch.js');
  return start(typeof roles === 'string' ? [roles] : roles, options);
}

/** Scaffolds a project (config, base role, clause library, roles) into `dir`; see project/init.ts. */
export async function initProject(dir: string, options: InitOptions = {}): Promise<InitResult> {
  // Loaded on demand, as the other commands' modules: new-role pulls in the yaml package.
  const init = await import('./project/init.js');
  return init.initProject(dir, options);
}

/** Writes a new role file from the title and returns its path; see project/new-role.ts. */
export async function newRole(title: string, options: NewRoleOptions): Promise<string> {
  const create = await import('./project/new-role.js');
  return create.newRole(title, options);
}

/**
 * The roles of a call, each with the options the stages take: paths (with
 * `expand`, folders and globs too) read from the disk or the caller's
 * files, roles in memory standing at their name.
 */
async function prepareAll(roles: RoleInput | readonly RoleInput[], options: CommonOptions, { expand = true } = {}): Promise<Prepared[]> {
  const cwd = options.cwd ?? process.cwd();
  const list = typeof roles === 'string' || !Array.isArray(roles) ? [roles as RoleInput] : (roles as readonly RoleInput[]);
  const base = stageOptions(options);
  const paths = list.filter((role): role is string => typeof role === 'string');
  // Among a caller's files there is no folder to list: paths are taken as they are.
  const expanded = expand && !options.files && paths.length > 0 ? new Map((await inputsFor(paths, cwd)).map((input) => [input.file, input])) : undefined;
  const prepared: Prepared[] = [];
  for (const role of list) {
    if (typeof role === 'string') continue;
    const inline = inlineFile(role, cwd);
    prepared.push({ file: inline.file, options: { ...base, sources: sourcesFor(cwd, options.files, inline) }, stem: inlineStem(inline.file) });
  }
  const fromPaths: Prepared[] = expanded
    ? [...expanded.keys()].map((file) => ({ file, options: base }))
    : paths.map((file) => ({ file, options: options.files ? { ...base, sources: sourcesFor(cwd, options.files) } : base }));
  return [...fromPaths, ...prepared];
}

async function inputsFor(args: readonly string[], cwd: string): Promise<Input[]> {
  const { inputs, unmatched } = await expandInputs(args, cwd);
  if (unmatched.length > 0) throw new UsageError(`no role files match ${unmatched.map((u) => `\`${u}\``).join(', ')}`);
  return inputs;
}

function stageOptions(options: CommonOptions): StageOptions {
  return {
    cwd: options.cwd ?? process.cwd(),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
  };
}

function summarise(files: FileReport[], seconds: number): Summary {
  const count = (status: FileStatus) => files.filter((f) => f.status === status).length;
  return {
    built: count('built'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    stale: count('stale'),
    upToDate: count('up-to-date'),
    skipped: count('skipped'),
    seconds: Math.round(seconds * 100) / 100,
  };
}

function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
