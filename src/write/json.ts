import type { Writer } from './types.js';

/** The document model itself, for tooling and for debugging templates. */
export const writeJson: Writer = async (model) => new TextEncoder().encode(`${JSON.stringify(model, null, 2)}\n`);
