/**
 * What a document asks of a run, checked before the run allocates anything (src/shared/limits.ts):
 *
 * - the instance limit: an error at the count of the service that contributes most;
 * - the work a run would take: a warning with the estimate when it is far beyond what a machine
 *   does while a user waits;
 * - failures scheduled after the run's end: a warning, since they never happen.
 *
 * Rates and durations have their caps in the schema (load.rate, load.durationS) and in the run
 * options of every shell. Tolerant of any document shape: values a valid document cannot have are
 * reported elsewhere and skipped here.
 */
import {
  DEFAULT_MAX_INSTANCES,
  ENGINE_EVENTS_PER_SECOND,
  HEAVY_RUN_SECONDS,
  MAX_DURATION_S,
  MAX_RATE,
} from '../limits.ts';
import { planServiceInstances } from './instances.ts';
import { PACKAGE_PROFILES, isPackageName } from './packages.ts';
import { PROBLEM_CODES, type Problem } from './problems.ts';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The default run length and rate (the engine's, src/engine/sim/simulation.ts). */
const DEFAULT_DURATION_S = 60;
const DEFAULT_RATE = 100;

/**
 * Kernel events per call (send, arrive, work done, answer) and per request (its arrival), from
 * the engine's benchmarks: netflixoss does ~17.5 events per request of ~5.5 calls.
 */
const EVENTS_PER_CALL = 3;

export interface RunLimitOptions {
  readonly scale?: number;
  readonly regions?: number;
  readonly maxInstances?: number;
  readonly durationS?: number;
  readonly rate?: number;
  readonly scenario?: string | null;
}

/** A count in words: digits with separators, and past 10^21 (or infinite) an order of magnitude. */
const count = (value: number) =>
  value < 1e21
    ? value.toLocaleString('en-US')
    : Number.isFinite(value)
      ? `about 10^${Math.floor(Math.log10(value))}`
      : 'more than 10^308';

export function runLimitProblems(document: JsonObject, options: RunLimitOptions): Problem[] {
  const services = Array.isArray(document['services']) ? (document['services'] as unknown[]) : [];
  const load = isObject(document['load']) ? document['load'] : {};
  const durationS =
    options.durationS ?? (typeof load['durationS'] === 'number' ? load['durationS'] : DEFAULT_DURATION_S);
  return [
    ...instanceLimit(services, options),
    ...heavyRun(services, load, durationS, options),
    ...failuresAfterEnd(document, durationS, options.scenario),
  ];
}

function instanceLimit(services: readonly unknown[], options: RunLimitOptions): Problem[] {
  const limit = options.maxInstances ?? DEFAULT_MAX_INSTANCES;
  let total = 0;
  let largest = -1;
  let largestInstances = 0;
  let largestByStandby = false;
  services.forEach((service, index) => {
    if (!isObject(service)) return;
    const plan = planServiceInstances(service, {
      scale: options.scale,
      regions: options.regions,
      standby: true,
    });
    total += plan.instances;
    if (plan.instances > largestInstances) {
      largest = index;
      largestInstances = plan.instances;
      largestByStandby = plan.standbyPerRegion > Math.max(plan.scaledCount, 1);
    }
  });
  if (total <= limit || largest < 0) return [];
  const name = String((services[largest] as JsonObject)['name']);
  return [
    {
      severity: 'error',
      code: PROBLEM_CODES.tooManyInstances,
      path: largestByStandby
        ? ['services', largest, 'autoscaling', 'maxInstances']
        : ['services', largest, 'count'],
      message:
        `expands to ${count(total)} instances, more than the limit of ${count(limit)} ` +
        `("${name}" alone has ${count(largestInstances)}); lower the count or the scale, ` +
        'or raise the limit with archsim --max-instances N',
    },
  ];
}

/**
 * Calls a request makes on average: from each entry down the dependencies, counting each call
 * with the chance that it is made (one of several for the entry, proxies and one-of services;
 * the first tier for staash). Cycles are counted once (they are reported on their own).
 */
function callsPerRequest(services: readonly unknown[], entries: readonly number[]): number {
  const indexByName = new Map<string, number>();
  services.forEach((service, index) => {
    if (isObject(service) && typeof service['name'] === 'string' && !indexByName.has(service['name']))
      indexByName.set(service['name'], index);
  });
  const callees = services.map((service) => {
    if (!isObject(service) || !isPackageName(service['package'])) return [];
    const behaviour = PACKAGE_PROFILES[service['package']].behaviour;
    if (behaviour === 'store' || behaviour === 'ring') return [];
    const dependencies = Array.isArray(service['dependencies']) ? (service['dependencies'] as unknown[]) : [];
    const targets = [
      ...new Set(
        dependencies
          .map((name) => (typeof name === 'string' ? indexByName.get(name) : undefined))
          .filter((index): index is number => index !== undefined),
      ),
    ];
    const calls = isObject(service['calls']) ? service['calls'] : {};
    const mode =
      behaviour === 'service'
        ? (calls['mode'] ?? PACKAGE_PROFILES[service['package']].defaults.callMode)
        : 'one-of';
    const share = mode === 'one-of' || behaviour === 'data-access' ? 1 / Math.max(targets.length, 1) : 1;
    return targets.map((callee) => ({ callee, chance: share }));
  });
  // Calls below each service per request it serves, in post-order without recursion (memoised,
  // so shared dependencies cost once); a call back into the current path counts as one call.
  const below = new Float64Array(services.length).fill(-1);
  const onPath = new Uint8Array(services.length);
  for (const entry of entries) {
    if ((below[entry] as number) >= 0) continue;
    const stack: { service: number; next: number; sum: number }[] = [{ service: entry, next: 0, sum: 0 }];
    onPath[entry] = 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { service: number; next: number; sum: number };
      const edges = callees[frame.service] ?? [];
      const edge = edges[frame.next];
      if (edge === undefined) {
        below[frame.service] = frame.sum;
        onPath[frame.service] = 0;
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          const call = (callees[parent.service] ?? [])[parent.next - 1] as { chance: number };
          parent.sum += call.chance * (1 + frame.sum);
        }
        continue;
      }
      frame.next++;
      const known = below[edge.callee] as number;
      if (known >= 0 || onPath[edge.callee]) {
        frame.sum += edge.chance * (1 + Math.max(known, 0));
      } else {
        onPath[edge.callee] = 1;
        stack.push({ service: edge.callee, next: 0, sum: 0 });
      }
    }
  }
  if (entries.length === 0) return 0;
  return entries.reduce((sum, entry) => sum + Math.max(below[entry] as number, 0), 0) / entries.length;
}

function heavyRun(
  services: readonly unknown[],
  load: JsonObject,
  durationS: number,
  options: RunLimitOptions,
): Problem[] {
  const rate = options.rate ?? (typeof load['rate'] === 'number' ? load['rate'] : DEFAULT_RATE);
  if (!(rate > 0) || !(durationS > 0) || rate > MAX_RATE || durationS > MAX_DURATION_S) return [];
  const entryNames = Array.isArray(load['entry'])
    ? (load['entry'] as unknown[]).filter((name): name is string => typeof name === 'string')
    : null;
  const entries = services.flatMap((service, index) =>
    isObject(service) &&
    (entryNames === null
      ? service['package'] === 'denominator'
      : entryNames.includes(String(service['name'])))
      ? [index]
      : [],
  );
  const calls = callsPerRequest(services, entries);
  const requests = rate * durationS;
  const events = requests * (1 + EVENTS_PER_CALL * calls);
  const seconds = events / ENGINE_EVENTS_PER_SECOND;
  if (seconds <= HEAVY_RUN_SECONDS) return [];
  return [
    {
      severity: 'warning',
      code: PROBLEM_CODES.heavyRun,
      path: ['load'],
      message:
        `a run of ${count(durationS)} s at ${count(rate)} req/s is about ${approximately(events)} events ` +
        `(${approximately(requests)} requests × ~${calls.toFixed(1)} calls each): at ~${approximately(ENGINE_EVENTS_PER_SECOND)} ` +
        `events/s that is ${duration(seconds)} of computing; lower the rate or the duration`,
    },
  ];
}

/** 1.2 million, 3 billion, 45 thousand: a rough count for an estimate. */
function approximately(value: number): string {
  const units: [number, string][] = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
    [1e3, 'thousand'],
  ];
  for (const [size, word] of units) {
    if (value < size) continue;
    const scaled = value / size;
    return `${scaled >= 100 ? Math.round(scaled) : Number(scaled.toPrecision(2))} ${word}`;
  }
  return String(Math.round(value));
}

function duration(seconds: number): string {
  if (seconds >= 2 * 86_400) return `~${Math.round(seconds / 86_400)} days`;
  if (seconds >= 2 * 3600) return `~${Math.round(seconds / 3600)} hours`;
  return `~${Math.round(seconds / 60)} minutes`;
}

function failuresAfterEnd(
  document: JsonObject,
  durationS: number,
  only: string | null | undefined,
): Problem[] {
  const problems: Problem[] = [];
  if (only === null) return problems;
  const scenarios = Array.isArray(document['scenarios']) ? (document['scenarios'] as unknown[]) : [];
  scenarios.forEach((scenario, scenarioIndex) => {
    if (!isObject(scenario) || !Array.isArray(scenario['failures'])) return;
    if (only !== undefined && only !== 'all' && scenario['name'] !== only) return;
    (scenario['failures'] as unknown[]).forEach((failure, failureIndex) => {
      if (!isObject(failure) || typeof failure['atS'] !== 'number') return;
      const atS = failure['atS'];
      if (atS < durationS) return;
      problems.push({
        severity: 'warning',
        code: PROBLEM_CODES.failureAfterEnd,
        path: ['scenarios', scenarioIndex, 'failures', failureIndex, 'atS'],
        message: `starts at ${atS} s, at or after the run's end (${durationS} s): it will not happen (run longer, or start it earlier)`,
      });
    });
  });
  return problems;
}
