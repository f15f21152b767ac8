import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/*
 * Hostile and broken input through the real CLI (issue 12): limits, dates,
 * aliases and control characters are user errors (exit 1, positioned, no
 * stack trace), and what `validate` accepts, `build` builds.
 */

const MINIMAL = readFileSync(join(ROOT, 'test/fixtures/valid/minimal.yaml'), 'utf8');

/** The minimal role with its date, title and duties replaced. */
function role(options: { date?: string; title?: string; duties?: string; extra?: string }): string {
  let text = MINIMAL;
  if (options.date) text = text.replace('date: 2026-01-15', `date: ${options.date}`);
  if (options.title) text = text.replace('title: Clerk', `title: ${options.title}`);
  if (options.duties) text = text.replace(/duties:\n.*\n/, `duties:\n${options.duties}`);
  return `${text}${options.extra ?? ''}`;
}

/** Duties with one clause nested `levels` deep. */
function nested(levels: number): string {
  let text = '  - text: Level 1.\n';
  let indent = '  ';
  for (let level = 2; level <= levels; level++) {
    text += `${indent}  items:\n`;
    indent += '    ';
    text += `${indent}- text: Level ${level}.\n`;
  }
  return text;
}

function write(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

describe('hostile input', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['self-alias', 'x: &x [*x]\n', /^self-alias\.yaml:1:8: error: alias \*x refers to the node that contains it$/m],
    ['self-alias-json', '{"x":&x [*x]}\n', /^self-alias-json\.yaml:1:10: error: alias \*x refers to the node that contains it$/m],
    [
      'clause-self-alias',
      role({ duties: '  - &c\n    text: A clause.\n    items: [ *c ]\n' }),
      /^clause-self-alias\.yaml:12:14: error: alias \*c refers to the node that contains it$/m,
    ],
    ['deep-flow', `${'['.repeat(200_000)}${']'.repeat(200_000)}\n`, /^deep-flow\.yaml:1:65: error: nested more than 64 levels deep$/m],
    ['deep-block', `${'- '.repeat(200_000)}a\n`, /^deep-block\.yaml:1:129: error: nested more than 64 levels deep$/m],
    ['long-title', role({ title: 'x'.repeat(20_480) }), /^long-title\.yaml:5:20: error: position\.title: too long: at most 300 characters, this has 20,480$/m],
    [
      'year-999',
      role({ date: '0999-12-31' }),
      /^year-999\.yaml:4:32: error: document\.date: expected a date from 1000-01-01 to 9999-12-31, got text "0999-12-31"$/m,
    ],
    [
      'control',
      role({ duties: '  - "Beeps\\a here."\n' }),
      /^control\.yaml:10:5: error: duties\[0\]: control character U\+0007 at character 6 of the text; remove it$/m,
    ],
    [
      'too-large',
      role({ duties: `  - "${'A long clause. '.repeat(100)}"\n`.repeat(800) }),
      /^too-large\.yaml:1:1: error: the file is 1\.\d MB, the limit is 1 MB$/m,
    ],
    [
      'too-deep-clause',
      role({ duties: nested(6) }),
      /^too-deep-clause\.yaml:\d+:\d+: error: duties\[0\](\.items\[0\]){4}\.items: clauses nest at most 5 levels deep: these items would be level 6$/m,
    ],
  ];

  it.each(cases)('%s: validate and build exit 1 with a positioned error, nothing written, no stack trace', (name, text, expected) => {
    const cwd = tempDir();
    const file = write(cwd, `${name}.yaml`, text);
    const validate = jdgen(['validate', file], { cwd });
    expect(validate.stderr).toMatch(expected);
    expect(validate.stderr).not.toMatch(/internal error|RangeError|\n\s+at /);
    expect(validate.code).toBe(1);
    const build = jdgen(['build', file, '-o', 'out', '-f', 'md'], { cwd });
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(expected);
    expect(readdirSync(cwd)).not.toContain(`${name}.md`);
  });
});

describe('what validate accepts, build builds', () => {
  // The widest accepted values: the first and last printable dates, a title at its length limit, clauses 5 levels deep.
  it.each(['1000-01-01', '9999-12-31'])(
    'builds a role dated %s in every format',
    (date) => {
      const cwd = tempDir();
      const changes = `  changes:\n    - { version: 1, date: ${date}, summary: First issue. }\n`;
      const text = role({ date, title: 'T'.repeat(300), duties: nested(5) }).replace(
        'document: { number: "1", date: ' + date + ' }',
        `document:\n  number: "1"\n  date: ${date}\n${changes}`,
      );
      expect(text).toContain(changes);
      const file = write(cwd, 'edge.yaml', text);
      expect(jdgen(['validate', file], { cwd }).code).toBe(0);
      const build = jdgen(['build', file, '-o', 'out', '-f', 'docx,pdf,md,html,json'], { cwd });
      // Five levels are allowed; the layout indents four, so the fifth is pointed out (and nothing else is).
      const messages = build.stderr.split('\n').filter((line) => /^edge\.yaml:\d+:\d+: /.test(line));
      expect(messages.length).toBeGreaterThan(0);
      for (const line of messages) expect(line).toMatch(/^edge\.yaml:\d+:\d+: warning: .*(deep|level)/);
      expect(build.stderr).not.toMatch(/error|internal/);
      expect(build.code).toBe(0);
      expect(
        readdirSync(join(cwd, 'out'))
          .filter((f) => f.startsWith('edge.'))
          .sort(),
      ).toEqual(['edge.docx', 'edge.html', 'edge.json', 'edge.md', 'edge.pdf']);
    },
    60_000,
  );

  it('still validates every example', () => {
    const roles = ['az', 'en', 'lv', 'ro', 'ru', 'sq', 'uk'].flatMap((dir) => readdirSync(join(ROOT, 'examples', dir)).map((f) => join('examples', dir, f)));
    const organization = readdirSync(join(ROOT, 'examples/organization/roles'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('examples/organization/roles', f));
    const run = jdgen(['validate', ...roles, ...organization]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);
});
