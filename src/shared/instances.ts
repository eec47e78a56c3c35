/**
 * The canvas's instance view: each service's instances by region and zone, as `archsim expand`
 * computes them (spigo's rules), with the first few instance names of each group.
 */
import { z } from 'zod';

/** Names listed per group; the rest are counted. */
export const MAX_INSTANCE_NAMES = 8;
/** A document whose expansion is larger than this is not drawn instance by instance. */
export const MAX_INSTANCE_VIEW = 200_000;

export interface InstanceGroup {
  /** Region name, or "*" for a service that is not regional. */
  readonly region: string;
  /** Zone name, or "*" for cross-zone instances. */
  readonly zone: string;
  readonly count: number;
  /** spigo's graph names (arch.region.zone.instance), at most MAX_INSTANCE_NAMES. */
  readonly names: readonly string[];
}

export interface ServiceInstances {
  readonly service: string;
  readonly total: number;
  readonly groups: readonly InstanceGroup[];
}

export interface InstanceView {
  readonly instances: number;
  readonly services: readonly ServiceInstances[];
}

const name = z.string().max(1000);

export const instanceViewSchema = z.strictObject({
  instances: z.int().nonnegative(),
  services: z.array(
    z.strictObject({
      service: name,
      total: z.int().nonnegative(),
      groups: z.array(
        z.strictObject({
          region: name,
          zone: name,
          count: z.int().nonnegative(),
          names: z.array(name).max(MAX_INSTANCE_NAMES),
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<InstanceView>;
