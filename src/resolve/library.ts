import { appendAll, hasErrors, type Diagnostic, type SourceRef } from '../diagnostics.js';
import { loadYamlFile } from '../load/load.js';
import type { SourceFile } from '../load/source.js';
import { checkSchema } from '../validate/validate.js';
import { modelineWarning } from '../validate/modeline.js';
import { shown, type ResolveContext } from './context.js';

/** A clause library: named clauses that roles take with `use: file.yaml#name`. */
export interface Library {
  source: SourceFile;
  clauses: Record<string, unknown>;
}

/** Loads a library once per role resolution; its problems are reported once, with how it was reached. */
export async function loadLibrary(
  ctx: ResolveContext & { libraries: Map<string, Promise<Library | undefined>> },
  path: string,
  includedFrom: SourceRef[],
): Promise<Library | undefined> {
  let entry = ctx.libraries.get(path);
  if (!entry) {
    entry = readLibrary(ctx, path, includedFrom);
    ctx.libraries.set(path, entry);
  }
  return entry;
}

async function readLibrary(ctx: ResolveContext, path: string, includedFrom: SourceRef[]): Promise<Library | undefined> {
  const loaded = await loadYamlFile(shown(ctx, path), path, ctx.sources.readText);
  const withChain = (list: Diagnostic[]): Diagnostic[] => list.map((d) => ({ ...d, includedFrom }));
  if (!loaded.source || hasErrors(loaded.diagnostics)) {
    appendAll(ctx.diagnostics, withChain(loaded.diagnostics));
    return undefined;
  }
  const problems = checkSchema(loaded.source, loaded.data, 'library');
  const modeline = hasErrors(problems) ? undefined : modelineWarning(loaded.source, 'library', loaded.data);
  appendAll(ctx.diagnostics, withChain([...loaded.diagnostics, ...problems, ...(modeline ? [modeline] : [])]));
  if (hasErrors(problems)) return undefined;
  ctx.files.push({ source: loaded.source, data: loaded.data, path });
  return { source: loaded.source, clauses: (loaded.data as { clauses: Record<string, unknown> }).clauses };
}
