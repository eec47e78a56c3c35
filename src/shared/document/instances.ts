/**
 * How many instances each service expands to, computed without creating any: the engine's
 * expansion sizes its arrays with it, and validation checks the instance limit with it before
 * anything is allocated (src/shared/limits.ts). One function, so the two can never disagree.
 */

/** The fields of a service that decide its instance count; tolerant of any value. */
export interface InstanceFields {
  readonly count?: unknown;
  readonly regions?: unknown;
  readonly autoscaling?: unknown;
}

export interface InstancePlanOptions {
  /** spigo's -p: percent applied to every count (default 100). */
  readonly scale?: number;
  /** spigo's -w: how many regions a `regions: 1` service spans (default 1). */
  readonly regions?: number;
  /** Count the standby instances of services with a reactive autoscaler (what a run allocates). */
  readonly standby?: boolean;
}

export interface ServiceInstancePlan {
  /** Regions it spans: its regions × the run regions; 0 = not regional. */
  readonly regionSpan: number;
  /** Instances per region after scaling, in spigo's integer arithmetic; 0 = one cross-zone instance. */
  readonly scaledCount: number;
  /** Standby instances per region (0 unless `standby` and the service has a reactive autoscaler). */
  readonly standbyPerRegion: number;
  /** All its instances, standby ones included. */
  readonly instances: number;
}

const wholeOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;

/** The instances of one service. Values a valid document cannot have count as 0. */
export function planServiceInstances(
  service: InstanceFields,
  options: InstancePlanOptions = {},
): ServiceInstancePlan {
  const scale = options.scale ?? 100;
  const runRegions = options.regions ?? 1;
  const regionSpan = wholeOr(service.regions, 0) * runRegions;
  const scaledCount = Math.floor((wholeOr(service.count, 0) * scale) / 100);
  const autoscaling =
    typeof service.autoscaling === 'object' && service.autoscaling !== null
      ? (service.autoscaling as Record<string, unknown>)
      : undefined;
  const standbyPerRegion =
    options.standby && autoscaling?.['targetUtilisation'] !== undefined && regionSpan > 0 && scaledCount > 0
      ? Math.max(0, wholeOr(autoscaling['maxInstances'], 2 * scaledCount) - scaledCount)
      : 0;
  const instances = regionSpan === 0 ? 1 : regionSpan * (Math.max(scaledCount, 1) + standbyPerRegion);
  return { regionSpan, scaledCount, standbyPerRegion, instances };
}
