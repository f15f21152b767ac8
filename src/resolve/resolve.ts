import { dirname, resolve as resolvePath } from 'node:path';
import { appendAll, hasErrors, sortDiagnostics, type Diagnostic, type SourceRef } from '../diagnostics.js';
import { loadYamlFile } from '../load/load.js';
import type { SourceFile } from '../load/source.js';
import { fileLocator } from '../validate/locator.js';
import { runRules } from '../validate/rules.js';
import { checkSchema } from '../validate/validate.js';
import { modelineWarning } from '../validate/modeline.js';
import type { SchemaName } from '../validate/schema.js';
import { roleSchemaName } from '../project/modeline.js';
import type { Context } from '../context.js';
import type { SourceFiles } from '../load/files.js';
import { findConfigIn, loadConfig, type ProjectConfig } from './config.js';
import { diagnosticAt, refAt, shown, type ReadFile } from './context.js';
import type { Library } from './library.js';
import { mergeLayers } from './merge.js';
import { realFolder, resolveReference, type Boundary } from './paths.js';
import { fillPlaceholders } from './placeholders.js';
import { prepareRoleData, type PrepareContext } from './prepare.js';

export interface ResolveOptions {
  cwd: string;
  /** Where the role, its bases, libraries, config and pictures are read from. */
  sources: SourceFiles;
  /** Where configs read are kept. */
  context: Context;
  /** An explicit config file (`--config`); otherwise the nearest jdgen.config.yaml is used. */
  configFile?: string;
  /** Skip config discovery altogether. */
  noConfig?: boolean;
  /** Where the search for the nearest config stops (an unpacked git revision's top); see configFolders. */
  configTop?: string;
}

export interface Resolution {
  /** The role with config, bases and libraries merged and placeholders filled, ready for the schema. */
  data?: Record<string, unknown>;
  /** The role file itself, for positions of problems in the merged role. */
  source?: SourceFile;
  config?: ProjectConfig;
  /** Every file read (role, bases, libraries, config): for glyph checks and incremental builds. */
  files: ReadFile[];
  diagnostics: Diagnostic[];
  origins: WeakMap<object, import('./context.js').Origin>;
}

const MAX_BASES = 32;

/** The role keys a config may give defaults for. */
export const CONFIG_DEFAULTS = ['locale', 'organization', 'approval', 'agreed_by', 'layout', 'familiarization'] as const;

/**
 * load → resolve for one role: finds its config, follows its `extends:` chain,
 * expands `use:` references, merges everything and fills placeholders. Never
 * throws for bad input: every problem comes back as a diagnostic naming its
 * file and the chain of references that led there.
 */
export async function resolveRole(file: string, options: ResolveOptions): Promise<Resolution> {
  const absolute = resolvePath(options.cwd, file);
  const base: Resolution = { files: [], diagnostics: [], origins: new WeakMap() };
  const configResult = await findProjectConfig(absolute, options);
  appendAll(base.diagnostics, configResult.diagnostics);
  if (hasErrors(configResult.diagnostics)) return base;
  const config = configResult.config;

  // A role with no base and no config must be complete on its own: checking it
  // against the full schema reports missing keys next to everything else.
  const leaf = await readRoleFile(options.sources, file, absolute, [], (data) =>
    roleSchemaName({ extendsBase: (data as { extends?: unknown } | null)?.extends !== undefined, underConfig: config !== undefined }),
  );
  appendAll(base.diagnostics, leaf.diagnostics);
  if (!leaf.read) return { ...base, ...(config ? { config } : {}) };

  const ctx: PrepareContext = {
    cwd: options.cwd,
    sources: options.sources,
    boundary: await boundaryOf(options.sources, absolute, config),
    origins: base.origins,
    diagnostics: base.diagnostics,
    files: [leaf.read, ...(config ? [{ source: config.source, data: config.data, path: config.path }] : [])],
    libraries: new Map<string, Promise<Library | undefined>>(),
  };
  const chain = await readBaseChain(ctx, leaf.read);
  if (hasErrors(ctx.diagnostics)) return { ...base, files: ctx.files, source: leaf.read.source, ...(config ? { config } : {}) };

  const layers = [await resolveLogo(ctx, configLayer(config), config ? { source: config.source, path: config.path, data: config.data } : undefined, [])];
  for (const link of chain) {
    const { extends: _extends, ...data } = link.read.data as Record<string, unknown>;
    const prepared = await prepareRoleData(ctx, data, { source: link.read.source, file: link.read.path, includedFrom: link.includedFrom });
    layers.push(await resolveLogo(ctx, prepared, link.read, link.includedFrom));
  }
  const merged = fillPlaceholders(ctx, mergeLayers(ctx, layers));
  return { data: merged, source: leaf.read.source, ...(config ? { config } : {}), files: ctx.files, diagnostics: ctx.diagnostics, origins: ctx.origins };
}

async function findProjectConfig(roleFile: string, options: ResolveOptions): Promise<{ config?: ProjectConfig; diagnostics: Diagnostic[] }> {
  if (options.noConfig) return { diagnostics: [] };
  const path = options.configFile ? resolvePath(options.cwd, options.configFile) : await findConfigIn(options.sources, roleFile, options.configTop);
  if (!path) return { diagnostics: [] };
  return loadConfig(options.context, options.sources, path, shown(options, path));
}

interface RoleFileRead {
  read?: ReadFile;
  diagnostics: Diagnostic[];
}

/**
 * A role or base file: YAML with positions, checked against the role schema —
 * without its required keys when others (bases, the config) may supply them.
 */
async function readRoleFile(
  sources: SourceFiles,
  display: string,
  absolute: string,
  includedFrom: SourceRef[],
  /** The schema that fits the file, as its modeline should name it (a base: role-part). */
  fitting: (data: unknown) => SchemaName = () => 'role-part',
): Promise<RoleFileRead> {
  const loaded = await loadYamlFile(display, absolute, sources.readText);
  const chained = (list: Diagnostic[]) => (includedFrom.length ? list.map((d) => ({ ...d, includedFrom })) : list);
  if (!loaded.source || loaded.data === undefined || hasErrors(loaded.diagnostics)) return { diagnostics: chained(loaded.diagnostics) };
  const schema = fitting(loaded.data);
  const problems =
    schema === 'role'
      ? // The schema and the rules, as validateRoleData checks them, but no typed Role yet: the file may
        // still hold `{ append, prepend, remove }` edits, which become plain lists only when merged.
        sortDiagnostics([
          ...checkSchema(loaded.source, loaded.data, 'role'),
          ...runRules((loaded.data ?? {}) as Record<string, unknown>, fileLocator(loaded.source)),
        ])
      : checkSchema(loaded.source, loaded.data, 'role-part');
  if (hasErrors(problems)) return { diagnostics: chained([...loaded.diagnostics, ...problems]) };
  const modeline = modelineWarning(loaded.source, schema, loaded.data);
  const diagnostics = chained([...loaded.diagnostics, ...problems, ...(modeline ? [modeline] : [])]);
  return { read: { source: loaded.source, data: loaded.data, path: sources.virtual ? absolute : realFolder(absolute) }, diagnostics };
}

interface ChainLink {
  read: ReadFile;
  includedFrom: SourceRef[];
}

/** The role's bases, most general first, ending with the role itself. Cycles and escapes are errors. */
async function readBaseChain(ctx: PrepareContext, leaf: ReadFile): Promise<ChainLink[]> {
  const chain: ChainLink[] = [{ read: leaf, includedFrom: [] }];
  for (;;) {
    const current = chain[0]!;
    const reference = (current.read.data as { extends?: string }).extends;
    if (reference === undefined) return chain;
    const origin = { source: current.read.source, path: ['extends'], includedFrom: current.includedFrom };
    const target = await resolveReference(ctx.sources, current.read.path, reference, ctx.boundary);
    if (!target.ok) return fail(ctx, diagnosticAt(origin, { code: 'resolve/extends', message: target.message, hint: target.hint }), chain);
    const names = [...chain].reverse().map((l) => l.read.source.file);
    if (chain.some((link) => link.read.path === target.path)) {
      return fail(
        ctx,
        diagnosticAt(origin, {
          code: 'resolve/extends-cycle',
          message: 'the `extends:` chain loops',
          hint: `chain: ${[...names, shown(ctx, target.path)].join(' → ')}`,
        }),
        chain,
      );
    }
    if (chain.length > MAX_BASES)
      return fail(ctx, diagnosticAt(origin, { code: 'resolve/extends-depth', message: `more than ${MAX_BASES} bases in a chain` }), chain);
    const includedFrom = [refAt(origin), ...current.includedFrom];
    const read = await readRoleFile(ctx.sources, shown(ctx, target.path), target.path, includedFrom);
    appendAll(ctx.diagnostics, read.diagnostics);
    if (!read.read) return chain;
    ctx.files.push(read.read);
    chain.unshift({ read: read.read, includedFrom });
  }
}

function fail(ctx: PrepareContext, diagnostic: Diagnostic, chain: ChainLink[]): ChainLink[] {
  ctx.diagnostics.push(diagnostic);
  return chain;
}

/** The project root is the config's folder (or the role's, without a config), plus allowed folders. */
async function boundaryOf(sources: SourceFiles, roleFile: string, config: ProjectConfig | undefined): Promise<Boundary> {
  // A caller's files have no symlinks: their folders are what they say. Outside its root nothing exists.
  const real = sources.virtual ? (path: string) => path : realFolder;
  if (!config) return { roots: [real(sources.virtual ? sources.root : dirname(roleFile))] };
  const root = dirname(config.path);
  const allowed = (config.data.allow_paths ?? []).map((p) => real(resolvePath(root, p)));
  return { roots: [real(root), ...allowed] };
}

/**
 * `organization.logo` is relative to the file that names it (config, base or
 * role); it becomes an absolute path here, checked like any reference.
 */
async function resolveLogo(
  ctx: PrepareContext,
  layer: Record<string, unknown>,
  from: ReadFile | undefined,
  includedFrom: SourceRef[],
): Promise<Record<string, unknown>> {
  const organization = layer.organization as { logo?: unknown } | undefined;
  if (!from || typeof organization?.logo !== 'string') return layer;
  const target = await resolveReference(ctx.sources, from.path, organization.logo, ctx.boundary, 'image');
  if (!target.ok) {
    ctx.diagnostics.push(
      diagnosticAt({ source: from.source, path: ['organization', 'logo'], includedFrom }, { code: 'resolve/logo', message: target.message, hint: target.hint }),
    );
    return layer;
  }
  return { ...layer, organization: { ...organization, logo: target.path } };
}

/** The config's role defaults, as the first and most general layer. */
function configLayer(config: ProjectConfig | undefined): Record<string, unknown> {
  if (!config) return {};
  const layer: Record<string, unknown> = {};
  for (const key of CONFIG_DEFAULTS) if (config.data[key] !== undefined) layer[key] = structuredClone(config.data[key]);
  return layer;
}
