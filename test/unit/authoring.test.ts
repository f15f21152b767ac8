import { describe, expect, it } from 'vitest';
import { ROLE_WITHOUT_DUTIES } from '../helpers/minimal-role.js';
import { compile } from '../../src/api.js';
import { parseYamlText } from '../../src/load/load.js';
import { validateRoleData } from '../../src/validate/validate.js';

/** Mistakes YAML makes easy, each told as one message that says what to do (issue 13, item 9). */

const BASE = ROLE_WITHOUT_DUTIES;

function diagnose(text: string) {
  const loaded = parseYamlText('role.yaml', text);
  if (!loaded.data) return loaded.diagnostics;
  return [...loaded.diagnostics, ...validateRoleData(loaded.source!, loaded.data).diagnostics];
}

/** `[line, column, code]` of each diagnostic. */
function where(text: string): Array<[number, number, string]> {
  return diagnose(text).map((d) => [d.line, d.column, d.code]);
}

describe('a clause with a colon and a space', () => {
  it('is one error at the item that says to quote the text', () => {
    const diagnostics = diagnose(`${BASE}duties:\n  - Registers mail.\n  - Note: the manager checks the register.\n`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'schema/colon-in-text', line: 11, column: 5, path: 'duties[1]' });
    expect(diagnostics[0]!.hint).toBe('put the whole text in quotes: - "Note: the manager checks the register."');
  });

  it('also nested in items, and with nothing after the colon', () => {
    const found = where(`${BASE}duties:\n  - text: Keeps the archive\n    items:\n      - Important: five years.\n  - 'Note:'\n  - Note:\n`);
    expect(found).toEqual([
      [12, 9, 'schema/colon-in-text'],
      [14, 5, 'schema/colon-in-text'],
    ]);
  });

  it('leaves a misspelt key and a mapping in braces to the usual messages', () => {
    expect(diagnose(`${BASE}duties:\n  - txt: a\n`).map((d) => d.message)).toEqual(['missing required key `text`', 'unknown key `txt`']);
    expect(diagnose(`${BASE}duties:\n  - { Note: a }\n`).map((d) => d.code)).toEqual(['schema/required', 'schema/additionalProperties']);
  });
});

describe('a wrongly indented line', () => {
  it('deeper than the key above: the error is on that line, not on the line above', () => {
    const [d, ...rest] = diagnose(`${BASE}duties: [a]\nqualifications:\n  education: Higher\n   experience: Two years\n`);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'yaml/indentation', line: 12, column: 4 });
    expect(d!.message).toBe("`experience:` is indented 3 spaces, deeper than line 11 (`education:`), so YAML reads it as more of that line's text");
    expect(d!.hint).toContain('indent it with 2 spaces, as `education:`');
  });

  it('a key under a list item lines up with the key after the dash', () => {
    const [d] = diagnose(`${BASE}duties:\n  - text: a\n     items:\n      - b\n`);
    expect(d).toMatchObject({ line: 11, column: 6 });
    expect(d!.hint).toContain('indent it with 4 spaces, as `text:`');
  });

  it('between two levels: one error on it, listing what it could line up with', () => {
    const text = `${BASE}duties: [a]\nqualifications:\n    education: Higher\n  experience: Two years\n    skills: [a]\n`;
    expect(where(text)).toEqual([[12, 3, 'yaml/indentation']]);
    expect(diagnose(text)[0]!.message).toBe(
      '`experience:` is indented 2 spaces, which lines up with no key above it: `education:` (line 11) is at 4, `qualifications:` (line 10) is at 0',
    );
  });

  it('a list item or a key that lines up with nothing', () => {
    expect(where(`${BASE}duties:\n  - a\n - b\n  - c\n`)).toEqual([[11, 2, 'yaml/indentation']]);
    const [d] = diagnose(`${BASE}duties:\n  - a\n  relationships:\n  - b\n`);
    expect(d).toMatchObject({
      line: 11,
      column: 3,
      message: '`relationships:` is indented 2 spaces, which lines up with no key above it: `duties:` (line 9) is at 0',
    });
  });

  it('leaves errors that are not about indentation as yaml tells them', () => {
    expect(where(`${BASE}duties: [a, b\n`).map(([, , code]) => code)).not.toContain('yaml/indentation');
  });
});

describe('a tab in the indentation', () => {
  it('is one error, at the tab', () => {
    expect(where(`${BASE}duties: [a]\nqualifications:\n\teducation: Higher\n  experience: Two years\n`)).toEqual([[11, 1, 'yaml/tab-indent']]);
    expect(where(`${BASE}duties: [a]\nqualifications:\n  education: Higher\n  \texperience: Two years\n`)).toEqual([[12, 3, 'yaml/tab-indent']]);
  });

  it('one per line that has one', () => {
    expect(where(`${BASE}duties:\n\t- a\n\t- b\n`)).toEqual([
      [10, 1, 'yaml/tab-indent'],
      [11, 1, 'yaml/tab-indent'],
    ]);
  });
});

describe('placeholders left in the text', () => {
  const role = (status: string, duty: string) => BASE.replace('date: 2026-01-15', `date: 2026-01-15, status: ${status}`) + `duties:\n  - ${duty}\n`;

  it('warn in a draft and are errors in an approved document, at the placeholder', () => {
    const draft = diagnose(role('draft', 'Keeps the TODO register.'));
    expect(draft).toMatchObject([{ severity: 'warning', code: 'text/unfinished', line: 10, column: 15, path: 'duties[0]' }]);
    const approved = diagnose(role('approved', 'Keeps the TODO register.'));
    expect(approved).toMatchObject([{ severity: 'error', code: 'text/unfinished', message: '`TODO` left in the text of an approved document' }]);
    expect(diagnose(role('agreed', 'Keeps the TODO register.'))[0]!.severity).toBe('warning');
  });

  it('finds TBD, FIXME, XXX, a lone ellipsis and bracketed blanks', () => {
    for (const text of [
      'TBD',
      'Checks FIXME',
      'Form XXX',
      'Keeps the ...',
      'Keeps the …',
      '"[…] the register"',
      'Signs [NAME]',
      '"[insert date]"',
      'Fills in [___]',
    ]) {
      expect(
        diagnose(role('draft', text)).map((d) => d.code),
        text,
      ).toEqual(['text/unfinished']);
    }
  });

  it('leaves prose alone: lower case, parts of words, an ellipsis after a word, brackets with ordinary text', () => {
    for (const text of [
      'Keeps a todo list.',
      'Orders XXXL uniforms.',
      'Registers letters, and so on...',
      'Keeps the register [see annex 2].',
      'TODOS',
      'Keeps "TBDs"',
    ]) {
      expect(diagnose(role('approved', text)), text).toEqual([]);
    }
  });

  it('a draft with placeholders still compiles, with warnings only', async () => {
    const result = await compile('test/fixtures/valid/unfinished-draft.yaml');
    expect(result.model).toBeDefined();
    expect(result.diagnostics.map((d) => [d.severity, d.line])).toEqual([
      ['warning', 4],
      ['warning', 6],
      ['warning', 11],
      ['warning', 12],
      ['warning', 16],
    ]);
  });
});
