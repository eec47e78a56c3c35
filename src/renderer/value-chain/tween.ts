/**
 * Moves nodes from where they are to where they go over a moment (ease-out), frame by frame in
 * React Flow's own store: the switch between the topology and the value chain. Returns a stop
 * function; whatever sets the nodes next puts them at their final places.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { Point } from '@shared/diagram/model.ts';
import type { DependencyEdge, ServiceNode } from '../canvas/canvas-model.ts';

const easeOut = (t: number) => 1 - (1 - t) ** 3;

export function tweenNodes(
  flow: ReactFlowInstance<ServiceNode, DependencyEdge>,
  from: ReadonlyMap<string, Point>,
  to: ReadonlyMap<string, Point>,
  durationMs: number,
  onDone?: () => void,
): () => void {
  let frame = 0;
  let start: number | null = null;
  const place = (progress: number) =>
    flow.setNodes((nodes) =>
      nodes.map((node) => {
        const a = from.get(node.id);
        const b = to.get(node.id);
        if (!a || !b) return node;
        const k = easeOut(progress);
        return {
          ...node,
          position: progress >= 1 ? b : { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k },
        };
      }),
    );
  const step = (now: number) => {
    start ??= now;
    const progress = Math.min(1, (now - start) / durationMs);
    place(progress);
    if (progress < 1) frame = requestAnimationFrame(step);
    else onDone?.();
  };
  // Start from where the nodes were (the caller has just set them to their final places).
  place(0);
  frame = requestAnimationFrame(step);
  return () => cancelAnimationFrame(frame);
}
