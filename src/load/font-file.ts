/**
 * A font named by style.yaml, checked before anything parses it: HarfBuzz
 * fails deep inside with internal errors on a text file, a PNG or a
 * truncated font. Only the table directory is read (OpenType spec, "Organization
 * of an OpenType Font"): a few hundred bytes, not the megabytes of the font.
 */
import { FileRefused, readRegularHeadSync } from './read-file.js';

/** sfnt versions jdgen embeds: TrueType outlines, and CFF outlines (OTTO). */
const TRUETYPE = new Set([0x00010000, 0x74727565 /* 'true' */]);
const OPENTYPE_CFF = 0x4f54544f; /* 'OTTO' */
const OTHER_FORMATS: Record<number, string> = {
  0x74746366: 'a font collection (.ttc); name a single .ttf or .otf file', // 'ttcf'
  0x774f4646: 'a WOFF web font; name the .ttf or .otf file', // 'wOFF'
  0x774f4632: 'a WOFF2 web font; name the .ttf or .otf file', // 'wOF2'
};
/** Real fonts have a few dozen tables; the directory of this many fits in the bytes read. */
const MAX_TABLES = 256;
const REQUIRED = ['cmap', 'head', 'hhea', 'hmtx', 'maxp'];

/** Why the file is not a font jdgen can embed, or undefined when its table directory is sound. */
export function fontProblem(path: string): string | undefined {
  let read: { head: Buffer; size: number };
  try {
    read = readRegularHeadSync(path, 'font', 12 + 16 * MAX_TABLES);
  } catch (error) {
    if (error instanceof FileRefused) return error.reason;
    throw error;
  }
  return directoryProblem(read.head, read.size);
}

/** Checks the sfnt header and table directory against the file's size. */
export function directoryProblem(head: Buffer, size: number): string | undefined {
  const notAFont = 'is not a TrueType or OpenType font';
  if (head.length < 12) return notAFont;
  const version = head.readUInt32BE(0);
  if (OTHER_FORMATS[version]) return `is ${OTHER_FORMATS[version]}`;
  if (!TRUETYPE.has(version) && version !== OPENTYPE_CFF) return notAFont;
  const count = head.readUInt16BE(4);
  if (count === 0 || count > MAX_TABLES || head.length < 12 + 16 * count) return `${notAFont} (its table directory is damaged)`;
  const tables = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    const record = 12 + 16 * i;
    const tag = head.toString('latin1', record, record + 4);
    const end = head.readUInt32BE(record + 8) + head.readUInt32BE(record + 12);
    if (end > size) return `is truncated or damaged: its \`${tag.trim()}\` table ends at byte ${end}, the file has ${size}`;
    tables.add(tag);
  }
  const outlines = version === OPENTYPE_CFF ? ['CFF '] : ['glyf', 'loca'];
  const missing = [...REQUIRED, ...outlines].filter((tag) => !tables.has(tag));
  return missing.length > 0 ? `${notAFont}: it has no ${missing.map((t) => `\`${t.trim()}\``).join(', ')} table` : undefined;
}
