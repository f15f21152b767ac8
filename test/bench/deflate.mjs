// What compressing a PDF's streams costs jdgen, and what a native compressor would cost instead.
// jdgen deflates with fflate (JavaScript) so that a PDF's bytes are the same on every Node.js;
// Node's own zlib is native code, but its output may differ between zlib builds, so switching
// would change every output's bytes. This prints both, warm, per PDF, over the streams of the
// PDFs in a jdgen output folder (decompressed by qpdf, which must be installed).
// Usage: node test/bench/deflate.mjs OUT_DIR [max PDFs, default 60]
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { zlibSync } from 'fflate';

const [dir, maxArg] = process.argv.slice(2);
if (dir === undefined) {
  console.error('usage: node test/bench/deflate.mjs OUT_DIR [max PDFs]');
  process.exit(2);
}

/** The PDF files under a folder, in a stable order. */
function pdfsUnder(folder) {
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.pdf'))
    .sort()
    .map((name) => join(folder, name));
}

/** Every stream of a PDF, decompressed (qpdf's JSON, version 2). */
function streamsOf(pdf) {
  const json = execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', '--json-key=qpdf', pdf], {
    maxBuffer: 1 << 28,
    encoding: 'utf8',
  });
  const objects = JSON.parse(json).qpdf[1];
  return Object.values(objects)
    .map((object) => object?.stream?.data)
    .filter((data) => typeof data === 'string')
    .map((data) => Buffer.from(data, 'base64'));
}

const all = pdfsUnder(dir);
const pdfs = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / Number(maxArg ?? 60))) === 0).slice(0, Number(maxArg ?? 60));
const streams = pdfs.flatMap(streamsOf);
const bytes = streams.reduce((sum, stream) => sum + stream.length, 0);
console.log(`${pdfs.length} PDFs, ${streams.length} streams, ${(bytes / pdfs.length / 1024).toFixed(0)} KiB of stream data per PDF (decompressed)`);

/** Median of 7 passes over all streams after 3 warm-up passes, per PDF. */
function time(name, compress) {
  for (let pass = 0; pass < 3; pass++) for (const stream of streams) compress(stream);
  const passes = [];
  let out = 0;
  for (let pass = 0; pass < 7; pass++) {
    const start = process.hrtime.bigint();
    out = 0;
    for (const stream of streams) out += compress(stream).length;
    passes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const ms = passes.sort((a, b) => a - b)[3];
  console.log(
    `${name.padEnd(32)} ${(ms / pdfs.length).toFixed(2)} ms per PDF, ${(bytes / ms / 1000).toFixed(0)} MB/s, ${((100 * out) / bytes).toFixed(1)} % of the size`,
  );
}

time('fflate level 3 (contents)', (s) => zlibSync(s, { level: 3 }));
time('fflate level 6 (fonts, objects)', (s) => zlibSync(s, { level: 6 }));
time('node:zlib level 3', (s) => deflateSync(s, { level: 3 }));
time('node:zlib level 6', (s) => deflateSync(s, { level: 6 }));
