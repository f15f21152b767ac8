import { crc32 } from 'node:zlib';
import { deflateSync, strToU8 } from 'fflate';

/**
 * A minimal zip writer for the DOCX package. Entries are compressed when they
 * are made (fflate's DEFLATE), so the skeleton's constant parts are compressed
 * once per skeleton and only the document's own parts per document: fflate's
 * zipSync would compress every part of every document again, which costs more
 * than writing the document itself.
 *
 * The archive is plain PKZIP 2.0: no data descriptors, no zip64 (a job
 * description is far below 4 GB), no extra fields, every entry dated with one
 * timestamp written as its UTC wall time, so the bytes do not depend on the
 * machine's time zone.
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

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_OF_CENTRAL_DIRECTORY = 22;
/** PKZIP 2.0: deflate. */
const VERSION = 20;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_NAME = 0x0800;

/** MS-DOS date and time fields of a timestamp, from its UTC fields; zip cannot store dates before 1980. */
export function dosDateTime(timestamp: Date): { date: number; time: number } {
  const clamped = new Date(Math.max(timestamp.getTime(), Date.UTC(1980, 0, 1)));
  return {
    time: (clamped.getUTCHours() << 11) | (clamped.getUTCMinutes() << 5) | (clamped.getUTCSeconds() >> 1),
    date: ((clamped.getUTCFullYear() - 1980) << 9) | ((clamped.getUTCMonth() + 1) << 5) | clamped.getUTCDate(),
  };
}

/** The archive: entries in the order given, each dated `timestamp`. */
export function zip(entries: readonly ZipEntry[], timestamp: Date): Uint8Array {
  const { date, time } = dosDateTime(timestamp);
  const names = entries.map((entry) => strToU8(entry.name));
  let length = END_OF_CENTRAL_DIRECTORY;
  entries.forEach((entry, index) => {
    length += LOCAL_HEADER + CENTRAL_HEADER + 2 * (names[index]?.length ?? 0) + entry.data.length;
  });
  if (length > 0xffffffff || entries.length > 0xffff) throw new Error('the DOCX package is too large for a zip without zip64');

  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  // The fields a local header and its central directory record share, from "version needed" on.
  const common = (offset: number, entry: ZipEntry, name: Uint8Array): void => {
    view.setUint16(offset, VERSION, true);
    view.setUint16(offset + 2, entry.name.length === name.length ? 0 : UTF8_NAME, true);
    view.setUint16(offset + 4, entry.method, true);
    view.setUint16(offset + 6, time, true);
    view.setUint16(offset + 8, date, true);
    view.setUint32(offset + 10, entry.crc, true);
    view.setUint32(offset + 14, entry.data.length, true);
    view.setUint32(offset + 18, entry.size, true);
    view.setUint16(offset + 22, name.length, true);
    // Extra field length 0: the buffer is zeroed.
  };
  entries.forEach((entry, index) => {
    const name = names[index] ?? new Uint8Array(0);
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    common(at + 4, entry, name);
    out.set(name, at + LOCAL_HEADER);
    out.set(entry.data, at + LOCAL_HEADER + name.length);
    at += LOCAL_HEADER + name.length + entry.data.length;
  });
  const centralDirectory = at;
  entries.forEach((entry, index) => {
    const name = names[index] ?? new Uint8Array(0);
    view.setUint32(at, 0x02014b50, true);
    // Version made by: MS-DOS, PKZIP 2.0, so no Unix permissions are read from the attributes.
    view.setUint16(at + 4, VERSION, true);
    common(at + 6, entry, name);
    // Comment length, disk number, internal and external attributes: 0.
    view.setUint32(at + 42, offsets[index] ?? 0, true);
    out.set(name, at + CENTRAL_HEADER);
    at += CENTRAL_HEADER + name.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - centralDirectory, true);
  view.setUint32(at + 16, centralDirectory, true);
  return out;
}
