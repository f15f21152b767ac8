import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * A CommonJS file of jdgen's own dist/ (a precompiled validator) run with
 * V8's code cache, which `npm run build` stores beside it (scripts/build.mjs,
 * step 5): Node 20 keeps no compiled code between runs, so a cold process
 * parsed and compiled the role validator's 230 kB on every run. The cache is
 * named by the V8 version and architecture that made it; any other Node.js
 * finds no file and requires the file as before (Node 22 and later keep their
 * own compile cache of it), and V8 itself ignores a cache made with other
 * flags (then it compiles the source, as require would).
 */
export function codeCacheFile(file: string): string {
  return `${file}.v8-${process.versions.v8}-${process.arch}.cache`;
}

type CommonJsExports = Record<string, unknown>;

/** The file's exports: run from its code cache when there is one for this V8, else required. */
export function requireCached(file: string): CommonJsExports {
  const cache = codeCacheFile(file);
  if (!existsSync(cache)) return createRequire(file)(file) as CommonJsExports;
  return run(scriptOf(file, readFileSync(cache)), file);
}

/** Build step: compiles the file, runs it and `warm` (so that V8 compiles what a run needs), and stores V8's code. */
export function writeCodeCache(file: string, warm: (exports: CommonJsExports) => void): void {
  const script = scriptOf(file);
  warm(run(script, file));
  writeFileSync(codeCacheFile(file), script.createCachedData());
}

/** The file as a script (with the parameters of Node's own CommonJS wrapper on its first line, so its line numbers stay), from a code cache when given. */
export function scriptOf(file: string, cachedData?: Buffer): Script {
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  return new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
}

function run(script: Script, file: string): CommonJsExports {
  const module = { exports: {} as CommonJsExports };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}
