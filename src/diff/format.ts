import type { Palette } from '../palette.js';
import type { ClauseChange, DocumentDiff } from './diff.js';
import type { WordChange } from './words.js';

/** What `--format json` prints (schemas/diff.schema.json): the diff without internal bookkeeping. */
export function diffJson(diff: DocumentDiff): object {
  const counts = (kind: ClauseChange['kind']) => diff.clauses.filter((c) => c.kind === kind).length;
  return {
    jdgen: 1,
    old: diff.old,
    new: diff.new,
    same: isSame(diff),
    summary: {
      header: diff.header.length,
      inserted: counts('inserted'),
      deleted: counts('deleted'),
      reworded: counts('reworded'),
      moved: counts('moved') + counts('moved+reworded'),
    },
    header: diff.header,
    clauses: diff.clauses,
  };
}

export function isSame(diff: DocumentDiff): boolean {
  return diff.header.length === 0 && diff.clauses.length === 0;
}

const where = (c: ClauseChange): string => {
  if (c.kind === 'inserted') return c.new!.number;
  if (c.kind === 'deleted') return c.old!.number;
  return c.old!.number === c.new!.number ? c.new!.number : `${c.old!.number} → ${c.new!.number}`;
};

/** The terminal view: one line per change, clauses named by their numbers (old → new), words coloured. */
export function diffText(diff: DocumentDiff, c: Palette): string {
  const lines = [c.bold(`--- ${diff.old}`), c.bold(`+++ ${diff.new}`)];
  for (const h of diff.header) lines.push(`${c.yellow('~')} ${h.field}: ${c.red(h.old || '(none)')} → ${c.green(h.new || '(none)')}`);
  for (const change of diff.clauses) lines.push(clauseLine(change, c));
  lines.push(summaryLine(diff));
  return `${lines.join('\n')}\n`;
}

function clauseLine(change: ClauseChange, c: Palette): string {
  const label = `${change.kind} ${where(change)}${change.id ? ` [${change.id}]` : ''}`;
  if (change.kind === 'inserted') return `${c.green('+')} ${c.green(label)}: ${c.green(change.new!.text)}`;
  if (change.kind === 'deleted') return `${c.red('-')} ${c.red(label)}: ${c.deleted(change.old!.text)}`;
  const moved = change.kind.startsWith('moved') && change.old!.section !== change.new!.section ? ` (${change.old!.section} → ${change.new!.section})` : '';
  // Without colour, wdiff's markers show what was removed and added.
  const [del, ins] = c.coloured ? [c.deleted, c.inserted] : [(t: string) => `[-${t}-]`, (t: string) => `{+${t}+}`];
  const body = change.words ? words(change.words, del, ins) : change.new!.text;
  return `${c.yellow('~')} ${c.yellow(label)}${moved}: ${body}`;
}

function words(list: WordChange[], del: (t: string) => string, ins: (t: string) => string): string {
  return list.map((w) => (w.op === 'delete' ? outside(w.text, del) : w.op === 'insert' ? outside(w.text, ins) : w.text)).join('');
}

/**
 * Marks a change with the spaces around it left outside the markers
 * (`a {+large+} plan`, not `a {+large +}plan`): Markdown does not read
 * `**large **` as bold. A change of spaces alone is marked as it is.
 */
function outside(text: string, mark: (t: string) => string): string {
  const [, before, core, after] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return core ? `${before}${mark(core)}${after}` : mark(text);
}

export function summaryLine(diff: DocumentDiff): string {
  if (isSame(diff)) return 'no changes';
  const s = (diffJson(diff) as { summary: Record<string, number> }).summary;
  return `${s.header} header field${s.header === 1 ? '' : 's'}, ${s.inserted} inserted, ${s.deleted} deleted, ${s.reworded} reworded, ${s.moved} moved`;
}

/** A review summary to paste into a ticket. */
export function diffMarkdown(diff: DocumentDiff): string {
  const out = [`## Changes: ${escape(diff.old)} → ${escape(diff.new)}`, '', summaryLine(diff), ''];
  if (diff.header.length) {
    out.push('### Document details', '', '| field | before | after |', '| --- | --- | --- |');
    for (const h of diff.header) out.push(`| ${h.field} | ${escape(h.old) || '—'} | ${escape(h.new) || '—'} |`);
    out.push('');
  }
  if (diff.clauses.length) {
    out.push('### Clauses', '');
    for (const change of diff.clauses) out.push(markdownClause(change));
    out.push('');
  }
  return `${out.join('\n')}`;
}

/** One clause change as a Markdown list item: its number, the kind, the words struck through and in bold. */
export function markdownClause(change: ClauseChange): string {
  const text = change.words
    ? words(
        change.words,
        (t) => `~~${escape(t)}~~`,
        (t) => `**${escape(t)}**`,
      )
    : escape((change.new ?? change.old)!.text);
  const moved = change.kind.startsWith('moved') ? ` (from ${escape(change.old!.section)})` : '';
  return `- **${where(change)}** ${change.kind}${moved}: ${change.kind === 'deleted' ? `~~${text}~~` : text}`;
}

const escape = (text: string): string => text.replace(/[\\`*_[\]<>|~]/g, (ch) => `\\${ch}`);
