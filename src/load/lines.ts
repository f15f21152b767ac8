/**
 * Where the lines of a text start, found once: a diagnostic's line and
 * column, and the source line printed under it, are then a binary search and
 * a slice, however many diagnostics a file has (20,000 errors used to split
 * the whole file 20,000 times).
 *
 * Line breaks are YAML's (1.2, production b-break): LF, CR LF, and a lone CR
 * (old Mac files). The loader turns a lone CR into LF before parsing (see
 * load.ts), so yaml's positions and these agree; counting a lone CR here too
 * keeps a text that did not go through the loader correct.
 */
export class LineIndex {
  /** Offset of the first character of each line; starts[0] is 0. */
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    const { length } = text;
    for (let at = 0; at < length; at += 1) {
      const code = text.charCodeAt(at);
      if (code === 0x0a) this.starts.push(at + 1);
      else if (code === 0x0d && text.charCodeAt(at + 1) !== 0x0a) this.starts.push(at + 1);
    }
  }

  /** Number of lines (a text ending in a line break has an empty last line). */
  get count(): number {
    return this.starts.length;
  }

  /** 1-based line and column (in UTF-16 code units, as yaml counts) of a character offset. */
  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    // The last line start at or before `at`.
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: at - this.starts[low]! + 1 };
  }

  /** The text of a 1-based line, without its line break; '' outside the text. */
  line(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    let end = this.starts[line] ?? this.text.length;
    // Drop the line break: LF, CR LF or CR.
    if (end > start && this.text.charCodeAt(end - 1) === 0x0a) end -= 1;
    if (end > start && this.text.charCodeAt(end - 1) === 0x0d) end -= 1;
    return this.text.slice(start, end);
  }
}
