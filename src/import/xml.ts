import { DOMParser } from '@xmldom/xmldom';
import { importError } from './zip.js';

/**
 * XML of an untrusted document, parsed with @xmldom/xmldom. Office parts
 * never carry a DTD, so one is refused outright: no entity expansion (the
 * "billion laughs"), no external entities.
 */
export type XmlElement = Element;

export function parseXml(file: string, part: string, bytes: Uint8Array): XmlElement {
  const text = new TextDecoder('utf-8').decode(bytes);
  if (/<!DOCTYPE/i.test(text.slice(0, 4096)) || /<!ENTITY/i.test(text)) {
    throw importError(file, 'import/dtd', `${part} declares a DTD, which no DOCX or ODT part does; refused`);
  }
  let fatal: string | undefined;
  const parser = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (message: string) => void (fatal ??= message),
      fatalError: (message: string) => void (fatal ??= message),
    },
  });
  const doc = parser.parseFromString(text, 'text/xml');
  const root = doc.documentElement;
  if (!root || fatal !== undefined) {
    throw importError(
      file,
      'import/bad-xml',
      `${part} is not well-formed XML${fatal ? `: ${String(fatal).split('\n')[0]}` : ''}`,
      'open the document in Word or LibreOffice and save it again',
    );
  }
  return root as unknown as XmlElement;
}

/** The element children of `el`, optionally only those with the local name `name`. */
export function childElements(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (name === undefined || (node as XmlElement).localName === name)) out.push(node as XmlElement);
  }
  return out;
}

/** The first child element named `name`. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as XmlElement).localName === name) return node as XmlElement;
  }
  return undefined;
}

/** An attribute by its local name, whatever its prefix (`w:val`, `text:style-name`). */
export function attr(el: XmlElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i += 1) {
    const a = attrs.item(i);
    if (a && (a.localName === name || a.name === name)) return a.value;
  }
  return undefined;
}

/** Every descendant element named `name`, in document order. */
export function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (node: XmlElement): void => {
    for (const c of childElements(node)) {
      if (c.localName === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
