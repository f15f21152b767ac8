/**
 * Issue 12's fuzz test: thousands of mutated projects (the examples, the
 * organisation folder with its config, base, library and logo, the minimal
 * role) through build and validate, failing on any broken promise listed in
 * checks.ts. The seed is fixed; every failure prints how to replay it alone.
 *
 *   JDGEN_FUZZ_CASES=2000      cases (default 2000)
 *   JDGEN_FUZZ_SEED=1212       seed (default DEFAULT_SEED)
 *   JDGEN_FUZZ_ONLY=17,42      run only these case numbers of the seed
 *   JDGEN_FUZZ_TIMEOUT_MS=5000 CPU time budget of one case (build and, if it failed, validate)
 *   JDGEN_FUZZ_WALL_MS=15000   wall-clock limit of one case, after which its process is killed
 *   JDGEN_FUZZ_MAX_FAILURES=10 stop after this many failing cases
 *   JDGEN_FUZZ_CLI_CASES=20    cases also run through the real CLI (exit codes)
 *   JDGEN_FUZZ_WORKERS=2       child processes
 *   JDGEN_FUZZ_KEEP=dir        write every failing case's project there, with failures.txt and verdicts.tsv
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, makeCase, type FuzzCase } from './cases.js';
import { fixtureProjects, seedProjects } from './corpus.js';
import type { Verdict } from './child.js';
import { runCases } from './pool.js';
import { runCli } from './cli-cases.js';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const SEED = env('JDGEN_FUZZ_SEED', DEFAULT_SEED);
const CASES = env('JDGEN_FUZZ_CASES', 2000);
const TIMEOUT_MS = env('JDGEN_FUZZ_TIMEOUT_MS', 5000);
const WALL_MS = env('JDGEN_FUZZ_WALL_MS', 3 * TIMEOUT_MS);
const MAX_FAILURES = env('JDGEN_FUZZ_MAX_FAILURES', 10);
const CLI_CASES = env('JDGEN_FUZZ_CLI_CASES', 20);
const WORKERS = env('JDGEN_FUZZ_WORKERS', 2);
const ONLY = process.env.JDGEN_FUZZ_ONLY?.split(',').map(Number);

/** The kept fixtures first, then the random cases of the seed. */
function caseSource(): () => FuzzCase | undefined {
  const seeds = seedProjects();
  const fixtures = ONLY ? [] : fixtureProjects().map((project): FuzzCase => ({ id: `fixture:${project.name.replace(/^.*\//, '')}`, project, mutations: [] }));
  const indices = ONLY ?? Array.from({ length: CASES }, (_, i) => i);
  let f = 0;
  let i = 0;
  return () => (f < fixtures.length ? fixtures[f++] : i < indices.length ? makeCase(SEED, indices[i++]!, seeds) : undefined);
}

function describeFailure(fuzzCase: FuzzCase, verdict: Verdict): string {
  const index = fuzzCase.id.split(':')[1];
  const replay = fuzzCase.id.startsWith('fixture:')
    ? `a kept fixture: ${fuzzCase.project.name}`
    : `replay: JDGEN_FUZZ_SEED=${SEED} JDGEN_FUZZ_ONLY=${index} npx vitest run test/fuzz`;
  return [
    `case ${fuzzCase.id} (${fuzzCase.project.name}, build ${verdict.outcome}, ${verdict.ms} ms, ${verdict.cpuMs} ms CPU) — ${replay}`,
    ...fuzzCase.mutations.map((m) => `  mutation: ${m.slice(0, 200)}`),
    ...verdict.problems.map((p) => `  ${p.kind}: ${p.detail}`),
  ].join('\n');
}

function keep(dir: string, fuzzCase: FuzzCase): void {
  const root = join(dir, fuzzCase.id.replace(/:/g, '-'));
  for (const folder of fuzzCase.project.dirs) mkdirSync(join(root, folder), { recursive: true });
  for (const [path, content] of Object.entries(fuzzCase.project.files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  writeFileSync(join(root, 'FUZZ-CASE.txt'), `role: ${fuzzCase.project.role}\nfrom: ${fuzzCase.project.name}\n${fuzzCase.mutations.join('\n')}\n`);
}

describe('fuzz: mutated projects through build and validate', () => {
  // The CLI cases: the first built and the first failed ones, half and half.
  const forCli = { built: [] as FuzzCase[], failed: [] as FuzzCase[] };

  it(`keeps every promise on ${ONLY ? ONLY.length : CASES} cases (seed ${SEED})`, async () => {
    const startedAt = performance.now();
    const failures: string[] = [];
    const outcomes = { built: 0, failed: 0, threw: 0 };
    let slowest = { id: '', ms: 0, cpuMs: 0 };
    let cpuMs = 0;
    const verdicts: string[] = [];
    const stats = await runCases(caseSource(), {
      workers: WORKERS,
      budgetMs: TIMEOUT_MS,
      wallMs: WALL_MS,
      maxFailures: MAX_FAILURES,
      onVerdict: (fuzzCase, verdict) => {
        verdicts.push(
          `${verdict.id}\t${fuzzCase.project.name}\t${verdict.outcome}\t${verdict.cpuMs}\t${verdict.ms}\t${verdict.problems.map((p) => p.kind).join(',')}`,
        );
        outcomes[verdict.outcome]++;
        cpuMs += verdict.cpuMs;
        if (verdict.cpuMs > slowest.cpuMs && !verdict.problems.length) slowest = { id: verdict.id, ms: verdict.ms, cpuMs: verdict.cpuMs };
        if (verdict.problems.length) {
          failures.push(describeFailure(fuzzCase, verdict));
          if (process.env.JDGEN_FUZZ_KEEP) keep(process.env.JDGEN_FUZZ_KEEP, fuzzCase);
        } else if (verdict.outcome !== 'threw' && forCli[verdict.outcome].length < CLI_CASES / 2) forCli[verdict.outcome].push(fuzzCase);
      },
    });
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const ran = outcomes.built + outcomes.failed + outcomes.threw;
    console.log(
      `fuzz: seed ${SEED}, ${ran} cases in ${seconds} s (${outcomes.built} built, ${outcomes.failed} failed as they should, ${outcomes.threw} threw); ` +
        `${failures.length} broke a promise; ${(cpuMs / 1000).toFixed(1)} s of CPU in cases; slowest passing case ${slowest.id} (${slowest.cpuMs} ms CPU, ${slowest.ms} ms); ` +
        `processes started in ${stats.startMs.join(', ')} ms, ${stats.restarts} restarts`,
    );
    if (failures.length) console.log(`fuzz failures (seed ${SEED}):\n${failures.join('\n')}`);
    if (process.env.JDGEN_FUZZ_KEEP) {
      mkdirSync(process.env.JDGEN_FUZZ_KEEP, { recursive: true });
      writeFileSync(join(process.env.JDGEN_FUZZ_KEEP, 'failures.txt'), `${failures.join('\n')}\n`);
      writeFileSync(join(process.env.JDGEN_FUZZ_KEEP, 'verdicts.tsv'), `${verdicts.join('\n')}\n`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('the CLI answers with exit 0 and all outputs or exit 1 and none, never 3', async () => {
    // Cases the library API ran above, half built and half failed; run alone, the first cases of the seed.
    const known = [...forCli.built, ...forCli.failed];
    const seeds = seedProjects();
    const cases = known.length ? known : Array.from({ length: CLI_CASES }, (_, i) => makeCase(SEED, i, seeds));
    const mismatches = await runCli(cases, (c) => (forCli.built.includes(c) ? 0 : forCli.failed.includes(c) ? 1 : undefined));
    console.log(`fuzz CLI: ${cases.length} cases through bin/jdgen.js`);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
