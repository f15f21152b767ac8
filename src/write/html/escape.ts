/** Text and attribute values escaped for HTML: the five characters that could start markup or end an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char as keyof typeof ENTITIES]);
}

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' } as const;

/**
 * A CSS string literal. Quotes and backslashes are escaped, and so is every
 * character that could end the <style> element or a line (CSS escapes are a
 * backslash, hex digits and one space).
 */
export function cssString(text: string): string {
  const escaped = text.replace(/["\\<>\n\r\f\u2028\u2029]/g, (char) => `\\${char.codePointAt(0)!.toString(16)} `);
  return `"${escaped}"`;
}

/** A number for CSS: at most three decimals, no exponent, no trailing zeros. */
export function cssNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
