import type { Document, LineCounter, YAMLError } from 'yaml';

type YamlModule = typeof import('yaml');

/**
 * yaml's own duplicate-key check (`uniqueKeys: true`) compares each key with
 * every earlier key of its mapping: a mapping of 20,000 keys took seconds,
 * one of the 800,000 keys that fit in a 5 MB file would take hours. So the
 * document is read with `uniqueKeys: false` and checked here, with a set per
 * mapping: the same errors (same code, message and place: the repeated key)
 * in linear time.
 *
 * Equality is yaml's: two scalar keys with the same value (so `1` and `"1"`
 * differ); a collection as a key equals only itself.
 */
export function duplicateKeyErrors(yaml: YamlModule, document: Document.Parsed, lineCounter: LineCounter): YAMLError[] {
  const errors: YAMLError[] = [];
  yaml.visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!yaml.isScalar(key)) continue;
        // yaml compares with ===, under which NaN never repeats.
        if (Number.isNaN(key.value)) continue;
        if (!seen.has(key.value)) {
          seen.add(key.value);
          continue;
        }
        const start = key.range?.[0] ?? 0;
        const error = new yaml.YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique');
        error.linePos = [lineCounter.linePos(start), lineCounter.linePos(start + 1)];
        errors.push(error);
      }
    },
  });
  return errors;
}
