/**
 * Where a new node goes: where it was asked for if that is free, else the nearest free place on
 * a grid around it, so an added or pasted service never lands on top of another.
 */
import { NODE_HEIGHT, NODE_WIDTH, type Point } from '@shared/diagram/model.ts';

const GAP = 24;
const STEP_X = NODE_WIDTH + GAP;
const STEP_Y = NODE_HEIGHT + GAP;

function overlaps(point: Point, others: readonly Point[]): boolean {
  return others.some(
    (other) =>
      Math.abs(other.x - point.x) < NODE_WIDTH + GAP / 2 &&
      Math.abs(other.y - point.y) < NODE_HEIGHT + GAP / 2,
  );
}

/** The free spot nearest `wanted` (rings of grid cells around it, nearest first). */
export function freeSpot(wanted: Point, occupied: readonly Point[]): Point {
  if (!overlaps(wanted, occupied)) return wanted;
  for (let ring = 1; ring <= 30; ring++) {
    const candidates: Point[] = [];
    for (let column = -ring; column <= ring; column++) {
      for (let row = -ring; row <= ring; row++) {
        if (Math.max(Math.abs(column), Math.abs(row)) !== ring) continue;
        candidates.push({ x: wanted.x + column * STEP_X, y: wanted.y + row * STEP_Y });
      }
    }
    candidates.sort(
      (a, b) => Math.hypot(a.x - wanted.x, a.y - wanted.y) - Math.hypot(b.x - wanted.x, b.y - wanted.y),
    );
    const free = candidates.find((candidate) => !overlaps(candidate, occupied));
    if (free) return free;
  }
  return wanted;
}

/** Free spots for several new nodes, each also clear of the ones placed before it. */
export function freeSpots(wanted: readonly Point[], occupied: readonly Point[]): Point[] {
  const taken = [...occupied];
  return wanted.map((point) => {
    const spot = freeSpot(point, taken);
    taken.push(spot);
    return spot;
  });
}
