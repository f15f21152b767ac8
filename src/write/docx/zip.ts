import { crc32 } from 'node:zlib';
import { deflateSync, strToU8, Zip, type ZipInputFile } from 'fflate';

/**
 * The DOCX package's zip, written by fflate's streaming `Zip` from entries
 * that are compressed when they are made. The skeleton's constant parts are
 * thus compressed once per skeleton and only the document's own parts per
 * document: `zipSync` would compress every part of every document again,
 * which costs more than writing the document itself.
 *
 * Every entry is dated with one timestamp, written as its UTC wall time (see
 * setDosTimes), so the bytes do not depend on the machine's time zone.
 */

/** An entry ready for the archive. */
export interface ZipEntry {
  /** Path inside the archive, with forward slashes. */
  readonly name: string;
  /** 8 = deflated, 0 = stored. */
  readonly method: 0 | 8;
  /** CRC-32 of the uncompressed bytes. */
  readonly crc: number;
  /** Uncompressed size in bytes. */
  readonly size: number;
  /** The bytes as stored in the archive (compressed for method 8). */
  readonly data: Uint8Array;
}

/** Deflates `data` (fflate, level 6 like zipSync's default) into an entry. */
export function deflatedEntry(name: string, data: Uint8Array | string): ZipEntry {
  const bytes = typeof data === 'string' ? strToU8(data) : data;
  return { name, method: 8, crc: crc32(bytes) >>> 0, size: bytes.length, data: deflateSync(bytes, { level: 6 }) };
}

/** An entry stored as it is: for data that is compressed already (PNG, JPEG). */
export function storedEntry(name: string, data: Uint8Array): ZipEntry {
  return { name, method: 0, crc: crc32(data) >>> 0, size: data.length, data };
}

/** MS-DOS date and time fields of a timestamp, from its UTC fields; zip cannot store dates before 1980. */
export function dosDateTime(timestamp: Date): { date: number; time: number } {
  const clamped = new Date(Math.max(timestamp.getTime(), Date.UTC(1980, 0, 1)));
  return {
    time: (clamped.getUTCHours() << 11) | (clamped.getUTCMinutes() << 5) | (clamped.getUTCSeconds() >> 1),
    date: ((clamped.getUTCFullYear() - 1980) << 9) | ((clamped.getUTCMonth() + 1) << 5) | clamped.getUTCDate(),
  };
}

/** fflate reads mtime with local-time getters: a placeholder, replaced by setDosTimes. */
const PLACEHOLDER_MTIME = new Date(1980, 0, 1, 12, 0, 0);

/** The archive: entries in the order given, each dated `timestamp`. */
export function zip(entries: readonly ZipEntry[], timestamp: Date): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | undefined;
  const archive = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  for (const entry of entries) {
    // An entry whose data is ready: fflate writes the headers, the bytes and the central directory.
    const file: ZipInputFile = { filename: entry.name, size: entry.size, crc: entry.crc, compression: entry.method, mtime: PLACEHOLDER_MTIME };
    archive.add(file);
    // fflate's handler type asks for an ArrayBuffer-backed array; entries are made by fflate or read from files, never shared memory.
    file.ondata!(null, entry.data as Uint8Array<ArrayBuffer>, true);
  }
  archive.end();
  if (failure) throw failure;
  const out = concat(chunks);
  setDosTimes(out, timestamp);
  return out;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Writes the timestamp into every local header and central directory record
 * as its UTC fields: fflate would write the machine's local time, and the
 * same document must give the same bytes on every machine.
 */
function setDosTimes(zip: Uint8Array, timestamp: Date): void {
  const { time, date } = dosDateTime(timestamp);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let entry = view.getUint32(end + 16, true);
  for (let index = 0; index < count; index++) {
    if (view.getUint32(entry, true) !== 0x02014b50) throw new Error('corrupt zip: bad central directory entry');
    view.setUint16(entry + 12, time, true);
    view.setUint16(entry + 14, date, true);
    const local = view.getUint32(entry + 42, true);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    entry += 46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
  }
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes, at the very end.
  for (let offset = view.byteLength - 22; offset >= Math.max(0, view.byteLength - 22 - 0xffff); offset--) {
    if (view.getUint32(offset, true) === 0x06054b50) return offset;
  }
  throw new Error('corrupt zip: no end of central directory');
}
