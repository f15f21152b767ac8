import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './job.js';

/**
 * A build worker: receives jobs, answers with results. Errors that are bugs
 * travel back as messages, so the main thread can report them as such.
 */
parentPort?.on('message', (message: { id: number; job: Job }) => {
  runJob(message.job).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
