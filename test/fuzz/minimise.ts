/**
 * Shrinks a failing fuzz case into a small project for test/fixtures/fuzz:
 *
 *   npx tsx test/fuzz/minimise.ts SEED INDEX OUT_DIR [KIND]
 *
 * It drops files the failure does not need, then deletes runs of lines
 * (halving the run length down to single lines) while the case still fails
 * with a problem of the same kind (the first kind found, or KIND).
 * Timeouts count as failing: minimising a hang takes a while.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCase, type FuzzCase } from './cases.js';
import type { ProblemClass } from './checks.js';
import { seedProjects } from './corpus.js';
import { Runner } from './pool.js';

const [seed, index, outDir, wanted] = process.argv.slice(2);
if (!seed || !index || !outDir) throw new Error('usage: minimise.ts SEED INDEX OUT_DIR [KIND]');
const BUDGET_MS = 5000;
const runner = new Runner({ restarts: 0, startMs: [] });
await runner.start();

async function kinds(fuzzCase: FuzzCase): Promise<ProblemClass[]> {
  const result = await runner.run(fuzzCase, BUDGET_MS, 3 * BUDGET_MS);
  if ('verdict' in result) {
    if (result.restart) await runner.restart();
    return result.verdict.problems.map((p) => p.kind);
  }
  await runner.restart();
  return ['timeout' in result ? 'hang' : 'crash'];
}

let current = makeCase(Number(seed), Number(index), seedProjects());
const kind = (wanted as ProblemClass | undefined) ?? (await kinds(current))[0];
if (!kind) throw new Error(`case ${seed}:${index} does not fail`);
const fails = async (candidate: FuzzCase) => (await kinds(candidate)).includes(kind);
console.log(`minimising ${current.id} for ${kind}`);

for (const file of Object.keys(current.project.files)) {
  if (file === current.project.role) continue;
  const { [file]: _dropped, ...files } = current.project.files;
  const candidate = { ...current, project: { ...current.project, files } };
  if (await fails(candidate)) current = candidate;
}

for (const file of Object.keys(current.project.files)) {
  const content = current.project.files[file];
  if (typeof content !== 'string') continue;
  let lines = content.split('\n');
  for (let run = Math.max(1, lines.length >> 1); run >= 1; run >>= 1) {
    for (let start = 0; start < lines.length;) {
      const shorter = [...lines.slice(0, start), ...lines.slice(start + run)];
      const candidate = { ...current, project: { ...current.project, files: { ...current.project.files, [file]: shorter.join('\n') } } };
      if (await fails(candidate)) {
        current = candidate;
        lines = shorter;
      } else start += run;
    }
  }
}
runner.stop();

mkdirSync(outDir, { recursive: true });
for (const folder of current.project.dirs) mkdirSync(join(outDir, folder), { recursive: true });
for (const [path, content] of Object.entries(current.project.files)) {
  mkdirSync(join(outDir, path, '..'), { recursive: true });
  writeFileSync(join(outDir, path), content);
}
console.log(`kept ${Object.keys(current.project.files).join(', ')} (role ${current.project.role}) in ${outDir}`);
process.exit(0);
