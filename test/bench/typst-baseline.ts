/**
 * The Typst engine as a baseline for `npm run bench` (issue 17): the same
 * sample of generated roles, written as equivalent Typst documents
 * (typst.ts), compiled to PDF by @myriaddreamin/typst-ts-node-compiler, beside
 * jdgen's own PDF writer in this one process (warm, one thread); and a
 * script that compiles one role from a cold process, which the bench times
 * beside a cold jdgen build.
 */
import { writeFileSync } from 'node:fs';
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
  /** The medians of the first documents only (`early` of them), while both are still warming up. */
  early: { documents: number; typstPerDoc: number; jdgenPdfPerDoc: number };
  /**
   * A script compiling one role (`one.typ` in the bench folder, the first of the
   * sample) to `one.pdf` from a cold process: `node <coldScript>` run in that
   * folder. The bench times it beside a cold jdgen build of the same role.
   */
  coldScript: string;
  /** The role the cold script compiles (relative to the bench folder). */
  coldRole: string;
}

/** The first documents timed, whose median is also given: V8 is still optimising jdgen's code there. */
const EARLY = 29;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** `roles`: paths (relative to `dir`) of the sample; `root`: the repository. */
export async function typstBaseline(dir: string, roles: string[], root: string): Promise<TypstFigures | undefined> {
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

  // Cold: the bench runs this script in a fresh process per run, one role.
  writeFileSync(join(dir, 'one.typ'), sources[0]!);
  const coldScript = join(dir, 'typst-cold.cjs');
  writeFileSync(
    coldScript,
    `const { NodeCompiler } = require(${JSON.stringify(compilerPath)});\n` +
      `const fs = require('node:fs');\n` +
      `const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: [${JSON.stringify(fontDir)}] }] });\n` +
      `const pdf = compiler.pdf({ mainFileContent: fs.readFileSync('one.typ', 'utf8') });\n` +
      `if (!pdf || pdf.length === 0) process.exit(1);\n` +
      `fs.writeFileSync('one.pdf', pdf);\n`,
  );
  return {
    sample: roles.length - 1,
    typstPerDoc: median(typstTimes),
    jdgenPdfPerDoc: median(jdgenTimes),
    early: {
      documents: Math.min(EARLY, jdgenTimes.length),
      typstPerDoc: median(typstTimes.slice(0, EARLY)),
      jdgenPdfPerDoc: median(jdgenTimes.slice(0, EARLY)),
    },
    coldScript,
    coldRole: roles[0]!,
  };
}
