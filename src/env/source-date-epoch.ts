import { UsageError } from '../diagnostics.js';
import { printable } from './printable.js';

/** 9999-12-31T23:59:59Z: the last second a four-digit year (PDF, DOCX, yyyy-mm-dd) can show. */
export const MAX_SOURCE_DATE_EPOCH = 253402300799;

/**
 * SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/):
 * the instant stamped into every output instead of the clock. Unset or empty
 * gives undefined. The spec asks tools to refuse a malformed value rather than
 * guess, so anything but whole seconds from 0 to the end of year 9999 is wrong
 * usage (exit 2), refused by every command before it does any work.
 */
export function sourceDateEpoch(env: Record<string, string | undefined>): number | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  const text = raw?.trim();
  if (raw === undefined || text === '') return undefined;
  const seconds = /^\d+$/.test(text!) ? Number(text) : NaN;
  if (Number.isNaN(seconds)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, got \`${printable(raw)}\``);
  if (seconds > MAX_SOURCE_DATE_EPOCH) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC up to ${MAX_SOURCE_DATE_EPOCH} (the end of year 9999), got \`${printable(raw)}\``,
    );
  }
  return seconds;
}

/** "Now" for anything jdgen dates itself (the stub of `jdgen new`): SOURCE_DATE_EPOCH when set, else the clock. */
export function now(env: Record<string, string | undefined>): Date {
  const seconds = sourceDateEpoch(env);
  return seconds === undefined ? new Date() : new Date(seconds * 1000);
}
