import { spawn } from 'node:child_process';
import type { Rebuild, WatchHandle } from '../watch/watch.js';
import { UsageError } from '../diagnostics.js';
import { commonOptions } from './common.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { colours, EXIT, type CliIO } from './io.js';
import type { WatchCliOptions } from './options.js';
import { terminalSafe } from '../env/printable.js';
import { parseFormats } from './build.js';

/**
 * `jdgen watch`: builds, then rebuilds on every change until Ctrl-C (SIGINT
 * or SIGTERM), printing one line per rebuild on stdout and the diagnostics
 * of a failed one on stderr, as `jdgen build` prints them. With --serve the
 * first line on stdout is the preview's address.
 */
export async function watchCommand(inputs: string[], options: WatchCliOptions, io: CliIO, signals: SignalSource = process): Promise<number> {
  const port = options.port === undefined ? 0 : parsePort(options.port);
  if ((options.port !== undefined || options.open) && !options.serve) throw new UsageError('--port and --open go with --serve');
  const formats = options.format ? parseFormats(options.format) : undefined;
  const out = colours(io, 'stdout');
  const err = colours(io, 'stderr');
  // Lines are written in order even though diagnostics may wait for a slow reader.
  let printing = Promise.resolve();
  const onRebuild = (rebuild: Rebuild) => {
    printing = printing.then(async () => {
      for (const file of rebuild.files) if (file.diagnostics.length > 0 && io.verbosity !== 'quiet') await writeDiagnostics(io.stderr, file.diagnostics, err);
      if (io.verbosity !== 'quiet' || rebuild.files.some((f) => f.status === 'failed')) io.stdout.write(`${rebuildLine(rebuild, out.red, out.green)}\n`);
    });
  };
  const { watch } = await import('../watch/watch.js');
  const handle: WatchHandle = await watch(inputs, {
    ...commonOptions(options, io),
    ...(options.outDir ? { outDir: options.outDir } : {}),
    ...(formats ? { formats } : {}),
    ...(options.serve ? { serve: { port } } : {}),
    onRebuild,
  });
  await printing;
  if (handle.url) {
    io.stdout.write(`preview: ${handle.url}\n`);
    if (options.open) openBrowser(handle.url, (note) => io.stderr.write(`${note}\n`));
  }
  if (io.verbosity !== 'quiet') io.stdout.write(`watching ${handle.roles().length} role${handle.roles().length === 1 ? '' : 's'}; Ctrl-C stops\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      resolve();
    };
    signals.on('SIGINT', stop);
    signals.on('SIGTERM', stop);
  });
  await handle.close();
  await printing;
  return EXIT.ok;
}

export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/** `12:04:31 built roles/kam.yaml (preview 48 ms, outputs 310 ms)` or `… failed: 2 errors`. */
export function rebuildLine(rebuild: Rebuild, red: (s: string) => string, green: (s: string) => string): string {
  const time = new Date().toTimeString().slice(0, 8);
  const failed = rebuild.files.filter((f) => f.status === 'failed');
  const names = (files: typeof rebuild.files) => files.map((f) => terminalSafe(f.file)).join(', ');
  const timing = `preview ${Math.round(rebuild.previewMs)} ms, outputs ${Math.round(rebuild.totalMs)} ms`;
  const cause =
    rebuild.changed.length > 0 ? ` after ${terminalSafe(rebuild.changed.slice(0, 3).join(', '))}${rebuild.changed.length > 3 ? ', …' : ''} changed` : '';
  if (failed.length === 0) return `${time} ${green('built')} ${names(rebuild.files)} (${timing})${cause}`;
  const errors = failed.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const ok = rebuild.files.filter((f) => f.status !== 'failed');
  return `${time} ${red('failed')} ${names(failed)}: ${errors} error${errors === 1 ? '' : 's'}${ok.length ? `; built ${names(ok)}` : ''} (${timing})${cause}`;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port needs a whole number from 0 to 65535 (0: any free port), got \`${text}\``);
  return port;
}

/** The system's way to open a URL; a failure to open is not worth stopping for (the address is printed). */
function openBrowser(url: string, note: (text: string) => void): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  // Said once, so a person waiting for a browser window knows to open the address themselves.
  child.on('error', () => note(`note: could not start \`${command}\` to open a browser; open ${url} yourself`));
  child.unref();
}
