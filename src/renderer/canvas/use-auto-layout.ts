/**
 * Where the canvas draws each service: its stored position, else where the auto-layout (elkjs,
 * in a worker) put it. Services with neither wait for the layout — all of them on a first view
 * (nothing is drawn until it is there), new ones in a row below the rest meanwhile.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { placeNodes } from '@shared/diagram/layout.ts';
import type { DiagramModel, Point } from '@shared/diagram/model.ts';
import { layoutInWorker } from './layout-client.ts';

export interface AutoLayout {
  /** Every drawn node's position (empty while a document's first layout runs). */
  readonly positions: ReadonlyMap<string, Point>;
  /** A layout is running. */
  readonly laying: boolean;
  /** Lays every node out again (stored positions aside); resolves with the new positions. */
  readonly relayout: () => Promise<Map<string, Point>>;
}

const EMPTY_POSITIONS: Map<string, Point> = new Map();

export function useAutoLayout(
  model: DiagramModel,
  documentId: number,
  onMessage: (text: string) => void,
): AutoLayout {
  const [computed, setComputed] = useState<{ documentId: number; positions: Map<string, Point> }>({
    documentId,
    positions: new Map(),
  });
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

  return { positions, laying, relayout };
}
