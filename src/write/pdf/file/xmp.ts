/**
 * XMP metadata (ISO 16684-1) for PDF/A: the document information dictionary
 * said again in XMP (PDF/A-2, 6.6.2.3: each entry of the Info dictionary has
 * its XMP equivalent with the same value), and the PDF/A identification
 * schema (pdfaid:part, pdfaid:conformance).
 */
import type { DocumentInfo } from './document.js';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A date as XMP writes it (ISO 8601, UTC), the same instant as the Info dictionary's D:…Z. */
export const xmpDate = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface PdfaLevel {
  readonly part: 2;
  readonly conformance: 'A' | 'B';
}

/** The XMP packet (UTF-8). */
export function xmpMetadata(info: DocumentInfo, language: string, level: PdfaLevel): string {
  const alt = (text: string): string =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${escape(text)}</rdf:li>${language ? `<rdf:li xml:lang="${escape(language)}">${escape(text)}</rdf:li>` : ''}</rdf:Alt>`;
  const date = xmpDate(info.date);
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(info.title)}</dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${escape(info.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description>${alt(info.subject)}</dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${escape(language)}</rdf:li></rdf:Bag></dc:language>`,
    `<pdf:Keywords>${escape(info.keywords)}</pdf:Keywords>`,
    `<pdf:Producer>${escape(info.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${escape(info.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<pdfaid:part>${level.part}</pdfaid:part>`,
    `<pdfaid:conformance>${level.conformance}</pdfaid:conformance>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    // Room to edit the metadata in place, as XMP writers leave.
    ...Array.from({ length: 20 }, () => ' '.repeat(99)),
    '<?xpacket end="w"?>',
  ].join('\n');
}
