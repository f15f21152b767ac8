import { titleGenitive } from '../render/genitive.js';
import { formatDate } from '../render/locale.js';
import { cleanText, paragraphsOf, type SourceBlock, type SourceDocument, type SourceParagraph, type SourceTable } from './source.js';
import { fold, GROUP_KEYS, SECTION_KEYS, type FieldKey, type GroupKey, type SectionKey, type Vocabulary } from './vocabulary.js';

/**
 * The recogniser: finds the parts of a job description in the paragraphs of
 * a document (whatever wrote it) and turns them into role data, noting for
 * the report where each part came from, what was guessed and what could not
 * be placed. Nothing is silently dropped: a paragraph that is not mapped is
 * either kept (an extra section, a clause) or named in a warning.
 */

export interface ImportNote {
  /** 1-based paragraph of the source document (tables included); 0 when the note is about the whole document. */
  paragraph: number;
  message: string;
}

export interface MappedPart {
  /** Where in the role it went, e.g. `approval.name` or `duties`. */
  path: string;
  paragraph: number;
  /** Clauses, for a section. */
  clauses?: number;
}

export interface ExtraSection {
  title: string;
  paragraph: number;
  clauses: number;
}

export interface Recognised {
  role: Record<string, unknown>;
  mapped: MappedPart[];
  guessed: ImportNote[];
  extraSections: ExtraSection[];
  warnings: ImportNote[];
}

/** Deepest clause nesting a role can hold (schemas: clause … clause5). */
const MAX_CLAUSE_DEPTH = 5;
const MAX_TEXT = 5000;

interface Line {
  p: SourceParagraph;
  text: string;
}

interface ClauseNode {
  text: string;
  n: number;
  children: ClauseNode[];
}

interface Section {
  heading: Line;
  title: string;
  key?: SectionKey;
  merged: SectionKey[];
  lines: Line[];
}

interface Signatory {
  position: string;
  name: string;
  n: number;
}

type Match = 'exact' | 'prefix' | undefined;

function matchList(text: string, list: readonly string[]): Match {
  const f = fold(text);
  if (f === '') return undefined;
  if (list.includes(f)) return 'exact';
  if (list.some((s) => f.startsWith(`${s} `) || f.startsWith(`${s}:`))) return 'prefix';
  return undefined;
}

/** The synonym of `list` that `text` starts with (the longest), and what follows it. */
function afterPrefix(text: string, list: readonly string[]): string | undefined {
  const f = fold(text);
  const hit = list.filter((s) => f === s || f.startsWith(`${s} `) || f.startsWith(`${s}:`)).sort((a, b) => b.length - a.length)[0];
  if (hit === undefined) return undefined;
  // Same number of words from the original text: folding keeps words apart.
  const words = hit.split(' ').length;
  const parts = text.replace(/^[\s.:;,–—-]+/, '').split(/\s+/);
  return parts
    .slice(words)
    .join(' ')
    .replace(/^[\s:.,–—-]+/, '')
    .trim();
}

const ROMAN = /^(M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))$/;
const SECTION_WORD = /^(?:раздел|розділ|section|secțiunea|sectiunea|capitolul|sadaļa|nodaļa|seksioni|kapitulli|bölmə|fəsil)\s+/i;

function romanValue(text: string): number {
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < text.length; i += 1) {
    const v = values[text[i]!]!;
    const next = values[text[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/** A heading's own number ("3.", "III.", "Section 2"), how it is written, and the words after it. */
function headingNumber(text: string): { value?: number; segments: number; style?: string; rest: string } {
  const bare = text.replace(SECTION_WORD, '');
  const word = bare !== text ? 'word-' : '';
  const arabic = /^(\d{1,3}(?:\.\d{1,3})*)(?:\.|\)|\s)\s*(.*)$/s.exec(bare);
  if (arabic) {
    const segments = arabic[1]!.split('.');
    return { value: Number(segments[0]), segments: segments.length, style: `${word}arabic`, rest: arabic[2]!.trim() };
  }
  const roman = /^([IVXLCDM]+)[.)]\s*(.*)$/s.exec(bare);
  if (roman && ROMAN.test(roman[1]!)) return { value: romanValue(roman[1]!), segments: 1, style: `${word}roman`, rest: roman[2]!.trim() };
  return { segments: 0, rest: text };
}

interface Marker {
  family: string;
  rank: number;
  rest: string;
}

/** The clause marker a paragraph starts with: hierarchical numbers, "1)", "а)", bullets, or an automatic list. */
function markerOf(line: Line): Marker {
  const text = line.text;
  const dec = /^(\d{1,3}(?:\.\d{1,3})+)\.?(?:\s+|(?=\p{Lu}))(.*)$/su.exec(text) ?? /^(\d{1,3})\.\s+(.*)$/s.exec(text);
  if (dec) return { family: 'dec', rank: dec[1]!.split('.').length, rest: dec[2]!.trim() };
  const paren = /^\(?(\d{1,3})\)\s*(.*)$/s.exec(text);
  if (paren) return { family: 'paren-num', rank: 0, rest: paren[2]!.trim() };
  const alpha = /^\(?(\p{Ll})\)\s*(.*)$/su.exec(text);
  if (alpha) return { family: 'paren-alpha', rank: 0, rest: alpha[2]!.trim() };
  const bullet = /^([-–—•·●○■□▪◦*►➢✓])\s*(.*)$/su.exec(text);
  if (bullet) return { family: /[-–—]/.test(bullet[1]!) ? 'dash' : 'bullet', rank: 0, rest: bullet[2]!.trim() };
  const list = line.p.list;
  if (list) return { family: `list:${list.id}:${list.bullet ? 'b' : 'n'}`, rank: list.level, rest: text };
  return { family: 'plain', rank: 0, rest: text };
}

function isCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 4 && letters === letters.toLocaleUpperCase() && letters !== letters.toLocaleLowerCase();
}

/** "J. Smith", "А. В. Соколов", "Соколов А.В.", "Rüstəmova Günel" (the loose form only where a name is expected). */
function looksLikeName(text: string, loose: boolean): boolean {
  const t = text.trim();
  if (/^(?:\p{Lu}\.\s?){1,2}\s?\p{Lu}[\p{L}'’-]+$/u.test(t)) return true;
  if (/^\p{Lu}[\p{L}'’-]+\s+(?:\p{Lu}\.\s?){1,2}$/u.test(t)) return true;
  if (!loose) return false;
  return /^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,2}$/u.test(t);
}

const DIGITS_DATE = /(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)/;
const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/;

function iso(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds a date in the text: the locale's own form, dd.mm.yyyy or ISO. */
export function findDate(text: string, vocab: Vocabulary): { iso: string; match: string } | undefined {
  const months = vocab.locale.date.months ?? [];
  if (months.length === 12) {
    const spec = vocab.locale.date.format;
    const groups: string[] = [];
    let source = '';
    for (const part of spec.split(/(\{\w+\})/)) {
      const token = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!token) {
        source += part
          .split(/\s+|\u00a0/)
          .map((w) => escapeRegExp(w).replace(/[«»„”"]/g, '[«»„”"]?'))
          .join('[\\s\\u00a0]*');
        continue;
      }
      if (token === 'month') {
        groups.push('month');
        source += `(${months.map(escapeRegExp).join('|')})`;
      } else if (token === 'yyyy') {
        groups.push('year');
        source += '(\\d{4})';
      } else if (token === 'd' || token === 'dd') {
        groups.push('day');
        source += '(\\d{1,2})';
      } else if (token === 'm' || token === 'mm') {
        groups.push('monthNumber');
        source += '(\\d{1,2})';
      } else source += '\\S*';
    }
    const match = new RegExp(source, 'iu').exec(text);
    if (match) {
      const value = (name: string): string | undefined => match[groups.indexOf(name) + 1];
      const monthName = value('month');
      const month = monthName ? months.findIndex((m) => fold(m) === fold(monthName)) + 1 : Number(value('monthNumber'));
      const date = iso(Number(value('year')), month, Number(value('day')));
      if (date) return { iso: date, match: match[0] };
    }
  }
  const digits = DIGITS_DATE.exec(text);
  if (digits) {
    const date = iso(Number(digits[3]), Number(digits[2]), Number(digits[1]));
    if (date) return { iso: date, match: digits[0] };
  }
  const isoMatch = ISO_DATE.exec(text);
  if (isoMatch) {
    const date = iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
    if (date) return { iso: date, match: isoMatch[0] };
  }
  return undefined;
}

/** A blank date to be filled in by hand ("Date: ____", «___» ____ 20___ г.). */
function isBlankDate(text: string, vocab: Vocabulary): boolean {
  const f = fold(text);
  if (vocab.boilerplate.includes(f)) return /_{2,}/.test(text);
  return /_{2,}/.test(text) && /20_{2,}|«_+»|„_+”|^(date|дата|data|datums|datë|tarix)\b/i.test(text.trim());
}

function isCaption(text: string): boolean {
  return /^\([^()]{1,60}\)$/.test(text.trim());
}

export class Recogniser {
  private readonly lines: Line[];
  private readonly paragraphs: SourceParagraph[];
  private readonly out: Recognised = { role: {}, mapped: [], guessed: [], extraSections: [], warnings: [] };
  private readonly used = new Set<number>();
  /** TODO values written for parts the document lacks. */
  private placeholders = 0;

  constructor(
    private readonly doc: SourceDocument,
    private readonly vocab: Vocabulary,
  ) {
    this.paragraphs = paragraphsOf(doc.blocks);
    this.lines = linesOf(doc.blocks);
  }

  private map(path: string, line: Line | undefined, clauses?: number): void {
    this.out.mapped.push({ path, paragraph: line?.p.n ?? 0, ...(clauses !== undefined ? { clauses } : {}) });
    if (line) this.used.add(line.p.n);
  }

  private guess(paragraph: number, message: string): void {
    this.out.guessed.push({ paragraph, message });
  }

  private warn(paragraph: number, message: string): void {
    this.out.warnings.push({ paragraph, message });
  }

  recognise(now: string): Recognised {
    const v = this.vocab;
    const lines = this.lines;
    const role = this.out.role;
    // The title: "JOB DESCRIPTION" (maybe with the position after it), the first such line.
    let titleAt = lines.findIndex((l) => l.text.split(/\s+/).length <= 16 && matchList(headingNumber(l.text).rest, v.title) !== undefined);
    // The first known section title; failing that, the first line shaped like a heading (its sections become extra ones).
    let headingIndex = this.firstHeading(titleAt + 1, true);
    if (headingIndex < 0) headingIndex = this.firstHeading(titleAt + 1, false);
    if (titleAt < 0) {
      this.warn(0, `no document title (${v.title[0]?.toUpperCase() ?? 'JOB DESCRIPTION'}) found: the part before the first section is read as the header`);
      titleAt = Math.max(-1, headingIndex - 1);
    } else this.used.add(lines[titleAt]!.p.n);
    const tailAt = this.tailStart(headingIndex);
    const header = lines.slice(0, Math.max(0, titleAt));
    const preamble = lines.slice(titleAt + 1, headingIndex < 0 ? tailAt : headingIndex);
    const titleRest = titleAt >= 0 ? (afterPrefix(headingNumber(lines[titleAt]!.text).rest, v.title) ?? '') : '';

    const info: TitleInfo = {};
    this.readHeader(header, info);
    this.readPreamble(titleRest, titleAt >= 0 ? lines[titleAt] : undefined, preamble, info);
    this.readMargins(info);

    const sections = headingIndex < 0 ? [] : this.splitSections(lines.slice(headingIndex, tailAt));
    const tail = lines.slice(tailAt);
    this.readTail(tail, info);
    this.readTrailingSignatures(sections, info);
    this.nominativeTitle(sections, info);

    // Assemble in the order of a role file.
    role.jdgen = 1;
    role.locale = v.name;
    const organization: Record<string, unknown> = {};
    if (info.org) organization.name = info.org;
    else {
      organization.name = 'TODO';
      this.placeholders += 1;
      this.warn(0, 'the organisation name was not found: organization.name is TODO');
    }
    if (info.city) organization.city = info.city;
    if (info.letterhead?.length) organization.letterhead = info.letterhead;
    role.organization = organization;
    const document: Record<string, unknown> = {};
    if (info.number) document.number = info.number;
    else {
      document.number = 'TODO';
      this.placeholders += 1;
      this.warn(0, 'no document number found: document.number is TODO');
    }
    if (info.date) document.date = info.date;
    else if (info.approvalDate) {
      document.date = info.approvalDate;
      this.guess(0, `document.date ${info.approvalDate} taken from the APPROVED block`);
    } else {
      document.date = now;
      this.warn(0, `no document date found: document.date is today (${now})`);
    }
    if (info.version !== undefined && info.version !== 1) document.version = info.version;
    document.status = info.draft ? 'draft' : 'approved';
    if (info.changes?.length) document.changes = info.changes;
    role.document = document;
    const position: Record<string, unknown> = {};
    if (info.title) position.title = info.title;
    else {
      position.title = 'TODO';
      this.placeholders += 1;
      this.warn(0, 'the position title was not found: position.title is TODO');
    }
    // Written only where jdgen would not derive the same genitive from the title.
    const language = v.locale.grammar.title_genitive;
    const derived = language && info.title ? titleGenitive(info.title, language) : undefined;
    if (info.titleGenitive && info.titleGenitive !== info.title && info.titleGenitive !== derived) position.title_genitive = info.titleGenitive;
    for (const key of ['department', 'category', 'code', 'reports_to'] as const) if (info[key]) position[key] = info[key];
    role.position = position;
    if (info.approval) role.approval = { position: info.approval.position, name: info.approval.name };
    else {
      role.approval = { position: 'TODO', name: 'TODO' };
      this.placeholders += 1;
      this.warn(0, 'no APPROVED block found: approval is TODO');
    }
    if (info.agreed?.length) role.agreed_by = info.agreed.map((s) => ({ position: s.position, name: s.name }));
    if (info.agreedPlace && info.agreed?.length && info.agreedPlace !== (v.locale.layout.agreed ?? 'end')) role.layout = { agreed: info.agreedPlace };

    this.placeSections(sections, role);
    // A TODO stands in for something the document lacks: jdgen refuses it in an approved document, so the role stays a draft.
    if (this.placeholders > 0 && document.status === 'approved') {
      document.status = 'draft';
      this.warn(0, 'document.status is draft: the role has TODO placeholders to fill in first');
    } else this.guess(0, info.draft ? 'document.status: draft (the pages carry a draft mark)' : 'document.status: approved (no draft mark on the pages)');
    if (info.familiarization) role.familiarization = info.familiarization;
    this.reportLeftovers();
    this.reportPictures();
    return this.out;
  }

  /** Pictures are not imported (a logo is a file the config or role names): say where each one was, so none is lost unnoticed. */
  private reportPictures(): void {
    for (const p of this.paragraphs)
      if (p.pictures)
        this.warn(
          p.n,
          `${p.pictures === 1 ? 'a picture' : `${p.pictures} pictures`} not imported (jdgen takes no images from documents): if it is the organisation's logo, save it as a PNG or JPEG file and name it in organization.logo`,
        );
  }

  /** Index in `lines` of the first section heading at or after `from`, or -1. */
  private firstHeading(from: number, knownOnly: boolean): number {
    const state: HeadingState = {};
    for (let i = Math.max(0, from); i < this.lines.length; i += 1) {
      const h = this.headingOf(this.lines[i]!, state, knownOnly);
      if (h) return i;
    }
    return -1;
  }

  /** Where the body ends: AGREED, the approval sheet, the revision history or the familiarisation sheet. */
  private tailStart(from: number): number {
    const v = this.vocab;
    for (let i = Math.max(0, from); i < this.lines.length; i += 1) {
      const line = this.lines[i]!;
      const text = headingNumber(line.text).rest;
      const short = text.split(/\s+/).length <= 14;
      if (matchList(text, v.agreed) === 'exact' || matchList(text, v.agreedSheet) === 'exact' || matchList(text, v.revisions) === 'exact') return i;
      if (short && matchList(text, v.familiarization) !== undefined && (line.p.pageBreakBefore || line.p.bold || isCaps(text) || i > from)) return i;
    }
    return this.lines.length;
  }

  /** Is the line a section heading? Known titles (and their synonyms) or heading-shaped lines. */
  private headingOf(line: Line, state: HeadingState, knownOnly = false): { key?: SectionKey; merged: SectionKey[]; title: string } | undefined {
    if (line.p.inTable) return undefined;
    const { value, segments, style, rest } = headingNumber(line.text);
    const inSequence = value !== undefined && state.next !== undefined && value === state.next && style === state.style;
    if (segments > 1 || rest === '' || rest.length > 150 || rest.split(/\s+/).length > 12 || /[;,]$/.test(rest)) return undefined;
    const title = rest.replace(/[.:]$/, '').trim();
    const f = fold(title);
    const shaped =
      (line.p.outline !== undefined && line.p.outline <= 2) ||
      line.p.bold ||
      isCaps(title) ||
      inSequence ||
      (line.p.list !== undefined && state.list === `${line.p.list.id}:${line.p.list.level}`);
    const exact = SECTION_KEYS.filter((key) => this.vocab.sections[key].includes(f));
    let found: { key?: SectionKey; merged: SectionKey[]; title: string } | undefined;
    if (exact.length > 0 && (shaped || (!/[.]$/.test(rest) && title.split(/\s+/).length <= 6))) found = { key: exact[0]!, merged: [], title };
    else if (shaped && !rest.endsWith(':')) {
      const contained = SECTION_KEYS.filter((key) =>
        this.vocab.sections[key].some((s) => new RegExp(`(^|[^\\p{L}])${escapeRegExp(s)}($|[^\\p{L}])`, 'u').test(f)),
      );
      const ordered = contained.sort((a, b) => firstIndex(f, this.vocab.sections[a]) - firstIndex(f, this.vocab.sections[b]));
      if (ordered.length > 0 && title.split(/\s+/).length <= 8) found = { key: ordered[0]!, merged: ordered.slice(1), title };
      else if (!knownOnly && title.split(/\s+/).length <= 10 && (value === undefined || state.next === undefined || value === state.next))
        found = { merged: [], title };
    }
    if (!found) return undefined;
    if (value !== undefined) {
      state.next = value + 1;
      if (style) state.style = style;
    }
    if (line.p.list) state.list = `${line.p.list.id}:${line.p.list.level}`;
    return found;
  }

  private splitSections(body: Line[]): Section[] {
    const state: HeadingState = {};
    const sections: Section[] = [];
    for (const line of body) {
      const h = this.headingOf(line, state);
      if (h) {
        this.used.add(line.p.n);
        sections.push({ heading: line, title: h.title, merged: h.merged, lines: [], ...(h.key ? { key: h.key } : {}) });
      } else sections.at(-1)?.lines.push(line);
    }
    return sections;
  }

  /**
   * Signature lines ("Head of HR ________ A. Brown") at the end of the last
   * section, with no AGREED title: not clauses. Read as the AGREED signatures
   * when the document has none; otherwise named in the report.
   */
  private readTrailingSignatures(sections: Section[], info: TitleInfo): void {
    const last = sections.at(-1);
    if (!last) return;
    const first = last.lines.findIndex(
      (l, i) =>
        /_{4,}/.test(l.text) &&
        last.lines.slice(i).every((m) => /_{4,}/.test(m.text) || isCaption(m.text) || isBlankDate(m.text, this.vocab) || m.text.split(/\s+/).length <= 6),
    );
    if (first < 0) return;
    const lines = last.lines.splice(first);
    if (info.agreed?.length) {
      for (const line of lines) this.warn(line.p.n, `signature line after the last section not mapped: "${line.text}"`);
      for (const line of lines) this.used.add(line.p.n);
      return;
    }
    const parsed = this.signatories(lines, true);
    if (parsed.people.length > 0) {
      info.agreed = parsed.people;
      info.agreedPlace = 'end';
      this.map('agreed_by', lines[0]);
      this.guess(lines[0]!.p.n, 'signature lines after the last section (no AGREED title) read as AGREED signatures');
    }
  }

  /** The clauses of a section as a tree, by the numbering of each paragraph. */
  private clauseTree(lines: Line[]): ClauseNode[] {
    const roots: ClauseNode[] = [];
    const stack: { family: string; rank: number; node: ClauseNode }[] = [];
    let last: ClauseNode | undefined;
    for (const line of lines) {
      const m = markerOf(line);
      const text = m.rest.replace(/^[\t ]+/, '');
      if (text === '') continue;
      const node: ClauseNode = { text, n: line.p.n, children: [] };
      let depth: number;
      if (m.family === 'plain') {
        if (stack.length === 0) depth = 1;
        else if (last && /:$/.test(last.text)) depth = stack.length + 1;
        else depth = stack.length;
        stack.length = Math.max(0, depth - 1);
        stack.push({ family: stack[depth - 1]?.family ?? 'plain', rank: 0, node });
        if (lines.length > 1 && depth > 1) this.guess(line.p.n, `an unnumbered paragraph is read as a clause of level ${depth}`);
      } else {
        const same = stack.findIndex((e) => e.family === m.family && e.rank === m.rank);
        if (same >= 0) stack.length = same;
        else {
          let parent = -1;
          for (let i = stack.length - 1; i >= 0; i -= 1) {
            if (stack[i]!.family === m.family && stack[i]!.rank < m.rank) {
              parent = i;
              break;
            }
          }
          const deeper = stack.findIndex((e) => e.family === m.family && e.rank > m.rank);
          if (parent >= 0) stack.length = parent + 1;
          else if (deeper >= 0) stack.length = deeper;
        }
        stack.push({ family: m.family, rank: m.rank, node });
        depth = stack.length;
      }
      if (depth > MAX_CLAUSE_DEPTH) {
        this.warn(line.p.n, `nested deeper than ${MAX_CLAUSE_DEPTH} levels: kept at level ${MAX_CLAUSE_DEPTH}`);
        stack.splice(MAX_CLAUSE_DEPTH - 1, stack.length, { family: m.family, rank: m.rank, node });
        depth = MAX_CLAUSE_DEPTH;
      }
      const parent = depth > 1 ? stack[depth - 2]?.node : undefined;
      (parent ? parent.children : roots).push(node);
      if (node.text.length > MAX_TEXT) {
        this.warn(line.p.n, `a clause of ${node.text.length} characters was cut to ${MAX_TEXT}`);
        node.text = node.text.slice(0, MAX_TEXT);
      }
      this.used.add(line.p.n);
      last = node;
    }
    return roots;
  }

  private placeSections(sections: Section[], role: Record<string, unknown>): void {
    const taken = new Map<SectionKey, Section>();
    const extra: Record<string, unknown>[] = [];
    for (const section of sections) {
      const tree = this.clauseTree(section.lines);
      const count = countNodes(tree);
      if (section.key && !taken.has(section.key)) {
        taken.set(section.key, section);
        if (tree.length === 0) {
          this.warn(section.heading.p.n, `section "${section.title}" has no clauses`);
          continue;
        }
        // A merged heading ("Rights and responsibility"): clauses that start the way the other part's clauses do go there.
        const parts = new Map<SectionKey, ClauseNode[]>([[section.key, []]]);
        for (const node of tree) {
          const other = section.merged.find((key) => !taken.has(key) && this.startsLike(key, node.text));
          if (other) parts.set(other, [...(parts.get(other) ?? []), node]);
          else parts.get(section.key)!.push(node);
        }
        for (const [key, nodes] of parts) {
          if (nodes.length === 0) continue;
          if (key !== section.key) {
            taken.set(key, section);
            this.guess(section.heading.p.n, `${nodes.length} clause(s) of "${section.title}" put under ${key}: they start as ${key} clauses do`);
          }
          role[key] = key === 'qualifications' ? this.qualifications(nodes, section) : nodes.map(toClause);
          this.map(key, section.heading, countNodes(nodes));
        }
        const unsplit = section.merged.filter((key) => !parts.get(key)?.length);
        if (unsplit.length > 0) {
          this.warn(
            section.heading.p.n,
            `"${section.title}" merges ${[section.key, ...section.merged].join(' and ')}: its clauses went to ${[...parts.keys()].filter((k) => parts.get(k)!.length > 0).join(' and ')}; move those that belong to ${unsplit.join(', ')}`,
          );
        }
        if (fold(section.title) !== fold(this.vocab.sections[section.key][0] ?? ''))
          this.guess(section.heading.p.n, `"${section.title}" read as ${[...parts.keys()].filter((k) => parts.get(k)!.length > 0).join(' and ')}`);
      } else {
        if (section.key) this.warn(section.heading.p.n, `a second ${section.key} section ("${section.title}"): kept as an extra section`);
        if (tree.length === 0) {
          this.warn(section.heading.p.n, `section "${section.title}" has no clauses: left out`);
          continue;
        }
        extra.push({ title: section.title, clauses: tree.map(toClause) });
        this.out.extraSections.push({ title: section.title, paragraph: section.heading.p.n, clauses: count });
        this.used.add(section.heading.p.n);
      }
    }
    // Sections a role must have: a clause that says so, for a person to fill in.
    const ordered: Record<string, unknown> = {};
    for (const key of SECTION_KEYS) {
      if (role[key] !== undefined) ordered[key] = role[key];
      else if (key !== 'qualifications' && key !== 'relationships') {
        ordered[key] = [`TODO: the imported document has no ${key.replace('_', ' ')} section.`];
        this.placeholders += 1;
        this.warn(0, `no ${key} section found: a TODO clause stands in for it`);
      }
      delete role[key];
    }
    Object.assign(role, ordered);
    if (extra.length > 0) role.sections = extra;
  }

  /** Does the clause start (or end, for a pattern written `…word`) the way clauses of `key` do (templates/import/<locale>.yaml, clause_starts)? */
  private startsLike(key: SectionKey, text: string): boolean {
    const f = fold(text);
    return this.vocab.clauseStarts[key].some((s) => (s.startsWith('…') ? f.endsWith(s.slice(1)) : f === s || f.startsWith(`${s} `)));
  }

  /** Qualification requirements: named groups when every clause starts with a group's label, else a list. */
  private qualifications(tree: ClauseNode[], section: Section): unknown {
    const groups: Partial<Record<GroupKey, unknown>> = {};
    for (const node of tree) {
      const m = /^([^:]{1,60}):\s*(.*)$/s.exec(node.text);
      const key = m ? GROUP_KEYS.find((k) => this.vocab.groups[k].includes(fold(m[1]!))) : undefined;
      if (!m || !key || groups[key] !== undefined) return tree.map(toClause);
      const rest = m[2]!.trim();
      if (rest !== '') groups[key] = node.children.length > 0 ? { text: rest, items: node.children.map(toClause) } : rest;
      else if (node.children.length > 0) groups[key] = node.children.map(toClause);
      else return tree.map(toClause);
    }
    this.guess(section.heading.p.n, `qualification requirements read as groups: ${Object.keys(groups).join(', ')}`);
    return groups;
  }

  /** Organisation, letterhead, APPROVED (and AGREED when it stands at the top). */
  private readHeader(header: Line[], info: TitleInfo): void {
    const v = this.vocab;
    const approvalAt = header.findIndex((l) => matchList(l.text, v.approval) !== undefined);
    const agreedAt = header.findIndex((l) => matchList(l.text, v.agreed) !== undefined);
    const claimed = new Set<number>();
    if (approvalAt >= 0) {
      const block = this.blockAfter(header, approvalAt, agreedAt > approvalAt ? agreedAt : header.length);
      const first = afterPrefix(header[approvalAt]!.text, v.approval) ?? '';
      const lines = [...(first ? [{ ...header[approvalAt]!, text: first }] : []), ...block];
      claimed.add(approvalAt);
      for (const l of block) claimed.add(header.indexOf(l));
      const parsed = this.signatories(lines, true);
      const approver = parsed.people[0];
      if (approver) {
        info.approval = approver;
        this.map('approval', header[approvalAt]);
        for (const l of block) this.used.add(l.p.n);
        if (parsed.people.length > 1) this.warn(parsed.people[1]!.n, `the APPROVED block names more than one person; only ${approver.name} is kept`);
      } else this.warn(header[approvalAt]!.p.n, 'an APPROVED block without a recognisable position and name');
      if (parsed.date) {
        info.approvalDate = parsed.date;
      }
    }
    if (agreedAt >= 0) {
      const block = this.blockAfter(header, agreedAt, header.length);
      claimed.add(agreedAt);
      for (const l of block) claimed.add(header.indexOf(l));
      const parsed = this.signatories(block, true);
      if (parsed.people.length > 0) {
        info.agreed = parsed.people;
        info.agreedPlace = 'header';
        this.map('agreed_by', header[agreedAt]);
        for (const l of block) this.used.add(l.p.n);
      }
    }
    // The organisation: the first other line; the lines right after it, its letterhead.
    let orgAt = -1;
    for (let i = 0; i < header.length; i += 1) {
      if (claimed.has(i)) continue;
      const line = header[i]!;
      if (orgAt < 0) {
        if (this.readFieldLine(line, info, false)) continue;
        orgAt = i;
        info.org = line.text;
        this.map('organization.name', line);
        if (!line.p.bold && !isCaps(line.text)) this.guess(line.p.n, `"${line.text}" read as the organisation name`);
        continue;
      }
      if (this.readFieldLine(line, info, false)) continue;
      (info.letterhead ??= []).push(line.text);
      this.map('organization.letterhead', line);
    }
  }

  /** The lines of a block that starts at `from`: the rest of its table cell, else the lines up to a gap. */
  private blockAfter(lines: Line[], from: number, end: number): Line[] {
    const start = lines[from]!;
    const out: Line[] = [];
    for (let i = from + 1; i < end; i += 1) {
      const line = lines[i]!;
      if (start.p.cell !== undefined) {
        if (line.p.cell !== start.p.cell) break;
      } else {
        if (line.p.cell !== undefined) break;
        // Outside a table: an empty paragraph ends the block once it has begun.
        const gap = this.paragraphs.some((p) => p.n > lines[i - 1]!.p.n && p.n < line.p.n && p.text === '');
        if (gap && out.length >= 2) break;
      }
      out.push(line);
    }
    return out;
  }

  /**
   * Signatories from the lines of an APPROVED or AGREED block: a position, a
   * signature line (underscores, a caption) and a printed name, each group
   * perhaps with a date line.
   */
  private signatories(lines: Line[], blocky: boolean): { people: Signatory[]; date?: string } {
    const people: Signatory[] = [];
    let position: string[] = [];
    let n = 0;
    let signed = false;
    let date: string | undefined;
    const flush = (): void => {
      if (position.length >= 2 && blocky) {
        const name = position.pop()!;
        people.push({ position: position.join(' '), name, n });
        this.guess(n, `"${name}" read as a printed name`);
      } else if (position.length > 0) {
        this.warn(n, `"${position.join(' ')}" has no printed name beside it: not taken as a signatory`);
      }
      position = [];
      signed = false;
    };
    for (const line of lines) {
      const text = line.text.trim();
      if (text === '') continue;
      this.used.add(line.p.n);
      if (isCaption(text)) {
        signed = true;
        this.used.add(line.p.n);
        continue;
      }
      if (
        isBlankDate(text, this.vocab) ||
        (findDate(text, this.vocab) && !/\p{L}{3,}\s+\p{L}{3,}/u.test(text.replace(findDate(text, this.vocab)!.match, '')))
      ) {
        const found = findDate(text, this.vocab);
        if (found) date ??= found.iso;
        this.used.add(line.p.n);
        if (position.length > 0) flush();
        continue;
      }
      if (position.length === 0) n = line.p.n;
      const sig = /_{3,}/.exec(text);
      if (sig) {
        const before = text
          .slice(0, sig.index)
          .replace(/[:\s]+$/, '')
          .trim();
        const after = text.replace(/^.*_{3,}/s, '').trim();
        if (before) position.push(before);
        if (after && !isCaption(after)) {
          if (position.length === 0) this.warn(line.p.n, `a signature of ${after} without a position`);
          else people.push({ position: position.join(' '), name: after, n });
          position = [];
          signed = false;
        } else signed = true;
        continue;
      }
      const clean = text.replace(/:$/, '').trim();
      if (position.length > 0 && (signed || looksLikeName(clean, false))) {
        people.push({ position: position.join(' '), name: clean, n });
        position = [];
        signed = false;
        continue;
      }
      position.push(clean);
    }
    flush();
    return date ? { people, date } : { people };
  }

  /**
   * A header or title-area line with registration details: "No. 14 · Springfield · 2 November 2026 · Revision 1",
   * "Reports to: Head of Sales", "г. Москва". True when it was one.
   */
  private readFieldLine(line: Line, info: TitleInfo, titleArea: boolean): boolean {
    const v = this.vocab;
    const pieces = line.text.split(/\s+[·|]\s+/);
    let any = false;
    const leftovers: string[] = [];
    for (const raw of pieces) {
      let piece = raw.trim();
      const numberRest = this.afterNumberWord(piece);
      if (numberRest !== undefined && numberRest !== '' && /\d/.test(numberRest)) {
        const token = numberRest.split(/\s+/)[0]!.replace(/[,;]$/, '');
        if (!info.number) {
          info.number = token;
          this.map('document.number', line);
        }
        piece = numberRest.slice(token.length).trim();
        any = true;
      }
      const date = findDate(piece, v);
      if (date) {
        if (!info.date) {
          info.date = date.iso;
          this.map('document.date', line);
        }
        piece = piece
          .replace(date.match, ' ')
          .replace(/(^|[\s,])(?:от|від|dated|date|din|data|datë|tarixli|of|from)(?=[\s,]|$)/giu, ' ')
          .replace(/^[\s,;]+|[\s,;]+$/g, '')
          .replace(/\s*,[\s,]*/g, ', ')
          .trim();
        any = true;
        if (piece === '') continue;
      }
      const numberAgain = this.afterNumberWord(piece);
      if (numberAgain && /\d/.test(numberAgain) && !info.number) {
        info.number = numberAgain.split(/\s+/)[0]!;
        this.map('document.number', line);
        any = true;
        continue;
      }
      const version = afterPrefix(piece, v.fields.version) ?? /^(\d+)\.\s*(?:redakcija|versija)$/iu.exec(piece)?.[1];
      if (version !== undefined && /^\d+$/.test(version)) {
        info.version = Number(version);
        this.map('document.version', line);
        any = true;
        continue;
      }
      const place = this.placeOf(piece);
      if (place) {
        info.city ??= place;
        this.map('organization.city', line);
        any = true;
        continue;
      }
      const field = /^([^:]{2,60}):\s*(.+)$/s.exec(piece);
      if (field) {
        const label = fold(field[1]!);
        const key = (['reports_to', 'category', 'code', 'department'] as FieldKey[]).find((k) => v.fields[k].includes(label));
        if (key && key !== 'number' && key !== 'version') {
          (info as Record<string, unknown>)[key] ??= field[2]!.trim();
          this.map(`position.${key}`, line);
          any = true;
          continue;
        }
      }
      if (piece !== '') leftovers.push(piece);
    }
    if (!any) return false;
    // jdgen's line "No. X · City · date": the piece left over is the place of issue.
    for (const piece of leftovers) {
      if (!info.city && piece.split(/\s+/).length <= 4 && !/\d/.test(piece)) {
        info.city = piece.replace(/^(?:г\.|м\.)\s*/u, '');
        this.map('organization.city', line);
        if (!titleArea || pieces.length < 3) this.guess(line.p.n, `"${piece}" read as the city`);
      } else this.warn(line.p.n, `"${piece}" not mapped`);
    }
    this.used.add(line.p.n);
    return true;
  }

  /** What follows "No.", "№", "Nr." at the start of the text. */
  private afterNumberWord(text: string): string | undefined {
    for (const word of this.vocab.fields.number) {
      const m = new RegExp(`^${escapeRegExp(word)}\\.?\\s*(?=\\S)`, 'iu').exec(text);
      if (m && (/[^\p{L}]$/u.test(word) || /^[^\p{L}]/u.test(text.slice(m[0].length)) || /[.\s]$/.test(m[0]))) return text.slice(m[0].length).trim();
    }
    return undefined;
  }

  /** The city in the locale's place phrase ("г. {city}"), or after a "City:" label. */
  private placeOf(piece: string): string | undefined {
    const phrase = typeof this.vocab.locale.phrases.document === 'object' ? (this.vocab.locale.phrases.document as Record<string, unknown>).place : undefined;
    if (typeof phrase === 'string' && phrase.trim() !== '{city}') {
      const re = new RegExp(`^${escapeRegExp(phrase).replace('\\{city\\}', '(.+)').replace(/\s+/g, '\\s*')}$`, 'u');
      const m = re.exec(piece);
      if (m) return m[1]!.trim();
    }
    const labelled = /^(?:city|place of issue|город|місто|oraș|orașul|pilsēta|qyteti|şəhər|şəhəri)\s*:\s*(.+)$/iu.exec(piece);
    return labelled?.[1]?.trim();
  }

  /** The lines between the title and the first section: position, department, number, date, city, reports to. */
  private readPreamble(titleRest: string, titleLine: Line | undefined, lines: Line[], info: TitleInfo): void {
    const texts: Line[] = [];
    if (titleRest && titleLine) texts.push({ p: titleLine.p, text: titleRest });
    for (const line of lines) if (!this.readFieldLine(line, info, true)) texts.push(line);
    const genitive =
      this.vocab.locale.grammar.title_genitive !== undefined &&
      /title_genitive/.test(String((this.vocab.locale.phrases.document as Record<string, unknown> | undefined)?.heading ?? ''));
    for (const [i, line] of texts.entries()) {
      if (i === 0) {
        if (genitive) {
          info.titleGenitive = line.text;
          this.map('position.title_genitive', line);
        } else {
          info.title = line.text;
          this.map('position.title', line);
        }
      } else if (i === 1 && !info.department) {
        info.department = line.text;
        this.map('position.department', line);
        this.guess(line.p.n, `"${line.text}" read as the department`);
      } else {
        this.warn(line.p.n, `"${line.text}" (between the title and the first section) not mapped`);
        this.used.add(line.p.n);
      }
    }
  }

  /** Running footer ("number · title": the title in the nominative) and the draft mark. */
  private readMargins(info: TitleInfo): void {
    const marks = this.doc.margins.map(fold);
    if (marks.includes(this.vocab.draftMark)) info.draft = true;
    for (const text of this.doc.margins) {
      const parts = text.split(/\s+·\s+/);
      // A revision number the body does not give may stand in the footer ("Revision 2").
      for (const part of parts) {
        const version = afterPrefix(part, this.vocab.fields.version);
        if (info.version === undefined && version !== undefined && /^\d+$/.test(version)) {
          info.version = Number(version);
          this.guess(0, `document.version ${version} taken from the running footer`);
        }
      }
      if (parts.length === 2 && info.number && parts[0] === info.number && parts[1]) {
        if (!info.title) {
          info.title = parts[1];
          this.map('position.title', undefined);
          this.guess(0, `position.title "${parts[1]}" taken from the running footer`);
        }
      }
    }
  }

  /**
   * A title printed only in the genitive («менеджера по продажам»): the
   * nominative is looked for at the start of the clauses («Менеджер по
   * продажам относится к…»), as the words whose genitive is the printed one;
   * failing that, position.title is a copy of the genitive, with a warning.
   */
  private nominativeTitle(sections: Section[], info: TitleInfo): void {
    const genitive = info.titleGenitive;
    const language = this.vocab.locale.grammar.title_genitive;
    if (info.title || !genitive || !language) return;
    const wanted = fold(genitive);
    const words = wanted.split(' ').length;
    for (const section of sections) {
      for (const line of section.lines.slice(0, 40)) {
        const text = markerOf(line).rest.split(/\s+/);
        for (let k = words; k <= Math.min(words + 1, text.length); k += 1) {
          const candidate = text
            .slice(0, k)
            .join(' ')
            .replace(/[,.;:]$/, '');
          if (fold(titleGenitive(candidate, language) ?? '') === wanted) {
            info.title = candidate.charAt(0).toLocaleUpperCase() + candidate.slice(1);
            this.guess(line.p.n, `position.title "${info.title}": the words of this clause whose genitive is the title's ("${genitive}")`);
            return;
          }
        }
      }
    }
    info.title = genitive.charAt(0).toLocaleUpperCase() + genitive.slice(1);
    this.warn(0, `the position title stands only in the genitive ("${genitive}"): position.title is a copy of it; put it in the nominative`);
  }

  /** AGREED signatures, the revision history and the familiarisation sheet after the last section. */
  private readTail(tail: Line[], info: TitleInfo): void {
    const v = this.vocab;
    let zone: 'agreed' | 'sheet' | 'revisions' | 'familiarization' | undefined;
    const zones: Record<string, Line[]> = { agreed: [], sheet: [], revisions: [], familiarization: [] };
    const starts: Record<string, Line> = {};
    for (const line of tail) {
      const text = headingNumber(line.text).rest;
      let next: typeof zone;
      if (matchList(text, v.agreed) === 'exact') next = 'agreed';
      else if (matchList(text, v.agreedSheet) === 'exact') next = 'sheet';
      else if (matchList(text, v.revisions) === 'exact') next = 'revisions';
      else if (zone !== 'familiarization' && text.split(/\s+/).length <= 14 && matchList(text, v.familiarization) !== undefined) next = 'familiarization';
      if (next) {
        zone = next;
        starts[next] ??= line;
        this.used.add(line.p.n);
        continue;
      }
      if (zone) zones[zone]!.push(line);
    }
    for (const kind of ['agreed', 'sheet'] as const) {
      if (!starts[kind]) continue;
      const parsed = this.signatories(zones[kind]!, true);
      if (parsed.people.length > 0) {
        info.agreed = [...(info.agreed ?? []), ...parsed.people];
        info.agreedPlace = kind === 'sheet' ? 'sheet' : 'end';
        this.map('agreed_by', starts[kind]);
      }
    }
    if (starts.revisions) this.readRevisions(starts.revisions, info);
    if (starts.familiarization) this.readFamiliarization(starts.familiarization, zones.familiarization!, info);
  }

  /** The first table after paragraph `n` (top-level tables only). */
  private tableAfter(n: number): SourceTable | undefined {
    for (const block of this.doc.blocks) {
      if (block.kind !== 'table') continue;
      const first = paragraphsOf([block])[0];
      if (first && first.n > n) return block;
    }
    return undefined;
  }

  private cellTexts(table: SourceTable): string[][] {
    return table.rows.map((row) =>
      row.map((cell) =>
        cleanText(
          paragraphsOf(cell)
            .map((p) => p.text)
            .join(' '),
        ),
      ),
    );
  }

  private readRevisions(start: Line, info: TitleInfo): void {
    const table = this.tableAfter(start.p.n);
    if (!table) return this.warn(start.p.n, 'a revision history title without a table');
    const rows = this.cellTexts(table);
    const changes: Record<string, unknown>[] = [];
    for (const [r, cells] of rows.entries()) {
      if (r === 0 && !/^\d+$/.test(cells[0] ?? '')) continue;
      const [version, dateText, summary, author] = cells;
      const date = findDate(dateText ?? '', this.vocab);
      if (!version || !/^\d+$/.test(version) || !date || !summary) {
        if (cells.some((c) => c !== '')) this.warn(start.p.n, `revision history row ${r + 1} not read: ${cells.join(' | ')}`);
        continue;
      }
      changes.push({ version: Number(version), date: date.iso, summary, ...(author ? { author } : {}) });
    }
    for (const p of paragraphsOf([table])) this.used.add(p.n);
    if (changes.length > 0) {
      info.changes = changes;
      this.map('document.changes', start);
    }
  }

  private readFamiliarization(start: Line, lines: Line[], info: TitleInfo): void {
    const table = this.tableAfter(start.p.n);
    for (const line of lines) if (!line.p.inTable) this.used.add(line.p.n);
    if (!table) {
      this.warn(start.p.n, 'a familiarisation sheet without a table: the default sheet is written');
      return;
    }
    const rows = this.cellTexts(table);
    const head = rows[0] ?? [];
    let nameCol = head.findIndex(
      (c) =>
        this.vocab.columns.name.includes(fold(c)) ||
        fold(c)
          .split(/[ ,]+/)
          .some((w) => this.vocab.columns.name.includes(w)),
    );
    let positionCol = head.findIndex((c) => this.vocab.columns.position.includes(fold(c)));
    const hasHeader = nameCol >= 0 || positionCol >= 0;
    if (nameCol < 0) nameCol = head.length >= 3 ? 1 : 0;
    if (positionCol < 0 && hasHeader) positionCol = -1;
    const employees: Record<string, unknown>[] = [];
    let empty = 0;
    for (const cells of rows.slice(hasHeader ? 1 : 0)) {
      const name = cells[nameCol]?.trim() ?? '';
      if (name === '') {
        empty += 1;
        continue;
      }
      const employee: Record<string, unknown> = { name };
      const position = positionCol >= 0 ? (cells[positionCol]?.trim() ?? '') : '';
      if (position && position !== info.title) {
        if (!info.title) {
          info.title = position;
          this.guess(start.p.n, `position.title "${position}" taken from the familiarisation sheet`);
        } else employee.position = position;
      }
      employees.push(employee);
    }
    for (const p of paragraphsOf([table])) this.used.add(p.n);
    const sheet: Record<string, unknown> = {};
    if (empty !== 5 || employees.length > 0) sheet.rows = empty;
    if (employees.length > 0) sheet.employees = employees;
    if (Object.keys(sheet).length > 0) info.familiarization = sheet;
    this.map('familiarization', start);
  }

  /** Every paragraph with text that went nowhere is named in a warning. */
  private reportLeftovers(): void {
    const v = this.vocab;
    for (const line of this.lines) {
      if (this.used.has(line.p.n)) continue;
      const f = fold(line.text);
      if (v.boilerplate.includes(f) || isCaption(line.text) || isBlankDate(line.text, v) || /^_+$/.test(line.text)) continue;
      if (this.isSheetBoilerplate(f)) continue;
      this.warn(line.p.n, `not mapped: "${line.text.length > 80 ? `${line.text.slice(0, 77)}…` : line.text}"`);
    }
  }

  /** jdgen's fixed lines of the familiarisation sheet (its subtitle), recognised by their fixed words. */
  private isSheetBoilerplate(f: string): boolean {
    const subtitle = (this.vocab.locale.phrases.familiarization as Record<string, unknown> | undefined)?.subtitle;
    if (typeof subtitle !== 'string') return false;
    const fixed = subtitle
      .split(/\{\w+\}/)
      .map((s) => fold(s))
      .filter((s) => s.length >= 3);
    return fixed.length > 0 && fixed.every((s) => f.includes(s));
  }
}

interface HeadingState {
  /** The number the next numbered heading should have. */
  next?: number;
  /** How the headings are numbered (`arabic`, `roman`, `word-arabic` for "Section 2"…): a clause "2." is not the next heading after "Section 1". */
  style?: string;
  /** `list:level` of automatically numbered headings. */
  list?: string;
}

interface TitleInfo {
  org?: string;
  letterhead?: string[];
  city?: string;
  number?: string;
  date?: string;
  approvalDate?: string;
  version?: number;
  draft?: boolean;
  title?: string;
  titleGenitive?: string;
  department?: string;
  category?: string;
  code?: string;
  reports_to?: string;
  approval?: Signatory;
  agreed?: Signatory[];
  agreedPlace?: 'header' | 'end' | 'sheet';
  changes?: Record<string, unknown>[];
  familiarization?: Record<string, unknown>;
}

/**
 * The lines of the document in reading order. A table that lays out the
 * text itself (a number in the first column, the clause in the second, as
 * some organisations write job descriptions) gives one line per row, read
 * as ordinary paragraphs; every other table gives its paragraphs.
 */
function linesOf(blocks: readonly SourceBlock[]): Line[] {
  const out: Line[] = [];
  for (const block of blocks) {
    if (block.kind === 'p') {
      if (block.text !== '') out.push({ p: block, text: block.text });
      continue;
    }
    const rows = block.rows.map((row) => row.map((cell) => paragraphsOf(cell)));
    if (isTextTable(rows)) {
      for (const row of rows) {
        const paragraphs = row.flat().filter((p) => p.text !== '');
        if (paragraphs.length === 0) continue;
        const text = paragraphs.map((p) => p.text).join(' ');
        const first = paragraphs[0]!;
        const { cell: _cell, ...rest } = first;
        out.push({ p: { ...rest, text, inTable: false, bold: paragraphs.every((p) => p.bold) }, text });
      }
    } else for (const p of paragraphsOf([block])) if (p.text !== '') out.push({ p, text: p.text });
  }
  return out;
}

/** Rows of a number and a clause: most rows start with a number alone and have one more cell of running text. */
function isTextTable(rows: SourceParagraph[][][]): boolean {
  if (rows.length < 3) return false;
  const text = (cell: SourceParagraph[] | undefined): string =>
    (cell ?? [])
      .map((p) => p.text)
      .join(' ')
      .trim();
  let numbered = 0;
  let long = 0;
  for (const row of rows) {
    const filled = row.filter((cell) => text(cell) !== '');
    if (filled.length === 2 && /^(\d{1,3}(\.\d{1,3})*\.?|[IVXL]+\.?)$/.test(text(filled[0]))) {
      numbered += 1;
      if (text(filled[1]).length >= 30) long += 1;
    }
  }
  return numbered >= rows.length * 0.6 && long >= numbered * 0.5;
}

function firstIndex(text: string, list: readonly string[]): number {
  const found = list.map((s) => text.indexOf(s)).filter((i) => i >= 0);
  return found.length > 0 ? Math.min(...found) : Infinity;
}

function countNodes(nodes: ClauseNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.children), 0);
}

function toClause(node: ClauseNode): unknown {
  return node.children.length === 0 ? node.text : { text: node.text, items: node.children.map(toClause) };
}

/** Dates as the locale prints them, for tests and the report. */
export function printedDate(vocab: Vocabulary, isoDate: string): string {
  return formatDate(vocab.locale, isoDate);
}
