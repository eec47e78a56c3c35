/**
 * Where the canvas draws each service: its stored position, else where the auto-layout (elkjs,
 * in a worker) put it. Services with neither wait for the layout — all of them on a first view
 * (nothing is drawn until it is there), new ones in a row below the rest meanwhile. A first view
 * of a large document shows a quick layered layout at once (`quickLayout`, same rules) while
 * elkjs computes the real one, which then replaces it; a graph laid out before in this browser
 * comes from the layout cache without waiting for the worker.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { placeNodes } from '@shared/diagram/layout.ts';
import type { DiagramModel, Point } from '@shared/diagram/model.ts';
import { quickLayout } from '@shared/diagram/quick-layout.ts';
import { cachedLayoutOf, layoutInWorker } from './layout-client.ts';

/** From this many services a first view shows the quick layout while elkjs works. */
const QUICK_LAYOUT_SERVICES = 40;

export interface AutoLayout {
  /** Every drawn node's position (empty while a document's first layout runs). */
  readonly positions: ReadonlyMap<string, Point>;
  /** A layout is running. */
  readonly laying: boolean;
  /** The positions shown are the quick layout's, until elkjs's arrive. */
  readonly provisional: boolean;
  /** Lays every node out again (stored positions aside); resolves with the new positions. */
  readonly relayout: () => Promise<Map<string, Point>>;
}

const EMPTY_POSITIONS: Map<string, Point> = new Map();

export function useAutoLayout(
  model: DiagramModel,
  documentId: number,
  onMessage: (text: string) => void,
): AutoLayout {
  const [computed, setComputed] = useState<{
    documentId: number;
    positions: Map<string, Point>;
    provisional?: boolean;
  }>({ documentId, positions: new Map() });
  const [laying, setLaying] = useState(false);
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
  useEffect(() => {
    if (missingKey === '') return;
    const request = ++layoutRequest.current;
    if (missingKey.split('\n').length === model.nodes.length) {
      const cached = cachedLayoutOf(model);
      if (cached) return setComputed({ documentId, positions: cached });
      if (model.nodes.length >= QUICK_LAYOUT_SERVICES)
        setComputed({ documentId, positions: quickLayout(model), provisional: true });
    }
    setLaying(true);
    layoutInWorker(model)
      .then((laidOut) => {
        if (request !== layoutRequest.current) return;
        setComputed((previous) => {
          // elkjs's positions replace the quick layout's; computed ones otherwise stay.
          const kept = previous.documentId === documentId && previous.provisional !== true;
          const merged = new Map(kept ? previous.positions : EMPTY_POSITIONS);
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

  const relayout = useCallback(async () => {
    const request = ++layoutRequest.current;
    setLaying(true);
    try {
      const laidOut = await layoutInWorker(model);
      setComputed({ documentId, positions: laidOut });
      return laidOut;
    } finally {
      if (request === layoutRequest.current) setLaying(false);
    }
  }, [model, documentId]);

  const provisional = computed.documentId === documentId && computed.provisional === true;
  return { positions, laying, provisional, relayout };
}
