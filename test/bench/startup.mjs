// Cold start-up of the CLI: each command runs in a new process, N times, and the launchers
// given take turns (so a busy machine slows each alike). Prints, per command and launcher,
// the median wall time, the median CPU time (user + system, from /usr/bin/time: steadier
// than wall time on a shared machine) and the median peak RSS.
// The role is copied into a temporary folder outside any git checkout, so `validate` does
// not ask git about its history (the review check), which is not start-up.
// Usage: node test/bench/startup.mjs [runs] [launcher …]   (default: 9 bin/jdgen.js)
// STARTUP_ONLY=pdf (a comma-separated list of words of the command names) runs only those commands.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 9);
const launchers = process.argv.slice(3).map((launcher) => resolve(launcher));
if (launchers.length === 0) launchers.push(resolve('bin/jdgen.js'));
const work = mkdtempSync(join(tmpdir(), 'jdgen-startup-'));
copyFileSync('examples/en/key-account-manager.yaml', join(work, 'kam.yaml'));
const commands = {
  '--version': ['--version'],
  validate: ['validate', 'kam.yaml'],
  'build (docx+pdf+md)': ['build', 'kam.yaml', '-o', 'out', '--force'],
  'build -f pdf': ['build', 'kam.yaml', '-o', 'out-pdf', '-f', 'pdf', '--force'],
};
const only = process.env.STARTUP_ONLY?.split(',').filter(Boolean);
if (only !== undefined) for (const name of Object.keys(commands)) if (!only.some((word) => name.includes(word))) delete commands[name];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const [name, args] of Object.entries(commands)) {
  const samples = launchers.map(() => ({ wall: [], cpu: [], rss: [] }));
  for (let i = 0; i < runs; i++) {
    launchers.forEach((launcher, l) => {
      const start = performance.now();
      const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, launcher, ...args], { cwd: work, encoding: 'utf8' });
      samples[l].wall.push(performance.now() - start);
      if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
      const [user, system, kib] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
      samples[l].cpu.push((user + system) * 1000);
      samples[l].rss.push(kib / 1024);
    });
  }
  launchers.forEach((launcher, l) => {
    const { wall, cpu, rss } = samples[l];
    console.log(
      `${name.padEnd(20)} ${launcher.padEnd(40)} wall ${median(wall).toFixed(0)} ms, CPU ${median(cpu).toFixed(0)} ms, peak RSS ${median(rss).toFixed(0)} MiB (median of ${runs})`,
    );
  });
}
rmSync(work, { recursive: true, force: true });
