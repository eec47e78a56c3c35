/**
 * Auto-layout off the main thread: elkjs's layout engine runs in a Web Worker (its own worker
 * script, bundled through Vite's `?worker`), driven by the same `layoutDiagram` the command line
 * uses, so the canvas and `archsim diagram` place nodes alike.
 */
import ELK from 'elkjs/lib/elk-api.js';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';
import { elkGraph, layoutDiagram } from '@shared/diagram/layout.ts';
import { cachedLayout, graphKey, storeLayout } from './layout-cache.ts';
import { diagramModel, type DiagramModel, type Point } from '@shared/diagram/model.ts';

let elk: InstanceType<typeof ELK> | null = null;

function engine(): InstanceType<typeof ELK> {
  elk ??= new ELK({ workerFactory: () => new ElkWorker() });
  return elk;
}

/** The layout this graph had when it was last laid out in this browser, if it is cached. */
export function cachedLayoutOf(model: DiagramModel): Map<string, Point> | null {
  const cached = cachedLayout(graphKey(JSON.stringify(elkGraph(model))));
  return cached && model.nodes.every((node) => cached.has(node.id)) ? cached : null;
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

/** Nodes of the warm-up graph: enough work for V8 to compile elkjs's hot paths, done in ~1 s. */
const WARM_UP_NODES = 160;

/**
 * Starts the layout worker and lays out a made-up architecture in it while the studio is still
 * loading: elkjs is compiled GWT code, and its first layouts run slowly until V8 has optimised it
 * (a 300-service document took 2 s cold and 0.6 s warm, measured in Node). Warming it with a graph
 * of the same kind and the same options, during the second the page spends loading, makes the
 * first document's layout a warm one.
 */
export function warmUpLayout(): void {
  const layers = 8;
  const perLayer = WARM_UP_NODES / layers;
  const name = (layer: number, index: number) => `n${layer}-${index}`;
  const services = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let index = 0; index < perLayer; index++) {
      const dependencies =
        layer === layers - 1
          ? []
          : [...new Set([index, (index * 7 + 3) % perLayer])].map((to) => name(layer + 1, to));
      services.push({ name: name(layer, index), package: 'karyon', dependencies });
    }
  }
  engine()
    .layout({ ...elkGraph(diagramModel({ services })), id: 'warm-up' })
    .catch(() => undefined);
}
