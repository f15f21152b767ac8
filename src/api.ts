import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { existsSync, rmSync, statSync } from 'node:fs';
import { hasErrors, makeDiagnostic, UsageError, type Diagnostic } from './diagnostics.js';
import { locate, sourceLineAt } from './load/source.js';
import type { DocumentDiff } from './diff/diff.js';
import { checkoutRevision, unchangedSinceHead, type RevisionCheckout } from './load/git.js';
import { expandInputs, type Input } from './load/inputs.js';
import type { DocumentModel } from './model/types.js';
import type { Style } from './render/style.js';
import type { BatchFileResult, BatchStatus } from './output/batch.js';
import type { Shard } from './output/shard.js';
import type { InitOptions, InitResult } from './project/init.js';
import type { NewRoleOptions } from './project/new-role.js';
import { compileRole, forgetTemplateFiles, type CompileOptions, type CompileResult } from './pipeline.js';
import { findConfig, loadConfig } from './resolve/config.js';
import { BUNDLED_TEMPLATES } from './render/layers.js';
import { readVersion } from './version.js';
import { DEFAULT_FORMATS, type Format } from './write/registry.js';
import { EnvironmentError, isOsFailure } from './env/os-error.js';
import { prepareOutDir, type OutDirOrigin } from './env/out-dir.js';
import { sourceDateEpoch } from './env/source-date-epoch.js';

/** The templates shipped with jdgen. */
export { BUNDLED_TEMPLATES };

export interface CommonOptions {
  /** Folder that relative paths are resolved against (defaults to process.cwd()). */
  cwd?: string;
  /** A templates folder layered over the bundled one. */
  templatesDir?: string;
  /** Overrides every role's `locale:`. */
  locale?: string;
  /** A jdgen.config.yaml to use instead of the nearest one above each role. */
  configFile?: string;
}

export interface BuildOptions extends CommonOptions {
  /** Output folder; default the config's `output.dir`, else `dist`. */
  outDir?: string;
  formats?: readonly Format[];
  /** Worker threads; default one per core. */
  jobs?: number;
  /** Rebuild even roles whose manifest says nothing changed. */
  force?: boolean;
  /** Write nothing; report outputs that are missing or differ from what the sources produce. */
  check?: boolean;
  /** Delete the outputs of roles whose file no longer exists. */
  prune?: boolean;
  /** Stop starting new roles after the first failure. */
  failFast?: boolean;
  /** Build only a stable part of the inputs: `{ index: 1, count: 4 }` is the first of four. */
  shard?: Shard;
  /** Called as each role finishes (progress bars). */
  onResult?: (result: FileReport, total: number) => void;
}

export type FileStatus = BatchStatus | 'valid';

export interface FileReport {
  file: string;
  status: FileStatus;
  /** Output paths (relative to cwd when inside it): written, skipped as unchanged, or checked. */
  outputs: string[];
  /** With `check`: outputs that are missing or differ. */
  stale?: string[];
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

/** Checks role files without writing anything: YAML, schema, rules, locale and templates. */
export async function validate(args: readonly string[], options: CommonOptions = {}): Promise<Report> {
  forgetTemplateFiles();
  // `validate` succeeding means `build` succeeds: a SOURCE_DATE_EPOCH the writers cannot stamp is refused here too.
  sourceDateEpoch(process.env);
  const cwd = options.cwd ?? process.cwd();
  const inputs = await inputsFor(args, cwd);
  const reports: FileReport[] = [];
  const trees = new Map<string, string>();
  try {
    for (const { file } of inputs) {
      const result = await compileRole(file, compileOptions(options));
      const ok = Boolean(result.model) && !hasErrors(result.diagnostics);
      const unbumped = ok ? await unbumpedChange(file, result, options, trees) : undefined;
      reports.push({ file, status: ok ? 'valid' : 'failed', outputs: [], diagnostics: [...result.diagnostics, ...(unbumped ? [unbumped] : [])] });
    }
  } finally {
    for (const tree of trees.values()) rmSync(tree, { recursive: true, force: true });
  }
  return { ok: reports.every((f) => f.status !== 'failed'), files: reports };
}

/**
 * An approved document whose content changed since the last commit while its
 * version stayed the same: the signed paper and the file no longer agree.
 * Compared with the role as committed at HEAD (bases and libraries of HEAD
 * too); outside git, or for a role not yet committed, nothing is said.
 */
async function unbumpedChange(file: string, now: CompileResult, options: CommonOptions, trees: Map<string, string>): Promise<Diagnostic | undefined> {
  if (now.role?.document.status !== 'approved' || !now.model || !now.resolution?.source) return undefined;
  // A clean working tree cannot differ from HEAD: skip unpacking the revision (most validate runs in CI).
  if (unchangedSinceHead(file, options.cwd ?? process.cwd()) !== false) return undefined;
  let checkout: RevisionCheckout;
  try {
    checkout = checkoutRevision(file, 'HEAD', options.cwd ?? process.cwd(), trees);
  } catch {
    return undefined;
  }
  if (!existsSync(join(checkout.root, checkout.file))) return undefined;
  // The revision's own config: the search must not leave its unpacked tree (a config in the temp folder is anyone's).
  const then = await compileRole(checkout.file, { ...compileOptions(options), cwd: checkout.root, configTop: checkout.root });
  if (!then.role || !then.model || then.role.document.status !== 'approved' || then.role.document.version !== now.role.document.version) return undefined;
  const { diffDocuments, summaryLine } = await diffModules();
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

/**
 * Builds roles — files, folders or globs — into the requested formats, in
 * parallel, skipping those that have not changed. A role is rendered to every
 * format in memory first and written only when all succeeded, each file
 * atomically, so an invalid input never leaves partial output behind.
 */
export async function build(args: readonly string[], options: BuildOptions = {}): Promise<Report> {
  const startedAt = performance.now();
  const cwd = options.cwd ?? process.cwd();
  sourceDateEpoch(process.env);
  // Modules a command does not need are not loaded: a cold `jdgen validate` must start fast.
  const [{ runBatch }, { checkDistinctOutputs }, { inShard }, { StartedWorkers }] = await Promise.all([
    import('./output/batch.js'),
    import('./output/paths.js'),
    import('./output/shard.js'),
    import('./output/pool.js'),
  ]);
  const jobs = options.jobs ?? availableParallelism();
  // A folder or a glob usually means many roles: the threads start now, loading their modules
  // while this thread looks for the roles and checks the manifests. Named files are not waited for.
  const started = jobs > 1 && args.some((arg) => !isFile(resolve(cwd, arg))) ? new StartedWorkers(jobs) : undefined;
  try {
    const inputs = (await inputsFor(args, cwd)).filter((input) => !options.shard || inShard(input.file, options.shard));
    const targets = await Promise.all(inputs.map(async (input) => ({ input, ...(await outputTarget(input.file, options, cwd)) })));
    checkDistinctOutputs(targets.map((t) => ({ file: resolve(cwd, t.input.file), outDir: t.outDir, name: t.input.name })));
    const outDirs = new Map(targets.map((t) => [t.outDir, t.origin]));
    for (const [outDir, origin] of outDirs) await prepareOutDir(outDir, origin, { cwd, check: options.check ?? false });
    const batch = await runBatch(targets, {
      cwd,
      compile: compileOptions(options),
      jobs,
      force: options.force ?? false,
      check: options.check ?? false,
      prune: options.prune ?? false,
      failFast: options.failFast ?? false,
      version: readVersion(),
      ...(started ? { started } : {}),
      ...(options.onResult ? { onResult: (r: BatchFileResult) => options.onResult!(r, targets.length) } : {}),
    }).catch((error: unknown) => {
      // A refusal the system gave without a path (a full disk while writing the manifest): name the folders.
      throw isOsFailure(error) && !error.path ? new EnvironmentError('write in the output folder', [...outDirs.keys()].map((d) => relative(cwd, d) || '.').join(', '), error.code) : error;
    });
    const files: FileReport[] = batch.files.map((f) => ({ ...f, ...(f.stale.length ? { stale: f.stale } : { stale: undefined }) })).map(dropUndefined);
    const summary = summarise(files, (performance.now() - startedAt) / 1000);
    const ok = summary.failed === 0 && summary.stale === 0 && summary.skipped === 0 && !hasErrors(batch.diagnostics);
    return { ok, files, summary, ...(batch.pruned.length ? { pruned: batch.pruned } : {}), ...(batch.diagnostics.length ? { diagnostics: batch.diagnostics } : {}) };
  } finally {
    await started?.end();
  }
}

/** Whether a command-line argument names an existing file (not a folder or a glob). */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Loads, validates and renders one role into the document model (no files written). */
export async function compile(file: string, options: CommonOptions = {}): Promise<CompileResult> {
  forgetTemplateFiles();
  return compileRole(file, compileOptions(options));
}

/** The fully resolved role as role YAML (config, bases, libraries, placeholders and defaults applied). */
export async function show(file: string, options: CommonOptions = {}): Promise<{ yaml?: string; diagnostics: Diagnostic[] }> {
  forgetTemplateFiles();
  const result = await compileRole(file, compileOptions(options));
  if (!result.role || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics };
  // The logo is printed relative to where show runs, so the output saved there is a working role file.
  const { logo } = result.role.organization;
  const role = logo ? { ...result.role, organization: { ...result.role.organization, logo: relative(options.cwd ?? process.cwd(), logo) } } : result.role;
  const { roleToYaml } = await import('./project/show.js');
  return { yaml: roleToYaml(role), diagnostics: result.diagnostics };
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

async function inputsFor(args: readonly string[], cwd: string): Promise<Input[]> {
  const { inputs, unmatched } = await expandInputs(args, cwd);
  if (unmatched.length > 0) throw new UsageError(`no role files match ${unmatched.map((u) => `\`${u}\``).join(', ')}`);
  return inputs;
}

/**
 * Where a role's outputs go and in which formats: the command line first,
 * then the `output:` of the role's jdgen.config.yaml (its `dir` relative to
 * the config), then `dist` and DOCX + PDF + Markdown.
 */
async function outputTarget(file: string, options: BuildOptions, cwd: string): Promise<{ outDir: string; origin: OutDirOrigin; formats: readonly Format[] }> {
  const configPath = options.configFile ? resolve(cwd, options.configFile) : findConfig(resolve(cwd, file));
  const config = configPath ? (await loadConfig(configPath, configPath)).config : undefined;
  const output = config?.data.output;
  const formats = options.formats ?? (output?.formats as Format[] | undefined) ?? DEFAULT_FORMATS;
  if (options.outDir) return { outDir: resolve(cwd, options.outDir), origin: { kind: 'option' }, formats };
  if (config && output?.dir) return { outDir: resolve(dirname(config.path), output.dir), origin: { kind: 'config', config }, formats };
  return { outDir: resolve(cwd, 'dist'), origin: { kind: 'default' }, formats };
}

/** The diff stages, loaded by the commands that compare documents. */
async function diffModules() {
  const [{ diffDocuments }, { redlineModel }, { summaryLine }] = await Promise.all([import('./diff/diff.js'), import('./diff/redline.js'), import('./diff/format.js')]);
  return { diffDocuments, redlineModel, summaryLine };
}

// validate, compile, show and diff start with forgetTemplateFiles(): within one call every role shares
// the templates read once, but a long-lived process calling again sees templates edited in between
// (build does the same in runBatch).
function compileOptions(options: CommonOptions): CompileOptions {
  return {
    cwd: options.cwd ?? process.cwd(),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
  };
}

function summarise(files: FileReport[], seconds: number): Summary {
  const count = (status: FileStatus) => files.filter((f) => f.status === status).length;
  return { built: count('built'), unchanged: count('unchanged'), failed: count('failed'), stale: count('stale'), upToDate: count('up-to-date'), skipped: count('skipped'), seconds: Math.round(seconds * 100) / 100 };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export interface DiffOptions extends CommonOptions {
  /** Compare the role at this git revision ... */
  from?: string;
  /** ... with this revision (default: the working tree). */
  to?: string;
  /** Author of the tracked changes in a redline (default `jdgen`). */
  author?: string;
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
export async function diff(oldFile: string, newFile: string | undefined, options: DiffOptions = {}): Promise<DiffOutcome> {
  forgetTemplateFiles();
  const cwd = options.cwd ?? process.cwd();
  const checkouts: RevisionCheckout[] = [];
  const side = async (file: string, revision: string | undefined): Promise<{ label: string; result: CompileResult }> => {
    if (!revision) return { label: file, result: await compileRole(file, compileOptions(options)) };
    const checkout = checkoutRevision(file, revision, cwd);
    checkouts.push(checkout);
    const result = await compileRole(checkout.file, { ...compileOptions(options), cwd: checkout.root, configTop: checkout.root });
    return { label: `${file}@${revision}`, result };
  };
  try {
    const before = await side(oldFile, options.from);
    const after = await side(newFile ?? oldFile, options.to);
    const diagnostics = [...before.result.diagnostics, ...after.result.diagnostics];
    const [a, b] = [before.result, after.result];
    if (!a.role || !a.model || !b.role || !b.model || !b.style || hasErrors(diagnostics)) return { diagnostics };
    const { diffDocuments, redlineModel } = await diffModules();
    const result = diffDocuments({ label: before.label, role: a.role, model: a.model }, { label: after.label, role: b.role, model: b.model });
    const redline = redlineModel(result, b.model, { author: options.author ?? 'jdgen', date: b.role.document.date });
    return { diff: result, redline, style: b.style, diagnostics };
  } finally {
    for (const checkout of checkouts) checkout.cleanup();
  }
}
