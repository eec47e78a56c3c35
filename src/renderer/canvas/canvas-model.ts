/**
 * The canvas's nodes and edges, derived from the diagram model of the document, the positions
 * (stored, else auto-laid-out) and the problems: React Flow's view of the one document.
 */
import type { Edge, Node } from '@xyflow/react';
import { MarkerType } from '@xyflow/react';
import { countLabel, type DiagramModel, type Point } from '@shared/diagram/model.ts';
import { packageStyle, type PackageKind } from '@shared/diagram/package-style.ts';
import type { Problem } from '@shared/document/problems.ts';
import type { ServiceInstances } from '@shared/instances.ts';
import type { CanvasOverlay, NodeOverlay } from './overlay.ts';

export interface ServiceBadge {
  readonly errors: number;
  readonly warnings: number;
  /** The problems' messages, one a line (the badge's tooltip). */
  readonly text: string;
}

export interface ServiceNodeData extends Record<string, unknown> {
  readonly index: number;
  readonly name: string;
  readonly packageName: string | undefined;
  readonly kind: PackageKind;
  readonly kindLabel: string;
  readonly glyph: string;
  readonly countLabel: string;
  readonly badge: ServiceBadge | null;
  readonly eureka: boolean;
  /** The instance view: this service's instances by region and zone (absent when off). */
  readonly instances: ServiceInstances | null;
  /** A run's heat or a replayed second, when the run views paint one. */
  readonly overlay: NodeOverlay | null;
}

/** 'service' on the topology canvas; 'mapService' (a point and a name) on the value chain. */
export type ServiceNode = Node<ServiceNodeData, 'service' | 'mapService'>;
export type DependencyEdge = Edge<{ readonly selfLoop: boolean }>;

/** Problems per service index: everything under `$.services[i]`. */
export function badgesByIndex(problems: readonly Problem[]): Map<number, ServiceBadge> {
  const grouped = new Map<number, Problem[]>();
  for (const problem of problems) {
    const [first, index] = problem.path;
    if (first !== 'services' || typeof index !== 'number') continue;
    const list = grouped.get(index) ?? [];
    list.push(problem);
    grouped.set(index, list);
  }
  const badges = new Map<number, ServiceBadge>();
  for (const [index, list] of grouped) {
    const errors = list.filter((problem) => problem.severity === 'error').length;
    badges.set(index, {
      errors,
      warnings: list.length - errors,
      text: list.map((problem) => `${problem.severity}: ${problem.message}`).join('\n'),
    });
  }
  return badges;
}

/**
 * The nodes to show. `previous` keeps what React Flow measured and which nodes are selected
 * across document changes; a node without any position is not shown until the layout has one.
 */
export function deriveNodes(
  model: DiagramModel,
  positions: ReadonlyMap<string, Point>,
  badges: ReadonlyMap<number, ServiceBadge>,
  previous: readonly ServiceNode[],
  editable: boolean,
  instances: ReadonlyMap<string, ServiceInstances> | null = null,
  overlay: CanvasOverlay | null = null,
  mapMode = false,
): ServiceNode[] {
  const type = mapMode ? 'mapService' : 'service';
  const before = new Map(previous.map((node) => [node.id, node]));
  const nodes: ServiceNode[] = [];
  for (const node of model.nodes) {
    const position = positions.get(node.id);
    if (!position) continue;
    const style = packageStyle(node.packageName);
    const old = before.get(node.id);
    const data: ServiceNodeData = {
      index: node.index,
      name: node.name,
      packageName: node.packageName,
      kind: style.kind,
      kindLabel: style.kindLabel,
      glyph: style.glyph,
      countLabel: node.eureka ? 'registry' : countLabel(node),
      badge: badges.get(node.index) ?? null,
      eureka: node.eureka,
      instances: instances?.get(node.name) ?? null,
      overlay: overlay?.nodes.get(node.name) ?? null,
    };
    const samePosition = old && old.position.x === position.x && old.position.y === position.y;
    const reused =
      old &&
      samePosition &&
      old.type === type &&
      old.draggable === (editable && !node.eureka) &&
      shallowEqualData(old.data, data);
    nodes.push(
      reused
        ? old
        : {
            ...(old ?? {}),
            id: node.id,
            type,
            position: samePosition ? old.position : position,
            data,
            draggable: editable && !node.eureka,
            connectable: editable,
            deletable: editable && !node.eureka,
            selected: old?.selected ?? false,
          },
    );
  }
  return nodes;
}

function shallowEqualData(a: ServiceNodeData, b: ServiceNodeData): boolean {
  return (
    a.index === b.index &&
    a.name === b.name &&
    a.packageName === b.packageName &&
    a.countLabel === b.countLabel &&
    a.eureka === b.eureka &&
    a.badge?.text === b.badge?.text &&
    a.instances === b.instances &&
    a.overlay === b.overlay
  );
}

export function deriveEdges(
  model: DiagramModel,
  previous: readonly DependencyEdge[],
  editable: boolean,
  overlay: CanvasOverlay | null = null,
  mapMode = false,
): DependencyEdge[] {
  const selected = new Set(previous.filter((edge) => edge.selected).map((edge) => edge.id));
  const nameOf = new Map(model.nodes.map((node) => [node.id, node.name]));
  // The value chain draws dependencies as straight lines and leaves peer rings out (as the SVG).
  const edges = mapMode ? model.edges.filter((edge) => !edge.selfLoop) : model.edges;
  return edges.map((edge) => {
    const painted = overlay?.edges.get(`${nameOf.get(edge.source)}->${nameOf.get(edge.target)}`);
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: edge.selfLoop ? 'loop' : mapMode ? 'straight' : 'default',
      // Value-chain links are plain lines, as on a Wardley map: up the chain is who needs whom.
      ...(mapMode
        ? {}
        : {
            markerEnd: {
              type: MarkerType.ArrowClosed,
              width: 16,
              height: 16,
              // Painted edges are wider; their arrowheads keep their size.
              ...(painted ? { color: painted.colour, markerUnits: 'userSpaceOnUse' } : {}),
            },
          }),
      data: { selfLoop: edge.selfLoop },
      selected: selected.has(edge.id),
      deletable: editable,
      ...(painted ? { style: { stroke: painted.colour, strokeWidth: painted.width } } : {}),
      ariaLabel: `${edge.source} depends on ${edge.target}${painted ? `: ${painted.text}` : ''}`,
    };
  });
}
