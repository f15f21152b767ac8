/** Paths of schema properties without a description (editors show descriptions on hover). */
export function undescribedProperties(schema: unknown): string[] {
  const undescribed: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties') {
          for (const [name, property] of Object.entries(value as Record<string, unknown>)) {
            // `true` schemas only name a key for an if/then discriminator.
            const described =
              typeof property !== 'object' ||
              (typeof (property as { description?: unknown }).description === 'string' && (property as { description: string }).description !== '');
            if (!described) undescribed.push(`${path}.properties.${name}`);
          }
        }
        walk(value, `${path}.${key}`);
      }
    }
  };
  walk(schema, '$');
  return undescribed;
}
