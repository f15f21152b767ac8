import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from './cli.js';

/** Debian's Chromium (`.ci/run` installs it); playwright-core drives it, never downloading a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Browser tests run where Chromium is installed, and must run in CI (where a missing browser is a failure, not a skip). */
export const skipBrowser = !existsSync(CHROMIUM) && process.env.CI !== 'true';

/** Headless Chromium with a fresh profile and no background networking (the machine has no network). */
export async function launchChromium(): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'jdgen-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WatchProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Sends SIGINT and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `jdgen watch --serve --port 0 …` in `cwd` and reads the preview's address from its stdout. */
export function startWatch(args: string[], cwd: string): Promise<WatchProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'jdgen.js'), 'watch', '--serve', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const url = /^preview: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)?.[1];
      if (url)
        resolve({
          child,
          url,
          stdout: () => stdout,
          stderr: () => stderr,
          stop: (signal = 'SIGINT') => {
            child.kill(signal);
            return exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`jdgen watch exited (${code}) before serving:\n${stdout}\n${stderr}`)));
  });
}
