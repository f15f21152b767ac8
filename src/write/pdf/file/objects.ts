/**
 * PDF objects and their syntax (PDF 32000-1, 7.3): numbers, names, strings,
 * arrays, dictionaries and indirect references, written as bytes.
 *
 * The writer's own: every byte of the file comes from here or from a content
 * stream the writer built, so the file depends on nothing but the input.
 */

/** An indirect reference (`12 0 R`); the object it names is set on the PdfFile. */
export class Ref {
  constructor(readonly id: number) {}
}

/** A name (`/Type`). Plain JavaScript strings in values are written as names too; this marks one explicitly. */
export class Name {
  constructor(readonly name: string) {}
}

/** A text string (Title, Author…): ASCII as a literal string, anything else as UTF-16BE with a byte order mark. */
export class Text {
  constructor(readonly text: string) {}
}

/** A byte string written as hexadecimal (`<0a1b>`), e.g. the file identifier. */
export class HexBytes {
  constructor(readonly bytes: Uint8Array) {}
}

/** Written as it is (an operator-free fragment such as a date string already in PDF syntax). */
export class Raw {
  constructor(readonly text: string) {}
}

export type PdfValue = number | boolean | null | string | Ref | Name | Text | HexBytes | Raw | PdfValue[] | PdfDict;
export interface PdfDict {
  [key: string]: PdfValue | undefined;
}

/** A number as PDF writes it: rounded to 6 decimals, never in exponent form. */
export function pdfNumber(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

function numberText(n: number): string {
  const rounded = pdfNumber(n);
  const text = String(rounded);
  // Tiny values (1e-7) are 0 after rounding; anything left in exponent form is written out.
  return /e/i.test(text) ? rounded.toFixed(6).replace(/\.?0+$/, '') : text;
}

/** A character a name writes as #xx (PDF 32000-1, 7.3.5), or one outside ASCII. */
const ESCAPED_IN_NAME = /[^\x21-\x7e]|[#()<>[\]{}/%]/;

/** Characters a name writes as #xx (PDF 32000-1, 7.3.5). */
function nameText(name: string): string {
  // Most names (dictionary keys, types, resource names) need no escape: written as they are.
  if (!ESCAPED_IN_NAME.test(name)) return `/${name}`;
  let out = '/';
  for (const byte of Buffer.from(name, 'utf8')) {
    out +=
      byte < 0x21 || byte > 0x7e || '#()<>[]{}/%'.includes(String.fromCharCode(byte)) ? `#${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** A literal string of bytes 0-255 (given as a latin1 string), with \, ( and ) and line ends escaped. */
export function literalString(latin1: string): string {
  return `(${latin1
    .replace(/[\\()]/g, '\\$&')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')})`;
}

function textString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return literalString(text);
  let hex = 'feff';
  for (let i = 0; i < text.length; i += 1) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex}>`;
}

/** A value in PDF syntax (dictionaries on several lines, as most writers do). */
export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return nameText(value);
    default:
      break;
  }
  if (value instanceof Ref) return `${value.id} 0 R`;
  if (value instanceof Name) return nameText(value.name);
  if (value instanceof Text) return textString(value.text);
  if (value instanceof HexBytes) return `<${Buffer.from(value.bytes).toString('hex')}>`;
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += i === 0 ? serialize(value[i]!) : ` ${serialize(value[i]!)}`;
    return `${out}]`;
  }
  // One string grown in place (a tagged document has an object per structure element: thousands of these).
  let out = '<<';
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item !== undefined) out += `\n${nameText(key)} ${serialize(item)}`;
  }
  return `${out}\n>>`;
}

/** A date as PDF writes it (PDF 32000-1, 7.9.4), in UTC. */
export function pdfDate(date: Date): Text {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const text =
    `D:${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return new Text(text);
}
