import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createContext } from '../../src/context.js';
import {
  compilePattern,
  firstMatch,
  leadingLiteral,
  loadVocabulary,
  makePattern,
  normaliseText,
  type Pattern,
  type Vocabulary,
} from '../../src/lint/vocabulary.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The lint vocabulary's patterns are compiled on first use and run only on
 * texts holding their leading literal (src/lint/vocabulary.ts): neither may
 * change what a pattern matches or which patterns are refused.
 */
describe('leading literal of a pattern', () => {
  it('stops at the first character with a meaning', () => {
    expect(leadingLiteral('штраф~')).toBe('штраф');
    expect(leadingLiteral('full material liability')).toBe('full');
    expect(leadingLiteral('пол:')).toBe('пол:');
    expect(leadingLiteral('возраст~ \\d+')).toBe('возраст');
    expect(leadingLiteral('(fine|penalt)~')).toBe('');
    expect(leadingLiteral('gen.er')).toBe('gen');
  });

  it('leaves out the character a quantifier makes optional, a surrogate pair as one', () => {
    expect(leadingLiteral('colou?r')).toBe('colo');
    expect(leadingLiteral('ab*c')).toBe('a');
    expect(leadingLiteral('ab{0,2}')).toBe('a');
    expect(leadingLiteral('x𝐀?')).toBe('x');
    // Each of them still matches what the pattern matches.
    expect(compilePattern('colou?r', false).exec('the color')?.[0]).toBe('color');
    expect('the color'.includes(leadingLiteral('colou?r'))).toBe(true);
  });

  it('is empty when the pattern has alternatives at its top level', () => {
    expect(leadingLiteral('fine|penalty')).toBe('');
    expect(leadingLiteral('a\\|b')).toBe('a');
    expect(leadingLiteral('a[|]b')).toBe('a');
    expect(leadingLiteral('a(b|c)')).toBe('a');
  });
});

describe('patterns compiled on first use', () => {
  // Malformed ones, and ones whose brackets reach into the expression jdgen wraps around them.
  const odd = [
    '(',
    'a)',
    '[a',
    'a{',
    'a\\',
    '\\p{Foo}',
    '[b-a]',
    '[x~]',
    '\\~',
    'a**',
    '(?<n>a)(?<n>b)',
    '\\k<x>',
    'a{2,1}',
    '[\\w-x]',
    '(?<=a',
    'a]',
    '[~',
    '~]',
    'a …',
    '\\p{L~}',
    '(?<a~>x)',
  ];
  it.each(odd)('refuses %j exactly when compiling it fails, with its message', (source) => {
    let expected: Error | undefined;
    try {
      compilePattern(source, false);
    } catch (error) {
      expected = error as Error;
    }
    if (expected) expect(() => makePattern(source, false)).toThrow(expected.message);
    else expect(makePattern(source, false).regex.source).toBe(compilePattern(source, false).source);
  });

  it('refuses patterns that do not compile', () => {
    expect(() => makePattern('a)', false)).toThrow(SyntaxError);
    expect(() => makePattern('[b-a]', false)).toThrow(SyntaxError);
  });

  it('accepts what compiles, and compiles it alike', () => {
    for (const source of ['договор~', 'категори~ [b«"]', 'возраст~ \\d+', 'a … b', '(x|y)~ z']) {
      const pattern = makePattern(source, true);
      expect(pattern.regex.source).toBe(compilePattern(source, true).source);
      expect(pattern.regex).toBe(pattern.regex);
    }
  });

  /** Every string of a role file, clauses and all. */
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value !== null && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

  const lists = (vocabulary: Vocabulary): Pattern[][] => [
    ...[...vocabulary.authorities.values()].flatMap((a) => [a.duty, a.right]),
    ...[...vocabulary.skills.values()].flatMap((s) => [s.duty, s.qualification]),
    ...vocabulary.liability.values(),
    ...vocabulary.generalProvisions.values(),
    ...vocabulary.discrimination.values(),
    vocabulary.placeholders,
  ];

  it('finds in the examples what every pattern run on every text finds', async () => {
    const context = createContext();
    let matched = 0;
    for (const locale of readdirSync(join(ROOT, 'examples')).filter((name) => /^[a-z]{2}$/.test(name))) {
      const vocabulary = (await loadVocabulary(context, join(ROOT, 'templates'), locale))!;
      const folder = join(ROOT, 'examples', locale);
      const texts = readdirSync(folder)
        .filter((name) => name.endsWith('.yaml'))
        .flatMap((name) => strings(parse(readFileSync(join(folder, name), 'utf8'))))
        .map((text) => normaliseText(text, vocabulary));
      for (const patterns of lists(vocabulary))
        for (const text of texts) {
          const all = patterns.map((pattern) => pattern.regex.exec(text)).findIndex((found) => found !== null);
          const found = firstMatch(patterns, text);
          expect(found?.pattern).toBe(all < 0 ? undefined : patterns[all]);
          if (found) matched += 1;
          for (const pattern of patterns) if (pattern.regex.test(text)) expect(text).toContain(pattern.literal);
        }
    }
    expect(matched).toBeGreaterThan(100);
  });
});
