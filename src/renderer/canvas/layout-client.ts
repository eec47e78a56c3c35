/**
 * Auto-layout off the main thread: elkjs's layout engine runs in a Web Worker (its own worker
 * script, bundled through Vite's `?worker`), driven by the same `layoutDiagram` the command line
 * uses, so the canvas and `archsim diagram` place nodes alike.
 */
import ELK from 'elkjs/lib/elk-api.js';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';
import { elkGraph, layoutDiagram } from '@shared/diagram/layout.ts';
import { cachedLayout, graphKey, storeLayout } from './layout-cache.ts';
import type { DiagramModel, Point } from '@shared/diagram/model.ts';

let elk: InstanceType<typeof ELK> | null = null;

function engine(): InstanceType<typeof ELK> {
  elk ??= new ELK({ workerFactory: () => new ElkWorker() });
  return elk;
}

/**
 * Positions for every node of the model (stored positions are not consulted here): from the
 * layout cache when this graph was laid out before, else from elkjs in the worker.
 */
export async function layoutInWorker(model: DiagramModel): Promise<Map<string, Point>> {
  // Marks for the studio benchmark (bench/studio.ts), which reports where opening spends its time.
  performance.mark('archsim:layout-start');
  try {
    const key = graphKey(JSON.stringify(elkGraph(model)));
    const cached = cachedLayout(key);
    if (cached && model.nodes.every((node) => cached.has(node.id))) return cached;
    const positions = await layoutDiagram(model, engine());
    storeLayout(key, positions);
    return positions;
  } finally {
    performance.mark('archsim:layout-end');
  }
}

/**
 * Starts the layout worker and lays out a small graph in it, while the studio is still loading:
 * elkjs's first layout pays for loading and compiling its engine (a second or more), which the
 * first document's layout then does not.
 */
export function warmUpLayout(): void {
  const nodes = ['a', 'b', 'c', 'd'].map((id) => ({ id, width: 10, height: 10 }));
  const edges = [
    { id: 'a-b', sources: ['a'], targets: ['b'] },
    { id: 'a-c', sources: ['a'], targets: ['c'] },
    { id: 'b-d', sources: ['b'], targets: ['d'] },
    { id: 'c-d', sources: ['c'], targets: ['d'] },
  ];
  engine()
    .layout({ id: 'warm-up', layoutOptions: { 'elk.algorithm': 'layered' }, children: nodes, edges })
    .catch(() => undefined);
}
