/**
 * Units for WordprocessingML. Word measures lengths in twips (1/20 pt) and font
 * sizes in half-points; the model speaks millimetres and points.
 */

export const A4_TWIPS = { width: 11906, height: 16838 } as const;

export function mmToTwips(mm: number): number {
  return Math.round((mm * 1440) / 25.4);
}

export function ptToTwips(pt: number): number {
  return Math.round(pt * 20);
}

/** Share of a width, rounded to whole twips (Word rejects fractional twips). */
export function percentOf(width: number, percent: number): number {
  return Math.round((width * percent) / 100);
}

export function twipsToMm(twips: number): number {
  return (twips * 25.4) / 1440;
}

export function twipsToPt(twips: number): number {
  return twips / 20;
}
