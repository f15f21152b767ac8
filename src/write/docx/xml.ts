/**
 * The few XML primitives the WordprocessingML serializer is built on: escaping
 * and element strings. Parts are written as strings directly: building an
 * object tree first (as the docx library does) costs more than the rest of the
 * writer together.
 */

/** The declaration every part starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/**
 * Characters XML 1.0 does not allow anywhere, not even escaped: C0 controls
 * other than tab, line feed and carriage return, U+FFFE and U+FFFF, and
 * surrogates that are not part of a pair. Word refuses a part containing one.
 */
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_INVALID = new RegExp(INVALID.source);

const TEXT_SPECIAL = /[&<>]/g;
const HAS_TEXT_SPECIAL = /[&<>]/;
/** In attributes also quotes, and whitespace that attribute normalisation would turn into spaces. */
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/g;
const HAS_ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const entity = (char: string): string => ENTITIES[char] ?? char;

/** The text without the characters XML 1.0 cannot carry. */
export function stripInvalid(text: string): string {
  return HAS_INVALID.test(text) ? text.replace(INVALID, '') : text;
}

/** Character data: safe between tags. */
export function escapeText(text: string): string {
  const clean = stripInvalid(text);
  return HAS_TEXT_SPECIAL.test(clean) ? clean.replace(TEXT_SPECIAL, entity) : clean;
}

/** An attribute value: safe between double quotes, whitespace kept as written. */
export function escapeAttribute(value: string): string {
  const clean = stripInvalid(value);
  return HAS_ATTRIBUTE_SPECIAL.test(clean) ? clean.replace(ATTRIBUTE_SPECIAL, entity) : clean;
}

/** Attribute values; undefined leaves the attribute out. Numbers are written as they are. */
export type Attributes = Readonly<Record<string, string | number | undefined>>;

function attributeList(attributes: Attributes | undefined): string {
  if (attributes === undefined) return '';
  let out = '';
  for (const name in attributes) {
    const value = attributes[name];
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? String(value) : escapeAttribute(value)}"`;
  }
  return out;
}

/**
 * An element. Without content it is written self-closed; `content` is markup
 * already (escape text with escapeText first).
 */
export function element(name: string, attributes?: Attributes, content?: string): string {
  const attrs = attributeList(attributes);
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

/** An element holding text, with xml:space="preserve" so leading and trailing spaces survive. */
export function textElement(name: string, text: string): string {
  return `<${name} xml:space="preserve">${escapeText(text)}</${name}>`;
}

/** A w: element whose only attribute is w:val, the most common shape in WordprocessingML. */
export function valueElement(name: string, value: string | number): string {
  return `<${name} w:val="${typeof value === 'number' ? String(value) : escapeAttribute(value)}"/>`;
}
