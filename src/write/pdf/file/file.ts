/**
 * A PDF file as numbered objects, written with its cross-reference table and
 * trailer (PDF 32000-1, 7.5). Streams are compressed with fflate's deflate,
 * pure JavaScript: the bytes do not depend on the zlib of the Node.js in use.
 */
import { createHash } from 'node:crypto';
import { zlibSync } from 'fflate';
import { HexBytes, type PdfDict, type PdfValue, Ref, serialize } from './objects.js';

interface Stored {
  readonly value: PdfValue;
  readonly stream?: Uint8Array;
}

export interface StreamOptions {
  /** Deflate the data at this level (0-9); without it the data is written as it is (already compressed, or tiny). */
  readonly deflate?: number;
}

const encoder = new TextEncoder();

export class PdfFile {
  private readonly objects: Array<Stored | undefined> = [];

  /** A new object number (set its value later, once it is known). */
  ref(): Ref {
    this.objects.push(undefined);
    return new Ref(this.objects.length);
  }

  /** Sets an object's value. */
  set(ref: Ref, value: PdfValue): Ref {
    this.objects[ref.id - 1] = { value };
    return ref;
  }

  /** A new object with this value. */
  add(value: PdfValue): Ref {
    return this.set(this.ref(), value);
  }

  /** Sets a stream object: its dictionary (Length and Filter are added) and data. */
  setStream(ref: Ref, dict: PdfDict, data: Uint8Array, options: StreamOptions = {}): Ref {
    const bytes = options.deflate === undefined ? data : zlibSync(data, { level: options.deflate as 0 });
    const value: PdfDict = { ...dict, ...(options.deflate === undefined ? {} : { Filter: 'FlateDecode' }), Length: bytes.length };
    this.objects[ref.id - 1] = { value, stream: bytes };
    return ref;
  }

  addStream(dict: PdfDict, data: Uint8Array, options: StreamOptions = {}): Ref {
    return this.setStream(this.ref(), dict, data, options);
  }

  /**
   * The file: header, objects in order of their numbers, cross-reference
   * table and trailer. The file identifier is a hash of the objects, so the
   * same document always has the same one.
   */
  write(root: Ref, info: Ref, version = '1.7'): Uint8Array {
    const chunks: Uint8Array[] = [];
    let length = 0;
    const push = (bytes: Uint8Array): void => {
      chunks.push(bytes);
      length += bytes.length;
    };
    // A comment of four bytes above 127 tells transfer tools the file is binary.
    push(encoder.encode(`%PDF-${version}\n`));
    push(new Uint8Array([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]));
    const offsets: number[] = [];
    const hash = createHash('sha256');
    this.objects.forEach((stored, i) => {
      if (stored === undefined) throw new Error(`PDF object ${i + 1} was never set`);
      offsets.push(length);
      const head = encoder.encode(`${i + 1} 0 obj\n${serialize(stored.value)}\n`);
      push(head);
      hash.update(head);
      if (stored.stream) {
        push(encoder.encode('stream\n'));
        push(stored.stream);
        hash.update(stored.stream);
        push(encoder.encode('\nendstream\n'));
      }
      push(encoder.encode('endobj\n'));
    });
    const xref = length;
    const lines = [`xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n`];
    for (const offset of offsets) lines.push(`${String(offset).padStart(10, '0')} 00000 n \n`);
    const id = new HexBytes(hash.digest().subarray(0, 16));
    const trailer = serialize({ Size: this.objects.length + 1, Root: root, Info: info, ID: [id, id] });
    push(encoder.encode(`${lines.join('')}trailer\n${trailer}\nstartxref\n${xref}\n%%EOF\n`));
    const file = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      file.set(chunk, at);
      at += chunk.length;
    }
    return file;
  }
}
