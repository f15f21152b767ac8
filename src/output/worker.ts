import { parentPort } from 'node:worker_threads';
import { createContext } from '../context.js';
import { runJob, Turns, type Job, type JobContext } from './job.js';

/**
 * A build worker: receives jobs, answers with results. Errors that are bugs
 * travel back as messages, so the main thread can report them as such. A
 * worker serves one build: its context and file hashes live as long as it.
 */
function serve(local: JobContext): void {
  parentPort?.on('message', (message: { id: number; job: Job }) => {
    runJob(message.job, local).then(
      (result) => parentPort?.postMessage({ id: message.id, result }),
      (error: unknown) => parentPort?.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}

serve({ context: createContext(), hashes: new Map(), turns: new Turns() });
