import * as yaml from 'yaml';
import { describe, expect, it } from 'vitest';
import { shownLine, terminalSafe } from '../../src/cli/diagnostics-view.js';
import { duplicateKeyErrors } from '../../src/load/duplicates.js';
import { LineIndex } from '../../src/load/lines.js';
import { parseYamlText } from '../../src/load/load.js';
import { cpuMs } from '../helpers/cpu-time.js';

describe('LineIndex', () => {
  it('agrees with yaml on LF and CR LF, and counts a lone CR as YAML 1.2 does', () => {
    const text = 'a: 1\r\nb: [2,\n  3]\rc: x\r\n\nd: é\u0301\n';
    const index = new LineIndex(text);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => index.line(n))).toEqual(['a: 1', 'b: [2,', '  3]', 'c: x', '', 'd: é\u0301', '']);
    expect(index.line(8)).toBe('');
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(text.indexOf('3'))).toEqual({ line: 3, column: 3 });
    expect(index.position(text.indexOf('c'))).toEqual({ line: 4, column: 1 });
    // Without lone CRs, every offset is where yaml's LineCounter puts it.
    const plain = text.replace(/\r(?!\n)/g, '\n');
    const counter = new yaml.LineCounter();
    yaml.parseDocument(plain, { lineCounter: counter });
    const ours = new LineIndex(plain);
    for (let offset = 0; offset <= plain.length; offset += 1) {
      const { line, col } = counter.linePos(offset);
      expect(ours.position(offset)).toEqual({ line, column: col });
    }
  });

  it('is used for the source line of a diagnostic in a CR-only file', () => {
    const { diagnostics } = parseYamlText('mac.yaml', 'a: 1\rb: [\rc: 3\r');
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d.sourceLine).not.toContain('\r');
    expect(diagnostics[0]!.line).toBeGreaterThan(1);
  });
});

describe('duplicateKeyErrors', () => {
  it("finds the same duplicates, at the same places, as yaml's own pairwise check", () => {
    const cases = [
      'a: 1\na: 2\n',
      'a: 1\n"a": 2\n',
      '1: x\n"1": y\n',
      'x: {a: 1, b: 2, a: 3}\n',
      '? a\n: 1\na: 2\n',
      '&k a: 1\na: 2\n',
      ': 1\n: 2\n',
      'a:\n  - {b: 1, b: 2}\n  - c: 1\n    c: 2\n    c: 3\n',
      '~: 1\nnull: 2\n',
      'a: 1\n!!str a: 2\n',
      '.nan: 1\n.nan: 2\n',
      '[a]: 1\n[a]: 2\n',
      'true: 1\nTrue: 2\n',
      '0x1: 1\n1: 2\n',
    ];
    const places = (errors: readonly yaml.YAMLError[]): string[] => errors.map((e) => JSON.stringify([e.code, e.pos, e.linePos])).sort();
    for (const text of cases) {
      const reference = new yaml.LineCounter();
      const expected = yaml
        .parseDocument(text, { lineCounter: reference, uniqueKeys: true, prettyErrors: true })
        .errors.filter((e) => e.code === 'DUPLICATE_KEY');
      const counter = new yaml.LineCounter();
      const document = yaml.parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: true });
      expect(places(duplicateKeyErrors(yaml, document, counter)), text).toEqual(places(expected));
    }
  });

  it('checks a mapping of 50,000 keys in linear time', () => {
    const text = `${Array.from({ length: 50_000 }, (_, n) => `k${n}: 1\n`).join('')}k7: 2\n`;
    const start = cpuMs();
    const { diagnostics } = parseYamlText('big.yaml', text);
    expect(cpuMs() - start).toBeLessThan(5_000);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'yaml/duplicate-key', line: 50_001, column: 1 })]);
  });
});

describe('terminalSafe and shownLine', () => {
  it('escape what a terminal would act on, and nothing else', () => {
    expect(terminalSafe('a\u001b[31mb\u0007c\u009bd\te\u202ef\u2028g é ё 😀')).toBe('a\\x1b[31mb\\x07c\\x9bd\te\\u202ef\\u2028g é ё 😀');
  });

  it('keep the caret under its character after escapes, tabs and marks', () => {
    expect(shownLine('  t\u001bk: [1, x]', 12)).toEqual({ text: '  t\\x1bk: [1, x]', caret: ' '.repeat(14) });
    expect(shownLine('\tab\u0301c: d', 6)).toEqual({ text: '\tab\u0301c: d', caret: '\t   ' });
  });

  it('show a window of a very long line around the column', () => {
    const line = `${'x'.repeat(3_000_000)}ERR${'y'.repeat(3_000_000)}`;
    const start = cpuMs();
    for (let n = 0; n < 1_000; n += 1) shownLine(line, 3_000_001);
    expect(cpuMs() - start).toBeLessThan(6_000);
    const { text, caret } = shownLine(line, 3_000_001);
    expect(text.length).toBeLessThan(200);
    expect(text.startsWith('…') && text.endsWith('…')).toBe(true);
    expect(text[caret.length]).toBe('E');
  });
});
