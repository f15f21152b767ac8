import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FuzzCase } from './cases.js';
import type { ChildMessage, Verdict } from './child.js';

export interface PoolOptions {
  /** Child processes side by side. */
  workers: number;
  /** A case that uses more CPU time than this is a hang (the child measures it). */
  budgetMs: number;
  /**
   * Wall-clock limit after which the child is killed: a blocking read uses no CPU, and a
   * synchronous loop never answers. Larger than the budget, so a busy machine is not a hang.
   */
  wallMs: number;
  /** Stop taking new cases after this many failing cases (a broken build should fail fast, not in minutes). */
  maxFailures: number;
  onVerdict?: (fuzzCase: FuzzCase, verdict: Verdict) => void;
}

export interface PoolStats {
  restarts: number;
  /** Milliseconds from fork to ready, for each start: the price of a restart. */
  startMs: number[];
}

const CHILD = join(import.meta.dirname, 'child.ts');
/** Enough for any case jdgen should accept, small enough that a memory blow-up ends as a crash quickly. */
const HEAP_MB = 1024;

/**
 * One child process. Killing it with SIGKILL is the only stop that works for
 * every kind of hang: a worker thread cannot be terminated while it blocks in a
 * read (a FIFO), and a thread's heap is part of the test's process.
 */
export class Runner {
  private child?: ChildProcess;
  private stderr = '';

  constructor(private readonly stats: PoolStats) {}

  async start(): Promise<void> {
    const startedAt = performance.now();
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${HEAP_MB}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => 'ready' in message && (child.off('exit', onExit), resolve());
      const onExit = (code: number | null) => reject(new Error(`fuzz runner exited (${code}) while starting:\n${this.stderr}`));
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
    this.stats.startMs.push(Math.round(performance.now() - startedAt));
  }

  /** The verdict, or why there is none: the time ran out, or the process died. */
  run(fuzzCase: FuzzCase, budgetMs: number, wallMs: number): Promise<{ verdict: Verdict; restart: boolean } | { timeout: true } | { crash: string }> {
    const child = this.child!;
    return new Promise((resolve) => {
      const done = (value: { verdict: Verdict; restart: boolean } | { timeout: true } | { crash: string }) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(value);
      };
      const onMessage = (message: ChildMessage) => 'verdict' in message && done(message);
      const onExit = (code: number | null, signal: string | null) => done({ crash: `exit ${code ?? signal}: ${this.stderr.slice(-1500)}` });
      const timer = setTimeout(() => done({ timeout: true }), wallMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id: fuzzCase.id, project: fuzzCase.project, budgetMs });
    });
  }

  async restart(): Promise<void> {
    this.stop();
    this.stats.restarts++;
    await this.start();
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

/**
 * Runs cases on `workers` child processes. A case that overruns or kills its
 * process is tried once more on a fresh process (the machine may have been
 * busy); only a second overrun or crash counts.
 */
export async function runCases(next: () => FuzzCase | undefined, options: PoolOptions): Promise<PoolStats & { failures: number }> {
  const stats: PoolStats = { restarts: 0, startMs: [] };
  let failures = 0;
  const lane = async () => {
    const runner = new Runner(stats);
    await runner.start();
    try {
      for (let fuzzCase = next(); fuzzCase && failures < options.maxFailures; fuzzCase = next()) {
        const verdict = await runOne(runner, fuzzCase, options);
        if (verdict.problems.length) failures++;
        options.onVerdict?.(fuzzCase, verdict);
      }
    } finally {
      runner.stop();
    }
  };
  await Promise.all(Array.from({ length: options.workers }, lane));
  return { ...stats, failures };
}

async function runOne(runner: Runner, fuzzCase: FuzzCase, { budgetMs, wallMs }: PoolOptions): Promise<Verdict> {
  let last: { timeout: true } | { crash: string } | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await runner.run(fuzzCase, budgetMs, wallMs);
    if ('verdict' in result) {
      if (result.restart) await runner.restart();
      return result.verdict;
    }
    last = result;
    await runner.restart();
  }
  const problem =
    'timeout' in last! ? { kind: 'hang' as const, detail: `no answer within ${wallMs} ms, twice` } : { kind: 'crash' as const, detail: last!.crash };
  return { id: fuzzCase.id, outcome: 'threw', problems: [problem], ms: wallMs, cpuMs: 0 };
}
