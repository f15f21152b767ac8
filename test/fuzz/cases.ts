import type { Project } from './corpus.js';
import { STRUCTURAL, type Mutation } from './mutate.js';
import { TEXTUAL } from './mutate-text.js';
import { Rng } from './rng.js';

/** One fuzz case: a project to materialise and the mutations that made it (for the failure report). */
export interface FuzzCase {
  /** `seed:index`, or `fixture:name` for a kept fixture. */
  id: string;
  project: Project;
  mutations: string[];
}

/** Issue 12's fuzz seed: fixed, so CI runs the same cases every time unless JDGEN_FUZZ_SEED says otherwise. */
export const DEFAULT_SEED = 1212;

/** Case `index` of `seed`: a pure function of the two, so any case can be replayed alone. */
export function makeCase(seed: number, index: number, seeds: ReadonlyArray<{ weight: number; project: Project }>): FuzzCase {
  const rng = new Rng(seed, index + 1);
  const base = rng.weighted(seeds.map((s) => [s.weight, s.project] as const));
  const project: Project = { ...base, files: { ...base.files }, dirs: [...base.dirs] };
  const mutations: string[] = [];
  const count = rng.weighted([
    [5, 1],
    [3, 2],
    [2, 3],
  ] as const);
  for (let i = 0; i < count; i++) {
    const yamlFiles = Object.keys(project.files).filter((f) => f.endsWith('.yaml') && typeof project.files[f] === 'string');
    if (yamlFiles.length === 0) break;
    // The role is the usual victim; the config, base and library of the organisation folder get their share.
    const file = yamlFiles.includes(project.role) && rng.chance(0.6) ? project.role : rng.pick(yamlFiles);
    const mutation: Mutation = rng.weighted(rng.chance(0.75) ? STRUCTURAL : TEXTUAL);
    const what = mutation(project, file, rng);
    if (what !== undefined) mutations.push(what);
  }
  return { id: `${seed}:${index}`, project, mutations };
}
