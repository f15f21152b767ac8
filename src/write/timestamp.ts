import type { DocumentMeta } from '../model/types.js';

/**
 * The date stamped into a generated file (PDF CreationDate/ModDate, DOCX core
 * properties, zip entry times).
 *
 * Never the wall clock: the same input must give the same bytes. By default the
 * document's own date at 00:00:00 UTC; if SOURCE_DATE_EPOCH is set (the
 * reproducible-builds convention: seconds since 1970-01-01 UTC) it wins, so a
 * build system can pin every file of a release to one instant.
 */
export function documentTimestamp(
  meta: Pick<DocumentMeta, 'date'>,
  env: NodeJS.ProcessEnv = process.env,
): Date {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch !== undefined && epoch !== '') {
    // The spec asks tools to refuse a malformed value rather than guess.
    if (!/^\d+$/.test(epoch)) {
      throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, got "${epoch}"`);
    }
    return new Date(Number(epoch) * 1000);
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(meta.date);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  // Date.UTC silently rolls 2026-02-30 over to March; reject that instead.
  if (!date || date.toISOString().slice(0, 10) !== meta.date) {
    throw new Error(`meta.date must be a real date in the form yyyy-mm-dd, got "${meta.date}"`);
  }
  return date;
}
