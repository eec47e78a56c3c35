/**
 * Where the value-chain mode of the canvas puts things: the map is the exported SVG's plot
 * (VALUE_CHAIN_GEOMETRY, placed by the same `valueChainPoint`) at MAP_SCALE times its size, so the
 * canvas and `archsim diagram --view value-chain` agree on every position. A service is a small
 * node whose circle's centre sits on its (evolution, visibility); the node's position is its
 * top-left corner.
 */
import type { DiagramModel, Point } from '@shared/diagram/model.ts';
import { VALUE_CHAIN_GEOMETRY, valueChainPoint } from '@shared/diagram/value-chain-svg.ts';
import type { ValueChain } from '@shared/value-chain/index.ts';

export const MAP_SCALE = 1;
export const MAP_SIZE = {
  width: VALUE_CHAIN_GEOMETRY.plotWidth * MAP_SCALE,
  height: VALUE_CHAIN_GEOMETRY.plotHeight * MAP_SCALE,
} as const;
/** The side of a service node's box on the map; its circle fills it. */
export const MAP_NODE_SIZE = 14;
const HALF = MAP_NODE_SIZE / 2;

/** The map point (in canvas units) of an evolution and a visibility. */
export function mapPoint(evolution: number, visibility: number): Point {
  return valueChainPoint(evolution, visibility, MAP_SIZE);
}

/** Each node's position (top-left of its box) on the map, by node id. */
export function mapPositions(model: DiagramModel, chain: ValueChain): Map<string, Point> {
  const byName = new Map(chain.nodes.map((node) => [node.name, node]));
  const positions = new Map<string, Point>();
  for (const node of model.nodes) {
    const placed = byName.get(node.name);
    if (!placed) continue;
    const point = mapPoint(placed.evolution, placed.visibility);
    positions.set(node.id, { x: point.x - HALF, y: point.y - HALF });
  }
  return positions;
}

const round = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;

/** The evolution and visibility of a node whose box is at `position` (to 2 decimals, in 0–1). */
export function mapCoordinates(position: Point): { readonly evolution: number; readonly visibility: number } {
  return {
    evolution: round((position.x + HALF) / MAP_SIZE.width),
    visibility: round(1 - (position.y + HALF) / MAP_SIZE.height),
  };
}
