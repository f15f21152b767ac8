/**
 * The logical structure of a tagged PDF (PDF 32000-1, 14.7 and 14.8;
 * PDF/UA-1, ISO 14289-1): structure elements in reading order, the marked
 * content of each page that belongs to them, and the parent tree that leads
 * from a marked-content identifier (MCID) or an annotation back to its
 * element.
 *
 * The layout opens and closes elements as it draws (open/close). Whatever it
 * paints while an element is the innermost open one is that element's
 * content: the document writes `/Tag <</MCID n>> BDC` before the first
 * painting operator and `EMC` when the element changes, the page changes or
 * an artifact starts. Artifacts (running heads, footers, the watermark,
 * rules) are marked `/Artifact … EMC` and belong to no element.
 */
import type { PdfFile } from './file.js';
import type { PdfDict, PdfValue, Ref } from './objects.js';
import { Text } from './objects.js';

/** Standard structure types (PDF 32000-1, 14.8.4) the writer uses; no role map is needed. */
export type StructureType = 'Document' | 'H1' | 'H2' | 'H3' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Table' | 'TR' | 'TH' | 'TD' | 'Figure' | 'Form';

export const STANDARD_TYPES: readonly string[] = [
  'Document',
  'Part',
  'Art',
  'Sect',
  'Div',
  'BlockQuote',
  'Caption',
  'TOC',
  'TOCI',
  'Index',
  'NonStruct',
  'Private',
  'P',
  'H',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'L',
  'LI',
  'Lbl',
  'LBody',
  'Table',
  'TR',
  'TH',
  'TD',
  'THead',
  'TBody',
  'TFoot',
  'Span',
  'Quote',
  'Note',
  'Reference',
  'BibEntry',
  'Code',
  'Link',
  'Annot',
  'Ruby',
  'RB',
  'RT',
  'RP',
  'Warichu',
  'WT',
  'WP',
  'Figure',
  'Formula',
  'Form',
];

/** What an element holds, in reading order: marked content on a page, a child element, an annotation. */
type Kid = { mcid: number; page: Ref } | { element: StructureElement } | { annotation: Ref; page: Ref };

export interface ElementOptions {
  /** Alternate description (a figure's text). */
  readonly alt?: string;
  /** BCP 47 language, where it differs from the document's. */
  readonly lang?: string;
  /** Attributes (/A), e.g. a table header's scope or a figure's bounding box. */
  readonly attributes?: PdfDict;
}

export class StructureElement {
  readonly kids: Kid[] = [];

  constructor(
    readonly type: StructureType,
    readonly parent: StructureElement | undefined,
    readonly options: ElementOptions = {},
  ) {}
}

/** A page as the structure sees it: its object and the element of each MCID drawn on it. */
export interface StructurePage {
  readonly ref: Ref;
  /** parents[mcid]: the element that marked content belongs to. */
  readonly parents: StructureElement[];
}

export class Structure {
  readonly root = new StructureElement('Document', undefined);
  private readonly stack: StructureElement[] = [this.root];
  /** Annotations (widgets) and the element each belongs to, in the order they were placed. */
  private readonly annotations: Array<{ ref: Ref; element: StructureElement }> = [];

  /** The innermost open element (undefined once the document is finished). */
  get current(): StructureElement | undefined {
    return this.stack[this.stack.length - 1];
  }

  get depth(): number {
    return this.stack.length;
  }

  open(type: StructureType, options?: ElementOptions): StructureElement {
    const parent = this.current ?? this.root;
    const element = new StructureElement(type, parent, options);
    parent.kids.push({ element });
    this.stack.push(element);
    return element;
  }

  close(): void {
    if (this.stack.length <= 1) throw new Error('no structure element to close');
    this.stack.pop();
  }

  /** Closes every element down to (not including) depth `depth`. */
  closeTo(depth: number): void {
    while (this.stack.length > Math.max(1, depth)) this.stack.pop();
  }

  /** Closes everything: content drawn after this is an artifact. */
  finish(): void {
    this.stack.length = 0;
  }

  /** The next MCID of `page` for the current element. */
  mark(page: StructurePage): number {
    const element = this.current!;
    const mcid = page.parents.length;
    page.parents.push(element);
    element.kids.push({ mcid, page: page.ref });
    return mcid;
  }

  /** An annotation (a signature widget) as content of a new Form element in the current element. */
  annotation(ref: Ref, page: Ref, alt: string): void {
    const form = this.open('Form', { alt });
    form.kids.push({ annotation: ref, page });
    this.close();
    this.annotations.push({ ref, element: form });
  }

  /**
   * Writes the elements and the parent tree. Returns the /StructTreeRoot and
   * the parent tree key of each annotation (its /StructParent); page i's key
   * (its /StructParents) is i.
   */
  write(file: PdfFile, pages: readonly StructurePage[]): { root: Ref; annotationKeys: Map<Ref, number> } {
    const rootRef = file.ref();
    const refs = new Map<StructureElement, Ref>();
    const refOf = (element: StructureElement): Ref => {
      let ref = refs.get(element);
      if (ref === undefined) {
        ref = file.ref();
        refs.set(element, ref);
      }
      return ref;
    };
    const writeElement = (element: StructureElement, parent: Ref): void => {
      const ref = refOf(element);
      const first = element.kids.find((kid): kid is { mcid: number; page: Ref } => 'mcid' in kid);
      const pageRef = first?.page;
      const k: PdfValue[] = element.kids.map((kid) => {
        if ('element' in kid) return refOf(kid.element);
        if ('annotation' in kid) return { Type: 'OBJR', Obj: kid.annotation, Pg: kid.page };
        return kid.page === pageRef ? kid.mcid : { Type: 'MCR', Pg: kid.page, MCID: kid.mcid };
      });
      const { alt, lang, attributes } = element.options;
      file.set(ref, {
        Type: 'StructElem',
        S: element.type,
        P: parent,
        ...(pageRef !== undefined ? { Pg: pageRef } : {}),
        ...(alt !== undefined ? { Alt: new Text(alt) } : {}),
        ...(lang !== undefined ? { Lang: new Text(lang) } : {}),
        ...(attributes !== undefined ? { A: attributes } : {}),
        K: k.length === 1 ? k[0]! : k,
      });
      for (const kid of element.kids) if ('element' in kid) writeElement(kid.element, ref);
    };
    writeElement(this.root, rootRef);
    // The parent tree (a number tree, one leaf): page i's key is i, an
    // array of the element of each of its MCIDs; then one key per annotation.
    const nums: PdfValue[] = [];
    pages.forEach((page, i) => nums.push(i, file.add(page.parents.map(refOf))));
    const annotationKeys = new Map<Ref, number>();
    this.annotations.forEach(({ ref, element }, i) => {
      const key = pages.length + i;
      nums.push(key, refOf(element));
      annotationKeys.set(ref, key);
    });
    file.set(rootRef, {
      Type: 'StructTreeRoot',
      K: refOf(this.root),
      ParentTree: file.add({ Nums: nums }),
      ParentTreeNextKey: pages.length + this.annotations.length,
    });
    return { root: rootRef, annotationKeys };
  }
}
