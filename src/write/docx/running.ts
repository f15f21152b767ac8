import { Footer, Header, PageNumber, Paragraph, Tab, TextRun } from 'docx';
import type { RunningLine } from '../../model/types.js';
import { STYLE } from './styles.js';

/**
 * Runs for running-line text: `{page}` and `{pages}` become PAGE and NUMPAGES
 * fields, which Word and LibreOffice fill in per page; the rest is literal.
 */
export function fieldRuns(text: string): TextRun[] {
  return text
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== '')
    .map((part) => {
      if (part === '{page}') return new TextRun({ children: [PageNumber.CURRENT] });
      if (part === '{pages}') return new TextRun({ children: [PageNumber.TOTAL_PAGES] });
      return new TextRun({ text: part });
    });
}

/** One line: left text, then a tab to the right tab stop of the running style, then right text. */
function runningParagraph(line: RunningLine, style: string): Paragraph {
  const right = line.right === '' ? [] : [new TextRun({ children: [new Tab()] }), ...fieldRuns(line.right)];
  return new Paragraph({ style, children: [...fieldRuns(line.left), ...right] });
}

function isEmpty(line: RunningLine | undefined): line is undefined {
  return line === undefined || (line.left === '' && line.right === '');
}

export function runningHeader(line: RunningLine | undefined): { default: Header } | undefined {
  return isEmpty(line) ? undefined : { default: new Header({ children: [runningParagraph(line, STYLE.header)] }) };
}

export function runningFooter(line: RunningLine | undefined): { default: Footer } | undefined {
  return isEmpty(line) ? undefined : { default: new Footer({ children: [runningParagraph(line, STYLE.footer)] }) };
}
