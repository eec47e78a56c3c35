/**
 * Auto-layout off the main thread: elkjs's layout engine runs in a Web Worker (its own worker
 * script, bundled through Vite's `?worker`), driven by the same `layoutDiagram` the command line
 * uses, so the canvas and `archsim diagram` place nodes alike.
 */
import ELK from 'elkjs/lib/elk-api.js';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';
import { layoutDiagram } from '@shared/diagram/layout.ts';
import type { DiagramModel, Point } from '@shared/diagram/model.ts';

let elk: InstanceType<typeof ELK> | null = null;

/** Positions for every node of the model (stored positions are not consulted here). */
export function layoutInWorker(model: DiagramModel): Promise<Map<string, Point>> {
  elk ??= new ELK({ workerFactory: () => new ElkWorker() });
  return layoutDiagram(model, elk);
}
