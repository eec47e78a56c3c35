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
  // The containers still to visit, with their depth and where their parent holds them…
  const pending: object[] = [value];
  const pendingDepth: number[] = [1];
  const pendingParent: number[] = [-1];
  const pendingKey: (string | number)[] = [''];
  // …and those visited, as links to their parent (for the path of one nested too deep).
  const parents: number[] = [];
  const keys: (string | number)[] = [];
  while (pending.length > 0) {
    const container = pending.pop() as object;
    const depth = pendingDepth.pop() as number;
    const index = parents.length;
    parents.push(pendingParent.pop() as number);
    keys.push(pendingKey.pop() as string | number);
    if (depth > maxDepth) return { kind: 'too-deep', path: pathOf(parents, keys, index) };
    if (index >= maxNodes) return { kind: 'too-large' };
    const visit = (key: string | number, child: unknown) => {
      if (typeof child !== 'object' || child === null) return;
      pending.push(child);
      pendingDepth.push(depth + 1);
      pendingParent.push(index);
      pendingKey.push(key);
    };
    if (Array.isArray(container)) {
      for (let position = 0; position < container.length; position++) visit(position, container[position]);
    } else {
      for (const key of Object.keys(container)) visit(key, (container as Record<string, unknown>)[key]);
    }
  }
  return null;
}

function pathOf(parents: readonly number[], keys: readonly (string | number)[], index: number): JsonPath {
  const path: (string | number)[] = [];
  for (let at = index; (parents[at] as number) >= 0; at = parents[at] as number)
    path.push(keys[at] as string | number);
  return path.reverse();
}
