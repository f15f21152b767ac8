import { createHash } from 'node:crypto';

/** SHA-256 of bytes or text, in hex: how jdgen fingerprints sources, outputs and precompiled files. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
