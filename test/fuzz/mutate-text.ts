import type { Mutation } from './mutate.js';
import type { Rng } from './rng.js';

/** Damage to the YAML text itself: what a careless editor or a bad merge does to a file. */
function textual(edit: (text: string, rng: Rng) => { text: string | Uint8Array; what: string }): Mutation {
  return (project, file, rng) => {
    const text = project.files[file];
    if (typeof text !== 'string') return undefined;
    const out = edit(text, rng);
    project.files[file] = out.text;
    return `${file}: ${out.what}`;
  };
}

const lines = (text: string) => text.split('\n');

const tabs = textual((text, rng) => {
  const all = lines(text);
  const i = rng.int(0, all.length - 1);
  all[i] = all[i]!.replace(/^( {1,2})/, '\t');
  return { text: all.join('\n'), what: `tab indent on line ${i + 1}` };
});

const indent = textual((text, rng) => {
  const all = lines(text);
  const i = rng.int(0, all.length - 1);
  all[i] = rng.chance(0.5) ? ` ${all[i]}` : all[i]!.replace(/^ /, '');
  return { text: all.join('\n'), what: `indentation changed on line ${i + 1}` };
});

/** Duplicating a `key: value` line gives a duplicate key in the same mapping. */
const duplicateLine = textual((text, rng) => {
  const all = lines(text);
  const i = rng.int(0, all.length - 1);
  all.splice(i, 0, all[i]!);
  return { text: all.join('\n'), what: `line ${i + 1} duplicated` };
});

const deleteLine = textual((text, rng) => {
  const all = lines(text);
  const i = rng.int(0, all.length - 1);
  all.splice(i, 1);
  return { text: all.join('\n'), what: `line ${i + 1} deleted` };
});

const lineEnds = textual((text, rng) => {
  const end = rng.pick(['\r', '\r\n', '\n\r', '\u2028', '\u0085']);
  return { text: text.replace(/\n/g, end), what: `line ends ${JSON.stringify(end)}` };
});

const bom = textual((text, rng) => {
  if (rng.chance(0.5)) return { text: `\ufeff${text}`, what: 'BOM at start' };
  const at = rng.int(0, text.length);
  return { text: `${text.slice(0, at)}\ufeff${text.slice(at)}`, what: `BOM at offset ${at}` };
});

const truncate = textual((text, rng) => {
  const at = rng.int(0, text.length);
  return { text: text.slice(0, at), what: `truncated at ${at}` };
});

const NOISE = [
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  ',',
  '?',
  '\t',
  '\u0000',
  '\\',
  '---\n',
  '...\n',
  '<<: *x\n',
];

const noise = textual((text, rng) => {
  const piece = rng.pick(NOISE);
  const at = rng.int(0, text.length);
  return { text: `${text.slice(0, at)}${piece}${text.slice(at)}`, what: `${JSON.stringify(piece)} at offset ${at}` };
});

/** Bytes that are not UTF-8 (a file saved as Latin-1, a stray 0xFF). */
const binary = textual((text, rng) => {
  const bytes = Buffer.from(text, 'utf8');
  const at = rng.int(0, bytes.length);
  const junk = rng.pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x00, 0x00], [0xfe, 0xff]]);
  return { text: new Uint8Array(Buffer.concat([bytes.subarray(0, at), Buffer.from(junk), bytes.subarray(at)])), what: `bytes ${junk.join(',')} at ${at}` };
});

const documents = textual((text, rng) => {
  const choice = rng.int(0, 4);
  const out = [``, `---\n`, `${text}\n---\n${text}`, `%YAML 1.1\n---\n${text}`, `--- |\n  ${text.slice(0, 200)}`][choice]!;
  return { text: out, what: `document structure ${choice}` };
});

export const TEXTUAL: ReadonlyArray<readonly [number, Mutation]> = [
  [2, tabs],
  [2, indent],
  [3, duplicateLine],
  [2, deleteLine],
  [2, lineEnds],
  [2, bom],
  [1, truncate],
  [3, noise],
  [1, binary],
  [1, documents],
];
