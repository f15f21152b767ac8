/**
 * A PDF document being drawn: pages with their content streams and
 * resources, the drawing operators the layout uses (lines, rectangles,
 * colours, opacity, rotation, images), the outline, and the file at the end.
 *
 * User space runs down the page, as the layout measures it: each page's
 * content starts with a matrix that flips the y axis (origin at the top
 * left, y in points from the top), the convention pdfkit had, so the layout
 * and the text operators (glyphs.ts) keep their coordinates.
 */
import type { EmbeddedFont } from './font.js';
import { PdfFile } from './file.js';
import { jpegImage, rasterImage } from './image.js';
import { type PdfDict, type PdfValue, type Ref, Text, pdfDate, pdfNumber } from './objects.js';
import type { Raster } from '../raster.js';
import { srgbProfileDeflated } from './srgb.js';
import { xmpMetadata } from './xmp.js';

export interface Sides {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface DocumentInfo {
  readonly title: string;
  readonly subject: string;
  readonly author: string;
  readonly keywords: string;
  readonly creator: string;
  readonly producer: string;
  readonly date: Date;
}

export interface DocumentOptions {
  /** Page size in points. */
  readonly size: readonly [number, number];
  readonly margins: Sides;
  readonly info: DocumentInfo;
  /** BCP 47 language of the document (/Lang). */
  readonly language: string;
  /** Deflate level of the page contents. */
  readonly contentDeflate: number;
  /** Write the signature fields asked for (signatureField); without it they are left out. */
  readonly signFields?: boolean;
}

interface SignatureField {
  readonly name: string;
  readonly page: Page;
  /** In user space (y down the page). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export class Page {
  /** Content stream chunks (operators as bytes). */
  readonly chunks: Uint8Array[] = [];
  readonly fonts = new Map<string, Ref>();
  readonly xobjects = new Map<string, Ref>();
  readonly states = new Map<string, Ref>();
  /** Widget annotations (signature fields). */
  annotations: Ref[] = [];
  readonly ref: Ref;

  constructor(
    readonly width: number,
    readonly height: number,
    public margins: Sides,
    file: PdfFile,
  ) {
    this.ref = file.ref();
  }
}

interface Bookmark {
  readonly title: string;
  readonly page: Page;
  /** Points from the top of the page. */
  readonly y: number;
}

/** The 8-bit RGB of a colour as the layout names it: #rgb, #rrggbb, black or white. */
function rgb(colour: string): [number, number, number] {
  if (colour === 'black') return [0, 0, 0];
  if (colour === 'white') return [255, 255, 255];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(colour);
  const hex = short ? `${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : /^#([0-9a-f]{6})$/i.exec(colour)?.[1];
  if (hex === undefined) throw new Error(`unknown colour "${colour}"`);
  const value = parseInt(hex, 16);
  return [value >> 16, (value >> 8) & 0xff, value & 0xff];
}

const colourOperands = (colour: string): string =>
  rgb(colour)
    .map((part) => part / 255)
    .join(' ');

const n = (value: number): string => String(pdfNumber(value));

export class PdfDocument {
  readonly file = new PdfFile();
  readonly pages: Page[] = [];
  page: Page;
  private readonly pagesRef: Ref;
  private readonly bookmarks: Bookmark[] = [];
  private readonly fields: SignatureField[] = [];
  private readonly opacities = new Map<number, { name: string; ref: Ref }>();
  private imageCount = 0;
  private pending = '';

  constructor(private readonly options: DocumentOptions) {
    this.pagesRef = this.file.ref();
    this.page = this.addPage().page;
  }

  /** A new page, which becomes the current one. */
  addPage(): this {
    this.flushPending();
    const [width, height] = this.options.size;
    this.page = new Page(width, height, { ...this.options.margins }, this.file);
    this.pages.push(this.page);
    // User space with y running down the page.
    this.write(`1 0 0 -1 0 ${n(height)} cm`);
    return this;
  }

  switchToPage(index: number): Page {
    const page = this.pages[index];
    if (page === undefined) throw new Error(`no page ${index} (the document has ${this.pages.length})`);
    this.flushPending();
    this.page = page;
    return page;
  }

  bufferedPageRange(): { start: number; count: number } {
    return { start: 0, count: this.pages.length };
  }

  /** Appends an operator line to the current page. */
  private write(operator: string): this {
    this.pending += `${operator}\n`;
    return this;
  }

  private flushPending(): void {
    if (this.pending === '') return;
    this.page.chunks.push(Buffer.from(this.pending, 'latin1'));
    this.pending = '';
  }

  /** Appends operators already encoded (ending in a newline) to the current page. */
  addContent(bytes: Uint8Array): this {
    this.flushPending();
    this.page.chunks.push(bytes);
    return this;
  }

  /** Puts a font into the current page's resources. */
  useFont(font: EmbeddedFont): void {
    if (!this.page.fonts.has(font.id)) this.page.fonts.set(font.id, font.ref(this.file));
  }

  save(): this {
    return this.write('q');
  }

  restore(): this {
    return this.write('Q');
  }

  lineWidth(width: number): this {
    return this.write(`${n(width)} w`);
  }

  moveTo(x: number, y: number): this {
    return this.write(`${n(x)} ${n(y)} m`);
  }

  lineTo(x: number, y: number): this {
    return this.write(`${n(x)} ${n(y)} l`);
  }

  rect(x: number, y: number, width: number, height: number): this {
    return this.write(`${n(x)} ${n(y)} ${n(width)} ${n(height)} re`);
  }

  stroke(): this {
    return this.write('S');
  }

  fill(colour?: string): this {
    if (colour !== undefined) this.fillColor(colour);
    return this.write('f');
  }

  strokeColor(colour: string): this {
    return this.write(`/DeviceRGB CS\n${colourOperands(colour)} SCN`);
  }

  /** The fill colour, and with `opacity` a graphics state making fills that translucent. */
  fillColor(colour: string, opacity?: number): this {
    this.write(`/DeviceRGB cs\n${colourOperands(colour)} scn`);
    if (opacity !== undefined) {
      const value = Math.max(0, Math.min(1, opacity));
      let state = this.opacities.get(value);
      if (state === undefined) {
        state = { name: `Gs${this.opacities.size + 1}`, ref: this.file.add({ Type: 'ExtGState', ca: value }) };
        this.opacities.set(value, state);
      }
      this.page.states.set(state.name, state.ref);
      this.write(`/${state.name} gs`);
    }
    return this;
  }

  transform(a: number, b: number, c: number, d: number, e: number, f: number): this {
    if (a === 1 && b === 0 && c === 0 && d === 1 && e === 0 && f === 0) return this;
    return this.write(`${[a, b, c, d, e, f].map(n).join(' ')} cm`);
  }

  /** Rotates by `angle` degrees (clockwise on the page, as y runs down) about `origin`. */
  rotate(angle: number, origin: readonly [number, number] = [0, 0]): this {
    const rad = (angle * Math.PI) / 180;
    const cos = Math.cos(rad);
    const sin = Math.sin(rad);
    const [x, y] = origin;
    return this.transform(cos, sin, -sin, cos, x - (x * cos - y * sin), y - (x * sin + y * cos));
  }

  /** Draws an image XObject into the box at (x, y), `width` × `height` points. */
  private placeImage(ref: Ref, x: number, y: number, width: number, height: number): void {
    const name = `I${(this.imageCount += 1)}`;
    this.page.xobjects.set(name, ref);
    this.save();
    this.transform(width, 0, 0, -height, x, y + height);
    this.write(`/${name} Do`);
    this.restore();
  }

  /** A JPEG, as it is. */
  jpeg(data: Uint8Array, x: number, y: number, size: { width: number; height: number }): void {
    this.placeImage(jpegImage(this.file, data).ref, x, y, size.width, size.height);
  }

  /** A decoded picture, with a soft mask for its alpha. */
  raster(raster: Raster, x: number, y: number, size: { width: number; height: number }): void {
    this.placeImage(rasterImage(this.file, raster), x, y, size.width, size.height);
  }

  /** An outline entry (bookmark) for the current page at `y` points from its top. */
  bookmark(title: string, y: number): void {
    this.bookmarks.push({ title, page: this.page, y });
  }

  /**
   * An empty signature field over a box of the current page (x, y from the
   * top left, in points), named `name`; written only with the signFields option.
   */
  signatureField(name: string, box: { x: number; y: number; width: number; height: number }): void {
    if (this.options.signFields) this.fields.push({ name, page: this.page, ...box });
  }

  /**
   * The signature fields as an interactive form (PDF 32000-1, 12.7.4.5):
   * each a /Sig field merged with its widget annotation, printable, with an
   * empty appearance (PDF/A-2 wants one), no value (unsigned). Field names
   * may not contain a period; two rows with the same name get a number.
   */
  private writeFields(catalog: PdfDict): void {
    if (this.fields.length === 0) return;
    const { file } = this;
    const used = new Set<string>();
    const annotations = new Map<Page, Ref[]>();
    const refs = this.fields.map((field) => {
      const base = field.name.replace(/\./g, ' ').replace(/\s+/g, ' ').trim() || 'Signature';
      let name = base;
      for (let n = 2; used.has(name); n += 1) name = `${base} ${n}`;
      used.add(name);
      const { page } = field;
      const rect = [field.x, page.height - field.y - field.height, field.x + field.width, page.height - field.y];
      const appearance = file.addStream({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, field.width, field.height] }, new Uint8Array(0));
      const ref = file.add({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Sig',
        T: new Text(name),
        TU: new Text(field.name),
        Rect: rect,
        F: 4,
        P: page.ref,
        AP: { N: appearance },
      });
      annotations.set(page, [...(annotations.get(page) ?? []), ref]);
      return ref;
    });
    for (const [page, refs] of annotations) page.annotations = refs;
    catalog.AcroForm = { Fields: refs };
  }

  /** The file: pages, fonts, outline, catalogue, information dictionary. */
  end(fonts: readonly EmbeddedFont[]): Uint8Array {
    this.flushPending();
    const { file, options } = this;
    const catalog: PdfDict = {
      Type: 'Catalog',
      Pages: this.pagesRef,
      Lang: new Text(options.language),
      ViewerPreferences: { DisplayDocTitle: true },
    };
    this.writeFields(catalog);
    for (const page of this.pages) {
      const content = file.addStream({}, concat(page.chunks), { deflate: options.contentDeflate });
      const resources: PdfDict = {};
      const names = (map: Map<string, Ref>): PdfDict | undefined => (map.size > 0 ? Object.fromEntries(map) : undefined);
      resources.Font = names(page.fonts);
      resources.XObject = names(page.xobjects);
      resources.ExtGState = names(page.states);
      file.set(page.ref, {
        Type: 'Page',
        Parent: this.pagesRef,
        MediaBox: [0, 0, page.width, page.height],
        Contents: content,
        Resources: file.add(resources),
        ...(page.annotations.length > 0 ? { Annots: page.annotations } : {}),
      });
    }
    for (const font of fonts) font.embed(file);
    file.set(this.pagesRef, { Type: 'Pages', Kids: this.pages.map((p) => p.ref), Count: this.pages.length });
    if (this.bookmarks.length > 0) {
      catalog.Outlines = this.outline();
      catalog.PageMode = 'UseOutlines';
    }
    const { info } = options;
    // PDF/A-2b (ISO 19005-2): XMP metadata saying so, and sRGB as the output
    // intent for the DeviceRGB colours. The other rules hold by construction
    // (all fonts embedded, no encryption, no forbidden features); see
    // test/helpers/pdfa.ts for the list checked on every test file.
    catalog.Metadata = file.addStream(
      { Type: 'Metadata', Subtype: 'XML' },
      new TextEncoder().encode(xmpMetadata(info, options.language, { part: 2, conformance: 'B' })),
    );
    const profile = file.addStream({ N: 3, Filter: 'FlateDecode' }, srgbProfileDeflated());
    catalog.OutputIntents = [
      {
        Type: 'OutputIntent',
        S: 'GTS_PDFA1',
        OutputConditionIdentifier: new Text('sRGB IEC61966-2.1'),
        Info: new Text('sRGB IEC61966-2.1'),
        DestOutputProfile: profile,
      },
    ];
    const root = file.add(catalog);
    const date = pdfDate(info.date);
    const infoRef = file.add({
      Title: new Text(info.title),
      Subject: new Text(info.subject),
      Author: new Text(info.author),
      Keywords: new Text(info.keywords),
      Creator: new Text(info.creator),
      Producer: new Text(info.producer),
      CreationDate: date,
      ModDate: date,
    });
    return file.write(root, infoRef);
  }

  /** The outline (PDF 32000-1, 12.3.3): one level of entries, each opening its page at its height, at the reader's zoom. */
  private outline(): Ref {
    const { file } = this;
    const root = file.ref();
    const refs = this.bookmarks.map(() => file.ref());
    this.bookmarks.forEach((bookmark, i) => {
      const item: Record<string, PdfValue> = {
        Title: new Text(bookmark.title),
        Parent: root,
        Dest: [bookmark.page.ref, 'XYZ', 0, bookmark.page.height - bookmark.y, 0],
      };
      if (i > 0) item.Prev = refs[i - 1]!;
      if (i < refs.length - 1) item.Next = refs[i + 1]!;
      file.set(refs[i]!, item);
    });
    file.set(root, { Type: 'Outlines', First: refs[0]!, Last: refs[refs.length - 1]!, Count: refs.length });
    return root;
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
