/**
 * A service that depends on itself (a Cassandra or Riak ring replicating to its peers): a loop
 * from the node's right side over its top back into its left side.
 */
import { BaseEdge, type EdgeProps } from '@xyflow/react';

export function LoopEdge({ id, sourceX, sourceY, targetX, targetY, markerEnd, style, selected }: EdgeProps) {
  const lift = 46;
  const path =
    `M ${sourceX} ${sourceY} C ${sourceX + 40} ${sourceY - lift}, ` +
    `${sourceX + 10} ${sourceY - lift - 24}, ${(sourceX + targetX) / 2} ${sourceY - lift - 24} ` +
    `S ${targetX - 40} ${targetY - lift}, ${targetX} ${targetY}`;
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      style={style}
      className={selected ? 'loop-edge selected' : 'loop-edge'}
    />
  );
}
