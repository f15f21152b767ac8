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
import { type ElementOptions, Structure, type StructureElement, type StructureType } from './structure.js';
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
  /**
   * A tagged PDF (structure tree, marked content, artifacts), claiming
   * PDF/A-2a; without it (false) an untagged PDF/A-2b. Default true.
   */
  readonly tagged?: boolean;
}

interface SignatureField {
  readonly name: string;
  /** The widget annotation's object, set when the file is written. */
  readonly ref: Ref;
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
  /** parents[mcid]: the structure element of each marked-content sequence of the page. */
  readonly parents: StructureElement[] = [];

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
  /** The logical structure, in a tagged document. */
  readonly structure: Structure | undefined;
  /** A marked-content sequence is open on the current page (closed by EMC at the next change). */
  private marked = false;
  /** Inside artifact(): what is painted belongs to no element. */
  private artifacts = 0;

  constructor(private readonly options: DocumentOptions) {
    this.structure = options.tagged === false ? undefined : new Structure();
    this.pagesRef = this.file.ref();
    this.page = this.addPage().page;
  }

  /**
   * Before a painting operator starts (a path, an image, a text object):
   * opens the marked content of the current structure element on this page
   * if none is open. Content drawn after the structure is finished is an artifact.
   */
  private paint(): void {
    const { structure } = this;
    if (structure === undefined || this.marked || this.artifacts > 0) return;
    const element = structure.current;
    if (element === undefined) this.write('/Artifact BMC');
    else this.write(`/${element.type} <</MCID ${structure.mark(this.page)}>> BDC`);
    this.marked = true;
  }

  /** Ends the open marked-content sequence, if any. */
  private endMarked(): void {
    if (!this.marked) return;
    this.write('EMC');
    this.marked = false;
  }

  /** Opens a structure element: what is drawn next is its content, or that of elements opened in it. */
  open(type: StructureType, options?: ElementOptions): void {
    if (this.structure === undefined) return;
    this.endMarked();
    this.structure.open(type, options);
  }

  /** Closes the innermost open structure element. */
  close(): void {
    if (this.structure === undefined) return;
    this.endMarked();
    this.structure.close();
  }

  /** How many structure elements are open (for closeTo). */
  get structureDepth(): number {
    return this.structure?.depth ?? 0;
  }

  /** Closes the open structure elements down to `depth` (as structureDepth gave it). */
  closeTo(depth: number): void {
    if (this.structure === undefined) return;
    this.endMarked();
    this.structure.closeTo(depth);
  }

  /**
   * Draws an artifact: content that is not part of the document's text
   * (running heads and footers, the watermark, rules), which readers of the
   * structure skip. `properties` (e.g. { Type: 'Pagination', Subtype: 'Footer' })
   * say what kind. The drawing must leave no text unflushed.
   */
  artifact(draw: () => void, properties?: { Type: string; Subtype?: string }): void {
    if (this.structure === undefined) {
      draw();
      return;
    }
    this.endMarked();
    if (this.artifacts === 0)
      this.write(
        properties === undefined
          ? '/Artifact BMC'
          : `/Artifact <</Type /${properties.Type}${properties.Subtype ? ` /Subtype /${properties.Subtype}` : ''}>> BDC`,
      );
    this.artifacts += 1;
    try {
      draw();
    } finally {
      this.artifacts -= 1;
      if (this.artifacts === 0) this.write('EMC');
    }
  }

  /**
   * Draws content in a marked-content sequence of its own (in a tagged file,
   * a new MCID of the current element), e.g. the part of a hyphenated word
   * that carries an /ActualText span: poppler takes the span's EMC for the
   * end of the element's sequence, so the span ends the sequence it is in.
   * The drawing must leave no text unflushed.
   */
  separately(draw: () => void): void {
    this.endMarked();
    draw();
    this.endMarked();
  }

  /** A new page, which becomes the current one. */
  addPage(): this {
    if (this.artifacts > 0) throw new Error('a page started inside an artifact');
    this.endMarked();
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
    if (this.artifacts > 0) throw new Error('a page switched inside an artifact');
    this.endMarked();
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
    this.paint();
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
    this.paint();
    return this.write(`${n(x)} ${n(y)} m`);
  }

  lineTo(x: number, y: number): this {
    return this.write(`${n(x)} ${n(y)} l`);
  }

  rect(x: number, y: number, width: number, height: number): this {
    this.paint();
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
    this.paint();
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
    if (!this.options.signFields) return;
    const ref = this.file.ref();
    // PDF/UA: an annotation is the content of a structure element (a Form, in the current element).
    this.endMarked();
    this.structure?.annotation(ref, this.page.ref, name);
    this.fields.push({ name, ref, page: this.page, ...box });
  }

  /**
   * The signature fields as an interactive form (PDF 32000-1, 12.7.4.5):
   * each a /Sig field merged with its widget annotation, printable, with an
   * empty appearance (PDF/A-2 wants one), no value (unsigned). Field names
   * may not contain a period; two rows with the same name get a number.
   */
  private writeFields(catalog: PdfDict, structParents: ReadonlyMap<Ref, number>): void {
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
      const { ref } = field;
      const structParent = structParents.get(ref);
      file.set(ref, {
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Sig',
        T: new Text(name),
        TU: new Text(field.name),
        Rect: rect,
        F: 4,
        P: page.ref,
        AP: { N: appearance },
        ...(structParent !== undefined ? { StructParent: structParent } : {}),
      });
      annotations.set(page, [...(annotations.get(page) ?? []), ref]);
      return ref;
    });
    for (const [page, refs] of annotations) page.annotations = refs;
    catalog.AcroForm = { Fields: refs };
  }

  /** The file: pages, fonts, outline, catalogue, information dictionary. */
  end(fonts: readonly EmbeddedFont[]): Uint8Array {
    this.endMarked();
    this.flushPending();
    const { file, options, structure } = this;
    const catalog: PdfDict = {
      Type: 'Catalog',
      Pages: this.pagesRef,
      Lang: new Text(options.language),
      ViewerPreferences: { DisplayDocTitle: true },
    };
    let annotationKeys = new Map<Ref, number>();
    if (structure !== undefined) {
      structure.finish();
      const tree = structure.write(file, this.pages);
      annotationKeys = tree.annotationKeys;
      catalog.MarkInfo = { Marked: true };
      catalog.StructTreeRoot = tree.root;
    }
    this.writeFields(catalog, annotationKeys);
    this.pages.forEach((page, index) => {
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
        // In a tagged file: the page's key in the parent tree (its index), and the tab order of its fields following the structure.
        ...(structure !== undefined ? { StructParents: index } : {}),
        ...(structure !== undefined && page.annotations.length > 0 ? { Tabs: 'S' } : {}),
      });
    });
    for (const font of fonts) font.embed(file);
    file.set(this.pagesRef, { Type: 'Pages', Kids: this.pages.map((p) => p.ref), Count: this.pages.length });
    if (this.bookmarks.length > 0) {
      catalog.Outlines = this.outline();
      catalog.PageMode = 'UseOutlines';
    }
    const { info } = options;
    // PDF/A-2a (ISO 19005-2) when tagged, else 2b: XMP metadata saying so,
    // and sRGB as the output intent for the DeviceRGB colours. The other
    // rules hold by construction (all fonts embedded, no encryption, no
    // forbidden features; in a tagged file, standard structure types and
    // all content marked or an artifact); see test/helpers/pdfa.ts for the
    // list checked on every test file.
    catalog.Metadata = file.addStream(
      { Type: 'Metadata', Subtype: 'XML' },
      new TextEncoder().encode(xmpMetadata(info, options.language, { part: 2, conformance: structure === undefined ? 'B' : 'A' })),
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
