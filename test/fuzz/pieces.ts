/** The hostile values the mutators draw from. */

/** Combining marks, bidi controls, lone surrogates, C0/C1 controls, ZWJ sequences, odd case mappings. */
export const UNICODE = [
  '\u0301\u0302\u0303',
  `e${'\u0301'.repeat(60)}`,
  '\u202eevil\u202c',
  '\u200f\u05e9\u05dc\u05d5\u05dd\u200e',
  '\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\ud83d\ude00',
  '\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67',
  '\u0000',
  '\u0007',
  '\u001b[31mred\u001b[0m',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\u00ad',
  '\u200b',
  '\t',
  '\r',
  '\r\n',
  '\n\n',
  'ǅ',
  'ﬃ',
  'İ',
  '\u0345',
  'ß',
  '\u{10ffff}',
  '\u{1d400}',
  '\u0e01\u0e33',
  '\u1100\u1161\u11a8',
  '\u0915\u094d\u0937',
  '\u3000',
  '\u00a0',
  '𒐫',
  '﷽',
] as const;

export const PLACEHOLDERS = [
  '{{x}}',
  '{{{x}}}',
  '{{{position.title}}}',
  '{{#each duties}}x{{/each}}',
  '{{#if position.title}}y{{/if}}',
  '{{position.title}}',
  '{{organization.name}}',
  '{{ position.title }}',
  '{{position}}',
  '{{position.title.length}}',
  '{{constructor}}',
  '{{__proto__}}',
  '{{constructor.constructor}}',
  '{{lookup this "x"}}',
  '{{> partial}}',
  '{{!comment}}',
  '{{',
  '}}',
  '{{}}',
  '{{@root}}',
  '{{this}}',
  '{{../x}}',
  '{{position.[title]}}',
  '\\{{position.title}}',
  '{{~position.title~}}',
  '{{else}}',
  '{{&position.title}}',
  '{{{{raw}}}}',
  '{{position.__proto__}}',
  '{{document.date}}',
  '{{position.title}}'.repeat(200),
] as const;

export const DATES = [
  '0000-01-01',
  '0999-12-31',
  '1000-01-01',
  '9999-12-31',
  '10000-01-01',
  '99999-01-01',
  '2026-02-30',
  '2026-02-29',
  '2024-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-1-5',
  '-0001-01-01',
  '+2026-01-01',
  '2026-01-01T10:00:00Z',
  '2026-01-01x',
  '',
  20260101,
  2026,
  null,
  '１２３４-01-01',
  '٢٠٢٦-٠١-٠١',
] as const;

export const NUMBERS = [-1, 0, 1, 1.5, 201, 1e9, 2 ** 53, -(2 ** 31), Number.NaN, Number.POSITIVE_INFINITY, 1e308, 5e-324] as const;

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'isPrototypeOf'] as const;

/** Raw YAML put where a value goes: anchors and aliases (self-referencing too), tags, flow oddities. */
export const RAW_VALUES = [
  '&x [*x]',
  '&x {a: *x}',
  '&c {text: loop, items: [*c]}',
  '*nowhere',
  '&a x',
  '[&a x, *a, *a]',
  '!!binary aGVsbG8=',
  '!!set {a, b}',
  '!!omap [a: 1]',
  '!!js/function "x"',
  '!!timestamp 2026-01-01',
  '!!str 1',
  '!!int "x"',
  '!!float "x"',
  '!<tag:example.com,2000:x> y',
  '!custom x',
  '"\\ud800"',
  '"\\u0000"',
  '"\\x85"',
  '"\\N\\_\\L\\P"',
  '[a, b',
  '{a: 1',
  '? a',
  '|-\n  block',
  '>',
  '&',
  '*',
  '!',
  '%',
  '@x',
  '`x`',
  '{? a: b}',
  '[[a]]: x',
  '{}: x',
  '- - - x',
  '"\\',
  "'unterminated",
  '[a, [b, [c, [d]]]]',
  '{a: 1, a: 2}',
] as const;

/** Strings of 20,000 and more characters: words, one unbreakable word, one giant grapheme cluster, emoji, RTL. */
export function hugeString(kind: number, length: number): string {
  switch (kind % 6) {
    case 0:
      return 'Manager '.repeat(Math.ceil(length / 8)).slice(0, length);
    case 1:
      return 'x'.repeat(length);
    case 2:
      return `a${'\u0301'.repeat(length)}`;
    case 3:
      return '\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67 '.repeat(Math.ceil(length / 12));
    case 4:
      return '\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 '.repeat(Math.ceil(length / 12));
    default:
      return `${'{{position.title}} '.repeat(Math.ceil(length / 20))}`;
  }
}

/** Text that nests `depth` levels deep, on one line (block nesting would grow the file quadratically). */
export function deepFlow(kind: number, depth: number): string {
  return kind % 2 === 0 ? `${'['.repeat(depth)}x${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
}
