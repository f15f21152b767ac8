import { run } from './main.js';
import { osReason } from '../env/os-error.js';
import { EXIT } from './io.js';

/**
 * Runs the CLI on this process's arguments and streams; returns the exit code.
 *
 * A reader that goes away (`jdgen build … | head -1`) closes the pipe: Node then
 * emits EPIPE as an 'error' event, which unhandled ends the process with a stack
 * trace. Output to a closed reader is simply dropped and the command finishes
 * its work (a build still writes its files and manifest). Any other failure to
 * write standard output (`> /dev/full`) is the user's environment: exit 1 with
 * one line on stderr.
 */
export async function runProcess(): Promise<number> {
  const stdout = watchStream(process.stdout);
  const stderr = watchStream(process.stderr);
  const code = await run(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  // Errors are emitted after the write that caused them: let them arrive before judging.
  await new Promise((resolve) => setImmediate(resolve));
  const failed = stdout.failure();
  if (!failed) return code;
  if (!stderr.failure()) process.stderr.write(`error: cannot write to standard output: ${osReason(failed)}\n`);
  return code === EXIT.ok ? EXIT.invalid : code;
}

/** Listens for write errors on a stream; EPIPE (the reader left) is not a failure. */
function watchStream(stream: NodeJS.WriteStream): { failure(): string | undefined } {
  let failure: string | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') failure ??= error.code ?? error.message;
  });
  return { failure: () => failure };
}
