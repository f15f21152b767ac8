import { escapeAttribute } from './xml.js';

/** Relationship types of the parts a document adds to its skeleton. */
export const RELATIONSHIP_TYPE = {
  header: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/header',
  footer: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer',
  image: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image',
} as const;

/** A picture stored in word/media/. */
export interface MediaFile {
  /** Entry name in the package, e.g. word/media/image1.png. */
  path: string;
  data: Uint8Array;
}

/** File extension per image format; the skeleton's [Content_Types].xml has a default for each. */
const MEDIA_EXTENSION = { png: 'png', jpeg: 'jpg' } as const;

/**
 * What one document numbers and collects while it is written: tracked-change
 * ids, drawing ids, the relationships of word/document.xml beyond the
 * skeleton's, and media. Everything is numbered in the order it is asked for,
 * which is document order, and starts afresh for every document, so nothing
 * depends on what the process wrote before.
 */
export class DocumentParts {
  private revisionId = 0;
  private drawingId = 0;
  private relationshipId: number;
  private readonly relationships: string[] = [];
  private readonly mediaByContent = new Map<string, { relationshipId: string }>();
  readonly media: MediaFile[] = [];

  /** `firstRelationshipId`: the first rId number free after the skeleton's relationships. */
  constructor(firstRelationshipId: number) {
    this.relationshipId = firstRelationshipId;
  }

  /** w:id of the next w:ins or w:del: 1, 2, … */
  nextRevisionId(): number {
    return ++this.revisionId;
  }

  /** wp:docPr id of the next drawing, unique in the document: 1, 2, … */
  nextDrawingId(): number {
    return ++this.drawingId;
  }

  /** Adds a relationship of word/document.xml; returns its id. */
  addRelationship(type: string, target: string): string {
    const id = `rId${this.relationshipId++}`;
    this.relationships.push(`<Relationship Id="${id}" Type="${type}" Target="${escapeAttribute(target)}"/>`);
    return id;
  }

  /**
   * Stores a picture (base64, as the model carries it) as word/media/image<n>.<ext>
   * and returns the relationship id to embed it by. The same picture twice is
   * stored once.
   */
  addImage(format: keyof typeof MEDIA_EXTENSION, base64: string): string {
    const key = `${format}:${base64}`;
    const known = this.mediaByContent.get(key);
    if (known !== undefined) return known.relationshipId;
    const name = `image${this.media.length + 1}.${MEDIA_EXTENSION[format]}`;
    const relationshipId = this.addRelationship(RELATIONSHIP_TYPE.image, `media/${name}`);
    const data = Buffer.from(base64, 'base64');
    this.media.push({ path: `word/media/${name}`, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    this.mediaByContent.set(key, { relationshipId });
    return relationshipId;
  }

  /** The Relationship elements added so far, in order. */
  relationshipXml(): string {
    return this.relationships.join('');
  }
}
