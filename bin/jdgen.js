#!/usr/bin/env node
// Tiny launcher: the CLI lives in src/cli (bundled into dist/cli.js by scripts/build.mjs).
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code of the bundle between runs (in the OS temporary folder),
// so a cold command compiles less; Node 20 has no such cache and skips this.
module.enableCompileCache?.();
const { runProcess } = await import('../dist/cli.js');

process.exitCode = await runProcess();
