/**
 * Escaping between user text and the block markup the templates emit.
 *
 * Templates are compiled with `noEscape` (HTML escaping would be wrong for a
 * document), so the data handed to them is escaped for the markup instead:
 * a user's `|`, `*`, `@` or `\` can never become markup, and a line break in
 * a YAML folded string can never start a new block.
 */
const SPECIAL = /[\\|*@]/g;

export function escapeMarkup(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').replace(SPECIAL, (char) => `\\${char}`);
}

/** Escapes every string in a JSON-like value, keeping its shape. */
export function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeMarkup(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapeDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[key] = escapeDeep(child);
    return out as T;
  }
  return value;
}

/** Splits a markup line on unescaped `|`, keeping escapes for `unescapeMarkup` later. */
export function splitFields(text: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[++i];
    } else if (char === '|') {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields.map((field) => field.trim());
}

export function unescapeMarkup(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
