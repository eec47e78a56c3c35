/**
 * The canvas's gestures as changes to the document: move, connect, delete, add from the palette,
 * paste, rename. Each is one undoable change; the first one also writes the positions the layout
 * gave, so the picture stays as it was when the document starts to hold positions.
 */
import { useCallback, useMemo, type RefObject } from 'react';
import { useReactFlow, type Connection } from '@xyflow/react';
import { EUREKA, NODE_HEIGHT, NODE_WIDTH, type DiagramModel, type Point } from '@shared/diagram/model.ts';
import type { PackageName } from '@shared/document/packages.ts';
import type { Change } from '../document/changes.ts';
import type { DocumentStore } from '../document/store.ts';
import type { DependencyEdge, ServiceNode } from './canvas-model.ts';
import { pastedServices } from './clipboard.ts';
import { newService } from './palette-items.ts';
import { freeSpots } from './placement.ts';

type JsonObject = Record<string, unknown>;

export interface CanvasEditsOptions {
  readonly store: DocumentStore;
  readonly model: DiagramModel;
  readonly positions: ReadonlyMap<string, Point>;
  /** The canvas's element (its middle is where added services go). */
  readonly wrapper: RefObject<HTMLDivElement | null>;
  /** Names of services just added or renamed, for the canvas to select once they are drawn. */
  readonly pendingSelection: RefObject<readonly string[] | null>;
  readonly onMessage: (text: string) => void;
  readonly onRenamed: () => void;
}

/** The services of the document's text (tolerant: [] when it does not parse). */
export function servicesOfText(text: string): JsonObject[] {
  try {
    const value = JSON.parse(text) as { services?: unknown };
    return Array.isArray(value.services)
      ? value.services.map((service) =>
          typeof service === 'object' && service !== null ? (service as JsonObject) : {},
        )
      : [];
  } catch {
    return [];
  }
}

const roundPoint = (point: Point): Point => ({ x: Math.round(point.x), y: Math.round(point.y) });

export function useCanvasEdits({
  store,
  model,
  positions,
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
      const position = node.position;
      return [{ ...service, position: { x: Math.round(position.x), y: Math.round(position.y) } }];
    });
  }, [flow, store]);

  const viewCentre = useCallback((): Point => {
    const box = wrapper.current?.getBoundingClientRect();
    const centre = box
      ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
      : { x: 0, y: 0 };
    return { x: centre.x - NODE_WIDTH / 2, y: centre.y - NODE_HEIGHT / 2 };
  }, [flow, wrapper]);

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

  const addService = useCallback(
    (packageName: PackageName, at?: Point) => {
      const taken = servicesOfText(store.text).map((service) => String(service['name'] ?? ''));
      const service = newService(packageName, taken);
      const position = at ?? viewCentre();
      addServices(
        [{ ...service, position: { x: Math.round(position.x), y: Math.round(position.y) } }],
        `Add ${service.name}`,
      );
    },
    [addServices, store, viewCentre],
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
      onConnect,
      removeElements,
      selectedServices,
      addService,
      paste,
      commitRename,
    }),
    [apply, onNodeDragStop, onConnect, removeElements, selectedServices, addService, paste, commitRename],
  );
}
