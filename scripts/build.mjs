// `npm run build` (also `prepare`): dist/ as the package ships it.
//
// 1. tsc type-checks src/ and writes its type declarations to a scratch folder;
//    dts-bundle-generator rolls the public ones into one dist/index.d.ts. One
//    file, holding only what index.ts exports and the types those name, is
//    what a user's TypeScript reads: the per-module declarations would import
//    the types of packages bundled into jdgen (yaml, ajv, lru-cache…), which a
//    user's project does not have, and fail a build without skipLibCheck.
// 2. esbuild bundles the library (dist/index.js), the CLI (dist/cli.js, run by
//    bin/jdgen.js) and the build worker (dist/worker.js) into ESM files with
//    shared chunks; every command and writer that src/ loads with import()
//    stays a chunk of its own, so `validate` never loads harfbuzzjs or docx. The
//    pure-JavaScript dependencies are inlined: the versions the tests ran
//    with are the versions users run, and their own dependency trees (docx's
//    nanoid@6, which wants Node 22) are never installed. EXTERNAL lists the
//    packages that read their own files at run time and so stay dependencies.
// 3. The build steps of src/build.ts (precompiled validators, templates and
//    bundled data) run from a bundle of their own, so they write their files
//    where the bundle looks for them (beside its chunks, flat in dist/).
// 4. The precompiled validators are bundled once more, into one CommonJS file
//    that needs nothing installed (ajv's standalone code requires two helpers
//    from ajv and ajv-formats).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDtsBundle } from 'dts-bundle-generator';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const require = createRequire(import.meta.url);

/*
 * Run-time dependencies that cannot be inlined: harfbuzzjs (HarfBuzz's
 * shaping and hb-subset for the PDF writer, text widths for DOCX and HTML)
 * reads its WebAssembly files from its own folder; the Noto Sans
 * package is only resolved, for its TTF files; @pnpm/tabtab reads its shell
 * script templates from its own folder; subset-font (the HTML writer's WOFF2
 * subsets) reads harfbuzzjs's WebAssembly file from its package; hyphen's
 * pattern set of a document's language is required by name on first use
 * (src/theme/hyphenation.ts), so only that one is ever loaded.
 */
const EXTERNAL = ['harfbuzzjs', '@expo-google-fonts/noto-sans', '@pnpm/tabtab', 'subset-font', 'hyphen'];

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
for (const name of EXTERNAL) {
  if (!/^\d+\.\d+\.\d+$/.test(pkg.dependencies?.[name] ?? '')) throw new Error(`package.json: ${name} must be a dependency pinned to an exact version`);
}
for (const name of Object.keys(pkg.dependencies ?? {})) {
  if (!EXTERNAL.includes(name)) throw new Error(`package.json: ${name} is bundled into dist/, so it belongs in devDependencies`);
}

/*
 * The packages src/lazy-packages.ts loads on first use, each bundled into a
 * CommonJS file of its own in dist/vendor/: a cold start does not even read
 * them. Packages that share internals share a file (ajv-formats builds code
 * with ajv's own classes).
 */
const VENDOR = {
  'js-yaml': 'js-yaml',
  yaml: 'yaml',
  handlebars: 'handlebars',
  'handlebars/runtime': 'handlebars-runtime',
  'ajv/dist/2020.js': 'ajv',
  'ajv-formats': 'ajv',
  'russian-nouns-js': 'russian-nouns',
  pngjs: 'pngjs',
  'cli-progress': 'cli-progress',
};

/** The vendor files run from a V8 code cache (step 5): js-yaml reads nearly every file, cold. */
const CODE_CACHED = ['js-yaml'];

/** src/lazy-packages.ts with each `require('package')` turned into a require of its file in dist/vendor/. */
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]lazy-packages\.ts$/ }, (args) => ({ contents: lazyPackagesSource(args.path), loader: 'ts' }));
  },
};

function lazyPackagesSource(path) {
  const seen = new Set();
  const contents = readFileSync(path, 'utf8').replace(/require\('([^']+)'\)/g, (_, id) => {
    if (!VENDOR[id]) throw new Error(`${path}: ${id} is loaded lazily but has no file in VENDOR (scripts/build.mjs)`);
    seen.add(id);
    // A package with a V8 code cache beside its file (step 5) runs from it.
    if (CODE_CACHED.includes(id))
      return `__jdgenRequireCached(__jdgenFileURLToPath(new URL('./vendor/${VENDOR[id]}.cjs', import.meta.url)))[${JSON.stringify(id)}]`;
    return `require('./vendor/${VENDOR[id]}.cjs')[${JSON.stringify(id)}]`;
  });
  const unused = Object.keys(VENDOR).filter((id) => !seen.has(id));
  if (unused.length > 0) throw new Error(`scripts/build.mjs: VENDOR names ${unused.join(', ')}, which src/lazy-packages.ts does not load`);
  return `import { requireCached as __jdgenRequireCached } from './validate/code-cache.ts';\nimport { fileURLToPath as __jdgenFileURLToPath } from 'node:url';\n${contents}`;
}

/** Each dist/vendor/ file: the packages of its group, by the name src/ requires them with. */
async function buildVendorFiles() {
  for (const file of new Set(Object.values(VENDOR))) {
    const ids = Object.keys(VENDOR).filter((id) => VENDOR[id] === file);
    await esbuild.build({
      stdin: {
        contents: `module.exports = {${ids.map((id) => `${JSON.stringify(id)}: require(${JSON.stringify(id)})`).join(', ')}};`,
        resolveDir: ROOT,
        loader: 'js',
      },
      bundle: true,
      platform: 'node',
      target: 'node20.19',
      format: 'cjs',
      outfile: join(DIST, 'vendor', `${file}.cjs`),
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
}

/*
 * The modules a cold `jdgen validate` runs (load, resolve, validate, render to
 * the model, the report) and the front of every build, as one chunk.
 * esbuild puts each module in the chunk of the exact set of entry points
 * (static entries and every import() target) that reach it, so the 70 or so
 * modules of that path were spread over 40 files, each resolved, read,
 * compiled and linked on its own: about 25 ms of a 0.17 s cold validate on
 * Node 20, which keeps no compiled code between runs. Every entry point
 * imports them all (CORE below, with everything they import), so they share
 * one set of entry points and one chunk; the writers, the other commands and
 * their packages stay chunks of their own, loaded when used. The chunk is
 * evaluated as soon as any entry loads: its modules have no effect at load
 * time but defining functions and constants.
 */
const CORE = [
  'src/api.ts',
  'src/pipeline.ts',
  'src/validate/review.ts',
  'src/cli/validate.ts',
  'src/cli/common.ts',
  'src/cli/verbose.ts',
  'src/cli/stdin.ts',
  'src/cli/report.ts',
  'src/cli/diagnostics-view.ts',
  'src/cli/shells.ts',
];
const CORE_ID = 'jdgen-core';

/** Scans src/ for the targets of import('./…'): with the static entries, the modules that import CORE. */
function dynamicImportTargets() {
  const targets = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts'))
        for (const [, spec] of readFileSync(path, 'utf8').matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g))
          targets.add(resolvePath(dirname(path), spec.replace(/\.js$/, '.ts')));
    }
  };
  walk(join(ROOT, 'src'));
  return targets;
}

const coreChunk = {
  name: 'core-chunk',
  setup(build) {
    const entries = new Set([...dynamicImportTargets(), ...['src/index.ts', 'src/cli/process.ts', 'src/output/worker.ts'].map((f) => join(ROOT, f))]);
    build.onResolve({ filter: new RegExp(`^${CORE_ID}$`) }, () => ({ path: CORE_ID, namespace: CORE_ID }));
    build.onLoad({ filter: /.*/, namespace: CORE_ID }, () => ({
      contents: CORE.map((file) => `import ${JSON.stringify(join(ROOT, file))};`).join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      if (!entries.has(args.path)) return undefined;
      let contents = readFileSync(args.path, 'utf8');
      if (/[\\/]src[\\/]lazy-packages\.ts$/.test(args.path)) contents = lazyPackagesSource(args.path);
      return { contents: `import '${CORE_ID}';\n${contents}`, loader: 'ts' };
    });
  },
};

/** What every ESM bundle shares. */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'esm',
  external: EXTERNAL,
  plugins: [coreChunk, lazyPackages],
  // Inlined CommonJS packages (commander, pngjs, …) reach Node's built-ins through a real `require`.
  banner: { js: "import { createRequire as __jdgenCreateRequire } from 'node:module'; const require = __jdgenCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(DIST, { recursive: true, force: true });
writePublicDeclarations();

const mainBuild = await esbuild.build({
  ...common,
  metafile: Boolean(process.env.JDGEN_METAFILE),
  entryPoints: { index: 'src/index.ts', cli: 'src/cli/process.ts', worker: 'src/output/worker.ts' },
  absWorkingDir: ROOT,
  outdir: DIST,
  splitting: true,
  chunkNames: 'chunk-[hash]',
});

await buildVendorFiles();
if (process.env.JDGEN_METAFILE) writeFileSync(process.env.JDGEN_METAFILE, JSON.stringify(mainBuild.metafile));

/** Step 1: dist/index.d.ts, the library's public types in one file. */
function writePublicDeclarations() {
  const scratch = join(DIST, '.declarations');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', scratch], { stdio: 'inherit' });
  const [bundle] = generateDtsBundle(
    // Only what index.ts exports is exported; types it merely names stay local to the file.
    [{ filePath: join(scratch, 'index.d.ts'), output: { exportReferencedTypes: false, noBanner: true } }],
    { preferredConfigPath: join(ROOT, 'scripts', 'tsconfig.declarations.json') },
  );
  rmSync(scratch, { recursive: true, force: true });
  writeFileSync(join(DIST, 'index.d.ts'), bundle);
}

const buildSteps = join(DIST, 'build-steps.mjs');
// Its packages stay in node_modules: ajv's standalone code generator must meet the very ajv that compiled the schemas.
await esbuild.build({ ...common, packages: 'external', plugins: [], entryPoints: ['src/build.ts'], absWorkingDir: ROOT, outfile: buildSteps });
try {
  execFileSync(process.execPath, [buildSteps], { stdio: 'inherit', cwd: ROOT });
} finally {
  rmSync(buildSteps);
}

// One file per schema (src/validate/precompile-schemas.ts), each with the ajv run-time code it needs.
for (const name of ['role', 'role-part', 'config', 'library']) {
  const validators = join(DIST, `schemas.precompiled.${name}.cjs`);
  await esbuild.build({
    entryPoints: [validators],
    bundle: true,
    platform: 'node',
    target: 'node20.19',
    format: 'cjs',
    outfile: validators,
    allowOverwrite: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/*
 * The JavaScript of dist/ in ASCII (before step 5, which caches code made
 * from it). esbuild escapes non-ASCII characters in strings, but keeps them
 * in comments and regular expression
 * literals (an em dash in a doc comment, Cyrillic endings in a pattern), and
 * one character above U+00FF makes Node read the whole file into a two-byte
 * string, which V8 keeps for as long as the code lives: the 600 kB core chunk
 * took 1.2 MB of heap. Each such character is written as its \uXXXX escape
 * (UTF-16 code units), which means the same in a comment, a string, a
 * regular expression (with or without the u flag: an escaped surrogate pair
 * is one code point there) and a template literal's cooked text. Refused
 * where an escape would not mean the same: after a backslash, or in a file
 * with a tagged template (whose tag may read the raw text; found by letting
 * esbuild lower template literals, which it does for a tagged one with its
 * __template helper).
 */
function escapeNonAscii(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) escapeNonAscii(path);
    else if (/\.(c|m)?js$/.test(entry.name)) {
      const text = readFileSync(path, 'utf8');
      if (!/[^\x00-\x7f]/.test(text)) continue;
      if (/\\[^\x00-\x7f]/.test(text)) throw new Error(`${path}: a non-ASCII character after a backslash`);
      const lowered = esbuild.transformSync(text, {
        loader: 'js',
        format: entry.name.endsWith('.cjs') ? 'cjs' : 'esm',
        supported: { 'template-literal': false },
      });
      if (lowered.code.includes('__template')) throw new Error(`${path}: non-ASCII characters beside a tagged template`);
      writeFileSync(
        path,
        text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      );
    }
  }
}
escapeNonAscii(DIST);

/*
 * 5. V8's compiled code of each validator (src/validate/code-cache.ts): Node 20 keeps no compiled
 *    code between runs, so a cold `jdgen validate` parsed the role validator's 230 kB and compiled
 *    its functions on every run (about 7 ms). Each validator is compiled and run over the examples
 *    here, and V8's code for what ran is stored beside it, named by this Node.js's V8 version and
 *    architecture; another Node.js finds no file and loads the validator as before.
 */
const codeCache = join(DIST, 'code-cache.mjs');
await esbuild.build({ ...common, packages: 'external', plugins: [], entryPoints: ['src/validate/code-cache.ts'], absWorkingDir: ROOT, outfile: codeCache });
const { writeCodeCache } = await import(pathToFileURL(codeCache).href);
const { parse: parseYaml } = await import('yaml');
const samples = [];
const walkExamples = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walkExamples(path);
    else if (entry.name.endsWith('.yaml')) samples.push(parseYaml(readFileSync(path, 'utf8')));
  }
};
walkExamples(join(ROOT, 'examples'));
const yamlTexts = [];
const readExamples = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) readExamples(path);
    else if (entry.name.endsWith('.yaml')) yamlTexts.push(readFileSync(path, 'utf8'));
  }
};
readExamples(join(ROOT, 'examples'));
readExamples(join(ROOT, 'templates'));
writeCodeCache(join(DIST, 'vendor', 'js-yaml.cjs'), (exports) =>
  yamlTexts.forEach((text) => exports['js-yaml'].load(text, { schema: exports['js-yaml'].FAILSAFE_SCHEMA })),
);
for (const name of ['role', 'role-part', 'config', 'library']) {
  writeCodeCache(join(DIST, `schemas.precompiled.${name}.cjs`), (exports) => samples.forEach((data) => exports.validate(data)));
}
rmSync(codeCache);
