/**
 * A layered layout computed at once, for the first view of a large document while elkjs (whose
 * first layout in a fresh worker takes a second or two) computes the real one: the same rules —
 * left to right from the entry points, each service one layer right of the deepest service that
 * calls it, the same node size and spacing — with the nodes of a layer ordered by the barycentre
 * of their neighbours (a few sweeps each way) and stacked top down, centred on the tallest layer.
 * Linear in services and dependencies per sweep; deterministic.
 */
import { DEFAULT_LAYER_SPACING, DEFAULT_NODE_SPACING } from './layout.ts';
import { NODE_HEIGHT, NODE_WIDTH, type DiagramModel, type Point } from './model.ts';

const SWEEPS = 4;

export function quickLayout(model: DiagramModel): Map<string, Point> {
  const ids = model.nodes.map((node) => node.id);
  const indexOf = new Map(ids.map((id, index) => [id, index]));
  const callees: number[][] = ids.map(() => []);
  const callers: number[][] = ids.map(() => []);
  for (const edge of model.edges) {
    const from = indexOf.get(edge.source);
    const to = indexOf.get(edge.target);
    if (edge.selfLoop || from === undefined || to === undefined || from === to) continue;
    callees[from]?.push(to);
    callers[to]?.push(from);
  }

  // Back edges of a depth-first walk from the entry points (then from anything left) close
  // cycles; without them the graph is acyclic and layers are longest paths.
  const state = new Uint8Array(ids.length); // 0 new, 1 on the walk, 2 done
  const back = new Set<string>();
  const order: number[] = [];
  const walk = (start: number) => {
    const stack: [number, number][] = [[start, 0]];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [node, next] = top;
      const targets = callees[node] as number[];
      if (next < targets.length) {
        top[1]++;
        const target = targets[next] as number;
        if (state[target] === 1) back.add(`${node}>${target}`);
        else if (state[target] === 0) {
          state[target] = 1;
          stack.push([target, 0]);
        }
      } else {
        state[node] = 2;
        order.push(node);
        stack.pop();
      }
    }
  };
  ids.forEach((_, index) => {
    if ((callers[index] as number[]).length === 0) walk(index);
  });
  ids.forEach((_, index) => {
    if (state[index] === 0) walk(index);
  });

  // Longest path from the entry points, in reverse post-order (every caller before its callees).
  const layer = new Int32Array(ids.length);
  for (let position = order.length - 1; position >= 0; position--) {
    const node = order[position] as number;
    for (const target of callees[node] as number[]) {
      if (!back.has(`${node}>${target}`))
        layer[target] = Math.max(layer[target] as number, (layer[node] as number) + 1);
    }
  }
  const layers: number[][] = [];
  ids.forEach((_, index) => (layers[layer[index] as number] ??= []).push(index));
  const rank = new Float64Array(ids.length);
  const rerank = (nodes: number[]) => nodes.forEach((node, position) => (rank[node] = position));
  for (const nodes of layers) if (nodes) rerank(nodes);

  // Barycentre sweeps: right using callers' ranks, then left using callees'.
  const sweep = (nodes: number[], neighbours: number[][]) => {
    const weight = new Map<number, number>();
    for (const node of nodes) {
      const around = neighbours[node] as number[];
      weight.set(
        node,
        around.length === 0
          ? (rank[node] as number)
          : around.reduce((sum, other) => sum + (rank[other] as number), 0) / around.length,
      );
    }
    nodes.sort((left, right) => (weight.get(left) as number) - (weight.get(right) as number) || left - right);
    rerank(nodes);
  };
  for (let round = 0; round < SWEEPS; round++) {
    for (let index = 1; index < layers.length; index++)
      if (layers[index]) sweep(layers[index] as number[], callers);
    for (let index = layers.length - 2; index >= 0; index--)
      if (layers[index]) sweep(layers[index] as number[], callees);
  }

  const rowHeight = NODE_HEIGHT + DEFAULT_NODE_SPACING;
  const tallest = Math.max(...layers.map((nodes) => nodes?.length ?? 0));
  const positions = new Map<string, Point>();
  layers.forEach((nodes, column) => {
    const offset = ((tallest - nodes.length) * rowHeight) / 2;
    nodes.forEach((node, row) =>
      positions.set(ids[node] as string, {
        x: column * (NODE_WIDTH + DEFAULT_LAYER_SPACING),
        y: Math.round(offset + row * rowHeight),
      }),
    );
  });
  return positions;
}
