#!/usr/bin/env node
// Tiny launcher: the CLI lives in src/cli (bundled into dist/cli.js by scripts/build.mjs).
import { runProcess } from '../dist/cli.js';

process.exitCode = await runProcess();
