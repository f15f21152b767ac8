import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT } from './cli.js';

/** Debian's Chromium, which `.ci/run` installs; playwright-core drives it over CDP. */
export const CHROMIUM = process.env.JDGEN_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Browser tests run where Chromium is installed, and always in CI: there a
 * missing browser must fail the run rather than skip the tests silently.
 */
export const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

/** A headless Chromium (playwright gives it a fresh temporary profile) with nothing that reaches the network on its own. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
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
  /** Sends SIGINT (or `signal`) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `jdgen watch --serve --port 0 …` in `cwd` and reads the preview's address from its stdout. */
export function startWatch(args: string[], cwd: string, env: Record<string, string> = {}): Promise<WatchProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'jdgen.js'), 'watch', '--serve', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: '1', ...env },
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

/**
 * Waits until `expression` is true in the page. page.waitForFunction cannot:
 * it polls by eval, which the preview's CSP forbids; page.evaluate goes over
 * the DevTools protocol, which the page's CSP does not govern.
 */
export async function until(page: { evaluate(expression: string): Promise<unknown> }, expression: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
