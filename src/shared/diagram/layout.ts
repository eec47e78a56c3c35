/**
 * Auto-layout of a diagram with elkjs: the layered algorithm, left to right from the entry points.
 * The studio runs it in a Web Worker (elkjs's `elk-api` with its worker script) and the command
 * line in-process (`elkjs/lib/elk.bundled.js`); both hand an `ElkLike` to `layoutDiagram`, so the
 * canvas and `archsim diagram` place nodes the same way. Stored positions always win over
 * computed ones (`placeNodes`): a person's placement is never moved by a layout.
 *
 * NOTE: this module imports only elkjs's types. The bundled ELK (the whole layout engine, ~1.5 MB
 * of transpiled Java) is loaded by the caller that needs it, never by the renderer's main bundle.
 */
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import { NODE_HEIGHT, NODE_WIDTH, entryNodeIds, type DiagramModel, type Point } from './model.ts';

/** What `layoutDiagram` needs of elkjs: `new ELK()` from elk.bundled.js or elk-api with a worker. */
export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export interface LayoutDiagramOptions {
  /** Space between nodes in one layer (default 40). */
  readonly nodeSpacing?: number;
  /** Space between layers (default 90). */
  readonly layerSpacing?: number;
}

/** Default spacing: room for edge labels later and for self-loops drawn above a node. */
export const DEFAULT_NODE_SPACING = 40;
export const DEFAULT_LAYER_SPACING = 90;

/** The elkjs graph for a diagram: one node per service, one edge per dependency, self-loops left out. */
export function elkGraph(model: DiagramModel, options: LayoutDiagramOptions = {}): ElkNode {
  const nodeSpacing = String(options.nodeSpacing ?? DEFAULT_NODE_SPACING);
  const layerSpacing = String(options.layerSpacing ?? DEFAULT_LAYER_SPACING);
  const layoutOptions: LayoutOptions = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.spacing.nodeNode': nodeSpacing,
    'elk.layered.spacing.nodeNodeBetweenLayers': layerSpacing,
    'elk.spacing.componentComponent': layerSpacing,
    'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    // NOTE: speed over polish, measured on a generated 300-service document (bench/studio.ts):
    // keeping the document's order (considerModelOrder) and the default thoroughness (7) made
    // elkjs take 2–3 s; without the one and at 3 it takes well under 1 s, and the picture is as
    // readable. Edges are drawn by the canvas and the SVG, so ELK's routes are not needed:
    // polyline routing reserves less room between layers than orthogonal routing.
    'elk.layered.thoroughness': '3',
    'elk.edgeRouting': 'POLYLINE',
    // A fixed seed: the same document is laid out the same way, in the studio and the CLI.
    'elk.randomSeed': '1',
  };
  const entries = entryNodeIds(model);
  const children: ElkNode[] = model.nodes.map((node) => ({
    id: node.id,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    ...(entries.has(node.id) ? { layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' } } : {}),
  }));
  const edges: ElkExtendedEdge[] = model.edges
    .filter((edge) => !edge.selfLoop)
    .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] }));
  return { id: 'root', layoutOptions, children, edges };
}

/**
 * Computes a position (top-left corner) for every node of the model, ignoring stored positions
 * (combine with `placeNodes`). The same model gives the same positions.
 */
export async function layoutDiagram(
  model: DiagramModel,
  elk: ElkLike,
  options: LayoutDiagramOptions = {},
): Promise<Map<string, Point>> {
  const positions = new Map<string, Point>();
  if (model.nodes.length === 0) return positions;
  const result = await elk.layout(elkGraph(model, options));
  for (const child of result.children ?? []) {
    // NOTE: whole pixels, as the document stores positions: the first edit on the canvas writes
    // these into it, and a position that changes by a fraction there redraws every node.
    positions.set(child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) });
  }
  return positions;
}

/** Whether any node lacks a stored position (every spigo file: all of them). */
export function needsLayout(model: DiagramModel): boolean {
  return model.nodes.some((node) => node.position === undefined);
}

/**
 * Where each node is drawn: its stored position, else the computed one, else (a node the layout
 * did not see) in a row below everything else, so no node is ever left out.
 */
export function placeNodes(model: DiagramModel, computed: ReadonlyMap<string, Point>): Map<string, Point> {
  const placed = new Map<string, Point>();
  const unplaced: string[] = [];
  for (const node of model.nodes) {
    const position = node.position ?? computed.get(node.id);
    if (position) placed.set(node.id, position);
    else unplaced.push(node.id);
  }
  if (unplaced.length > 0) {
    const points = [...placed.values()];
    const left = points.length > 0 ? Math.min(...points.map((point) => point.x)) : 0;
    const bottom = points.length > 0 ? Math.max(...points.map((point) => point.y + NODE_HEIGHT)) : 0;
    const top = points.length > 0 ? bottom + DEFAULT_LAYER_SPACING : 0;
    unplaced.forEach((id, index) => {
      placed.set(id, { x: left + index * (NODE_WIDTH + DEFAULT_NODE_SPACING), y: top });
    });
  }
  return placed;
}
