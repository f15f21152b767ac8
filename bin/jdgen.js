#!/usr/bin/env node
// Tiny launcher: the CLI lives in src/cli (compiled to dist/cli).
import { runProcess } from '../dist/cli/process.js';

process.exitCode = await runProcess();
