/**
 * The "Canvas" region: the document's services as nodes and dependencies as edges (React Flow),
 * a view of the document store. Every gesture becomes one change applied to the store — move,
 * connect, rename in place, drop from the palette, copy, paste, duplicate, delete — and the
 * nodes follow the document back. Documents without positions (every spigo file) are laid out
 * with elkjs in a worker; positions are written to the document only when a person places a node.
 */
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  type Connection,
  type OnBeforeDelete,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import type { Theme } from '@shared/commands.ts';
import { placeNodes } from '@shared/diagram/layout.ts';
import { EUREKA, NODE_HEIGHT, NODE_WIDTH, type DiagramModel, type Point } from '@shared/diagram/model.ts';
import { packageStyle } from '@shared/diagram/package-style.ts';
import { isPackageName, type PackageName } from '@shared/document/packages.ts';
import type { Problem } from '@shared/document/problems.ts';
import type { ServiceInstances } from '@shared/instances.ts';
import type { Change } from '../document/changes.ts';
import type { DocumentStore } from '../document/store.ts';
import { CanvasContext, type CanvasContextValue } from './canvas-context.ts';
import {
  badgesByIndex,
  deriveEdges,
  deriveNodes,
  type DependencyEdge,
  type ServiceNode,
} from './canvas-model.ts';
import { pastedServices, servicesFromClipboard, servicesToClipboard } from './clipboard.ts';
import { layoutInWorker } from './layout-client.ts';
import { freeSpots } from './placement.ts';
import { LoopEdge } from './LoopEdge.tsx';
import { PALETTE_MIME, newService } from './palette-items.ts';
import { ServiceNodeView } from './ServiceNodeView.tsx';

export interface CanvasHandle {
  /** Selects these nodes (and nothing else) and brings them into view. */
  select(ids: readonly string[]): void;
  fitView(): void;
  /** Lays every service out again (one undoable change that writes all positions). */
  autoLayout(): void;
  duplicateSelection(): void;
  deleteSelection(): void;
  renameSelection(): void;
  /** Adds a service of a package at the middle of the view. */
  addService(packageName: PackageName): void;
  /** Where every node is drawn now (for an export that looks like the canvas). */
  positions(): ReadonlyMap<string, Point>;
}

export interface CanvasProps {
  readonly store: DocumentStore;
  /** The diagram shown: the current document, or the last one that parsed while it does not. */
  readonly model: DiagramModel;
  readonly documentId: number;
  readonly problems: readonly Problem[];
  readonly editable: boolean;
  readonly theme: Theme;
  /** The instance view's data by service name; null when the view is off. */
  readonly instances: ReadonlyMap<string, ServiceInstances> | null;
  readonly onSelectionChange: (ids: readonly string[]) => void;
  /** Something to tell the user (a change that could not be made). */
  readonly onMessage: (text: string) => void;
  readonly ref?: Ref<CanvasHandle>;
}

const nodeTypes = { service: ServiceNodeView };
const edgeTypes = { loop: LoopEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

type JsonObject = Record<string, unknown>;

function servicesOfText(text: string): JsonObject[] {
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

function isEditableTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target.tagName === 'INPUT' ||
      target.tagName === 'TEXTAREA' ||
      target.tagName === 'SELECT')
  );
}

export function Canvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasFlow {...props} />
    </ReactFlowProvider>
  );
}

function CanvasFlow({
  store,
  model,
  documentId,
  problems,
  editable,
  theme,
  instances,
  onSelectionChange,
  onMessage,
  ref,
}: CanvasProps) {
  const flow = useReactFlow<ServiceNode, DependencyEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const [computed, setComputed] = useState<{ documentId: number; positions: Map<string, Point> }>({
    documentId,
    positions: new Map(),
  });
  const [laying, setLaying] = useState(false);
  // NOTE: React Flow keeps the nodes (uncontrolled): a drag moves them in its own store, frame by
  // frame, without a round trip through React state (measured: half the work per frame with 300
  // services). The document is still the source: every change of it is pushed in below, and a
  // gesture reaches the document as a change when it ends.
  const nodeCount = useStore((state) => state.nodes.length);
  const [selectedKey, setSelectedKey] = useState('');
  const [renamingId, setRenamingId] = useState<string | null>(null);
  /** Names of services just added, to select once their nodes exist. */
  const pendingSelection = useRef<readonly string[] | null>(null);
  const fittedDocument = useRef<number | null>(null);
  const layoutRequest = useRef(0);

  const computedPositions = computed.documentId === documentId ? computed.positions : EMPTY_POSITIONS;
  // Nodes with neither a stored nor a computed position wait for the layout: all of them on a
  // first view (nothing is drawn until it is there), new ones in a row below the rest meanwhile.
  const missingKey = useMemo(
    () =>
      model.nodes
        .filter((node) => node.position === undefined && !computedPositions.has(node.id))
        .map((node) => node.id)
        .join('\n'),
    [model, computedPositions],
  );
  const positions = useMemo(
    () =>
      missingKey !== '' && missingKey.split('\n').length === model.nodes.length
        ? EMPTY_POSITIONS
        : placeNodes(model, computedPositions),
    [model, computedPositions, missingKey],
  );
  const badges = useMemo(() => badgesByIndex(problems), [problems]);

  useEffect(() => {
    if (missingKey === '') return;
    const request = ++layoutRequest.current;
    setLaying(true);
    layoutInWorker(model)
      .then((laidOut) => {
        if (request !== layoutRequest.current) return;
        setComputed((previous) => {
          const merged = new Map(previous.documentId === documentId ? previous.positions : EMPTY_POSITIONS);
          for (const [id, point] of laidOut) if (!merged.has(id)) merged.set(id, point);
          return { documentId, positions: merged };
        });
      })
      .catch((error: unknown) =>
        onMessage(`The layout failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        if (request === layoutRequest.current) setLaying(false);
      });
    // The model at the time the missing set changed is the one to lay out.
  }, [missingKey, documentId]);

  useEffect(() => {
    flow.setNodes((previous) => {
      const next = deriveNodes(model, positions, badges, previous, editable, instances);
      const wanted = pendingSelection.current;
      if (wanted && wanted.every((name) => next.some((node) => node.data.name === name))) {
        pendingSelection.current = null;
        const chosen = new Set(wanted);
        return next.map((node) => ({ ...node, selected: chosen.has(node.data.name) }));
      }
      return next;
    });
    flow.setEdges((previous) => deriveEdges(model, previous, editable));
  }, [flow, model, positions, badges, editable, instances]);

  // The first time a document's nodes are on the canvas, show all of them.
  useEffect(() => {
    if (nodeCount === 0 || fittedDocument.current === documentId) return;
    if (nodeCount < model.nodes.length) return;
    fittedDocument.current = documentId;
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1.25 }));
  }, [nodeCount, documentId, model, flow]);

  // Tell the rest of the studio what is selected.
  const selectionReport = useRef(onSelectionChange);
  selectionReport.current = onSelectionChange;
  useEffect(() => {
    selectionReport.current(selectedKey === '' ? [] : selectedKey.split('\n'));
  }, [selectedKey]);

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

  const onFlowSelectionChange = useCallback(({ nodes }: { nodes: ServiceNode[] }) => {
    setSelectedKey(
      nodes
        .map((node) => node.id)
        .sort()
        .join('\n'),
    );
  }, []);

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

  const onBeforeDelete: OnBeforeDelete<ServiceNode, DependencyEdge> = useCallback(
    async ({ nodes: deletedNodes, edges: deletedEdges }) => {
      if (editable) {
        removeElements(
          deletedNodes.map((node) => node.id),
          deletedEdges.map((edge) => edge.id),
        );
      }
      // The document changes instead; the canvas follows it.
      return false;
    },
    [editable, removeElements],
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
  }, [flow]);

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
    [apply, pinChange, positions],
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
      setRenamingId(null);
      return null;
    },
    [nodeById, pinChange, store],
  );

  const context: CanvasContextValue = useMemo(
    () => ({
      theme,
      renamingId,
      startRename: (id) => editable && setRenamingId(id),
      commitRename,
      cancelRename: () => setRenamingId(null),
    }),
    [theme, renamingId, editable, commitRename],
  );

  useImperativeHandle(
    ref,
    () => ({
      select(ids) {
        const chosen = new Set(ids);
        flow.setNodes((current) =>
          current.map((node) =>
            node.selected === chosen.has(node.id) ? node : { ...node, selected: chosen.has(node.id) },
          ),
        );
        flow.setEdges((current) =>
          current.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
        );
        if (ids.length > 0) {
          void flow.fitView({ nodes: ids.map((id) => ({ id })), duration: 250, maxZoom: 1.25, padding: 0.6 });
        }
      },
      fitView() {
        void flow.fitView({ padding: 0.15, maxZoom: 1.25, duration: 250 });
      },
      autoLayout() {
        if (!editable) return onMessage('The document has errors that stop the canvas from editing it.');
        setLaying(true);
        layoutInWorker(model)
          .then((laidOut) => {
            const moves = model.nodes.flatMap((node) => {
              const position = laidOut.get(node.id);
              return !node.eureka && position ? [{ index: node.index, position }] : [];
            });
            setComputed({ documentId, positions: laidOut });
            if (apply({ type: 'moveServices', positions: moves }, 'Auto layout')) {
              requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1.25, duration: 250 }));
            }
          })
          .catch((error: unknown) =>
            onMessage(`The layout failed: ${error instanceof Error ? error.message : String(error)}`),
          )
          .finally(() => setLaying(false));
      },
      duplicateSelection() {
        if (!editable) return;
        const copied = selectedServices();
        if (copied.length > 0) paste(copied);
      },
      deleteSelection() {
        if (!editable) return;
        removeElements(
          flow
            .getNodes()
            .filter((node) => node.selected)
            .map((node) => node.id),
          flow
            .getEdges()
            .filter((edge) => edge.selected)
            .map((edge) => edge.id),
        );
      },
      renameSelection() {
        const only = flow.getNodes().filter((node) => node.selected && !node.data.eureka);
        if (editable && only.length === 1 && only[0]) setRenamingId(only[0].id);
      },
      addService(packageName) {
        if (editable) addService(packageName);
      },
      positions() {
        return new Map(flow.getNodes().map((node) => [node.id, node.position]));
      },
    }),
    [
      flow,
      editable,
      onMessage,
      model,
      documentId,
      apply,
      selectedServices,
      paste,
      removeElements,
      addService,
    ],
  );

  return (
    <CanvasContext.Provider value={context}>
      <div
        ref={wrapper}
        className="canvas-flow"
        onDragOver={(event) => {
          if (!editable || !event.dataTransfer.types.includes(PALETTE_MIME)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }}
        onDrop={(event) => {
          const packageName = event.dataTransfer.getData(PALETTE_MIME);
          if (!editable || !isPackageName(packageName)) return;
          event.preventDefault();
          const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
          addService(packageName, { x: point.x - NODE_WIDTH / 2, y: point.y - NODE_HEIGHT / 2 });
        }}
        onCopy={(event) => {
          if (isEditableTarget(event.target)) return;
          const copied = selectedServices();
          if (copied.length === 0) return;
          event.clipboardData.setData('text/plain', servicesToClipboard(copied));
          event.preventDefault();
        }}
        onCut={(event) => {
          if (isEditableTarget(event.target) || !editable) return;
          const copied = selectedServices();
          if (copied.length === 0) return;
          event.clipboardData.setData('text/plain', servicesToClipboard(copied));
          event.preventDefault();
          removeElements(
            flow
              .getNodes()
              .filter((node) => node.selected)
              .map((node) => node.id),
            [],
          );
        }}
        onPaste={(event) => {
          if (isEditableTarget(event.target) || !editable) return;
          const copied = servicesFromClipboard(event.clipboardData.getData('text/plain'));
          if (!copied) return;
          event.preventDefault();
          paste(copied);
        }}
        onKeyDown={(event) => {
          if (event.key === 'F2' && !isEditableTarget(event.target)) {
            const only = flow.getNodes().filter((node) => node.selected && !node.data.eureka);
            if (editable && only.length === 1 && only[0]) {
              event.preventDefault();
              setRenamingId(only[0].id);
            }
          }
        }}
      >
        <ReactFlow<ServiceNode, DependencyEdge>
          defaultNodes={NO_NODES}
          defaultEdges={NO_EDGES}
          onSelectionChange={onFlowSelectionChange}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodeDragStart={() => wrapper.current?.classList.add('canvas-dragging')}
          onNodeDragStop={(event, node, dragged) => {
            wrapper.current?.classList.remove('canvas-dragging');
            onNodeDragStop(event, node, dragged);
          }}
          onConnect={onConnect}
          onBeforeDelete={onBeforeDelete}
          onNodeDoubleClick={(_event, node) => {
            if (editable && !node.data.eureka) setRenamingId(node.id);
          }}
          deleteKeyCode={editable ? DELETE_KEYS : null}
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          nodesDraggable={editable}
          nodesConnectable={editable}
          elementsSelectable
          zoomOnDoubleClick={false}
          minZoom={0.05}
          maxZoom={2.5}
          colorMode={theme}
          proOptions={{ hideAttribution: true }}
          defaultEdgeOptions={{ interactionWidth: 14 }}
          ariaLabelConfig={{
            'node.a11yDescription.default': 'Press Enter or Space to select a service. Delete removes it.',
          }}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} fitViewOptions={{ padding: 0.15, maxZoom: 1.25 }} />
          <MiniMap
            style={{ width: 168, height: 112 }}
            pannable
            zoomable
            ariaLabel="Minimap"
            nodeColor={(node) => packageStyle((node as ServiceNode).data.packageName)[theme].stroke}
            nodeStrokeWidth={0}
          />
          {laying && (
            <Panel position="bottom-center" className="canvas-status" aria-live="polite">
              Laying out…
            </Panel>
          )}
        </ReactFlow>
      </div>
    </CanvasContext.Provider>
  );
}

const EMPTY_POSITIONS: Map<string, Point> = new Map();
const NO_NODES: ServiceNode[] = [];
const NO_EDGES: DependencyEdge[] = [];

const roundPoint = (point: Point): Point => ({ x: Math.round(point.x), y: Math.round(point.y) });
