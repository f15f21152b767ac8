import { realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { build, compile, type CommonOptions, type FileReport } from '../api.js';
import { createContext } from '../context.js';
import { hasErrors, UsageError, type Diagnostic } from '../diagnostics.js';
import { expandInputs } from '../load/inputs.js';
import { PLAIN } from '../palette.js';
import { renderDiagnostic } from '../cli/diagnostics-view.js';
import type { Format } from '../write/registry.js';
import { Debouncer } from './debounce.js';
import { affectedRoles, isInside, type ChangeKind } from './deps.js';
import { invalidate } from './invalidate.js';
import { SerialDrain } from './serial.js';
import { PreviewServer } from './server.js';

export interface WatchOptions extends CommonOptions {
  /** Output folder, as for build. */
  outDir?: string;
  formats?: readonly Format[];
  /** Serve the live preview on 127.0.0.1 (port 0 or absent: a free port). */
  serve?: boolean | { port?: number };
  /** How long the disk must be quiet before a rebuild starts (default 25 ms). */
  debounceMs?: number;
  /** Each rebuild (and the first build), as it finishes. */
  onRebuild?: (rebuild: Rebuild) => void;
}

/** One rebuild: the files that changed and what became of each role they affect. */
export interface Rebuild {
  /** Changed files (relative to cwd when inside it); empty for the first build. */
  changed: string[];
  files: FileReport[];
  /** From the first change seen to the last preview published, and to the outputs written. */
  previewMs: number;
  totalMs: number;
}

export interface WatchHandle {
  /** The preview's address (with `serve`). */
  readonly url?: string;
  /** The watched roles, as named in reports. */
  roles(): string[];
  /** Resolves once no rebuild is running or waiting (tests). */
  idle(): Promise<void>;
  /** Stops watching and serving. */
  close(): Promise<void>;
}

/** Default quiet time: an editor's save is a burst of events within a few milliseconds. */
const DEBOUNCE_MS = 25;

/** Changes taken together into one rebuild, and when the first of them happened. */
interface ChangeBatch {
  changes: Map<string, ChangeKind>;
  since: number;
}

/**
 * Builds roles, then rebuilds them whenever a file they depend on changes:
 * the role, its bases and clause libraries, the config, template layers,
 * locales, style and fonts (compileRole reports them). One context serves
 * every rebuild, and only what changed is forgotten from it (invalidate.ts),
 * so fonts and compiled templates are read once. With `serve`, the browser
 * gets the HTML document of each role first (the preview), then the outputs
 * are written as `build` writes them (incremental, with the manifest).
 */
export async function watch(inputs: readonly string[], options: WatchOptions = {}): Promise<WatchHandle> {
  const watcher = new RoleWatcher(inputs, options);
  await watcher.start();
  return watcher;
}

interface Watched {
  /** As the user names it (relative to cwd). */
  file: string;
  /** Absolute real path: the key of the dependency map. */
  real: string;
}

class RoleWatcher implements WatchHandle {
  private readonly cwd: string;
  private readonly context;
  private readonly debouncer: Debouncer;
  private readonly dependencies = new Map<string, Set<string>>();
  private readonly failed = new Set<string>();
  private watched: Watched[] = [];
  private watcher: FSWatcher | undefined;
  private server: PreviewServer | undefined;
  /** Folders named as inputs (watched deeply, for roles added to them) and folders of dependencies (watched one level). */
  private inputFolders: string[] = [];
  private readonly dependencyFolders = new Set<string>();
  private readonly watchedFolders = new Set<string>();
  /** Output folders: what the build writes there is no reason to rebuild. */
  private readonly outDirs = new Set<string>();
  private readonly changes = new Map<string, ChangeKind>();
  private firstChangeAt = 0;
  private readonly rebuilds = new SerialDrain<ChangeBatch>(
    () => this.takeChanges(),
    (batch) => this.process(batch.changes, batch.since),
  );

  constructor(
    private readonly inputs: readonly string[],
    private readonly options: WatchOptions,
  ) {
    this.cwd = options.cwd ?? process.cwd();
    this.context = options.context ?? createContext();
    this.debouncer = new Debouncer(options.debounceMs ?? DEBOUNCE_MS, () => this.rebuilds.kick());
  }

  get url(): string | undefined {
    return this.server?.url;
  }

  roles(): string[] {
    return this.watched.map((w) => w.file);
  }

  async start(): Promise<void> {
    this.watched = await this.expand();
    this.inputFolders = this.inputs
      .map((arg) => resolve(this.cwd, arg))
      .filter(isFolder)
      .map(real);
    if (this.options.serve) {
      const port = typeof this.options.serve === 'object' ? (this.options.serve.port ?? 0) : 0;
      this.server = await PreviewServer.start(port);
      this.server.setRoles(this.roles());
    }
    try {
      await this.rebuild(this.watched, [], performance.now());
      const { watch: chokidar } = await import('chokidar');
      for (const folder of this.dependencyFolders) this.watchedFolders.add(folder);
      this.watcher = chokidar([...this.inputFolders, ...this.dependencyFolders], {
        ignoreInitial: true,
        ignored: (path) => this.ignored(path),
      });
      this.watcher.on('all', (event, path) => {
        if (event === 'add' || event === 'change' || event === 'unlink') this.changed(resolve(path), event);
      });
      await new Promise<void>((ready) => this.watcher!.once('ready', ready));
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  idle(): Promise<void> {
    return this.rebuilds.idle();
  }

  async close(): Promise<void> {
    const stopped = this.rebuilds.stop();
    this.debouncer.cancel();
    await this.watcher?.close();
    await stopped;
    await this.server?.close();
  }

  private changed(path: string, kind: ChangeKind): void {
    if (this.changes.size === 0) this.firstChangeAt = performance.now();
    // An unlink then an add (a save by rename) is a change; the last word wins otherwise.
    const before = this.changes.get(path);
    this.changes.set(path, before === 'unlink' && kind === 'add' ? 'change' : kind);
    this.debouncer.add(path);
  }

  /** The changes gathered since the last rebuild began, or undefined when there are none. */
  private takeChanges(): ChangeBatch | undefined {
    if (this.changes.size === 0) return undefined;
    const batch = { changes: new Map(this.changes), since: this.firstChangeAt };
    this.changes.clear();
    return batch;
  }

  private async process(changes: Map<string, ChangeKind>, since: number): Promise<void> {
    invalidate(this.context, changes.keys());
    let added: Watched[] = [];
    const roleFileMoved = [...changes].some(([path, kind]) => kind !== 'change' && /\.ya?ml$/i.test(path) && this.inputFolders.some((f) => isInside(path, f)));
    if (roleFileMoved) {
      const before = new Set(this.watched.map((w) => w.real));
      this.watched = await this.expand();
      const now = new Set(this.watched.map((w) => w.real));
      added = this.watched.filter((w) => !before.has(w.real));
      for (const gone of before) {
        if (now.has(gone)) continue;
        this.dependencies.delete(gone);
        this.failed.delete(gone);
      }
      this.server?.setRoles(this.roles());
    }
    const affected = affectedRoles(this.dependencies, changes, this.failed);
    const roles = [...this.watched.filter((w) => affected.has(w.real)), ...added];
    if (roles.length === 0) return;
    await this.rebuild(roles, [...changes.keys()], since);
  }

  /** Preview first (the browser is waiting), then the outputs on disk. */
  private async rebuild(roles: readonly Watched[], changed: string[], since: number): Promise<void> {
    const common = this.common();
    const good: Watched[] = [];
    const reports = new Map<string, FileReport>();
    for (const role of roles) {
      const result = await compile(role.file, { ...common, ...(this.server ? { formats: [PREVIEW_FORMAT] } : {}) });
      this.dependencies.set(role.real, new Set([role.real, ...(result.dependencies ?? result.resolution?.files.map((f) => f.path) ?? [])]));
      for (const file of this.dependencies.get(role.real)!) this.dependencyFolders.add(dirname(file));
      if (!result.model || hasErrors(result.diagnostics)) {
        this.failed.add(role.real);
        reports.set(role.file, { file: role.file, status: 'failed', outputs: [], diagnostics: result.diagnostics });
        this.server?.failed(role.file, shownDiagnostics(result.diagnostics), result.diagnostics.filter((d) => d.severity === 'error').length);
        continue;
      }
      this.failed.delete(role.real);
      good.push(role);
      if (this.server) this.server.published(role.file, previewHtml(result.outputs));
    }
    const previewMs = performance.now() - since;
    if (good.length > 0) {
      const report = await build(
        good.map((role) => role.file),
        {
          ...common,
          jobs: 1,
          ...(this.options.outDir ? { outDir: this.options.outDir } : {}),
          ...(this.options.formats ? { formats: this.options.formats } : {}),
        },
      );
      for (const file of report.files) {
        reports.set(file.file, file);
        if (file.status === 'failed') {
          const real = this.watched.find((w) => w.file === file.file)?.real;
          if (real) this.failed.add(real);
          this.server?.failed(file.file, shownDiagnostics(file.diagnostics), file.diagnostics.filter((d) => d.severity === 'error').length);
        } else if (file.outputs.length > 0) {
          // Only a folder outputs were written to is ignored from now on: a report without outputs
          // (skipped, or trusted as up to date) names none, and taking the working folder for it
          // would ignore every later save of the roles themselves.
          const outDir = this.outDirOf(file.outputs);
          this.outDirs.add(real(outDir));
          this.server?.setOutputs(file.file, outDir, outputsOf(file.outputs, this.cwd));
        }
      }
    }
    // Folders of dependencies met for the first time (a new base, a templates folder named by a config) are watched from now on.
    const unwatched = [...this.dependencyFolders].filter((folder) => !this.watchedFolders.has(folder));
    for (const folder of unwatched) this.watchedFolders.add(folder);
    if (this.watcher && unwatched.length > 0) this.watcher.add(unwatched);
    this.options.onRebuild?.({
      changed: changed.map((path) => shown(this.cwd, path)),
      files: roles.map((role) => reports.get(role.file)!).filter(Boolean),
      previewMs,
      totalMs: performance.now() - since,
    });
  }

  /** The folder of a role's outputs: the one they were written to. */
  private outDirOf(outputs: readonly string[]): string {
    const first = outputs[0];
    return first ? dirname(resolve(this.cwd, first)) : this.cwd;
  }

  private common(): CommonOptions {
    const { cwd, templatesDir, locale, configFile } = this.options;
    return {
      cwd: cwd ?? process.cwd(),
      context: this.context,
      ...(templatesDir ? { templatesDir } : {}),
      ...(locale ? { locale } : {}),
      ...(configFile ? { configFile } : {}),
    };
  }

  private async expand(): Promise<Watched[]> {
    const { inputs, unmatched } = await expandInputs(this.inputs, this.cwd);
    if (unmatched.length > 0 && inputs.length === 0) throw new UsageError(`no role files match ${unmatched.map((u) => `\`${u}\``).join(', ')}`);
    return inputs.map((input) => ({ file: input.file, real: real(resolve(this.cwd, input.file)) }));
  }

  /** Deep inside input folders (but not in outputs, node_modules or dot folders), one level in dependency folders. */
  private ignored(path: string): boolean {
    const absolute = resolve(path);
    if (this.dependencyFolders.has(absolute) || this.dependencyFolders.has(dirname(absolute))) return false;
    if (!this.inputFolders.some((folder) => isInside(absolute, folder))) return true;
    const parts = relative(this.cwd, absolute).split(sep);
    if ([...this.outDirs].some((folder) => isInside(absolute, folder))) return true;
    return parts.some((part) => part === 'node_modules' || (part.startsWith('.') && part !== '..' && part !== '.'));
  }
}

/** The HTML writer's document is the preview: what an intranet would publish, and close to the PDF. */
const PREVIEW_FORMAT: Format = 'html';

function previewHtml(outputs: Partial<Record<Format, Uint8Array>> | undefined): string {
  return new TextDecoder().decode(outputs?.[PREVIEW_FORMAT] ?? new Uint8Array());
}

/** The diagnostics exactly as the CLI prints them (without colour). */
export function shownDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => renderDiagnostic(d, PLAIN)).join('');
}

function outputsOf(outputs: readonly string[], cwd: string): { pdf?: string; docx?: string } {
  const find = (ext: string) => outputs.map((o) => resolve(cwd, o)).find((o) => o.endsWith(`.${ext}`));
  const pdf = find('pdf');
  const docx = find('docx');
  return { ...(pdf ? { pdf } : {}), ...(docx ? { docx } : {}) };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}
