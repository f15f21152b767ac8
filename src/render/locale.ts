import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { makeDiagnostic, UserError } from '../diagnostics.js';

/** A locale file: every fixed phrase of the document in one language. */
export interface Locale {
  name: string;
  /** Where it was read from, for messages about missing phrases. */
  file: string;
  /** The BCP 47 tag handed to Intl for dates and numbers (e.g. `en-GB`). */
  intl: string;
  phrases: Record<string, unknown>;
}

/** Lists the locale names a templates folder offers (`locales/<name>.yaml`). */
export async function availableLocales(templatesDir: string): Promise<string[]> {
  const entries = await readdir(join(templatesDir, 'locales')).catch(() => [] as string[]);
  return entries.filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -'.yaml'.length)).sort();
}

export async function loadLocale(templatesDir: string, name: string, requestedBy: string): Promise<Locale> {
  const file = join(templatesDir, 'locales', `${name}.yaml`);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    const known = await availableLocales(templatesDir);
    throw new UserError([
      makeDiagnostic({
        code: 'locale/unknown',
        file: requestedBy,
        line: 0,
        column: 0,
        message: `unknown locale \`${name}\``,
        hint: `known locales: ${known.join(', ') || '(none)'}; add ${file} to offer another`,
      }),
    ]);
  }
  const data = parse(text.normalize('NFC')) as { intl?: string; phrases?: Record<string, unknown> } | null;
  return { name, file, intl: data?.intl ?? name, phrases: data?.phrases ?? {} };
}

/** Looks up `a.b.c` in the phrases; undefined when any part is missing or not text. */
export function phrase(locale: Locale, key: string): string | undefined {
  let node: unknown = locale.phrases;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node.normalize('NFC') : undefined;
}

/** Formats an ISO date (`2026-11-02`) the way the locale writes dates in documents. */
export function formatDate(locale: Locale, iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  // timeZone UTC: the document date is a calendar date, not an instant.
  return new Intl.DateTimeFormat(locale.intl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
