/**
 * The Typst engine as a baseline for `npm run bench` (issue 17): the same
 * sample of generated roles, written as equivalent Typst documents
 * (typst.ts), compiled to PDF by @myriaddreamin/typst-ts-node-compiler, beside
 * jdgen's own PDF writer, both in this one process (warm, one thread) and
 * both from a cold process for one role.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { DocumentModel } from '../../src/model/types.js';
import { toTypst } from './typst.js';

export interface TypstFigures {
  sample: number;
  /** Median milliseconds per document, warm, in this process. */
  typstPerDoc: number;
  jdgenPdfPerDoc: number;
  /** Median wall milliseconds of a cold process compiling one role to PDF. */
  typstCold: number;
  jdgenColdPdf: number;
  jdgenColdAll: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function wall(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr}`);
  return performance.now() - started;
}

/** `roles`: paths (relative to `dir`) of the sample; `bin`: jdgen's CLI; `root`: the repository. */
export async function typstBaseline(dir: string, roles: string[], bin: string, root: string, coldRuns = 5): Promise<TypstFigures | undefined> {
  const require = createRequire(join(root, 'package.json'));
  let compilerPath: string;
  try {
    compilerPath = require.resolve('@myriaddreamin/typst-ts-node-compiler');
  } catch {
    return undefined;
  }
  const { NodeCompiler } = require(compilerPath) as typeof import('@myriaddreamin/typst-ts-node-compiler');
  const jdgen = (await import(pathToFileURL(join(root, 'dist', 'index.js')).href)) as typeof import('../../src/index.js');
  const fontDir = dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));

  // The models of the sample, from jdgen itself, and their Typst sources.
  const context = jdgen.createContext();
  const models: DocumentModel[] = [];
  for (const role of roles) models.push((await jdgen.compile(join(dir, role), { context })).model!);
  const sources = models.map(toTypst);
  const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: [fontDir] }] });
  const typstOne = (source: string): void => {
    const pdf = compiler.pdf({ mainFileContent: source });
    if (pdf.length === 0) throw new Error('Typst wrote an empty PDF');
  };
  const jdgenOne = async (role: string): Promise<void> => {
    const result = await jdgen.compile(join(dir, role), { context, formats: ['pdf'] });
    if (!result.outputs?.pdf) throw new Error(`jdgen wrote no PDF for ${role}`);
  };
  // Warm both on the first role (fonts, compiled templates), then time every other document once:
  // Typst memoises whole compilations, so a document compiled a second time would be a cache hit.
  typstOne(sources[0]!);
  await jdgenOne(roles[0]!);
  const typstTimes: number[] = [];
  const jdgenTimes: number[] = [];
  for (let i = 1; i < sources.length; i += 1) {
    let started = performance.now();
    typstOne(sources[i]!);
    typstTimes.push(performance.now() - started);
    started = performance.now();
    await jdgenOne(roles[i]!);
    jdgenTimes.push(performance.now() - started);
  }

  // Cold: a fresh process per run, one role.
  const one = roles[0]!;
  writeFileSync(join(dir, 'one.typ'), sources[0]!);
  const script = join(dir, 'typst-cold.cjs');
  writeFileSync(
    script,
    `const { NodeCompiler } = require(${JSON.stringify(compilerPath)});\n` +
      `const fs = require('node:fs');\n` +
      `const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: [${JSON.stringify(fontDir)}] }] });\n` +
      `fs.writeFileSync('one.pdf', compiler.pdf({ mainFileContent: fs.readFileSync('one.typ', 'utf8') }));\n`,
  );
  const cold = (args: string[]): number => median(Array.from({ length: coldRuns }, () => wall(process.execPath, args, dir)));
  const typstCold = cold([script]);
  if (readFileSync(join(dir, 'one.pdf')).length === 0) throw new Error('cold Typst wrote an empty PDF');
  return {
    sample: roles.length - 1,
    typstPerDoc: median(typstTimes),
    jdgenPdfPerDoc: median(jdgenTimes),
    typstCold,
    jdgenColdPdf: cold([bin, 'build', one, '-o', 'cold-out', '-f', 'pdf', '--force', '--quiet', '--no-lint']),
    jdgenColdAll: cold([bin, 'build', one, '-o', 'cold-out', '--force', '--quiet', '--no-lint']),
  };
}
