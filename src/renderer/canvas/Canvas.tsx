/**
 * The "Canvas" region: the document's services as nodes and dependencies as edges (React Flow),
 * a view of the document store. Every gesture becomes one change applied to the store — move,
 * connect, rename in place, drop from the palette, copy, edits.paste, duplicate, delete — and the
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
  type OnBeforeDelete,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import type { Theme } from '@shared/commands.ts';
import { NODE_HEIGHT, NODE_WIDTH, type DiagramModel, type Point } from '@shared/diagram/model.ts';
import { packageStyle } from '@shared/diagram/package-style.ts';
import { isPackageName, type PackageName } from '@shared/document/packages.ts';
import type { Problem } from '@shared/document/problems.ts';
import type { ServiceInstances } from '@shared/instances.ts';
import type { CanvasOverlay } from './overlay.ts';
import { OverlayLegend } from './OverlayLegend.tsx';
import type { DocumentStore } from '../document/store.ts';
import { CanvasContext, type CanvasContextValue } from './canvas-context.ts';
import {
  badgesByIndex,
  deriveEdges,
  deriveNodes,
  type DependencyEdge,
  type ServiceNode,
} from './canvas-model.ts';
import { servicesFromClipboard, servicesToClipboard } from './clipboard.ts';
import { useAutoLayout } from './use-auto-layout.ts';
import { useCanvasEdits } from './use-canvas-edits.ts';
import { LoopEdge } from './LoopEdge.tsx';
import { PALETTE_MIME } from './palette-items.ts';
import { ServiceNodeView } from './ServiceNodeView.tsx';
import type { ValueChain } from '@shared/value-chain/index.ts';
import { MapLayer } from '../value-chain/MapLayer.tsx';
import { MapServiceNodeView } from '../value-chain/MapServiceNodeView.tsx';
import { MAP_SIZE, mapPositions } from '../value-chain/map-geometry.ts';
import { tweenNodes } from '../value-chain/tween.ts';
import { NOT_PARSING_NOTICE } from '../document/changes.ts';

export interface CanvasHandle {
  /** Selects these nodes (and nothing else) and brings them into view. */
  select(ids: readonly string[]): void;
  /** Selects these services once the next change has drawn them (a rename made elsewhere). */
  selectWhenDrawn(names: readonly string[]): void;
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
  /** Why the canvas cannot be edited when not for the text (said when an edit is tried). */
  readonly lockedNotice?: string | null;
  readonly theme: Theme;
  /** The instance view's data by service name; null when the view is off. */
  readonly instances: ReadonlyMap<string, ServiceInstances> | null;
  /** A run's heat or a replayed second, painted over the diagram; null for none. */
  readonly overlay: CanvasOverlay | null;
  /**
   * The value chain to show the services on (the canvas's value-chain mode); null for the
   * topology. Switching animates the move.
   */
  readonly valueChain: ValueChain | null;
  readonly onSelectionChange: (ids: readonly string[]) => void;
  /** Something to tell the user (a change that could not be made). */
  readonly onMessage: (text: string) => void;
  readonly ref?: Ref<CanvasHandle>;
}

const nodeTypes = { service: ServiceNodeView, mapService: MapServiceNodeView };
const edgeTypes = { loop: LoopEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
/** Why a canvas edit does nothing while the text does not parse. */
const NOT_EDITABLE_NOTICE = `${NOT_PARSING_NOTICE}: fix the text (or undo) to edit the diagram.`;
/**
 * Far enough out that a layered layout of a few hundred services fits the view whole: one layer
 * of 180 business services is 12,000 px tall, which at 0.05 left the fitted view cut.
 */
const MIN_ZOOM = 0.02;
const PRO_OPTIONS = { hideAttribution: true };
const DEFAULT_EDGE_OPTIONS = { interactionWidth: 14 };
const ARIA_LABELS = {
  'node.a11yDescription.default': 'Press Enter or Space to select a service. Delete removes it.',
};
const FIT_VIEW_OPTIONS = { padding: 0.15, maxZoom: 1.25 };
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

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
  lockedNotice,
  theme,
  instances,
  overlay,
  valueChain,
  onSelectionChange,
  onMessage,
  ref,
}: CanvasProps) {
  const notEditableNotice = lockedNotice ?? NOT_EDITABLE_NOTICE;
  const mapMode = valueChain !== null;
  const flow = useReactFlow<ServiceNode, DependencyEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
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
  /** Where the nodes of a drag started (the value chain tells a move from a nudge by it). */
  const dragStart = useRef<ReadonlyMap<string, Point>>(new Map());

  const { positions, laying, provisional, relayout } = useAutoLayout(model, documentId, onMessage);
  // On the value chain every service sits at its (evolution, visibility); the topology's
  // positions stay what edits there (and pins) are made of.
  const shown = useMemo(
    () => (valueChain ? mapPositions(model, valueChain) : positions),
    [valueChain, model, positions],
  );
  const edits = useCanvasEdits({
    store,
    model,
    positions,
    mapMode,
    wrapper,
    pendingSelection,
    onMessage,
    onRenamed: () => setRenamingId(null),
  });
  const badges = useMemo(() => badgesByIndex(problems), [problems]);

  // Switching between the topology and the value chain moves every node to its new place over
  // a moment, instead of jumping.
  const shownMode = useRef(mapMode);
  useEffect(() => {
    const switched = shownMode.current !== mapMode;
    shownMode.current = mapMode;
    const from = switched ? new Map(flow.getNodes().map((node) => [node.id, node.position])) : null;
    flow.setNodes((previous) => {
      const next = deriveNodes(model, shown, badges, previous, editable, instances, overlay, mapMode);
      const wanted = pendingSelection.current;
      if (wanted && wanted.every((name) => next.some((node) => node.data.name === name))) {
        pendingSelection.current = null;
        const chosen = new Set(wanted);
        return next.map((node) => ({ ...node, selected: chosen.has(node.data.name) }));
      }
      return next;
    });
    flow.setEdges((previous) => deriveEdges(model, previous, editable, overlay, mapMode));
    if (from === null) return;
    // The map's bar appears above the canvas in the same render: fit once the flow has measured
    // its smaller pane (React Flow reads the size in a ResizeObserver, a frame later).
    if (mapMode)
      requestAnimationFrame(() =>
        requestAnimationFrame(() => void flow.fitBounds(MAP_BOUNDS, { padding: 0.04, duration: SWITCH_MS })),
      );
    // Back on the topology, frame the nodes where they end up.
    return tweenNodes(flow, from, shown, SWITCH_MS, () => {
      if (!mapMode) void flow.fitView({ padding: 0.15, maxZoom: 1.25, duration: 250 });
    });
  }, [flow, model, shown, badges, editable, instances, overlay, mapMode]);

  // The first time a document's nodes are on the canvas, show all of them.
  useEffect(() => {
    if (nodeCount === 0 || fittedDocument.current === documentId) return;
    if (nodeCount < model.nodes.length) return;
    fittedDocument.current = documentId;
    requestAnimationFrame(() =>
      mapMode
        ? void flow.fitBounds(MAP_BOUNDS, { padding: 0.04 })
        : void flow.fitView({ padding: 0.15, maxZoom: 1.25 }),
    );
  }, [nodeCount, documentId, model, flow, mapMode]);

  // When elkjs's layout replaces the quick one, frame the nodes where they are now.
  const wasProvisional = useRef(false);
  useEffect(() => {
    if (wasProvisional.current && !provisional && !mapMode)
      requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1.25, duration: 250 }));
    wasProvisional.current = provisional;
  }, [provisional, flow, mapMode]);

  // Tell the rest of the studio what is selected.
  const selectionReport = useRef(onSelectionChange);
  selectionReport.current = onSelectionChange;
  useEffect(() => {
    selectionReport.current(selectedKey === '' ? [] : selectedKey.split('\n'));
  }, [selectedKey]);

  const onFlowSelectionChange = useCallback(({ nodes }: { nodes: ServiceNode[] }) => {
    setSelectedKey(
      nodes
        .map((node) => node.id)
        .sort()
        .join('\n'),
    );
  }, []);

  // NOTE: every prop of <ReactFlow> stays the same object from render to render unless what it
  // depends on changes: React Flow copies each changed prop into its store, one store update
  // each, and each update runs the selectors of every node and edge (measured: 20–50 ms for
  // 300 services on the render that selecting a node at the start of a drag makes).
  const onNodeDragStart = useCallback((_event: unknown, _node: ServiceNode, dragged: ServiceNode[]) => {
    dragStart.current = new Map(dragged.map((node) => [node.id, node.position]));
  }, []);
  const onNodeDragStop = useCallback(
    (event: MouseEvent | TouchEvent, node: ServiceNode, dragged: ServiceNode[]) => {
      if (mapMode) edits.onMapDragStop(event, dragged, dragStart.current);
      else edits.onNodeDragStop(event, node, dragged);
    },
    [mapMode, edits],
  );
  const onNodeDoubleClick = useCallback(
    (_event: unknown, node: ServiceNode) => {
      if (editable && !node.data.eureka) setRenamingId(node.id);
    },
    [editable],
  );
  const minimapColor = useCallback(
    (node: ServiceNode) => packageStyle(node.data.packageName)[theme].stroke,
    [theme],
  );

  const onBeforeDelete: OnBeforeDelete<ServiceNode, DependencyEdge> = useCallback(
    async ({ nodes: deletedNodes, edges: deletedEdges }) => {
      if (editable) {
        edits.removeElements(
          deletedNodes.map((node) => node.id),
          deletedEdges.map((edge) => edge.id),
        );
      }
      // The document changes instead; the canvas follows it.
      return false;
    },
    [editable, edits],
  );

  const context: CanvasContextValue = useMemo(
    () => ({
      theme,
      renamingId,
      startRename: (id) => editable && setRenamingId(id),
      commitRename: edits.commitRename,
      cancelRename: () => setRenamingId(null),
      failedZones: overlay?.failedZones ?? NO_PLACES,
      failedRegions: overlay?.failedRegions ?? NO_PLACES,
    }),
    [theme, renamingId, editable, edits.commitRename, overlay],
  );

  useImperativeHandle(
    ref,
    () => ({
      selectWhenDrawn(names) {
        pendingSelection.current = names;
      },
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
        if (mapMode) void flow.fitBounds(MAP_BOUNDS, { padding: 0.04, duration: 250 });
        else void flow.fitView({ padding: 0.15, maxZoom: 1.25, duration: 250 });
      },
      autoLayout() {
        if (mapMode) return onMessage('The value chain places services by evolution and visibility.');
        if (!editable) return onMessage(notEditableNotice);
        relayout()
          .then((laidOut) => {
            const moves = model.nodes.flatMap((node) => {
              const position = laidOut.get(node.id);
              return !node.eureka && position ? [{ index: node.index, position }] : [];
            });
            if (edits.apply({ type: 'moveServices', positions: moves }, 'Auto layout')) {
              requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1.25, duration: 250 }));
            }
          })
          .catch((error: unknown) =>
            onMessage(`The layout failed: ${error instanceof Error ? error.message : String(error)}`),
          );
      },
      duplicateSelection() {
        if (!editable) return;
        const copied = edits.selectedServices();
        if (copied.length > 0) edits.paste(copied);
      },
      deleteSelection() {
        if (!editable) return;
        edits.removeElements(
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
        if (editable) edits.addService(packageName);
      },
      positions() {
        // The topology's positions, also while the value chain is shown (exports draw the topology).
        if (mapMode) return new Map(positions);
        return new Map(flow.getNodes().map((node) => [node.id, node.position]));
      },
    }),
    [flow, editable, notEditableNotice, onMessage, model, edits, relayout, mapMode, positions],
  );

  return (
    <CanvasContext.Provider value={context}>
      <div
        ref={wrapper}
        className={mapMode ? 'canvas-flow canvas-map' : 'canvas-flow'}
        {...(mapMode ? { role: 'region', 'aria-label': 'Value chain' } : {})}
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
          if (mapMode) edits.addService(packageName, point);
          else edits.addService(packageName, { x: point.x - NODE_WIDTH / 2, y: point.y - NODE_HEIGHT / 2 });
        }}
        onCopy={(event) => {
          if (isEditableTarget(event.target)) return;
          const copied = edits.selectedServices();
          if (copied.length === 0) return;
          event.clipboardData.setData('text/plain', servicesToClipboard(copied));
          event.preventDefault();
        }}
        onCut={(event) => {
          if (isEditableTarget(event.target) || !editable) return;
          const copied = edits.selectedServices();
          if (copied.length === 0) return;
          event.clipboardData.setData('text/plain', servicesToClipboard(copied));
          event.preventDefault();
          edits.removeElements(
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
          edits.paste(copied);
        }}
        onKeyDown={(event) => {
          if (event.key === 'F2' && !isEditableTarget(event.target)) {
            const only = flow.getNodes().filter((node) => node.selected && !node.data.eureka);
            if (editable && only.length === 1 && only[0]) {
              event.preventDefault();
              setRenamingId(only[0].id);
            }
          }
          // Delete on a canvas that cannot be edited: say why nothing happens, as Ctrl+D does.
          if (
            !editable &&
            (event.key === 'Delete' || event.key === 'Backspace') &&
            !isEditableTarget(event.target) &&
            flow.getNodes().some((node) => node.selected)
          ) {
            onMessage(notEditableNotice);
          }
        }}
      >
        <ReactFlow<ServiceNode, DependencyEdge>
          defaultNodes={NO_NODES}
          defaultEdges={NO_EDGES}
          onSelectionChange={onFlowSelectionChange}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodeDragStart={onNodeDragStart}
          onNodeDragStop={onNodeDragStop}
          onConnect={edits.onConnect}
          onConnectEnd={edits.onConnectEnd}
          onBeforeDelete={onBeforeDelete}
          onNodeDoubleClick={onNodeDoubleClick}
          deleteKeyCode={editable ? DELETE_KEYS : null}
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          nodesDraggable={editable}
          nodesConnectable={editable}
          elementsSelectable
          zoomOnDoubleClick={false}
          minZoom={MIN_ZOOM}
          maxZoom={2.5}
          colorMode={theme}
          proOptions={PRO_OPTIONS}
          defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
          ariaLabelConfig={ARIA_LABELS}
        >
          {!mapMode && <DotGrid />}
          {valueChain && <MapLayer chain={valueChain} />}
          <Controls showInteractive={false} fitViewOptions={FIT_VIEW_OPTIONS} />
          {!mapMode && (
            <MiniMap
              style={{ width: 168, height: 112 }}
              pannable
              zoomable
              ariaLabel="Minimap"
              nodeColor={minimapColor}
              nodeStrokeWidth={0}
            />
          )}
          {overlay && <OverlayLegend overlay={overlay} />}
          {laying && (
            <Panel position="bottom-center" className="canvas-status" aria-live="polite">
              {provisional ? 'Refining the layout…' : 'Laying out…'}
            </Panel>
          )}
        </ReactFlow>
      </div>
    </CanvasContext.Provider>
  );
}

const NO_NODES: ServiceNode[] = [];

/** Below this zoom the dots of the grid would lie under 7 px apart: noise, not a guide. */
const GRID_MIN_ZOOM = 0.3;
const gridShown = (state: { transform: [number, number, number] }) => state.transform[2] >= GRID_MIN_ZOOM;

/**
 * The canvas's dotted grid, left out when zoomed far out. NOTE: besides being noise there, a
 * grid of dots a pixel or two apart is the costliest thing to paint on the canvas, and it is
 * painted again on every frame of a pan (as when dragging a node near the edge scrolls the view).
 */
function DotGrid() {
  const shown = useStore(gridShown);
  return shown ? <Background gap={24} size={1} /> : null;
}
const SWITCH_MS = 450;
/** The value chain's plot and its labels, as fitView should frame them. */
/** The map and its labels. */
const MAP_BOUNDS = { x: -60, y: -40, width: MAP_SIZE.width + 200, height: MAP_SIZE.height + 90 };
const NO_PLACES: ReadonlySet<string> = new Set();
const NO_EDGES: DependencyEdge[] = [];
