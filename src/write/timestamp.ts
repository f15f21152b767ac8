import { sourceDateEpoch } from '../env/source-date-epoch.js';
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
export function documentTimestamp(meta: Pick<DocumentMeta, 'date'>, env: NodeJS.ProcessEnv = process.env): Date {
  // One check of the value for every command (src/env/source-date-epoch.ts): refused, never guessed.
  const epoch = sourceDateEpoch(env);
  if (epoch !== undefined) return new Date(epoch * 1000);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(meta.date);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  // Date.UTC silently rolls 2026-02-30 over to March; reject that instead.
  if (!date || date.toISOString().slice(0, 10) !== meta.date) {
    throw new Error(`meta.date must be a real date in the form yyyy-mm-dd, got "${meta.date}"`);
  }
  return date;
}
