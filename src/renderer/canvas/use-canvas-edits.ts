/**
 * The canvas's gestures as changes to the document: move, connect, delete, add from the palette,
 * paste, rename. Each is one undoable change; the first one also writes the positions the layout
 * gave, so the picture stays as it was when the document starts to hold positions.
 */
import { useCallback, useMemo, type RefObject } from 'react';
import { useReactFlow, type Connection, type FinalConnectionState } from '@xyflow/react';
import { EUREKA, NODE_HEIGHT, NODE_WIDTH, type DiagramModel, type Point } from '@shared/diagram/model.ts';
import type { PackageName } from '@shared/document/packages.ts';
import type { Change } from '../document/changes.ts';
import type { DocumentStore } from '../document/store.ts';
import type { DependencyEdge, ServiceNode } from './canvas-model.ts';
import { pastedServices } from './clipboard.ts';
import { newService } from './palette-items.ts';
import { freeSpots } from './placement.ts';
import { mapCoordinates } from '../value-chain/map-geometry.ts';
import { parseJsonValue } from '@shared/document/json-text.ts';

type JsonObject = Record<string, unknown>;

export interface CanvasEditsOptions {
  readonly store: DocumentStore;
  readonly model: DiagramModel;
  readonly positions: ReadonlyMap<string, Point>;
  /** The value chain is shown: node positions are map points, not topology positions. */
  readonly mapMode: boolean;
  /** The canvas's element (its middle is where added services go). */
  readonly wrapper: RefObject<HTMLDivElement | null>;
  /** Names of services just added or renamed, for the canvas to select once they are drawn. */
  readonly pendingSelection: RefObject<readonly string[] | null>;
  readonly onMessage: (text: string) => void;
  readonly onRenamed: () => void;
}

/** The services of the document's text (tolerant: [] when it does not parse). */
export function servicesOfText(text: string): JsonObject[] {
  const value = parseJsonValue(text) as { services?: unknown } | null | undefined;
  const services = typeof value === 'object' && value !== null ? value.services : undefined;
  return Array.isArray(services)
    ? services.map((service) =>
        typeof service === 'object' && service !== null ? (service as JsonObject) : {},
      )
    : [];
}

const roundPoint = (point: Point): Point => ({ x: Math.round(point.x), y: Math.round(point.y) });

export function useCanvasEdits({
  store,
  model,
  positions,
  mapMode,
  wrapper,
  pendingSelection,
  onMessage,
  onRenamed,
}: CanvasEditsOptions) {
  const flow = useReactFlow<ServiceNode, DependencyEdge>();
  const apply = useCallback(
    (change: Change, label: string): boolean => {
      const result = store.apply(change, { label, source: 'canvas' });
      if (!result.ok) onMessage(result.message);
      return result.ok;
    },
    [store, onMessage],
  );

  /** Positions for services placed only by the layout, so a first edit keeps the picture as it is. */
  const pinChange = useCallback(
    (except: ReadonlySet<number> = new Set()): Change[] => {
      const pins = model.nodes
        .filter((node) => !node.eureka && node.position === undefined && !except.has(node.index))
        .flatMap((node) => {
          const position = positions.get(node.id);
          return position ? [{ index: node.index, position }] : [];
        });
      return pins.length === 0 ? [] : [{ type: 'moveServices', positions: pins }];
    },
    [model, positions],
  );

  const nodeById = useMemo(() => new Map(model.nodes.map((node) => [node.id, node])), [model]);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: ServiceNode, dragged: ServiceNode[]) => {
      const moved = dragged.filter((node) => !node.data.eureka);
      if (moved.length === 0) return;
      const indexes = new Set(moved.map((node) => node.data.index));
      const label = moved.length === 1 ? `Move ${moved[0]?.data.name}` : `Move ${moved.length} services`;
      apply(
        {
          type: 'batch',
          changes: [
            ...pinChange(indexes),
            {
              type: 'moveServices',
              positions: moved.map((node) => ({ index: node.data.index, position: node.position })),
            },
          ],
        },
        label,
      );
    },
    [apply, pinChange],
  );

  /**
   * A drag on the value chain: across, it sets the service's evolution; a move up or down of
   * more than a nudge also pins its visibility (otherwise the chain places it). With Alt held it
   * draws an evolve arrow to where it was dropped instead, and the service stays where it is.
   */
  const onMapDragStop = useCallback(
    (event: { altKey?: boolean }, dragged: ServiceNode[], starts: ReadonlyMap<string, Point>) => {
      const moved = dragged.filter((node) => !node.data.eureka);
      if (moved.length === 0) return;
      const entries: { path: (string | number)[]; value: unknown }[] = [];
      const evolving = event.altKey === true;
      for (const node of moved) {
        const at = mapCoordinates(node.position);
        const start = starts.get(node.id);
        const from = start ? mapCoordinates(start) : at;
        if (evolving) {
          if (at.evolution <= from.evolution) continue;
          const evolve = servicesOfText(store.text)[node.data.index]?.['evolve'];
          entries.push({
            path: ['services', node.data.index, 'evolve'],
            value: { ...(isObject(evolve) ? evolve : {}), evolution: at.evolution },
          });
          continue;
        }
        entries.push({ path: ['services', node.data.index, 'evolution'], value: at.evolution });
        if (start && Math.abs(node.position.y - start.y) > PIN_DISTANCE) {
          entries.push({ path: ['services', node.data.index, 'visibility'], value: at.visibility });
        }
      }
      if (entries.length === 0) {
        if (evolving)
          onMessage('An evolve arrow points to a later stage: Alt+drag the service to the right.');
        // Put the nodes back where the document has them.
        flow.setNodes((nodes) =>
          nodes.map((node) => {
            const start = starts.get(node.id);
            return start ? { ...node, position: start } : node;
          }),
        );
        return;
      }
      const first = moved[0]?.data.name ?? '';
      const label = evolving
        ? moved.length === 1
          ? `Evolve ${first}`
          : `Evolve ${moved.length} services`
        : moved.length === 1
          ? `Move ${first} on the value chain`
          : `Move ${moved.length} services on the value chain`;
      apply({ type: 'setValues', entries }, label);
    },
    [apply, flow, store, onMessage],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const source = nodeById.get(connection.source);
      const target = nodeById.get(connection.target);
      if (!source || !target || source.eureka) return;
      apply(
        { type: 'addDependency', index: source.index, dependency: target.eureka ? EUREKA : target.name },
        `Connect ${source.name} → ${target.name}`,
      );
    },
    [apply, nodeById],
  );

  /**
   * A connection let go over a node's body rather than within reach of its handle: React Flow
   * drops it; a user means that node. Connected as if to its handle (from a dependency's left
   * handle, the node let go on is the caller).
   */
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
      if (connection.isValid || !connection.fromNode || !connection.fromHandle) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point) return;
      const over = document.elementFromPoint(point.clientX, point.clientY)?.closest('.react-flow__node');
      const id = over?.getAttribute('data-id');
      if (!id || id === connection.fromNode.id) return;
      const from = connection.fromNode.id;
      if (connection.fromHandle.type === 'source')
        onConnect({ source: from, target: id, sourceHandle: null, targetHandle: null });
      else onConnect({ source: id, target: from, sourceHandle: null, targetHandle: null });
    },
    [onConnect],
  );

  const removeElements = useCallback(
    (nodeIds: readonly string[], edgeIds: readonly string[]) => {
      const removed = nodeIds
        .map((id) => nodeById.get(id))
        .filter((node) => node !== undefined && !node.eureka);
      const removedIds = new Set(removed.map((node) => node!.id));
      const dependencyChanges: Change[] = edgeIds.flatMap((id) => {
        const edge = model.edges.find((candidate) => candidate.id === id);
        if (!edge || removedIds.has(edge.source)) return [];
        const target = nodeById.get(edge.target);
        if (!target) return [];
        return [
          {
            type: 'removeDependency',
            index: edge.sourceIndex,
            dependency: target.eureka ? EUREKA : target.name,
          },
        ];
      });
      const indexes = removed.map((node) => node!.index);
      if (indexes.length === 0 && dependencyChanges.length === 0) return;
      const parts = [
        indexes.length > 0 ? (indexes.length === 1 ? removed[0]!.name : `${indexes.length} services`) : '',
        dependencyChanges.length > 0
          ? dependencyChanges.length === 1
            ? 'a dependency'
            : `${dependencyChanges.length} dependencies`
          : '',
      ].filter(Boolean);
      apply(
        {
          type: 'batch',
          changes: [
            ...dependencyChanges,
            ...(indexes.length > 0 ? [{ type: 'removeServices', indexes } as const] : []),
          ],
        },
        `Delete ${parts.join(' and ')}`,
      );
    },
    [apply, model, nodeById],
  );

  const selectedServices = useCallback(() => {
    const chosen = flow.getNodes().filter((node) => node.selected && !node.data.eureka);
    const services = servicesOfText(store.text);
    return chosen.flatMap((node) => {
      const service = services[node.data.index];
      if (!service) return [];
      const position = mapMode ? positions.get(node.id) : node.position;
      return [
        {
          ...service,
          ...(position ? { position: { x: Math.round(position.x), y: Math.round(position.y) } } : {}),
        },
      ];
    });
  }, [flow, store, mapMode, positions]);

  const viewCentre = useCallback((): Point => {
    // On the value chain the view is of the map: new services go by the topology's middle.
    if (mapMode) return topologyCentre(positions);
    const box = wrapper.current?.getBoundingClientRect();
    const centre = box
      ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
      : { x: 0, y: 0 };
    return { x: centre.x - NODE_WIDTH / 2, y: centre.y - NODE_HEIGHT / 2 };
  }, [flow, wrapper, mapMode, positions]);

  const addServices = useCallback(
    (added: JsonObject[], label: string) => {
      // Each lands on a free spot near where it was asked for.
      const spots = freeSpots(
        added.map((service) => (service['position'] as Point | undefined) ?? { x: 0, y: 0 }),
        [...positions.values()],
      );
      const services: JsonObject[] = added.map((service, index) => ({
        ...service,
        position: roundPoint(spots[index]!),
      }));
      const names = services.map((service) => String(service['name']));
      pendingSelection.current = names;
      if (!apply({ type: 'batch', changes: [...pinChange(), { type: 'addServices', services }] }, label)) {
        pendingSelection.current = null;
      }
    },
    [apply, pinChange, positions, pendingSelection],
  );

  const paste = useCallback(
    (copied: JsonObject[]) => {
      const taken = servicesOfText(store.text).map((service) => String(service['name'] ?? ''));
      const centre = viewCentre();
      const withPositions = copied.map((service, index) =>
        service['position']
          ? service
          : { ...service, position: { x: centre.x + index * 24, y: centre.y + index * 24 } },
      );
      const pasted = pastedServices(withPositions, taken);
      addServices(
        pasted,
        pasted.length === 1 ? `Paste ${String(pasted[0]?.['name'])}` : `Paste ${pasted.length} services`,
      );
    },
    [addServices, store, viewCentre],
  );

  /**
   * Adds a service of a package: at `at` on the topology; on the value chain `at` is the map
   * point it was dropped on, which gives its evolution (and the topology a spot in its middle).
   */
  const addService = useCallback(
    (packageName: PackageName, at?: Point) => {
      const taken = servicesOfText(store.text).map((service) => String(service['name'] ?? ''));
      const service = newService(packageName, taken);
      const position = mapMode || at === undefined ? viewCentre() : at;
      const evolution = mapMode && at ? { evolution: mapCoordinates(at).evolution } : {};
      addServices(
        [{ ...service, ...evolution, position: { x: Math.round(position.x), y: Math.round(position.y) } }],
        `Add ${service.name}`,
      );
    },
    [addServices, store, viewCentre, mapMode],
  );

  const commitRename = useCallback(
    (id: string, name: string): string | null => {
      const node = nodeById.get(id);
      if (!node) return 'That service is gone.';
      const result = store.apply(
        { type: 'batch', changes: [...pinChange(), { type: 'renameService', index: node.index, name }] },
        { label: `Rename ${node.name} to ${name}`, source: 'canvas' },
      );
      if (!result.ok) return result.message;
      pendingSelection.current = [name];
      onRenamed();
      return null;
    },
    [nodeById, pinChange, store, pendingSelection, onRenamed],
  );

  return useMemo(
    () => ({
      apply,
      onNodeDragStop,
      onMapDragStop,
      onConnect,
      onConnectEnd,
      removeElements,
      selectedServices,
      addService,
      paste,
      commitRename,
    }),
    [
      apply,
      onNodeDragStop,
      onMapDragStop,
      onConnect,
      onConnectEnd,
      removeElements,
      selectedServices,
      addService,
      paste,
      commitRename,
    ],
  );
}

/** How far (canvas units) a drag on the value chain must go up or down to pin a visibility. */
const PIN_DISTANCE = 12;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The middle of the topology's layout (where services added on the value chain go). */
function topologyCentre(positions: ReadonlyMap<string, Point>): Point {
  if (positions.size === 0) return { x: 0, y: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of positions.values()) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
}
