import type { Block, ClauseBlock, DocumentModel, Span } from '../model/types.js';

/** A clause as the diff sees it: where it stands, what it says. */
export interface ClauseRef {
  id?: string;
  /** The number as printed, e.g. "3.4.2". */
  number: string;
  level: number;
  /** The section it belongs to: the heading's id when it has one, else its text. */
  section: string;
  /** The section heading as printed: "3. Duties". */
  sectionTitle: string;
  text: string;
  /** Position in document order. */
  index: number;
  block: ClauseBlock;
}

/** Every clause of a rendered document, in order, with its section. */
export function clausesOf(model: DocumentModel): ClauseRef[] {
  const out: ClauseRef[] = [];
  let section = '';
  let sectionTitle = '';
  const visit = (blocks: Block[]): void => {
    for (const block of blocks) {
      if (block.type === 'heading') {
        section = block.id ?? block.text;
        sectionTitle = [block.number, block.text].filter(Boolean).join(' ');
      } else if (block.type === 'clause') {
        out.push({
          ...(block.id ? { id: block.id } : {}),
          number: block.number,
          level: block.level,
          section,
          sectionTitle,
          text: textOf(block.spans),
          index: out.length,
          block,
        });
      } else if (block.type === 'keep' || block.type === 'box') visit(block.blocks);
    }
  };
  visit(model.blocks);
  return out;
}

/** The section headings of a rendered document: key (the heading's id, else its text) → the heading's text. */
export function headingsOf(model: DocumentModel): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (blocks: Block[]): void => {
    for (const block of blocks) {
      if (block.type === 'heading') out.set(block.id ?? block.text, block.text);
      else if (block.type === 'keep' || block.type === 'box') visit(block.blocks);
    }
  };
  visit(model.blocks);
  return out;
}

export function textOf(spans: Span[]): string {
  return spans
    .map((s) => s.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
