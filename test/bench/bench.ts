/**
 * `npm run bench`: issue 17's table, every row beside its baseline measured in
 * the same run.
 *
 * Generates 1,000 realistic roles (seeded, from the bundled examples, every
 * locale; test/bench/roles.ts), then times the real CLI in fresh processes,
 * under GNU time (wall, CPU = user + system, peak RSS):
 *
 * - one role from a cold process, DOCX + PDF + Markdown, beside a cold Typst
 *   engine compiling the same role to PDF and a cold pandoc converting its
 *   Markdown to DOCX (taking turns, medians);
 * - `jdgen validate` of one file, cold, beside Node.js starting and exiting
 *   (the floor any Node.js CLI stands on);
 * - PDF per document in one warm thread beside the Typst engine in the same
 *   process (test/bench/typst-baseline.ts), and LibreOffice converting a sample
 *   of jdgen's DOCX to PDF in one process, for information;
 * - the whole set cold with `-j 1` and `-j 2` (taking turns; the medians give
 *   the full-build row, its peak RSS and the scaling row), beside pandoc's and
 *   the Typst engine's per-document times scaled to the set, and beside two
 *   separate `-j 1` processes at once on half the set each (the scaling the
 *   machine itself gives to work that shares nothing);
 * - a no-op rebuild and `--check` on the up-to-date set (taking turns, medians);
 * - save → updated preview with `jdgen watch --serve` in Chromium (preview.ts).
 *
 * It is a report: it prints a Markdown table (measure, target, jdgen, baseline,
 * PASS/FAIL), writes it to bench-results.md in the temporary folder and exits 0
 * whatever passed. Targets scaled by the set size (the full build, no-op,
 * --check) are judged only for 1,000 roles; a smaller run prints n/a there.
 *
 *   npm run bench                          # 1,000 roles, seed 1
 *   npm run bench -- --roles 200           # a quicker run (set-size targets are for 1,000)
 *   npm run bench -- --build-runs 1        # one cold build per -j setting instead of three
 *   npm run bench -- --runs 9              # runs per cold one-role / validate / no-op measure (default 5)
 *   npm run bench -- --preview-runs 20     # saves timed for save → preview in Chromium (default 10)
 *   npm run bench -- --no-preview          # skip the browser measure
 *   npm run bench -- --node /path/to/node  # also time the cold rows (one role, validate) under
 *                                          # another Node.js (repeatable; e.g. `npm i --prefix
 *                                          # /tmp/n22 node@22` gives /tmp/n22/node_modules/.bin/node)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateRoles, LOCALES, type GeneratedRole } from './roles.js';
import { typstBaseline } from './typst-baseline.js';
import { measurePreview } from './preview.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'jdgen.js');
const GNU_TIME = '/usr/bin/time';

interface Options {
  roles: number;
  seed: number;
  pandocSample: number;
  /** Runs of each cold one-role measure, validate, no-op and --check (medians). */
  runs: number;
  /** Cold full builds per -j setting; the median is judged (one run on a busy VM can be a second off). */
  buildRuns: number;
  /** Saves timed for the save → preview measure (after two warm-ups); 0 skips it. */
  previewRuns: number;
  /** DOCX files LibreOffice converts to PDF in one process. */
  officeSample: number;
  /** Other Node.js binaries the cold rows (one role, validate) are also timed under, in the same turns. */
  nodes: string[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { roles: 1000, seed: 1, pandocSample: 50, runs: 5, buildRuns: 3, previewRuns: 10, officeSample: 10, nodes: [] };
  for (let i = 0; i < argv.length; i++) {
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${argv[i - 1]} needs a whole number of at least 1`);
      return n;
    };
    switch (argv[i]) {
      case '--roles':
        options.roles = value();
        break;
      case '--preview-runs':
        options.previewRuns = value();
        break;
      case '--no-preview':
        options.previewRuns = 0;
        break;
      case '--seed':
        options.seed = value();
        break;
      case '--pandoc-sample':
        options.pandocSample = value();
        break;
      case '--office-sample':
        options.officeSample = value();
        break;
      case '--runs':
        options.runs = value();
        break;
      case '--build-runs':
        options.buildRuns = value();
        break;
      case '--node': {
        const node = argv[++i];
        if (!node || !existsSync(node)) throw new Error(`--node needs the path of a Node.js binary (got ${node ?? 'nothing'})`);
        options.nodes.push(resolve(node));
        break;
      }
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident memory in MB, when measured with GNU time. */
  peakMb?: number;
  /** User + system CPU seconds, when measured with GNU time (robust to other load on the machine). */
  cpuSeconds?: number;
}

/**
 * Spawns a command and times it from spawn to exit. With `gnuTime`, runs it
 * under GNU time for its peak RSS (%M) and CPU time (%U + %S).
 */
function run(command: string, args: string[], cwd: string, gnuTime = false): Promise<Run> {
  const marker = '@@gnu-time=';
  const [cmd, argv] = gnuTime ? [GNU_TIME, ['-f', `${marker}%M %U %S`, command, ...args]] : [command, args];
  return new Promise((done, fail) => {
    const env = { ...process.env, NO_COLOR: '1' } as NodeJS.ProcessEnv;
    delete env.FORCE_COLOR;
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      let stderr = Buffer.concat(err).toString('utf8');
      const m = new RegExp(`${marker}(\\d+) ([\\d.]+) ([\\d.]+)\\s*$`).exec(stderr);
      if (m) stderr = stderr.slice(0, m.index);
      const measured = m ? { peakMb: Number(m[1]) / 1024, cpuSeconds: Number(m[2]) + Number(m[3]) } : {};
      done({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr, seconds, ...measured });
    });
  });
}

interface JsonSummary {
  built: number;
  unchanged: number;
  failed: number;
  stale: number;
  upToDate: number;
  seconds: number;
  peakMemoryMb?: number;
}

function summaryOf(result: Run, what: string): JsonSummary {
  try {
    const report = JSON.parse(result.stdout) as { summary: JsonSummary };
    return report.summary;
  } catch {
    throw new Error(`${what}: no JSON report (exit ${result.code})\n${result.stderr.slice(0, 4000)}`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (n: number, digits = 2): string => n.toFixed(digits);
const cpu = (r: Run): string => (r.cpuSeconds !== undefined ? ` (CPU ${fmt(r.cpuSeconds, 1)} s)` : '');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface Row {
  measure: string;
  target: string;
  jdgen: string;
  baseline: string;
  pass: boolean | undefined;
  note?: string;
  /** Wrong results (failed roles, rebuilt roles): a failure whatever the timing. */
  broken?: boolean;
}

/** Several runs of one command: wall seconds, CPU seconds and peak MB of each, and the medians. */
interface Series {
  runs: Run[];
  wall: number;
  cpu?: number;
  peakMb?: number;
  /** The highest peak of all runs. */
  maxPeakMb?: number;
}

function series(runs: Run[]): Series {
  const cpus = runs.map((r) => r.cpuSeconds).filter((c): c is number => c !== undefined);
  const peaks = runs.map((r) => r.peakMb).filter((p): p is number => p !== undefined);
  return {
    runs,
    wall: median(runs.map((r) => r.seconds)),
    ...(cpus.length === runs.length ? { cpu: median(cpus) } : {}),
    ...(peaks.length === runs.length ? { peakMb: median(peaks), maxPeakMb: Math.max(...peaks) } : {}),
  };
}

/** "0.412 s (CPU 0.50 s, 84 MiB)": the medians of a series. */
function describe(s: Series, digits = 3): string {
  const extra = [s.cpu !== undefined ? `CPU ${fmt(s.cpu, 2)} s` : '', s.peakMb !== undefined ? `${fmt(s.peakMb, 0)} MiB` : ''].filter(Boolean);
  return `${fmt(s.wall, digits)} s${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/**
 * Runs the commands in turns, `times` rounds (so a burst of load on the
 * machine hits all of them alike), and gives each one's series. `check`
 * throws on a wrong result.
 */
async function inTurns(
  commands: Array<{ name: string; command: string; args: string[]; before?: () => void; check?: (r: Run) => void }>,
  times: number,
  cwd: string,
  gnuTime: boolean,
): Promise<Map<string, Series>> {
  const runs = new Map<string, Run[]>(commands.map((c) => [c.name, []]));
  for (let i = 0; i < times; i++) {
    for (const c of commands) {
      c.before?.();
      const r = await run(c.command, c.args, cwd, gnuTime);
      if (c.check) c.check(r);
      else if (r.code !== 0) throw new Error(`${c.name} exited ${r.code}\n${r.stderr.slice(0, 4000)}`);
      runs.get(c.name)!.push(r);
    }
  }
  return new Map([...runs].map(([name, list]) => [name, series(list)]));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  const dir = mkdtempSync(join(tmpdir(), 'jdgen-bench-'));
  log(`jdgen benchmark in ${dir}`);
  const loads: number[] = [loadavg()[0]!];
  if (loads[0]! > availableParallelism() / 2)
    log(`note: load average is ${fmt(loads[0]!, 1)} on ${availableParallelism()} cores: other work will slow the timings`);
  const hasGnuTime = existsSync(GNU_TIME);
  if (!hasGnuTime) log('note: /usr/bin/time (GNU time) is missing: no CPU times or peak memory (apt-get install time)');
  const n = options.roles;
  const full = n === 1000;
  const otherNodes = options.nodes.map((path) => ({ path, version: spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim() }));

  // 1. The document set.
  const t0 = performance.now();
  const roles = generateRoles(dir, n, options.seed, join(ROOT, 'examples'));
  const sizes = countBy(roles, (r) => r.size);
  const locales = countBy(roles, (r) => r.locale);
  const missing = LOCALES.filter((l) => !locales[l]);
  if (missing.length) throw new Error(`generator produced no role for ${missing.join(', ')}`);
  const clauseCounts = roles.map((r) => r.clauses);
  log(
    `generated ${roles.length} roles in ${fmt((performance.now() - t0) / 1000)} s (seed ${options.seed}): ` +
      `${Object.entries(sizes)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}; ${Math.min(...clauseCounts)}–${Math.max(...clauseCounts)} clauses; ` +
      `locales ${Object.entries(locales)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
  );

  // Validate the generator: one role of each locale and size must build cleanly, in every format.
  const probe = pickProbe(roles);
  const probeRun = await run(process.execPath, [BIN, 'build', ...probe.map((r) => r.path), '-o', 'probe-out', '--reporter', 'json'], dir);
  const probeSummary = summaryOf(probeRun, 'generator check');
  if (probeRun.code !== 0 || probeSummary.built !== probe.length) {
    throw new Error(`generator check: ${probeSummary.failed} of ${probe.length} sample roles failed to build\n${probeRun.stdout.slice(0, 4000)}`);
  }
  rmSync(join(dir, 'probe-out'), { recursive: true, force: true });
  log(`generator check: ${probe.length} sample roles (every locale and size) built cleanly`);

  // 2. The whole set, cold (no outputs, no manifest), -j 1 and -j 2 taking turns.
  log(`cold build of ${n} roles (DOCX + PDF + Markdown), -j 1, -j 2 and two -j 1 processes in turns, ${options.buildRuns} times each…`);
  const built = (label: string) => (r: Run) => {
    const summary = summaryOf(r, label);
    log(
      `  ${label}: ${fmt(r.seconds)} s wall${cpu(r)}${r.peakMb !== undefined ? `, ${fmt(r.peakMb, 0)} MiB` : ''}: ${summary.built} built, ${summary.failed} failed`,
    );
    if (r.code !== 0 || summary.built !== n) throw new Error(`${label}: ${summary.built} of ${n} built, ${summary.failed} failed, exit ${r.code}`);
  };
  const fresh = () => rmSync(join(dir, 'out'), { recursive: true, force: true });
  const buildArgs = (jobs: number) => [BIN, 'build', 'roles', '-o', 'out', '--reporter', 'json', '-j', String(jobs)];
  // The machine's own scaling, for the -j row: two separate `-j 1` processes at once, half the set each
  // (nothing shared between them, not even the process).
  const halves = [roles.filter((_, i) => i % 2 === 0), roles.filter((_, i) => i % 2 === 1)];
  const pairScript = halves
    .map((half, h) => `"$0" ${JSON.stringify(BIN)} build ${half.map((r) => r.path).join(' ')} -o pair-${h} --reporter json -j 1 > pair-${h}.json & p${h}=$!`)
    .concat('wait $p0 && wait $p1')
    .join('\n');
  const freshPair = () => [0, 1].forEach((h) => rmSync(join(dir, `pair-${h}`), { recursive: true, force: true }));
  const pairBuilt = (r: Run) => {
    const counts = [0, 1].map((h) => summaryOf({ ...r, stdout: readFileSync(join(dir, `pair-${h}.json`), 'utf8') }, `pair ${h}`).built);
    log(`  two -j 1 processes: ${fmt(r.seconds)} s wall${cpu(r)}: ${counts.join(' + ')} built`);
    if (r.code !== 0 || counts[0]! + counts[1]! !== n) throw new Error(`two -j 1 processes: ${counts.join(' + ')} of ${n} built, exit ${r.code}`);
  };
  const cold = await inTurns(
    [
      { name: 'j1', command: process.execPath, args: buildArgs(1), before: fresh, check: built('-j 1') },
      { name: 'j2', command: process.execPath, args: buildArgs(2), before: fresh, check: built('-j 2') },
      { name: 'pair', command: '/bin/sh', args: ['-c', pairScript, process.execPath], before: freshPair, check: pairBuilt },
    ],
    options.buildRuns,
    dir,
    hasGnuTime,
  );
  const j1 = cold.get('j1')!;
  const j2 = cold.get('j2')!;
  const pair = cold.get('pair')!;
  freshPair();
  // Outputs keep the folder structure: roles/<locale>/role-NNNN.yaml → out/<locale>/role-NNNN.*
  const outputOf = (r: GeneratedRole, ext: string) =>
    join(
      'out',
      r.locale,
      `${r.path
        .split('/')
        .pop()!
        .replace(/\.yaml$/, '')}.${ext}`,
    );
  const flat = roles.filter((r) => !existsSync(join(dir, outputOf(r, 'pdf'))));
  if (flat.length) log(`  ✗ ${flat.length} roles have no PDF under out/<locale>/ (folder structure not kept?), e.g. ${flat[0]!.path}`);
  loads.push(loadavg()[0]!);

  // 3. No-op rebuild and --check on the up-to-date set (the -j 2 build's outputs), in turns.
  log(`no-op rebuild and --check on the up-to-date set, ${options.runs} times each…`);
  const noopArgs = [BIN, 'build', 'roles', '-o', 'out', '--reporter', 'json'];
  const upToDate = await inTurns(
    [
      {
        name: 'noop',
        command: process.execPath,
        args: noopArgs,
        check: (r) => {
          const s = summaryOf(r, 'no-op rebuild');
          if (r.code !== 0 || s.unchanged !== n) throw new Error(`no-op rebuild: ${s.unchanged} of ${n} unchanged, ${s.built} built, exit ${r.code}`);
        },
      },
      {
        name: 'check',
        command: process.execPath,
        args: [...noopArgs, '--check'],
        check: (r) => {
          const s = summaryOf(r, '--check');
          if (r.code !== 0 || s.upToDate !== n) throw new Error(`--check: ${s.upToDate} of ${n} up to date, ${s.stale} stale, exit ${r.code}`);
        },
      },
    ],
    options.runs,
    dir,
    hasGnuTime,
  );
  const noop = upToDate.get('noop')!;
  const check = upToDate.get('check')!;
  log(`  no-op ${describe(noop)}; --check ${describe(check)}`);

  // 4. Validate one file, cold, beside Node.js starting and exiting.
  const one = roles.find((r) => r.size === 'long') ?? roles[0]!;
  const startup = await inTurns(
    [
      { name: 'validate', command: process.execPath, args: [BIN, 'validate', one.path] },
      { name: 'node', command: process.execPath, args: ['-e', ''] },
      ...otherNodes.map((node) => ({ name: `validate ${node.version}`, command: node.path, args: [BIN, 'validate', one.path] })),
    ],
    options.runs,
    dir,
    hasGnuTime,
  );
  const validate = startup.get('validate')!;
  const bareNode = startup.get('node')!;
  log(`validate ${one.path}: ${describe(validate)}; node -e '': ${describe(bareNode)}`);

  // 5. The Typst engine, warm in this process beside jdgen's PDF writer (a sample of 150).
  // 150 documents: a batch of 1,000 is mostly past V8's warm-up, which the first few dozen are not (their
  // medians are printed too).
  const typstSample = roles.filter((_, i) => i % Math.max(1, Math.floor(roles.length / 150)) === 0).slice(0, 150);
  log(`Typst engine baseline: ${typstSample.length} roles, in process…`);
  const typst = await typstBaseline(
    dir,
    typstSample.map((r) => r.path),
    ROOT,
  );
  if (typst)
    log(
      `  PDF per document: jdgen ${fmt(typst.jdgenPdfPerDoc, 1)} ms, Typst ${fmt(typst.typstPerDoc, 1)} ms; ` +
        `the first ${typst.early.documents}: jdgen ${fmt(typst.early.jdgenPdfPerDoc, 1)} ms, Typst ${fmt(typst.early.typstPerDoc, 1)} ms`,
    );

  // 6. pandoc, one process per document (Markdown → DOCX), on a sample.
  const pandoc = await pandocBaseline(dir, roles, options.pandocSample);

  // 7. One role from a cold process: jdgen (all three formats, and PDF only), Typst (PDF) and pandoc (DOCX), in turns.
  const coldRole = typst ? roles.find((r) => r.path === typst.coldRole)! : one;
  log(`one role from a cold process (${coldRole.path}), ${options.runs} times each…`);
  const oneArgs = [BIN, 'build', coldRole.path, '-o', 'cold-out', '--force', '--quiet', '--no-lint'];
  const oneRole = await inTurns(
    [
      { name: 'jdgen', command: process.execPath, args: oneArgs },
      { name: 'jdgen-pdf', command: process.execPath, args: [...oneArgs, '-f', 'pdf'] },
      ...otherNodes.map((node) => ({ name: `jdgen ${node.version}`, command: node.path, args: oneArgs })),
      ...(typst ? [{ name: 'typst', command: process.execPath, args: [typst.coldScript] }] : []),
      ...(pandoc ? [{ name: 'pandoc', command: 'pandoc', args: ['-f', 'markdown', '-t', 'docx', '-o', 'one-pandoc.docx', outputOf(coldRole, 'md')] }] : []),
    ],
    options.runs,
    dir,
    hasGnuTime,
  );
  const jdgenOne = oneRole.get('jdgen')!;
  log(
    `  jdgen ${describe(jdgenOne)}; PDF only ${describe(oneRole.get('jdgen-pdf')!)}` +
      `${oneRole.has('typst') ? `; Typst ${describe(oneRole.get('typst')!)}` : ''}${oneRole.has('pandoc') ? `; pandoc ${describe(oneRole.get('pandoc')!)}` : ''}`,
  );

  // 8. LibreOffice converting jdgen's DOCX to PDF, a sample in one process (for information).
  const office = await officeBaseline(
    dir,
    roles
      .filter((_, i) => i % Math.max(1, Math.floor(roles.length / options.officeSample)) === 0)
      .slice(0, options.officeSample)
      .map((r) => outputOf(r, 'docx')),
  );

  // 9. Save → updated preview in the browser, `jdgen watch --serve` warm (test/bench/preview.ts).
  let preview: Awaited<ReturnType<typeof measurePreview>> | undefined;
  if (options.previewRuns > 0) {
    log('save → updated preview in Chromium (jdgen watch --serve)…');
    preview = await measurePreview(options.previewRuns);
    if (preview) log(`  median ${fmt(preview.median, 0)} ms; runs ${preview.runs.map((t) => fmt(t, 0)).join(', ')} ms`);
  }
  loads.push(loadavg()[0]!);

  // 10. The table: issue 17's rows, each beside its baseline.
  const scaled = full ? '' : ` (target is for 1,000; ${n} generated)`;
  const perDoc = (seconds: number) => `${fmt((seconds / n) * 1000, 1)} ms/doc`;
  const rows: Row[] = [];
  const typstOne = oneRole.get('typst');
  const pandocOne = oneRole.get('pandoc');
  const jdgenPdfOne = oneRole.get('jdgen-pdf')!;
  rows.push({
    measure: `One role, cold process, DOCX+PDF+MD (median of ${options.runs})`,
    target: '≤ 0.30 s, ≤ 90 MiB, faster than cold Typst (PDF) and cold pandoc (DOCX)',
    jdgen: `${describe(jdgenOne)}; PDF only ${describe(jdgenPdfOne)}`,
    baseline: [typstOne ? `Typst ${describe(typstOne)}` : 'Typst not installed', pandocOne ? `pandoc ${describe(pandocOne)}` : 'pandoc not installed'].join(
      '; ',
    ),
    pass:
      jdgenOne.wall <= 0.3 &&
      (jdgenOne.peakMb === undefined || jdgenOne.peakMb <= 90) &&
      (!typstOne || jdgenOne.wall < typstOne.wall) &&
      (!pandocOne || jdgenOne.wall < pandocOne.wall),
    ...(pandocOne && pandocOne.wall < bareNode.wall
      ? { note: `pandoc's whole conversion (${fmt(pandocOne.wall, 3)} s) is shorter than Node.js starting and exiting (${fmt(bareNode.wall, 3)} s)` }
      : {}),
  });
  for (const { version } of otherNodes) {
    const other = oneRole.get(`jdgen ${version}`)!;
    rows.push({
      measure: `One role, cold process, DOCX+PDF+MD, under Node.js ${version} (median of ${options.runs}, same turns)`,
      target: '≤ 0.30 s, ≤ 90 MiB, faster than cold Typst (PDF) and cold pandoc (DOCX)',
      jdgen: describe(other),
      baseline: 'as above',
      pass:
        other.wall <= 0.3 &&
        (other.peakMb === undefined || other.peakMb <= 90) &&
        (!typstOne || other.wall < typstOne.wall) &&
        (!pandocOne || other.wall < pandocOne.wall),
    });
  }
  rows.push({
    measure: `\`jdgen validate role.yaml\`, cold (median of ${options.runs})`,
    target: '≤ 0.15 s',
    jdgen: describe(validate),
    baseline: `Node.js start and exit (\`node -e ''\`) ${describe(bareNode)}`,
    pass: validate.wall <= 0.15,
  });
  for (const { version } of otherNodes) {
    const other = startup.get(`validate ${version}`)!;
    rows.push({
      measure: `\`jdgen validate role.yaml\`, cold, under Node.js ${version} (median of ${options.runs}, same turns)`,
      target: '≤ 0.15 s',
      jdgen: describe(other),
      baseline: 'as above',
      pass: other.wall <= 0.15,
    });
  }
  rows.push(
    typst
      ? {
          measure: `PDF per document in a batch, one thread (${typst.sample} roles, each once after a warm-up; median)`,
          target: "≤ 7 ms and ≤ half of the Typst engine's time",
          jdgen: `${fmt(typst.jdgenPdfPerDoc, 1)} ms`,
          baseline:
            `Typst ${fmt(typst.typstPerDoc, 1)} ms (jdgen ${fmt(typst.typstPerDoc / typst.jdgenPdfPerDoc, 2)}× faster)` +
            (office ? `; LibreOffice DOCX → PDF ${fmt(office.perDoc * 1000, 0)} ms (${office.sample} docs in one process)` : ''),
          pass: typst.jdgenPdfPerDoc <= 7 && typst.jdgenPdfPerDoc <= typst.typstPerDoc / 2,
          note: `the first ${typst.early.documents} documents only: jdgen ${fmt(typst.early.jdgenPdfPerDoc, 1)} ms, Typst ${fmt(typst.early.typstPerDoc, 1)} ms`,
        }
      : {
          measure: 'PDF per document in a batch',
          target: '≤ 7 ms',
          jdgen: '—',
          baseline: 'skipped: @myriaddreamin/typst-ts-node-compiler is not installed',
          pass: undefined,
        },
  );
  const fullBroken = flat.length > 0;
  const scaledBaselines = [
    pandoc ? `pandoc (DOCX only) ${fmt(pandoc.perDoc * n, 1)} s` : '',
    typst ? `Typst (PDF only, warm) ${fmt((typst.typstPerDoc * n) / 1000, 1)} s` : '',
    office ? `LibreOffice (DOCX → PDF) ${fmt(office.perDoc * n, 1)} s` : '',
  ].filter(Boolean);
  rows.push({
    measure: `${n.toLocaleString('en')} roles, DOCX+PDF+MD, cold, -j 2 (median of ${options.buildRuns})${scaled}`,
    target: '≤ 10 s, peak RSS ≤ 250 MB',
    jdgen: `${describe(j2, 2)}, ${perDoc(j2.wall)}${j2.maxPeakMb !== undefined ? `; highest peak ${fmt(j2.maxPeakMb, 0)} MiB` : ''}`,
    baseline: scaledBaselines.length ? `per-document times × ${n}: ${scaledBaselines.join('; ')}` : '—',
    pass: fullBroken ? false : full ? j2.wall <= 10 && (j2.maxPeakMb === undefined || j2.maxPeakMb * 1.048576 <= 250) : undefined,
    ...(fullBroken ? { broken: true, note: `${flat.length} outputs not under out/<locale>/` } : {}),
  });
  rows.push({
    measure: `\`-j 2\` vs \`-j 1\` on ${n.toLocaleString('en')} roles (medians of ${options.buildRuns})${scaled}`,
    target: '≥ 1.7×',
    jdgen: `${fmt(j1.wall / j2.wall, 2)}× (-j 1 ${describe(j1, 2)}; -j 2 ${describe(j2, 2)})`,
    baseline: `${availableParallelism()} cores; two separate \`-j 1\` processes at once, half the set each: ${describe(pair, 2)}, ${fmt(j1.wall / pair.wall, 2)}× the -j 1 (the machine's own scaling)`,
    pass: full ? j1.wall / j2.wall >= 1.7 : undefined,
  });
  rows.push({
    measure: `\`--check\` on the up-to-date set of ${n.toLocaleString('en')} (median of ${options.runs})${scaled}`,
    target: '≤ 1.2 × the no-op build',
    jdgen: `${describe(check)}, ${fmt(check.wall / noop.wall, 2)} × the no-op build`,
    baseline: `no-op build ${describe(noop)}`,
    pass: full ? check.wall <= 1.2 * noop.wall : undefined,
  });
  rows.push({
    measure: `No-op rebuild of ${n.toLocaleString('en')} roles (median of ${options.runs})${scaled}`,
    target: '≤ 0.5 s',
    jdgen: describe(noop),
    baseline: `Node.js start and exit ${describe(bareNode)}`,
    pass: full ? noop.wall <= 0.5 : undefined,
  });
  if (options.previewRuns > 0)
    rows.push(
      preview
        ? {
            measure: `Save → updated preview in the browser (jdgen watch --serve, warm; examples/organization/${preview.role}; median of ${preview.runs.length})`,
            target: '≤ 150 ms',
            jdgen: `${fmt(preview.median, 0)} ms`,
            baseline: '—',
            pass: preview.median <= 150,
            note: `runs ${preview.runs.map((t) => fmt(t, 0)).join(', ')} ms${preview.serverMedian !== undefined ? `; jdgen's own change seen → preview sent: median ${fmt(preview.serverMedian, 0)} ms` : ''}`,
          }
        : {
            measure: 'Save → updated preview in the browser',
            target: '≤ 150 ms',
            jdgen: '—',
            baseline: 'skipped: /usr/bin/chromium is not installed',
            pass: undefined,
          },
    );
  const table = renderTable(rows);
  const failures = rows.filter((r) => r.pass === false);
  const context = [
    `jdgen benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${machine()}; seed ${options.seed}, ${n} roles ` +
      `(${Object.entries(sizes)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}; ${Object.keys(locales).length} locales). Load average (1 min) ${loads.map((l) => fmt(l, 1)).join(' → ')} ` +
      '(start → after the cold builds → end). Wall times are judged; CPU = user + system seconds, which other load inflates less; MiB = peak RSS (GNU time).',
    '',
    table,
    '',
    failures.length ? `FAILED: ${failures.map((f) => f.measure).join('; ')}` : 'All targets met.',
  ].join('\n');
  const resultsFile = join(dir, 'bench-results.md');
  writeFileSync(resultsFile, `${context}\n`);
  process.stdout.write(`\n${context}\n\nResults written to ${resultsFile}\n`);
  for (const f of failures) process.stdout.write(`✗ FAIL: ${f.measure}: ${f.jdgen} (target ${f.target})${f.note ? ` — ${f.note}` : ''}\n`);
}

function renderTable(rows: Row[]): string {
  const lines = ['| measure | target | jdgen | baseline (same run) | verdict |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const verdict = r.pass === undefined ? 'n/a' : r.pass ? 'PASS' : '**FAIL**';
    lines.push(`| ${r.measure} | ${r.target} | ${r.jdgen}${r.note ? ` (${r.note})` : ''} | ${r.baseline} | ${verdict} |`);
  }
  return lines.join('\n');
}

/**
 * LibreOffice converting jdgen's DOCX files to PDF, all in one process (its
 * start-up shared), with a profile of its own. Undefined when soffice is not
 * installed.
 */
async function officeBaseline(dir: string, docx: string[]): Promise<{ perDoc: number; sample: number } | undefined> {
  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
  if (!soffice || docx.length === 0) {
    log('LibreOffice baseline skipped: soffice is not installed');
    return undefined;
  }
  log(`LibreOffice baseline: ${docx.length} DOCX → PDF in one process…`);
  const profile = `file://${join(dir, 'office-profile')}`;
  const r = await run(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', 'office-out', ...docx], dir);
  const made = docx.filter((d) =>
    existsSync(
      join(
        dir,
        'office-out',
        d
          .split('/')
          .pop()!
          .replace(/\.docx$/, '.pdf'),
      ),
    ),
  ).length;
  if (r.code !== 0 || made !== docx.length) {
    log(`  LibreOffice made ${made} of ${docx.length} PDFs (exit ${r.code}); baseline skipped`);
    return undefined;
  }
  log(`  ${fmt(r.seconds)} s, ${fmt((r.seconds / docx.length) * 1000, 0)} ms per document (start-up included)`);
  return { perDoc: r.seconds / docx.length, sample: docx.length };
}

/** pandoc converting jdgen's Markdown to DOCX, sequentially, one process per document. */
async function pandocBaseline(dir: string, roles: GeneratedRole[], sampleSize: number): Promise<{ perDoc: number; sample: number } | undefined> {
  const version = await run('pandoc', ['--version'], dir).catch(() => undefined);
  if (!version || version.code !== 0) {
    log('pandoc baseline skipped: pandoc is not installed (apt-get install pandoc to compare)');
    return undefined;
  }
  // An even spread over the set, so every locale and size is in the sample.
  const step = Math.max(1, Math.floor(roles.length / sampleSize));
  const sample = roles.filter((_, i) => i % step === 0).slice(0, sampleSize);
  log(`pandoc baseline (${version.stdout.split('\n')[0]}): ${sample.length} documents, Markdown → DOCX…`);
  mkdirSync(join(dir, 'pandoc-out'), { recursive: true });
  let total = 0;
  for (const role of sample) {
    const md = join('out', role.path.replace(/^roles\//, '').replace(/\.yaml$/, '.md'));
    const r = await run(
      'pandoc',
      [
        '-f',
        'markdown',
        '-t',
        'docx',
        '-o',
        join(
          'pandoc-out',
          `${role.path
            .split('/')
            .pop()!
            .replace(/\.yaml$/, '')}.docx`,
        ),
        md,
      ],
      dir,
    );
    if (r.code !== 0) throw new Error(`pandoc failed on ${md}: ${r.stderr}`);
    total += r.seconds;
  }
  log(`  ${fmt(total)} s, ${fmt((total / sample.length) * 1000, 0)} ms per document`);
  return { perDoc: total / sample.length, sample: sample.length };
}

/** One role for every locale and size that occurs, the first of each. */
function pickProbe(roles: GeneratedRole[]): GeneratedRole[] {
  const seen = new Set<string>();
  const probe: GeneratedRole[] = [];
  for (const r of roles) {
    const key = `${r.locale}/${r.size}`;
    if (!seen.has(key)) {
      seen.add(key);
      probe.push(r);
    }
  }
  return probe;
}

function countBy<T>(list: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of list) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function machine(): string {
  return `${process.platform}/${process.arch}, ${availableParallelism()} cores`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
