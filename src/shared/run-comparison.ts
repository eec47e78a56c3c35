/**
 * Runs side by side, for the studio's Compare and `archsim compare`: per entry and per service
 * the requests, errors and latency percentiles of each run, the change of each from the first
 * run, and what differs between the runs' documents and options. The numbers are the stored ones.
 */
import { canonicalJson } from './canonical-json.ts';
import type { LatencySummary, RunResult } from './results.ts';

/** The measures compared, in table order. */
export const MEASURES = ['requests', 'errors', 'p50', 'p90', 'p99', 'p999', 'max'] as const;
export type Measure = (typeof MEASURES)[number];
export type Measures = Record<Measure, number>;

export const MEASURE_LABELS: Readonly<Record<Measure, string>> = {
  requests: 'requests',
  errors: 'errors',
  p50: 'p50 ms',
  p90: 'p90 ms',
  p99: 'p99 ms',
  p999: 'p99.9 ms',
  max: 'max ms',
};

/** Whether a smaller value of the measure is better (latency, errors) or neither (requests). */
export function lowerIsBetter(measure: Measure): boolean {
  return measure !== 'requests';
}

export function measuresOf(requests: number, errors: number, latency: LatencySummary): Measures {
  const { p50, p90, p99, p999, max } = latency;
  return { requests, errors, p50, p90, p99, p999, max };
}

/**
 * A run's value of a measure; undefined where it has none: the run lacks the item, or (for a
 * latency) no call reached it, so there is nothing timed — shown as "—", not 0.00.
 */
export function measuredValue(values: Measures | null | undefined, measure: Measure): number | undefined {
  if (!values) return undefined;
  if (measure !== 'requests' && measure !== 'errors' && values.requests === 0) return undefined;
  return values[measure];
}

/** One entry's or service's measures in each run (null where the run does not have it). */
export interface ComparedItem {
  readonly name: string;
  readonly runs: readonly (Measures | null)[];
}

function compareByName<T extends { name: string }>(
  results: readonly RunResult[],
  items: (result: RunResult) => readonly T[],
  toMeasures: (item: T) => Measures,
): ComparedItem[] {
  const names: string[] = [];
  for (const result of results) {
    for (const item of items(result)) if (!names.includes(item.name)) names.push(item.name);
  }
  return names.map((name) => ({
    name,
    runs: results.map((result) => {
      const item = items(result).find((candidate) => candidate.name === name);
      return item ? toMeasures(item) : null;
    }),
  }));
}

/** Every entry of the runs, by name: end-to-end response times. */
export function compareEntries(results: readonly RunResult[]): ComparedItem[] {
  return compareByName(
    results,
    (result) => result.entries,
    (entry) => measuresOf(entry.requests, entry.errors, entry.responseMs),
  );
}

/** Every service of the runs, by name: time at the service. */
export function compareServices(results: readonly RunResult[]): ComparedItem[] {
  return compareByName(
    results,
    (result) => result.services,
    (service) => measuresOf(service.requests, service.errors, service.latencyMs),
  );
}

/** A run's change from the first: absolute and relative (null when the first is 0). */
export interface Delta {
  readonly absolute: number;
  readonly relative: number | null;
}

export function deltaOf(base: number, value: number): Delta {
  const absolute = value - base;
  return { absolute, relative: base === 0 ? null : absolute / Math.abs(base) };
}

/** What differs between a run's document and the first run's. */
export interface DocumentDifference {
  readonly sameDocument: boolean;
  readonly fieldsAdded: string[];
  readonly fieldsRemoved: string[];
  readonly fieldsChanged: string[];
  readonly servicesAdded: string[];
  readonly servicesRemoved: string[];
  readonly servicesChanged: { readonly name: string; readonly fields: string[] }[];
  /** The same services with the same content, in another order. */
  readonly servicesReordered: boolean;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys added, removed and changed (by canonical JSON) from `before` to `after`. */
function keyDifferences(before: JsonObject, after: JsonObject, ignore: readonly string[] = []) {
  const keys = (object: JsonObject) => Object.keys(object).filter((key) => !ignore.includes(key));
  return {
    added: keys(after).filter((key) => !(key in before)),
    removed: keys(before).filter((key) => !(key in after)),
    changed: keys(before).filter(
      (key) => key in after && canonicalJson(before[key]) !== canonicalJson(after[key]),
    ),
  };
}

function servicesByName(document: JsonObject): Map<string, JsonObject> {
  const services = Array.isArray(document['services']) ? (document['services'] as unknown[]) : [];
  const byName = new Map<string, JsonObject>();
  services.forEach((service, index) => {
    if (isObject(service))
      byName.set(typeof service['name'] === 'string' ? service['name'] : `#${index}`, service);
  });
  return byName;
}

/** A compact structural diff of two documents: top-level fields, and services by name. */
export function diffDocuments(first: unknown, other: unknown): DocumentDifference {
  const before = isObject(first) ? first : {};
  const after = isObject(other) ? other : {};
  const fields = keyDifferences(before, after, ['services']);
  const beforeServices = servicesByName(before);
  const afterServices = servicesByName(after);
  const servicesChanged: { name: string; fields: string[] }[] = [];
  for (const [name, service] of afterServices) {
    const previous = beforeServices.get(name);
    if (previous === undefined) continue;
    const changes = keyDifferences(previous, service);
    const changed = [...changes.changed, ...changes.added, ...changes.removed];
    if (changed.length > 0) servicesChanged.push({ name, fields: changed });
  }
  const servicesAdded = [...afterServices.keys()].filter((name) => !beforeServices.has(name));
  const servicesRemoved = [...beforeServices.keys()].filter((name) => !afterServices.has(name));
  const servicesReordered =
    servicesAdded.length === 0 &&
    servicesRemoved.length === 0 &&
    servicesChanged.length === 0 &&
    canonicalJson(before['services']) !== canonicalJson(after['services']);
  return {
    sameDocument: canonicalJson(before) === canonicalJson(after),
    fieldsAdded: fields.added,
    fieldsRemoved: fields.removed,
    fieldsChanged: fields.changed,
    servicesAdded,
    servicesRemoved,
    servicesChanged,
    servicesReordered,
  };
}

/** A document difference in words, one part per kind ("services changed: db (count)"). */
export function documentDifferenceParts(difference: Omit<DocumentDifference, 'sameDocument'>): string[] {
  const parts: string[] = [];
  const list = (label: string, names: readonly string[]) => {
    if (names.length > 0) parts.push(`${label} ${names.join(', ')}`);
  };
  list('fields added:', difference.fieldsAdded);
  list('fields removed:', difference.fieldsRemoved);
  list('fields changed:', difference.fieldsChanged);
  list('services added:', difference.servicesAdded);
  list('services removed:', difference.servicesRemoved);
  list(
    'services changed:',
    difference.servicesChanged.map((service) => `${service.name} (${service.fields.join(', ')})`),
  );
  if (difference.servicesReordered) parts.push('services reordered');
  return parts;
}

/** An option whose value differs from the first run's. */
export interface OptionDifference {
  readonly option: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The options used (duration, rate, seed, scale…) and the scenario that differ from the first run's. */
export function diffOptions(first: RunResult, other: RunResult): OptionDifference[] {
  const before: JsonObject = { scenario: first.scenario, ...first.options };
  const after: JsonObject = { scenario: other.scenario, ...other.options };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key]))
    .map((key) => ({ option: key, from: before[key] ?? null, to: after[key] ?? null }));
}

/** Whether every run used the same seed (a comparison of the same random draws). */
export function sameSeed(results: readonly RunResult[]): boolean {
  return results.every((result) => result.options.seed === results[0]?.options.seed);
}
