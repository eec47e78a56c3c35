/**
 * What a field means when the document leaves it out, shown as the input's placeholder
 * ("2000 (karyon default)"), and what a required field or a new list item starts with.
 *
 * A service's defaults come from its package profile (as `resolveService` applies them); other
 * defaults are read from the schema's descriptions, which state them ("First delay in ms
 * (default 10)."), so there is one place to change a documented default.
 */
import { PACKAGE_PROFILES, isPackageName } from '@shared/document/packages.ts';
import { DEFAULT_CACHE_HIT_RATE } from '@shared/document/resolve.ts';
import type { LatencyModel } from '@shared/document/latency.ts';
import type { FieldPath } from './schema-fields.ts';

export interface DefaultValue {
  /** The value itself, when it is one (a number, a model); absent for "never", "half the run"… */
  readonly value?: unknown;
  /** The placeholder: "2000 (karyon default)", "10 (default)", "never (default)". */
  readonly text: string;
}

export interface Defaults {
  /** What applies when the field at `path` is left out; undefined when nothing is known. */
  readonly at: (path: FieldPath) => DefaultValue | undefined;
  /**
   * A value to start a new list item or required field at `path` with, taken whole (a new region
   * with its zones); undefined: the schema's least value, with defaults for its leaves.
   */
  readonly seed: (path: FieldPath) => unknown;
}

/**
 * NOTE: a copy of the engine's DEFAULT_NETWORK (src/engine/sim/simulation.ts), which the renderer
 * may not import (DESIGN.md §1). Moving that constant to src/shared would remove the copy.
 */
export const NETWORK_DEFAULTS: Readonly<Record<'sameZone' | 'crossZone' | 'crossRegion', LatencyModel>> = {
  sameZone: { type: 'lognormal', median: 0.1, sigma: 0.3 },
  crossZone: { type: 'lognormal', median: 0.6, sigma: 0.3 },
  crossRegion: { type: 'lognormal', median: 35, sigma: 0.1 },
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function lookup(tree: unknown, path: FieldPath): unknown {
  let value = tree;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * A default as a placeholder shows it: `lognormal median 5, sigma 0.5`, `null (unbounded)`,
 * `concurrency 50, queue 500`, `sameZone lognormal median 0.1, sigma 0.3; crossZone …`.
 */
export function formatDefault(value: unknown): string {
  if (value === null) return 'null (unbounded)';
  if (!isObject(value)) return String(value);
  const entries = Object.entries(value);
  if (typeof value['type'] === 'string') {
    const parameters = entries
      .filter(([key]) => key !== 'type')
      .map(([key, item]) => `${key} ${typeof item === 'object' && item !== null ? '…' : String(item)}`);
    return [value['type'], parameters.join(', ')].filter(Boolean).join(' ');
  }
  const nested = entries.some(([, item]) => isObject(item));
  return entries.map(([key, item]) => `${key} ${formatDefault(item)}`).join(nested ? '; ' : ', ');
}

/**
 * The default a description states: "(default 10)", "(Hystrix default 20)", "(default: never)",
 * "; default all callers." Not "Defaults are documented…", and not "Default: package profile."
 * (the package profile is looked up, not quoted).
 */
export function descriptionDefault(description: string | undefined): DefaultValue | undefined {
  if (description === undefined) return undefined;
  const match = /(?:\(([A-Z]\w*) )?\bdefault\b:? (.+?)(?=[,;)]|\.(?:\s|$)|$)/i.exec(description);
  if (!match) return undefined;
  const stated = (match[2] as string).trim();
  if (stated === '' || /^package profile$/i.test(stated)) return undefined;
  const qualifier = match[1] === undefined ? 'default' : `${match[1]} default`;
  const number = Number(stated);
  return {
    ...(stated !== '' && Number.isFinite(number) ? { value: number } : {}),
    text: `${stated} (${qualifier})`,
  };
}

/** The placeholder of a field: its known default, else the one its description states. */
export function placeholderFor(
  defaults: Defaults,
  path: FieldPath,
  description?: string,
): string | undefined {
  return defaults.at(path)?.text ?? descriptionDefault(description)?.text;
}

/** Seeds that do not depend on the document: a backoff someone starts to fill in backs off. */
function commonSeed(path: FieldPath): unknown {
  const [parent, key] = path.slice(-2);
  if (parent === 'backoff' && key === 'type') return 'exponential';
  return undefined;
}

/** Defaults every service shares, whatever its package (spigo's count and regions, resolve.ts). */
const SERVICE_DEFAULTS = {
  count: 0,
  regions: 0,
  cacheHitRate: DEFAULT_CACHE_HIT_RATE,
  deadlinePropagation: false,
} as const;

/** The defaults of one service: its package profile's, then those all services share. */
export function serviceDefaults(service: Readonly<Record<string, unknown>>): Defaults {
  const packageName = service['package'];
  const profile = isPackageName(packageName) ? PACKAGE_PROFILES[packageName].defaults : undefined;
  const tree = profile && {
    latency: profile.latency,
    capacity: { concurrency: profile.concurrency, queue: profile.queue },
    timeoutMs: profile.timeoutMs,
    retries: { count: profile.retries },
    calls: { mode: profile.callMode },
    evolution: profile.evolution,
  };
  const at = (path: FieldPath): DefaultValue | undefined => {
    const fromProfile = lookup(tree, path);
    if (fromProfile !== undefined) {
      return { value: fromProfile, text: `${formatDefault(fromProfile)} (${String(packageName)} default)` };
    }
    const shared = lookup(SERVICE_DEFAULTS, path);
    if (shared !== undefined) return { value: shared, text: `${String(shared)} (default)` };
    return undefined;
  };
  return { at, seed: commonSeed };
}

function uniqueName(stem: string, taken: readonly unknown[]): string {
  const names = new Set(taken.map((item) => (isObject(item) ? item['name'] : undefined)));
  for (let suffix = taken.length + 1; ; suffix++) {
    if (!names.has(`${stem}-${suffix}`)) return `${stem}-${suffix}`;
  }
}

/** The defaults of the document's settings, and seeds for new regions, scenarios, SLOs and failures. */
export function documentDefaults(
  document: Readonly<Record<string, unknown>>,
  serviceNames: readonly string[],
): Defaults {
  const tree = { network: NETWORK_DEFAULTS, load: { arrival: 'poisson' } };
  const at = (path: FieldPath): DefaultValue | undefined => {
    const value = lookup(tree, path);
    return value === undefined ? undefined : { value, text: `${formatDefault(value)} (default)` };
  };
  const seed = (path: FieldPath): unknown => {
    const common = commonSeed(path);
    if (common !== undefined) return common;
    const [first] = path;
    const last = path[path.length - 1];
    const list = lookup(document, path.slice(0, -1));
    const items = Array.isArray(list) ? list : [];
    const service = serviceNames[0] ?? '';
    if (typeof last === 'number') {
      if (path.length === 2 && first === 'regions') {
        return { name: uniqueName('region', items), zones: ['zoneA', 'zoneB', 'zoneC'] };
      }
      if (path.length === 2 && first === 'scenarios') {
        return { name: uniqueName('scenario', items), failures: [] };
      }
      if (path.length === 2 && first === 'slos') return { service, percentile: 99, latencyMs: 100 };
      if (path.length === 4 && first === 'scenarios') return { type: 'kill-instances', service };
    }
    if (last === 'service') return service;
    return undefined;
  };
  return { at, seed };
}
