/**
 * `npm run bench:hostile`: issue 12's target for hostile input — any input up
 * to 5 MB is answered (built, or refused with a positioned error) in under
 * 5 s and 500 MB. Generates the worst inputs found so far, runs each through
 * the real CLI (`build`, DOCX + PDF + Markdown, stderr through a pipe as in
 * CI) in a fresh process, and prints wall time, peak memory (GNU time) and
 * the exit code. A report: it exits 0 whatever it measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'jdgen.js');
const GNU_TIME = '/usr/bin/time';
const MINIMAL = readFileSync(join(ROOT, 'test/fixtures/valid/minimal.yaml'), 'utf8');
const PROSE = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ';

/** The minimal role with its duties replaced by `duties` (YAML list lines). */
const withDuties = (duties: string): string => MINIMAL.replace(/duties:\n.*\n/, `duties:\n${duties}`);

/** Adds lines made by `line(n)` until the text reaches `bytes`. */
function fill(head: string, bytes: number, line: (n: number) => string): string {
  const parts = [head];
  let size = head.length;
  for (let n = 0; size < bytes; n++) {
    const next = line(n);
    parts.push(next);
    size += next.length;
  }
  return parts.join('');
}

const INPUTS: Record<string, () => string> = {
  // Valid and about as large as the limits allow: 450 clauses with nested items, about 0.95 MB.
  'largest valid role': () =>
    withDuties(
      Array.from(
        { length: 450 },
        (_, n) => `  - text: "${n} ${PROSE.repeat(14).trim()}"\n    items:\n${[1, 2, 3].map((k) => `      - "${k} ${PROSE.repeat(3).trim()}"\n`).join('')}`,
      ).join(''),
    ),
  '100 sections of 40 clauses': () =>
    `${MINIMAL}sections:\n${Array.from({ length: 100 }, (_, k) => `  - title: Section ${k}\n    clauses:\n${`      - "${PROSE.repeat(3).trim()}"\n`.repeat(40)}`).join('')}`,
  '1 MB list with an anchor (the slower YAML reader)': () =>
    fill(withDuties(`  - &d "${PROSE.repeat(20).trim()}"\n`), 1_000_000, (n) => `  - "${PROSE} ${n}"\n`),
  '20,000 wrong items': () => withDuties(Array.from({ length: 20_000 }, (_, n) => `  - ${n}\n`).join('')),
  '95,000 unknown keys on one line': () => MINIMAL.replace('position: { title: Clerk }', `position: {title: Clerk${fill('', 1_000_000, (n) => `, k${n}: 1`)}}`),
  '5 MB file': () => fill(withDuties(''), 5_000_000, (n) => `  - "${PROSE} ${n}"\n`),
  '20 KB title': () => MINIMAL.replace('title: Clerk', `title: "${'Ab'.repeat(10_240)}"`),
  'one clause: a letter and 4,999 combining marks': () => withDuties(`  - "a${'\u0301'.repeat(4999)}"\n`),
  'nested 100,000 deep': () => `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
};

function run(name: string, text: string, dir: string): string {
  const file = join(dir, 'role.yaml');
  writeFileSync(file, text);
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  const timing = join(dir, 'time.txt');
  const started = performance.now();
  const child = spawnSync(GNU_TIME, ['-f', '%M', '-o', timing, process.execPath, BIN, 'build', file, '-o', join(dir, 'out'), '-f', 'docx,pdf,md'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - started) / 1000;
  const peakMb = Number(readFileSync(timing, 'utf8').trim().split('\n').pop()) / 1024;
  const verdict = seconds < 5 && peakMb < 500 && (child.status === 0 || child.status === 1) ? 'ok' : 'MISSED';
  const first = (child.stderr.split('\n')[0] ?? '').replace(dir, '…').slice(0, 90);
  return `| ${name} | ${(text.length / 1e6).toFixed(2)} MB | ${seconds.toFixed(2)} s | ${peakMb.toFixed(0)} MB | ${child.status} | ${verdict} | ${first.replace(/\|/g, '\\|')} |`;
}

if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed for peak memory (apt-get install time)`);
const dir = mkdtempSync(join(tmpdir(), 'jdgen-hostile-'));
console.log('| input | size | time | peak RSS | exit | < 5 s, < 500 MB | first line of stderr |\n|---|---|---|---|---|---|---|');
for (const [name, make] of Object.entries(INPUTS)) console.log(run(name, make(), dir));
rmSync(dir, { recursive: true, force: true });
