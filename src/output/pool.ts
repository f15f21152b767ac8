import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { internalFailure, runJob, type Job, type JobContext, type JobResult } from './job.js';

export interface PoolOptions {
  jobs: number;
  /** What the jobs run inline use (templates, fonts, file hashes); worker threads make their own. */
  local: JobContext;
  /** Stop handing out work after the first failure. */
  failFast: boolean;
  onResult?: (result: JobResult) => void;
  /** Threads started ahead (StartedWorkers); used if the batch needs threads, ended either way. */
  started?: StartedWorkers;
}

/**
 * Worker threads started before the batch has checked all its roles (`jobs - 1`
 * of them: the main thread builds too, see runPool): a thread
 * takes a few hundred milliseconds to load its modules, which then overlaps
 * the main thread's manifest checks of the other roles. They start at the
 * first role to build (start()), so a no-op build starts none.
 */
export class StartedWorkers {
  private idle: Worker[] = [];
  private begun = false;

  constructor(private readonly count: number) {}

  /**
   * Starts the threads (once): when the batch meets its first role to build,
   * so a no-op build, which builds nothing, starts none.
   */
  start(): void {
    if (this.begun) return;
    this.begun = true;
    if (existsSync(fileURLToPath(WORKER))) this.idle = Array.from({ length: this.count }, newWorker);
  }

  /** A started thread, or a new one when none is left. */
  take(): Worker {
    this.start();
    return this.idle.pop() ?? newWorker();
  }

  /** Ends the threads nobody took (a small or no-op batch). */
  async end(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }
}

function newWorker(): Worker {
  const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  // A thread that dies while idle must not take the process with it (an 'error' nobody listens to is thrown):
  // the jobs it had in hand are failed by `ask`, which listens while a job runs.
  worker.on('error', () => undefined);
  return worker;
}

const WORKER = new URL('./worker.js', import.meta.url);

/** Below this many roles, starting worker threads costs more than it saves. */
const INLINE_LIMIT = 4;

/**
 * Jobs given to each thread at once. A job ends waiting on the disk (its
 * outputs are flushed before they are renamed into place); with more jobs in
 * hand, the thread renders another meanwhile instead of idling. On 1,000
 * roles three took 19.5 s where two took 20.8 s (single runs on a machine
 * whose times vary by about a second); four gained nothing more.
 */
const IN_FLIGHT = 3;

/**
 * A worker's V8 heap limit. Without one, a worker inherits the process's
 * (gigabytes on a large machine) and V8 lets its heap grow to about three
 * times the live data under a big build's allocation rate; with a limit it
 * collects sooner: peak memory of 1,000 roles on two workers fell from about
 * 460 to 315 MB for about 5 % more time (README, Performance). A job needs a
 * few MB, the caches tens of MB: the limit is far from ever being reached.
 */
const WORKER_HEAP_MB = 1024;

/**
 * Runs jobs on this thread and `jobs - 1` worker threads (one thread per core
 * by default), or on this thread alone for small batches. Results come back in
 * input order whatever order they finish in.
 *
 * This thread builds its share rather than only handing out work: with two
 * worker threads it sat idle, and each thread starts cold. On 200 generated
 * roles at `-j 2`, three rounds in turns (load average 12 on 2 cores), this
 * thread and one worker took 19.5–21.7 s where two workers took 22.9–26.2 s,
 * and 280–288 MiB against 288–305 MiB at peak (README, Performance).
 */
export async function runPool(work: readonly Job[], options: PoolOptions): Promise<Array<JobResult | undefined>> {
  const results: Array<JobResult | undefined> = new Array(work.length).fill(undefined);
  let stop = false;
  const settle = (index: number, result: JobResult): void => {
    results[index] = result;
    if (result.status === 'failed' && options.failFast) stop = true;
    options.onResult?.(result);
  };
  const workers = Math.max(1, Math.min(options.jobs, work.length));
  const take = (queue: ChunkedQueue, chunk: number): number | undefined => (stop ? undefined : queue.take(chunk));
  const started = options.started ?? new StartedWorkers(0);
  try {
    // Run from TypeScript sources (tests), there is no compiled worker to start: work inline.
    if (workers === 1 || work.length < INLINE_LIMIT || !existsSync(fileURLToPath(WORKER))) {
      const queue = new ChunkedQueue(work.length, 1);
      // With --fail-fast one at a time, in input order: the first failure stops the build where it is.
      await inParallel(options.failFast ? 1 : IN_FLIGHT, async () => {
        for (let i = take(queue, 0); i !== undefined; i = take(queue, 0)) settle(i, await runJob(work[i]!, options.local));
      });
      return results;
    }
    // This thread is one of the `workers`: it takes the last run of roles itself, beside workers - 1 threads,
    // instead of idling while they work (a thread of its own costs a cold start: its modules, fonts, templates).
    const queue = new ChunkedQueue(work.length, workers);
    const threads = workers - 1;
    await Promise.all([
      ...Array.from({ length: threads }, (_, w) => drainWithWorker(started.take(), work, () => take(queue, w), settle)),
      inParallel(options.failFast ? 1 : IN_FLIGHT, async () => {
        for (let i = take(queue, threads); i !== undefined; i = take(queue, threads)) settle(i, await runJob(work[i]!, options.local));
      }),
    ]);
    return results;
  } finally {
    await started.end();
  }
}

/**
 * Hands out job indices so that each worker gets a contiguous run of the
 * (sorted) inputs. Neighbouring roles share a folder, usually a language and
 * much wording, and each worker keeps its own caches of shaped words and
 * laid-out paragraphs: split by neighbourhood, a worker meets fewer words it
 * has not shaped yet than when roles are dealt out in turn. A worker that runs
 * out steals from the far end of the longest remaining run, so nobody idles
 * while work is left.
 */
export class ChunkedQueue {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(length: number, chunks: number) {
    for (let c = 0; c < chunks; c++) {
      this.starts.push(Math.floor((c * length) / chunks));
      this.ends.push(Math.floor(((c + 1) * length) / chunks));
    }
  }

  take(chunk: number): number | undefined {
    if (this.left(chunk) > 0) return this.starts[chunk]!++;
    let longest = 0;
    for (let c = 1; c < this.starts.length; c++) if (this.left(c) > this.left(longest)) longest = c;
    return this.left(longest) > 0 ? --this.ends[longest]! : undefined;
  }

  private left(chunk: number): number {
    return this.ends[chunk]! - this.starts[chunk]!;
  }
}

/**
 * One worker thread's share of the work. A job whose worker fails it (an
 * error message from the thread, or the thread dying: out of memory, a crash
 * in a native module) fails that job alone, with an internal-error
 * diagnostic; a dead thread is replaced and the rest of the work goes on.
 */
async function drainWithWorker(first: Worker, work: readonly Job[], take: () => number | undefined, settle: (i: number, r: JobResult) => void): Promise<void> {
  let worker = first;
  try {
    await inParallel(IN_FLIGHT, async () => {
      for (let i = take(); i !== undefined; i = take()) {
        const asked = worker;
        let result: JobResult;
        try {
          result = await ask(asked, i, work[i]!);
        } catch (error) {
          if (error instanceof WorkerGone && worker === asked) worker = newWorker();
          result = { file: work[i]!.file, status: 'failed', outputs: [], stale: [], diagnostics: [internalFailure(work[i]!.file, error)] };
        }
        settle(i, result);
      }
    });
  } finally {
    await worker.terminate();
  }
}

/** Runs `count` copies of a loop side by side (they share the queue through `take`). */
async function inParallel(count: number, loop: () => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, loop));
}

/** The thread running a job stopped: every job it had in hand is lost. */
class WorkerGone extends Error {
  constructor(message: string) {
    super(`the build worker stopped: ${message}`);
    this.name = 'WorkerGone';
  }
}

function ask(worker: Worker, id: number, job: Job): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: { id: number; result?: JobResult; error?: string }) => {
      if (message.id !== id) return;
      done();
      if (message.error !== undefined) reject(new Error(`in a build worker: ${message.error}`));
      else resolve(message.result!);
    };
    const onError = (error: Error) => {
      done();
      reject(new WorkerGone(error.stack ?? error.message));
    };
    const onExit = (code: number) => {
      done();
      reject(new WorkerGone(`exit code ${code}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    try {
      worker.postMessage({ id, job });
    } catch (error) {
      done();
      reject(new WorkerGone(error instanceof Error ? error.message : String(error)));
    }
  });
}
