/**
 * A signature row:
 *
 *   Head of Legal              ____________________   A. Brown
 *                                   (signature)
 *
 * The label takes the left 40 % (and may wrap), the rule and the printed name
 * share the rest. Rows share these proportions, so the rules of consecutive
 * signatures line up (unless a long name needs a shorter rule). Without a label (inside the APPROVED
 * box) the rule and name use the whole width.
 */
import type { SignatureBlock } from '../../model/types.js';
import type { Flow } from './flow.js';
import { type Pdf, textWidth } from './fonts.js';
import { showText } from './glyphs.js';
import type { Laid } from './laid.js';
import type { Theme } from '../../theme/theme.js';
import { SIGNATURE } from './style.js';
import { type TextLines, drawLine, layoutText, lineMetrics } from './text.js';

function drawLines(pdf: Pdf, text: TextLines, x: number, top: number, width: number): void {
  text.lines.forEach((line, i) => {
    const baseline = top + i * text.lineHeight + text.baseline;
    drawLine(pdf, line, text.size, { x, baseline, width, align: 'left' });
  });
}

/**
 * An (invisible) space after the last line of a text: the label, the name
 * and the caption are separate texts on the page, and a reader of the
 * structure reads them one after the other ("Head of Legal A. Brown").
 */
function spaceAfter(pdf: Pdf, text: TextLines, x: number, top: number): void {
  const last = text.lines[text.lines.length - 1];
  if (last === undefined) return;
  showText(pdf, 'regular', text.size, ' ', x + last.width, top + (text.lines.length - 1) * text.lineHeight + text.baseline);
}

export function signatureBlock(pdf: Pdf, theme: Theme, block: SignatureBlock, width: number): Laid {
  const labelWidth = block.label ? width * SIGNATURE.labelShare : 0;
  const lineX = block.label ? labelWidth + SIGNATURE.gap : 0;
  const size = theme.sizes.normal;
  const rest = width - lineX;
  // A name too long for its column shortens the rule rather than wrap (down
  // to a rule still long enough to sign on).
  const nameWidth = textWidth(pdf, 'regular', block.name, size);
  const lineWidth = Math.max(rest * SIGNATURE.minLineShare, Math.min(rest * SIGNATURE.lineShare, rest - SIGNATURE.gap - nameWidth));
  const nameX = lineX + lineWidth + SIGNATURE.gap;
  const label = layoutText(pdf, [{ text: block.label }], size, Math.max(labelWidth, 1));
  const name = layoutText(pdf, [{ text: block.name }], size, width - nameX);
  const caption = lineMetrics(pdf, SIGNATURE.captionSize);
  // The rule sits just under the baseline of the first text line, where an
  // underscore would be, so the name reads as standing on the same line.
  const ruleY = label.baseline + size * 0.15;
  const captionTop = ruleY + 1;
  const height = Math.max(
    block.label ? label.lines.length * label.lineHeight : 0,
    name.lines.length * name.lineHeight,
    block.caption ? captionTop + caption.lineHeight : ruleY + SIGNATURE.rule,
  );
  return {
    height,
    lead: height,
    spaceBefore: SIGNATURE.room,
    spaceAfter: SIGNATURE.spaceAfter,
    keepWithNext: false,
    unbreakable: true,
    draw(flow: Flow, x: number): void {
      const top = flow.y;
      const { doc } = pdf;
      // One paragraph for the structure: "Head of Legal A. Brown (signature)",
      // with the signature field (a Form element) in it; the rule is an artifact.
      doc.open('P');
      // Label and name first: text extraction (and screen readers) then read
      // "Head of Legal A. Brown (signature)".
      if (block.label) drawLines(pdf, label, x, top, labelWidth);
      if (block.label) spaceAfter(pdf, label, x, top);
      drawLines(pdf, name, x + nameX, top, width - nameX);
      if (block.caption) spaceAfter(pdf, name, x + nameX, top);
      doc.artifact(() => {
        doc
          .save()
          .lineWidth(SIGNATURE.rule)
          .moveTo(x + lineX, top + ruleY)
          .lineTo(x + lineX + lineWidth, top + ruleY)
          .stroke()
          .restore();
      });
      // A signature field over the line, as tall as the room above it allows, named after the signatory.
      const fieldHeight = Math.min(ruleY + SIGNATURE.room, 2.5 * size);
      doc.signatureField([block.label, block.name].filter((t) => t !== '').join(', ') || block.caption, {
        x: x + lineX,
        y: top + ruleY - fieldHeight,
        width: lineWidth,
        height: fieldHeight,
      });
      if (block.caption) {
        // Centred under the rule: its width measured in the caption's font and size.
        const captionX = x + lineX + (lineWidth - textWidth(pdf, 'regular', block.caption, SIGNATURE.captionSize)) / 2;
        showText(pdf, 'regular', SIGNATURE.captionSize, block.caption, captionX, top + captionTop + caption.baseline);
      }
      doc.close();
      flow.advance(height);
    },
  };
}
