/**
 * Sweeps: where is the knee? A sweep runs the same architecture at a range of rates (or scales,
 * or values of a service's field), one independent run per point, and reads off where the p99
 * leaves its floor. This module is the plan — the axes, their points, the document and options
 * of each point — and the reading of the results; running the points is the engine's (one pure
 * run per point, so they go to threads or to a cluster unchanged).
 */
import type { ArchDocument } from './document/schema.ts';
import type { EntryResult, RunResult } from './results.ts';
import { entryThroughput } from './replications.ts';

/** A swept quantity: the rate, the scale, or a field of one service (`SERVICE.FIELD`). */
export type SweepAxis =
  | { readonly kind: 'rate'; readonly name: 'rate'; readonly values: readonly number[] }
  | { readonly kind: 'scale'; readonly name: 'scale'; readonly values: readonly number[] }
  | {
      readonly kind: 'param';
      /** `SERVICE.FIELD` as given, e.g. "backend.timeoutMs" or "web.capacity.concurrency". */
      readonly name: string;
      readonly service: string;
      readonly path: readonly string[];
      readonly values: readonly unknown[];
    };

/** One point of a sweep: a value of every axis. */
export interface SweepPoint {
  readonly index: number;
  /** Axis name → value at this point. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** Most points one sweep may have (every point is a whole run). */
export const MAX_SWEEP_POINTS = 10_000;

/**
 * A range `FROM:TO:STEPS`: STEPS evenly spaced values from FROM to TO, both included (STEPS = 1:
 * FROM alone). `whole` rounds each value to a whole number. Throws a RangeError naming the flaw.
 */
export function parseRange(option: string, text: string, whole = false): number[] {
  const parts = text.split(':');
  const numbers = parts.map((part) => Number(part.trim()));
  if (
    parts.length !== 3 ||
    parts.some((part) => part.trim() === '') ||
    numbers.some((value) => !Number.isFinite(value))
  ) {
    throw new RangeError(`--${option} takes FROM:TO:STEPS, e.g. 1000:10000:10 (got "${text}")`);
  }
  const [from, to, steps] = numbers as [number, number, number];
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_SWEEP_POINTS) {
    throw new RangeError(
      `--${option}: STEPS must be a whole number from 1 to ${MAX_SWEEP_POINTS.toLocaleString('en-US')} (got "${parts[2]}")`,
    );
  }
  if (from < 0 || to < 0)
    throw new RangeError(`--${option}: FROM and TO must not be negative (got "${text}")`);
  const values = Array.from({ length: steps }, (_value, index) =>
    steps === 1 ? from : from + ((to - from) * index) / (steps - 1),
  );
  return whole ? values.map((value) => Math.round(value)) : values;
}

/**
 * A parameter axis `SERVICE.FIELD=a,b,c`: FIELD may be a path ("capacity.concurrency"); each value
 * is read as JSON when it is JSON (numbers, true, false, null, quoted strings), else as a string.
 */
export function parseParam(text: string): Extract<SweepAxis, { kind: 'param' }> {
  const equals = text.indexOf('=');
  const target = equals < 0 ? '' : text.slice(0, equals).trim();
  const [service, ...path] = target.split('.');
  if (equals < 0 || !service || path.length === 0 || path.some((part) => part === '')) {
    throw new RangeError(
      `--param takes SERVICE.FIELD=a,b,c, e.g. backend.timeoutMs=100,200,400 (got "${text}")`,
    );
  }
  const values = text
    .slice(equals + 1)
    .split(',')
    .map((value) => value.trim());
  if (values.some((value) => value === ''))
    throw new RangeError(`--param ${target}: a value is empty (got "${text}")`);
  return {
    kind: 'param',
    name: target,
    service,
    path,
    values: values.map((value) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    }),
  };
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function sweepPoints(axes: readonly SweepAxis[]): SweepPoint[] {
  let combinations: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    combinations = combinations.flatMap((values) =>
      axis.values.map((value) => ({ ...values, [axis.name]: value })),
    );
    if (combinations.length > MAX_SWEEP_POINTS) {
      throw new RangeError(
        `the sweep has more than ${MAX_SWEEP_POINTS.toLocaleString('en-US')} points; sweep fewer values`,
      );
    }
  }
  return combinations.map((values, index) => ({ index, values }));
}

/** The document of a point: its parameter values set on their services (the rest untouched). */
export function pointDocument(
  document: ArchDocument,
  axes: readonly SweepAxis[],
  point: SweepPoint,
): ArchDocument {
  let services = document.services;
  for (const axis of axes) {
    if (axis.kind !== 'param') continue;
    const position = services.findIndex((service) => service.name === axis.service);
    if (position < 0) {
      throw new RangeError(`--param ${axis.name}: the document has no service "${axis.service}"`);
    }
    const service = services[position] as Record<string, unknown>;
    services = services.map((existing, index) =>
      index === position
        ? (setPath(service, axis.path, point.values[axis.name]) as typeof existing)
        : existing,
    );
  }
  return services === document.services ? document : { ...document, services };
}

/** A copy of `object` with the value at `path` replaced (objects on the way copied or made). */
function setPath(
  object: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const [field, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return { ...object, [field]: value };
  const inner = object[field];
  const child =
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? (inner as Record<string, unknown>)
      : {};
  return { ...object, [field]: setPath(child, rest, value) };
}

/** The rate and scale options of a point (those its axes sweep; undefined for the others). */
export function pointOptions(point: SweepPoint): { rate?: number; scale?: number } {
  const rate = point.values['rate'];
  const scale = point.values['scale'];
  return {
    ...(typeof rate === 'number' ? { rate } : {}),
    ...(typeof scale === 'number' ? { scale } : {}),
  };
}

/** A point's values in words: "rate 2000, backend.timeoutMs 200". */
export function pointLabel(point: SweepPoint): string {
  return Object.entries(point.values)
    .map(([name, value]) => `${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/** What a sweep reports per point: throughput, errors and the end-to-end percentiles. */
export interface SweepRow {
  readonly index: number;
  readonly values: Readonly<Record<string, unknown>>;
  readonly requests: number;
  /** Successful requests per simulated second of arrivals. */
  readonly throughput: number;
  readonly errors: number;
  /** errors ÷ completed requests. */
  readonly errorRate: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/**
 * A point's row, from the entry with the most requests (where the load enters; for several
 * entries, the busiest one speaks for the run).
 */
export function sweepRow(point: SweepPoint, result: RunResult): SweepRow {
  const entry = result.entries.reduce<EntryResult | null>(
    (busiest, candidate) => (busiest === null || candidate.requests > busiest.requests ? candidate : busiest),
    null,
  );
  const response = entry?.responseMs;
  return {
    index: point.index,
    values: point.values,
    requests: entry?.requests ?? 0,
    throughput: entry ? entryThroughput(entry, result.options.durationS) : 0,
    errors: entry?.errors ?? 0,
    errorRate: entry && entry.completed > 0 ? entry.errors / entry.completed : 0,
    p50: response?.p50 ?? 0,
    p90: response?.p90 ?? 0,
    p99: response?.p99 ?? 0,
    p999: response?.p999 ?? 0,
    max: response?.max ?? 0,
  };
}

/** How far above its floor the p99 must be for the knee: 1.5 × the lowest p99 before it. */
export const KNEE_FACTOR = 1.5;

export interface Knee {
  /** The row where p99 first exceeds KNEE_FACTOR × the floor. */
  readonly row: SweepRow;
  /** The floor then: the lowest p99 of the points before it. */
  readonly floorMs: number;
}

/**
 * The knee of a one-axis sweep: the first point, in the axis's order, whose p99 exceeds
 * KNEE_FACTOR times its floor (the lowest p99 of the points before it); null when p99 never
 * leaves its floor (or there are fewer than two points).
 */
export function findKnee(rows: readonly SweepRow[]): Knee | null {
  let floor = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    if (Number.isFinite(floor) && row.p99 > KNEE_FACTOR * floor) return { row, floorMs: floor };
    if (row.p99 > 0) floor = Math.min(floor, row.p99);
  }
  return null;
}

/** The axes that vary (more than one value): the knee and the chart read along them. */
export function sweptAxes(axes: readonly SweepAxis[]): SweepAxis[] {
  return axes.filter((axis) => axis.values.length > 1);
}

/**
 * The knee of a sweep along its one varying axis (the others hold one value each, so the points
 * are in that axis's order); null when it has none, or when several axes vary.
 */
export function sweepKnee(axes: readonly SweepAxis[], rows: readonly SweepRow[]): Knee | null {
  return sweptAxes(axes).length === 1 ? findKnee(rows) : null;
}

/** The file a point's result goes to in a results folder (the same locally and in a cluster). */
export function pointFileName(index: number): string {
  return `point-${String(index).padStart(4, '0')}.json`;
}

/** A point's index from its result file's name, or null for other names. */
export function pointIndexOfFile(name: string): number | null {
  const match = /^point-(\d+)\.json$/.exec(name);
  return match ? Number(match[1]) : null;
}

/** The sweep's plan, written beside the points' results so that an import can group them. */
export const SWEEP_PLAN_FILE = 'sweep.json';
export const SWEEP_PLAN_FORMAT = 'archsim-sweep-1';

/** What `sweep.json` holds: the axes and points, and the options every point shares. */
export interface SweepPlan {
  readonly format: typeof SWEEP_PLAN_FORMAT;
  readonly arch: string;
  readonly axes: readonly SweepAxis[];
  readonly points: readonly SweepPoint[];
  /** Options shared by every point (duration, seed, scenario…), as the command line gave them. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A sweep plan read back from JSON, or null when it is not one. */
export function readSweepPlan(value: unknown): SweepPlan | null {
  if (typeof value !== 'object' || value === null) return null;
  const plan = value as Partial<SweepPlan>;
  if (plan.format !== SWEEP_PLAN_FORMAT || !Array.isArray(plan.axes) || !Array.isArray(plan.points))
    return null;
  return plan as SweepPlan;
}
