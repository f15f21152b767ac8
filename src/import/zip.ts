import { unzipSync } from 'fflate';
import { makeDiagnostic, UserError } from '../diagnostics.js';

/**
 * Reading the zip of a DOCX or ODT someone sent: the file is untrusted, so
 * the archive is capped before anything is inflated (entry count, declared
 * sizes, compression ratio), only the parts the reader asks for are
 * inflated, and names are never used as paths.
 */
export const ZIP_LIMITS = {
  /** Largest input file. */
  fileBytes: 64 * 1024 * 1024,
  /** Entries in the archive (a long Word document has a few dozen). */
  entries: 5000,
  /** Uncompressed size of all the parts read together. */
  totalBytes: 128 * 1024 * 1024,
  /** Uncompressed size of one part. */
  entryBytes: 64 * 1024 * 1024,
  /** Uncompressed / compressed, for parts over 1 MiB: text XML deflates about 10:1; a zip bomb, a thousand to one. */
  ratio: 200,
};

/** The zip's entries named by `wanted` (others are skipped unread), as bytes. */
export function readZipParts(file: string, bytes: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  if (bytes.length > ZIP_LIMITS.fileBytes) {
    throw importError(file, 'import/too-large', `the file is ${bytes.length} bytes; documents over ${ZIP_LIMITS.fileBytes} bytes are not imported`);
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw importError(
      file,
      'import/not-zip',
      'not a DOCX or ODT document (it is not a zip archive)',
      'save it from Word or LibreOffice as .docx (or .odt); old .doc files are not read',
    );
  }
  let entries = 0;
  let total = 0;
  const problems: string[] = [];
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (entry) => {
        entries += 1;
        if (entries > ZIP_LIMITS.entries) {
          problems.push(`more than ${ZIP_LIMITS.entries} entries`);
          return false;
        }
        if (!wanted(entry.name)) return false;
        total += entry.originalSize;
        if (entry.originalSize > ZIP_LIMITS.entryBytes) problems.push(`${entry.name} unpacks to ${entry.originalSize} bytes`);
        else if (total > ZIP_LIMITS.totalBytes) problems.push(`its parts unpack to more than ${ZIP_LIMITS.totalBytes} bytes`);
        else if (entry.originalSize > 1024 * 1024 && entry.originalSize > entry.size * ZIP_LIMITS.ratio) {
          problems.push(`${entry.name} is compressed ${Math.round(entry.originalSize / Math.max(1, entry.size))} to 1`);
        } else return true;
        return false;
      },
    });
  } catch (error) {
    throw importError(file, 'import/bad-zip', `the zip archive is damaged (${(error as Error).message})`, 'open it in Word or LibreOffice and save it again');
  }
  if (problems.length > 0) throw importError(file, 'import/zip-bomb', `refused as a possible zip bomb: ${problems[0]}`);
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(parts)) {
    // The declared size is what the caps checked: a part that inflates to more is a lie.
    if (data.length > ZIP_LIMITS.entryBytes)
      throw importError(file, 'import/zip-bomb', `refused as a possible zip bomb: ${name} unpacks to more than it declares`);
    out.set(name, data);
  }
  return out;
}

/** A document that cannot be imported: exit 1 with the file named. */
export function importError(file: string, code: string, message: string, hint?: string): UserError {
  return new UserError([makeDiagnostic({ code, file, line: 0, column: 0, message, ...(hint ? { hint } : {}) })]);
}
