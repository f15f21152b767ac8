import type { ChalkInstance } from 'chalk';

/**
 * The text styles the CLI prints with. chalk provides them when a stream is
 * coloured; otherwise PLAIN does, and chalk is never loaded (a cold
 * `jdgen validate` writing to a CI log has no use for it).
 */
export interface Palette {
  coloured: boolean;
  bold: Style;
  dim: Style;
  red: Style;
  green: Style;
  yellow: Style;
  cyan: Style;
  /** The word "error" or "warning" in a diagnostic. */
  errorLabel: Style;
  warningLabel: Style;
  /** Words taken out and put in, in a diff. */
  deleted: Style;
  inserted: Style;
}

type Style = (text: string) => string;

const same: Style = (text) => text;

export const PLAIN: Palette = {
  coloured: false,
  bold: same,
  dim: same,
  red: same,
  green: same,
  yellow: same,
  cyan: same,
  errorLabel: same,
  warningLabel: same,
  deleted: same,
  inserted: same,
};

export function chalkPalette(c: ChalkInstance): Palette {
  return {
    coloured: c.level > 0,
    bold: c.bold,
    dim: c.dim,
    red: c.red,
    green: c.green,
    yellow: c.yellow,
    cyan: c.cyan,
    errorLabel: c.red.bold,
    warningLabel: c.yellow.bold,
    deleted: c.red.strikethrough,
    inserted: c.green.underline,
  };
}
