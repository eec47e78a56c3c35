/**
 * The shape check a document value gets before anything recursive reads it. Text is checked for
 * depth before it is parsed (./json-text.ts); a value that arrives already parsed — over IPC, the
 * web host's API, a worker message — could be nested deeper than any recursive walk survives
 * (canonical JSON, the schema) or, over Electron's structured clone, even hold a cycle.
 */
import { MAX_JSON_DEPTH } from '../limits.ts';
import type { JsonPath } from './problems.ts';

/** Most arrays and objects a document value may hold (a document of 64 MB has fewer). */
export const MAX_VALUE_NODES = 4_000_000;

export type ValueShapeProblem =
  { readonly kind: 'too-deep'; readonly path: JsonPath } | { readonly kind: 'too-large' };

/**
 * Walks `value` without recursion: the path of the first array or object nested more than
 * `maxDepth` levels deep, 'too-large' beyond `maxNodes` arrays and objects, else null. A cycle is
 * nested infinitely deep, so it is found as too deep.
 */
export function checkValueShape(
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
  maxNodes = MAX_VALUE_NODES,
): ValueShapeProblem | null {
  if (typeof value !== 'object' || value === null) return null;
  // Each entry: a container, its depth, and the key under which its parent holds it.
  const stack: { value: object; depth: number; parent: number; key: string | number }[] = [
    { value, depth: 1, parent: -1, key: '' },
  ];
  const visited: { parent: number; key: string | number }[] = [];
  let nodes = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const index = visited.length;
    visited.push({ parent: entry.parent, key: entry.key });
    if (entry.depth > maxDepth) return { kind: 'too-deep', path: pathOf(visited, index) };
    if (++nodes > maxNodes) return { kind: 'too-large' };
    const children: [string | number, unknown][] = Array.isArray(entry.value)
      ? entry.value.map((child, position) => [position, child])
      : Object.entries(entry.value);
    for (const [key, child] of children) {
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: entry.depth + 1, parent: index, key });
    }
  }
  return null;
}

function pathOf(visited: readonly { parent: number; key: string | number }[], index: number): JsonPath {
  const path: (string | number)[] = [];
  for (let at = index; visited[at]!.parent >= 0; at = visited[at]!.parent) path.push(visited[at]!.key);
  return path.reverse();
}
