/**
 * A PDF of the writer read as text by tests that look for dictionary entries
 * (`/Lang (en)`, `/Subtype /Image`): the objects packed into object streams
 * are inflated and appended as plain objects (`12 0 obj … endobj`), written
 * as the writer serialises them, after the bytes of the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

export function pdfText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes);
  const text = buffer.toString('latin1');
  const unpacked: string[] = [];
  const header = /\d+ 0 obj\n(<<\n\/Type \/ObjStm\n[\s\S]*?)\nstream\n/g;
  for (const match of text.matchAll(header)) {
    const dict = match[1]!;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const first = Number(/\/First (\d+)/.exec(dict)?.[1]);
    const start = match.index + match[0].length;
    const data = inflateSync(buffer.subarray(start, start + length)).toString('latin1');
    const pairs = data.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i < pairs.length; i += 2) {
      const end = i + 3 < pairs.length ? first + pairs[i + 3]! : data.length;
      unpacked.push(`${pairs[i]} 0 obj\n${data.slice(first + pairs[i + 1]!, end).trimEnd()}\nendobj\n`);
    }
  }
  return text + unpacked.join('');
}

/**
 * The file as qpdf rewrites it in QDF form (streams uncompressed, no object
 * streams, the objects in order) as latin1 text, so a test can edit it in
 * place (same lengths, qpdf's QDF layout) and read it back.
 */
export function qdfText(bytes: Uint8Array): string {
  const work = mkdtempSync(join(tmpdir(), 'jdgen-qdf-'));
  try {
    const path = join(work, 'in.pdf');
    const qdf = join(work, 'qdf.pdf');
    writeFileSync(path, bytes);
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', path, qdf]);
    return readFileSync(qdf, 'latin1');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
