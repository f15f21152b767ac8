import { describe, expect, it } from 'vitest';
import { jdgen } from '../helpers/cli.js';

/** Authoring mistakes through the real CLI: one message each, at the line to fix (issue 13, item 9). */
describe('authoring mistakes YAML makes easy', () => {
  const errorsOf = (stderr: string): string[] => stderr.split('\n').filter((line) => /: (error|warning): /.test(line));

  it('a clause with a colon and a space: one error that says to quote it', () => {
    const run = jdgen(['validate', 'test/fixtures/invalid/colon-clause.yaml']);
    expect(run.code).toBe(1);
    expect(errorsOf(run.stderr)).toEqual([
      'test/fixtures/invalid/colon-clause.yaml:10:5: error: duties[1]: this clause was read as a mapping with the key `Note`: in YAML a colon followed by a space starts a key',
      'test/fixtures/invalid/colon-clause.yaml:13:9: error: duties[2].items[0]: this clause was read as a mapping with the key `Important`: in YAML a colon followed by a space starts a key',
    ]);
    expect(run.stderr).toContain('hint: put the whole text in quotes: - "Note: the manager checks the register weekly."');
  });

  it('a wrongly indented line: the error is on that line', () => {
    const run = jdgen(['validate', 'test/fixtures/invalid/indentation.yaml']);
    expect(run.code).toBe(1);
    expect(errorsOf(run.stderr)).toEqual([
      "test/fixtures/invalid/indentation.yaml:7:4: error: `department:` is indented 3 spaces, deeper than line 6 (`title:`), so YAML reads it as more of that line's text",
    ]);
    expect(run.stderr).toContain('   department: Office');
  });

  it('a tab in the indentation: one error at the tab', () => {
    const run = jdgen(['validate', 'test/fixtures/invalid/tab-indent.yaml']);
    expect(run.code).toBe(1);
    expect(errorsOf(run.stderr)).toEqual(['test/fixtures/invalid/tab-indent.yaml:6:1: error: a tab indents this line: YAML indents with spaces only']);
  });

  it('placeholders: warnings in a draft that still builds, errors once approved', () => {
    const draft = jdgen(['validate', 'test/fixtures/valid/unfinished-draft.yaml']);
    expect(draft.code).toBe(0);
    expect(errorsOf(draft.stderr)).toHaveLength(5);
    expect(errorsOf(draft.stderr).every((line) => line.includes(': warning: '))).toBe(true);
    const approved = jdgen(['validate', 'test/fixtures/invalid/unfinished-approved.yaml']);
    expect(approved.code).toBe(1);
    expect(errorsOf(approved.stderr)).toContain(
      'test/fixtures/invalid/unfinished-approved.yaml:12:6: error: duties[2].text: `TODO` left in the text of an approved document',
    );
  });
});
