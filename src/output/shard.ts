import { createHash } from 'node:crypto';

/** The `i/n` of `--shard`: the i-th (1-based) of n parts. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Whether a role belongs to a shard. The part is chosen by a hash of the
 * role's path, so it stays the same when other roles are added or removed,
 * and every role lands in exactly one of the n parts.
 */
export function inShard(file: string, shard: Shard): boolean {
  const normalised = file.split('\\').join('/').replace(/^\.\//, '');
  const bucket = createHash('sha256').update(normalised).digest().readUInt32BE(0) % shard.count;
  return bucket === shard.index - 1;
}

/** Parses `2/4`; undefined when the text is not a valid shard. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const [index, count] = [Number(match[1]), Number(match[2])];
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}
