/**
 * JSON with object keys sorted at every level and no whitespace; arrays keep their order. (Keys
 * that look like array indexes come first, ascending, as JavaScript enumerates them; the order is
 * still a function of the content alone.) Values JSON.stringify would drop (undefined, functions)
 * are dropped the same way, so the canonical form describes exactly what a saved file would hold.
 * Two values with the same content have the same canonical JSON whatever the order of their keys.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return sortKeys((value as { toJSON: () => unknown }).toJSON());
  }
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}
