/**
 * The fuzz case runner: a child process that loads jdgen's library API once
 * (the built dist/, as users import it) and runs the cases its parent sends,
 * one at a time. The parent kills it when a case overruns its time budget: a
 * synchronous loop or a read that blocks cannot stop the test itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Report } from 'jdgen';
import { errorsOf, listTree, outputProblems, pollution, snapshotPrototypes, unpositioned, type Problem } from './checks.js';
import type { Project } from './corpus.js';

export interface Verdict {
  id: string;
  /** What build did: built, failed (diagnostics), or threw. */
  outcome: 'built' | 'failed' | 'threw';
  problems: Problem[];
  /** Wall-clock and CPU milliseconds of the case (CPU time is what a busy machine does not inflate). */
  ms: number;
  cpuMs: number;
}

export type ChildMessage = { ready: true } | { verdict: Verdict; restart: boolean };

const FORMATS = ['docx', 'pdf', 'md', 'html', 'json'] as const;
const jdgen = await import('jdgen');
const scratch = mkdtempSync(join(tmpdir(), 'jdgen-fuzz-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function materialise(project: Project, dir: string): void {
  for (const folder of project.dirs) mkdirSync(join(dir, folder), { recursive: true });
  for (const [path, content] of Object.entries(project.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A UserError's diagnostics are an answer (exit 1); anything else thrown is a bug (exit 3). */
function thrown(stage: string, error: unknown): { problems: Problem[] } {
  const diagnostics = (error as { diagnostics?: [] }).diagnostics;
  if (error instanceof jdgen.UserError && diagnostics) return { problems: unpositioned(diagnostics) };
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { problems: [{ kind: 'internal', detail: `${stage} threw ${text.split('\n').slice(0, 6).join(' | ')}` }] };
}

async function attempt(stage: string, run: () => Promise<Report>): Promise<{ report?: Report; problems: Problem[] }> {
  try {
    const report = await run();
    return { report, problems: unpositioned(errorsOf(report)) };
  } catch (error) {
    return thrown(stage, error);
  }
}

export async function runCase(id: string, project: Project, budgetMs = Infinity): Promise<Verdict> {
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const dir = mkdtempSync(join(scratch, 'case-'));
  const [source, out] = [join(dir, 'project'), join(dir, 'out')];
  mkdirSync(out);
  materialise(project, source);
  const before = listTree(source);
  const prototypes = snapshotPrototypes();
  const build = await attempt('build', () => jdgen.build([project.role], { cwd: source, outDir: out, formats: [...FORMATS], jobs: 1, force: true }));
  const status = build.report?.files[0]?.status;
  const outcome = status === 'built' ? 'built' : build.report ? 'failed' : 'threw';
  const problems = [...build.problems];
  if (outcome !== 'built') {
    // Only a failed build asks validate: validate must have seen the problem too.
    const validate = await attempt('validate', () => jdgen.validate([project.role], { cwd: source }));
    problems.push(...validate.problems);
    if (validate.report?.ok)
      problems.push({
        kind: 'validate-ok-build-fails',
        detail: `validate passed; build ${outcome}: ${
          errorsOf(build.report)
            .map((d) => `${d.code}: ${d.message}`)
            .join('; ')
            .slice(0, 300) || 'threw'
        }`,
      });
  }
  const stem = project.role.replace(/^.*\//, '').replace(/\.ya?ml$/i, '');
  problems.push(...outputProblems(outcome === 'built', stem, FORMATS, listTree(out)));
  const after = listTree(source);
  if (JSON.stringify(after) !== JSON.stringify(before))
    problems.push({ kind: 'wrote-beside-sources', detail: `project folder changed: [${after.filter((p) => !before.includes(p)).join(', ')}] appeared` });
  problems.push(...pollution(prototypes));
  rmSync(dir, { recursive: true, force: true });
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  if (cpuMs > budgetMs) problems.push({ kind: 'hang', detail: `${cpuMs} ms of CPU time, over the budget of ${budgetMs} ms` });
  return { id, outcome, problems, ms: Math.round(performance.now() - startedAt), cpuMs };
}

/** Loads fonts, templates and writers before the first timed case. */
async function warmUp(): Promise<void> {
  const project: Project = {
    name: 'warm-up',
    role: 'r.yaml',
    dirs: [],
    files: {
      'r.yaml':
        'jdgen: 1\norganization: { name: W }\ndocument: { number: "1", date: 2026-01-15 }\nposition: { title: Clerk }\napproval: { position: D, name: N }\ngeneral_provisions: [A.]\nduties: [B.]\nrights: [C.]\nresponsibility: [D.]\n',
    },
  };
  await runCase('warm-up', project);
}

if (process.send) {
  await warmUp();
  process.on('message', (message: { id: string; project: Project; budgetMs: number }) => {
    const failed = (error: unknown): Verdict => ({
      id: message.id,
      outcome: 'threw',
      problems: [{ kind: 'crash', detail: `the fuzz runner itself failed: ${String(error)}` }],
      ms: 0,
      cpuMs: 0,
    });
    void runCase(message.id, message.project, message.budgetMs)
      .catch(failed)
      .then((verdict) => {
        // A polluted prototype stays polluted: a fresh process runs the next case.
        const restart = verdict.problems.some((p) => p.kind === 'pollution');
        process.send!({ verdict, restart } satisfies ChildMessage, () => restart && process.exit(0));
      });
  });
  process.send({ ready: true } satisfies ChildMessage);
}
