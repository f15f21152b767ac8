/**
 * A PDF file as numbered objects, written with object streams and a
 * cross-reference stream (PDF 32000-1, 7.5.7, 7.5.8). Streams are compressed with fflate's deflate,
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

/** A string of characters 0-255 as bytes. */
function latin1(text: string): Uint8Array {
  // Checked first: Buffer's latin1 encoding would keep only the low byte of a character above 255.
  if (ABOVE_LATIN1.test(text)) throw new Error('a PDF object with a character above 255');
  return Buffer.from(text, 'latin1');
}

const ABOVE_LATIN1 = /[^\x00-\xff]/;

/** Objects per object stream (qpdf's choice too): a reader finding one object inflates at most this many. */
const OBJECTS_PER_STREAM = 100;
/** Deflate level of the object and cross-reference streams. */
const OBJECT_STREAM_DEFLATE = 6;

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
   * The file: header, the stream objects, the other objects packed into
   * object streams, and a cross-reference stream with the trailer's entries
   * (PDF 32000-1, 7.5.7 and 7.5.8; PDF 1.5, allowed by PDF/A-2). Dictionaries
   * (the structure tree above all: one object per element) compress well
   * together, about half the file otherwise. Objects are packed in order of
   * their numbers, so the bytes depend on nothing but the document. The file
   * identifier is a hash of the objects, so the same document always has the
   * same one.
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
    const count = this.objects.length;
    // Where each object is: [1, offset] in the file, [2, object stream, index] packed.
    const entries: Array<[1, number] | [2, number, number]> = [];
    const hash = createHash('sha256');
    const packed: Array<{ id: number; text: string }> = [];
    this.objects.forEach((stored, i) => {
      if (stored === undefined) throw new Error(`PDF object ${i + 1} was never set`);
      const text = serialize(stored.value);
      const headText = `${i + 1} 0 obj\n${text}\n`;
      if (stored.stream === undefined) {
        // Hashed as its UTF-8 bytes, the bytes encode() would give: no array made for an object that is packed.
        hash.update(headText);
        packed.push({ id: i + 1, text });
        return;
      }
      const head = encoder.encode(headText);
      hash.update(head);
      hash.update(stored.stream);
      entries[i] = [1, length];
      push(head);
      push(encoder.encode('stream\n'));
      push(stored.stream);
      push(encoder.encode('\nendstream\nendobj\n'));
    });
    // The object streams take the numbers after the document's objects.
    let next = count + 1;
    const writeStream = (id: number, dict: PdfDict, data: Uint8Array): void => {
      entries[id - 1] = [1, length];
      push(encoder.encode(`${id} 0 obj\n${serialize({ ...dict, Length: data.length })}\nstream\n`));
      push(data);
      push(encoder.encode('\nendstream\nendobj\n'));
    };
    for (let start = 0; start < packed.length; start += OBJECTS_PER_STREAM) {
      const group = packed.slice(start, start + OBJECTS_PER_STREAM);
      const id = next++;
      // Serialised objects are ASCII (text strings are escaped or hexadecimal), so characters are bytes.
      const offsets: string[] = [];
      let body = '';
      group.forEach((object, index) => {
        offsets.push(`${object.id} ${body.length}`);
        body += `${object.text}\n`;
        entries[object.id - 1] = [2, id, index];
      });
      const header = `${offsets.join(' ')}\n`;
      const data = latin1(header + body);
      writeStream(id, { Type: 'ObjStm', N: group.length, First: header.length, Filter: 'FlateDecode' }, zlibSync(data, { level: OBJECT_STREAM_DEFLATE }));
    }
    // The cross-reference stream, the last object: its own entry is where it starts.
    const xrefId = next++;
    const xref = length;
    entries[xrefId - 1] = [1, xref];
    const size = next;
    const offsetBytes = Math.max(1, Math.ceil(Math.log2(xref + 1) / 8));
    const table = new Uint8Array(size * (1 + offsetBytes + 2));
    let at = 0;
    const field = (value: number, bytes: number): void => {
      for (let b = bytes - 1; b >= 0; b -= 1) table[at++] = Math.floor(value / 256 ** b) % 256;
    };
    // Object 0, the head of the free list.
    field(0, 1);
    field(0, offsetBytes);
    field(0xffff, 2);
    for (const entry of entries) {
      if (entry === undefined) throw new Error('a PDF object without a cross-reference entry');
      field(entry[0], 1);
      field(entry[1], offsetBytes);
      field(entry[0] === 2 ? entry[2] : 0, 2);
    }
    const id = new HexBytes(hash.digest().subarray(0, 16));
    writeStream(
      xrefId,
      { Type: 'XRef', Size: size, W: [1, offsetBytes, 2], Root: root, Info: info, ID: [id, id], Filter: 'FlateDecode' },
      zlibSync(table, { level: OBJECT_STREAM_DEFLATE }),
    );
    push(encoder.encode(`startxref\n${xref}\n%%EOF\n`));
    const file = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      file.set(chunk, offset);
      offset += chunk.length;
    }
    return file;
  }
}
