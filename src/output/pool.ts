import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runJob, type Job, type JobResult } from './job.js';

export interface PoolOptions {
  jobs: number;
  /** Stop handing out work after the first failure. */
  failFast: boolean;
  onResult?: (result: JobResult) => void;
}

const WORKER = new URL('./worker.js', import.meta.url);

/** Below this many roles, starting worker threads costs more than it saves. */
const INLINE_LIMIT = 4;

/**
 * Jobs given to each thread at once. A job ends waiting on the disk (its
 * outputs are flushed before they are renamed into place); with a second job
 * in hand, the thread renders that one meanwhile instead of idling.
 */
const IN_FLIGHT = 2;

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
 * Runs jobs on `jobs` worker threads (one per core by default), or inline for
 * small batches. Results come back in input order whatever order they finish in.
 */
export async function runPool(work: readonly Job[], options: PoolOptions): Promise<Array<JobResult | undefined>> {
  const results: Array<JobResult | undefined> = new Array(work.length).fill(undefined);
  let next = 0;
  let stop = false;
  const take = (): number | undefined => (stop || next >= work.length ? undefined : next++);
  const settle = (index: number, result: JobResult): void => {
    results[index] = result;
    if (result.status === 'failed' && options.failFast) stop = true;
    options.onResult?.(result);
  };
  const workers = Math.max(1, Math.min(options.jobs, work.length));
  // Run from TypeScript sources (tests), there is no compiled worker to start: work inline.
  if (workers === 1 || work.length < INLINE_LIMIT || !existsSync(fileURLToPath(WORKER))) {
    await inParallel(IN_FLIGHT, async () => {
      for (let i = take(); i !== undefined; i = take()) settle(i, await runJob(work[i]!));
    });
    return results;
  }
  await Promise.all(Array.from({ length: workers }, () => drainWithWorker(work, take, settle)));
  return results;
}

async function drainWithWorker(work: readonly Job[], take: () => number | undefined, settle: (i: number, r: JobResult) => void): Promise<void> {
  const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  try {
    await inParallel(IN_FLIGHT, async () => {
      for (let i = take(); i !== undefined; i = take()) settle(i, await ask(worker, i, work[i]!));
    });
  } finally {
    await worker.terminate();
  }
}

/** Runs `count` copies of a loop side by side (they share the queue through `take`). */
async function inParallel(count: number, loop: () => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, loop));
}

function ask(worker: Worker, id: number, job: Job): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { id: number; result?: JobResult; error?: string }) => {
      if (message.id !== id) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      if (message.error !== undefined) reject(new Error(`in a build worker: ${message.error}`));
      else resolve(message.result!);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.postMessage({ id, job });
  });
}
