#!/usr/bin/env node
// Tiny launcher: the CLI lives in src/cli (compiled to dist/cli).
import { run } from '../dist/cli/main.js';

process.exitCode = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
