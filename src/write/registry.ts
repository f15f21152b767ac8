import type { Writer } from './types.js';

/**
 * Output formats. A new format is one writer module plus one line here.
 * Writers are imported lazily: `validate` and Markdown-only builds never pay
 * for loading harfbuzzjs or docx.
 */
export const FORMATS = ['docx', 'pdf', 'md', 'html', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const DEFAULT_FORMATS: readonly Format[] = ['docx', 'pdf', 'md'];

const loaders: Record<Format, () => Promise<Writer>> = {
  docx: async () => (await import('./docx.js')).writeDocx,
  pdf: async () => (await import('./pdf.js')).writePdf,
  md: async () => (await import('./markdown.js')).writeMarkdown,
  html: async () => (await import('./html.js')).writeHtml,
  json: async () => (await import('./json.js')).writeJson,
};

export function loadWriter(format: Format): Promise<Writer> {
  return loaders[format]();
}

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
