import type { SingleBar } from 'cli-progress';
import { lazyPackages } from '../lazy-packages.js';
import type { CliIO } from './io.js';

/**
 * A progress bar on stderr, only when stderr is a terminal (never in CI logs
 * or pipes) and only for batches worth watching.
 */
export function startProgress(io: CliIO): { tick(total: number): void; stop(): void } | undefined {
  if (!io.stderr.isTTY || io.env.CI) return undefined;
  let bar: SingleBar | undefined;
  let done = 0;
  return {
    tick(total) {
      done += 1;
      if (!bar && total >= 10) {
        // cli-progress writes to a stream; the CLI's stderr is one when it is a TTY. Loaded here: most builds show no bar.
        const cliProgress = lazyPackages.cliProgress();
        bar = new cliProgress.SingleBar(
          { stream: io.stderr as NodeJS.WritableStream, format: '{bar} {value}/{total} roles', clearOnComplete: true, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar?.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
