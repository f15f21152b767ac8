import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'jdgen.js');
/** The stat cache of the builds the tests run (src/output/stat-cache.ts), kept out of the user's home. */
const CACHE_HOME = mkdtempSync(join(tmpdir(), 'jdgen-test-cache-'));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, the way a user or CI does. */
export function jdgen(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, XDG_CACHE_HOME: CACHE_HOME, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env };
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like `jdgen`, without blocking the test process, so tests can run CLI processes side by side. */
export function jdgenAsync(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, XDG_CACHE_HOME: CACHE_HOME, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function tempDir(prefix = 'jdgen-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
