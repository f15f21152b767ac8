/**
 * The longest start of a text that fits a width, found in O(log n) width
 * measurements, cut only between grapheme clusters.
 *
 * Shortening a running head and cutting a word wider than the line used to
 * add one character at a time and measure the whole text again each time:
 * quadratic, minutes for a 20 KB title. Here the count of clusters that fit
 * is found by galloping (1, 2, 4, … clusters until one count does not fit)
 * and then halving the gap, so the work is proportional to what is kept,
 * not to the length of the text, and a cut never splits a letter from its
 * accents or an emoji sequence.
 */

/** Grapheme clusters; the rules do not depend on the language. */
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Ends of the first units of a text (clusters, or code points), found as far as asked. */
export interface Boundaries {
  /** Offset after the first `count` units; undefined when the text has fewer. */
  end(count: number): number | undefined;
}

/** Boundaries between grapheme clusters, read lazily: a long text is segmented only as far as it is cut. */
export class GraphemeEnds implements Boundaries {
  private readonly ends: number[] = [0];
  private readonly segments: Iterator<Intl.SegmentData>;
  private done = false;

  constructor(text: string) {
    this.segments = GRAPHEMES.segment(text)[Symbol.iterator]();
  }

  end(count: number): number | undefined {
    while (this.ends.length <= count && !this.done) {
      const next = this.segments.next();
      if (next.done === true) this.done = true;
      else this.ends.push(next.value.index + next.value.segment.length);
    }
    return this.ends[count];
  }
}

/**
 * Boundaries between code points: the fallback inside one cluster wider than
 * a line (a letter with thousands of spacing marks), which has no better
 * place to break.
 */
export class CodePointEnds implements Boundaries {
  private readonly ends: number[] = [0];

  constructor(private readonly text: string) {}

  end(count: number): number | undefined {
    while (this.ends.length <= count) {
      const at = this.ends[this.ends.length - 1]!;
      if (at >= this.text.length) return undefined;
      this.ends.push(at + ((this.text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1));
    }
    return this.ends[count];
  }
}

/**
 * The most units after the first `from` whose end satisfies `fits` (0 when
 * not even one does). `fits` must be monotone: once a count does not fit, no
 * larger count does (true of widths, up to a kerning pair's few thousandths
 * of a point).
 */
export function longestFit(units: Boundaries, from: number, fits: (end: number) => boolean): number {
  let good = 0;
  // 0 until a count that does not fit is known (such a count is at least 1).
  let bad = 0;
  // Gallop: double the count until it does not fit or the text ends.
  for (let count = 1; bad === 0; count *= 2) {
    const end = units.end(from + count);
    if (end === undefined) {
      // Past the end: the true upper bound is the last unit.
      const last = lastCount(units, from + good, from + count) - from;
      if (last === good) return good;
      if (fits(units.end(from + last)!)) return last;
      bad = last;
    } else if (fits(end)) {
      good = count;
    } else {
      bad = count;
    }
  }
  // Halve the gap between a count that fits and one that does not.
  while (bad - good > 1) {
    const middle = good + Math.floor((bad - good) / 2);
    if (fits(units.end(from + middle)!)) good = middle;
    else bad = middle;
  }
  return good;
}

/** The largest count in [known, beyond) that the text has: a binary search over `end`. */
function lastCount(units: Boundaries, known: number, beyond: number): number {
  let low = known;
  let high = beyond;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (units.end(middle) === undefined) high = middle;
    else low = middle;
  }
  return low;
}
