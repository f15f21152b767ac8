import { createContext } from '../../src/context.js';
import { pdfCaches } from '../../src/write/pdf/caches.js';
/**
 * Hostile sizes in the writers (issue 12, item 2): a 20 KB title or document
 * number in the running head, one letter with 160,000 combining marks, a word
 * of thousands of clusters. These are hang guards with generous bounds, not
 * benchmarks: before the fix they took minutes (see the commit messages).
 */
import { readFileSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { DocumentModel, Span } from '../../src/model/types.js';
import { writeDocx } from '../../src/write/docx.js';
import { writePdf } from '../../src/write/pdf.js';
import { CodePointEnds, GraphemeEnds, longestFit } from '../../src/write/pdf/fit.js';
import { loadFonts, registerFaces, releaseFaces } from '../../src/write/pdf/fonts.js';
import { blankDocument } from '../helpers/pdf-document.js';
import { MAX_MARK_RUN, markRunCuts } from '../../src/write/pdf/shaping.js';
import { layoutText } from '../../src/write/pdf/text.js';
import { cpuTimed } from '../helpers/cpu-time.js';
import { bundledFonts } from '../helpers/fonts.js';

const fonts = bundledFonts();
/** One context for the file, as one thread of a batch has (the fonts parsed once, as before contexts). */
const context = createContext();
await loadFonts(pdfCaches(context));
const sample = (): DocumentModel => JSON.parse(readFileSync(new URL('../fixtures/model/sample.json', import.meta.url), 'utf8')) as DocumentModel;

/** A hang guard in CPU time (see cpu-time.ts): far above the real cost (well under a second), far below the old one (minutes). */
const BOUND_MS = 5_000;
const timed = cpuTimed;

async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
  return text;
}

const TITLE = 'Contract Work Specialist '.repeat(820).trim(); // 20 KB of words
const NUMBER = `HR-JD-${'X'.repeat(20_000)}`; // 20 KB without a space

describe('a 20 KB title or document number', () => {
  it.each([
    ['title', `JD-014 · ${TITLE}`],
    ['number', `${NUMBER} · Key Account Manager`],
  ])('builds the %s into PDF and DOCX quickly, the footer shortened with an ellipsis', async (_, left) => {
    const model = sample();
    model.footer = { left, right: 'Page {page} of {pages}' };
    model.header = { left, right: '' };
    model.blocks.unshift({ type: 'paragraph', align: 'left', size: 'normal', spans: [{ text: left }] });
    const pdf = await timed(() => writePdf(model, { fonts, context }));
    const docx = await timed(() => writeDocx(model, { fonts, context }));
    expect(pdf.ms).toBeLessThan(BOUND_MS);
    expect(docx.ms).toBeLessThan(BOUND_MS);
    const pages = await pageTexts(pdf.result);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of [pages[0]!, pages[pages.length - 1]!]) {
      const footer = page.split('\n').find((line) => line.startsWith(left.slice(0, 10)) && line.includes('…'));
      expect(footer, page.slice(-300)).toBeDefined();
      // Shortened to a line: far shorter than the text, and a true start of it.
      expect(footer!.length).toBeLessThan(200);
      expect(left.startsWith(footer!.slice(0, footer!.indexOf('…')).trimEnd())).toBe(true);
    }
  });
});

describe('one letter with 160,000 combining marks', () => {
  it('builds into PDF and DOCX quickly', async () => {
    const model = sample();
    const cluster = `a${'\u0301'.repeat(160_000)}`;
    model.blocks.push({ type: 'paragraph', align: 'left', size: 'normal', spans: [{ text: `Before ${cluster} after.` }] });
    const pdf = await timed(() => writePdf(model, { fonts, context }));
    const docx = await timed(() => writeDocx(model, { fonts, context }));
    expect(pdf.ms).toBeLessThan(BOUND_MS);
    expect(docx.ms).toBeLessThan(BOUND_MS);
    const text = (await pageTexts(pdf.result)).join('\n');
    expect(text).toContain('Before');
    expect(text).toContain('after.');
  });

  it('is shaped in runs of at most 30 marks', () => {
    expect(markRunCuts('plain text, é and ё')).toEqual([]);
    expect(markRunCuts(`a${'\u0301'.repeat(MAX_MARK_RUN)}`)).toEqual([]);
    expect(markRunCuts(`a${'\u0301'.repeat(MAX_MARK_RUN * 2 + 1)}b`)).toEqual([1 + MAX_MARK_RUN, 1 + 2 * MAX_MARK_RUN]);
  });
});

/** Lays text out alone, in a document of its own. */
function linesOf(spans: Span[], width: number): string[] {
  const pdf = registerFaces(blankDocument(), fonts, pdfCaches(context));
  try {
    return layoutText(pdf, spans, 10, width).lines.map((line) => line.words.map((word) => word.pieces.map((piece) => piece.text).join('')).join(' '));
  } finally {
    releaseFaces(pdf);
  }
}

describe('a word wider than the line', () => {
  const clusters = (text: string): string[] => Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);

  it('is cut between grapheme clusters, never inside one', () => {
    // Clusters of several code points, most of them with a width of their own (a letter
    // with spacing vowel signs, a ZWJ emoji sequence), in a varied order so the cuts fall
    // everywhere in them.
    const pieces = ['e\u0301', 'W\u093e\u093e', '\u0915\u093f', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', 'i\u0308', 'm'];
    let seed = 7;
    const word = Array.from({ length: 1_500 }, () => pieces[(seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % pieces.length]).join('');
    const lines = linesOf([{ text: word }], 120);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.join('')).toBe(word);
    // Each cut is a cluster boundary of the whole word.
    const ends = new Set<number>();
    let at = 0;
    for (const c of clusters(word)) ends.add((at += c.length));
    let offset = 0;
    for (const line of lines) expect(ends.has((offset += line.length))).toBe(true);
  });

  it('cuts a cluster wider than the line between code points', () => {
    const word = `\u0915${'\u093e'.repeat(500)}`; // a letter with 500 spacing vowel signs: one cluster
    expect(clusters(word)).toHaveLength(1);
    const lines = linesOf([{ text: word }], 60);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(word);
  });
});

describe('longestFit', () => {
  it('finds what a one-by-one scan finds, in a logarithmic number of probes', () => {
    const text = 'abcdefghij'.repeat(1_000);
    for (const limit of [0, 1, 2, 3, 7, 64, 65, 999, 5_000, 9_999, 10_000, 20_000]) {
      let probes = 0;
      const fits = (end: number): boolean => {
        probes += 1;
        return end <= limit;
      };
      expect(longestFit(new GraphemeEnds(text), 0, fits)).toBe(Math.min(limit, text.length));
      expect(probes).toBeLessThanOrEqual(2 * Math.log2(limit + 2) + 2);
      expect(longestFit(new CodePointEnds(text), 3, (end) => end <= limit)).toBe(Math.max(0, Math.min(limit, text.length) - 3));
    }
  });
});
