/**
 * The architecture document: one zod schema from which the TypeScript types, the runtime
 * validation and the JSON Schema given to the editor (resources/schema/) are all derived.
 *
 * The document is a strict superset of spigo's `arch-0.0`/`arch-0.1` files: every spigo field is
 * here with spigo's meaning, and every archsim extension is optional. The top-level object and
 * each service keep fields they do not know (`looseObject`), so a file saved back loses nothing;
 * archsim's own nested objects are strict, so a typo in them is reported.
 *
 * The schema does not fill in defaults: a document is kept exactly as written, and the defaults
 * of a service come from its package profile (see `resolveService`).
 */
import { z } from 'zod';
import { latencyModelSchema } from './latency.ts';
import { CALL_MODES } from './packages.ts';
import { MAX_DURATION_S, MAX_RATE } from '../limits.ts';
import {
  cacheHitRateSchema,
  capacitySchema,
  circuitBreakerSchema,
  countSchema,
  probability,
  regionsSchema,
  requestRate,
  retryPolicySchema,
  seconds,
  timeoutSchema,
} from './service-fields.ts';
import {
  SOURCING_METHODS,
  evolutionSchema,
  evolveSchema,
  unitInterval,
  valueChainSettingsSchema,
} from './value-chain-schema.ts';

export { backoffSchema, capacitySchema, circuitBreakerSchema, retryPolicySchema } from './service-fields.ts';
export {
  SOURCING_METHODS,
  evolutionSchema,
  evolveSchema,
  valueChainSettingsSchema,
  type Sourcing,
} from './value-chain-schema.ts';

/** The document version this build writes. Older documents are migrated forward (migrate.ts). */
export const CURRENT_DOCUMENT_VERSION = 1;

export const callPatternSchema = z
  .strictObject({
    mode: z
      .enum(CALL_MODES)
      .optional()
      .describe(
        'sequential: call each dependency in turn; parallel: all at once; one-of: pick one instance among all dependencies (spigo).',
      ),
    probabilities: z
      .record(z.string(), probability('Probability that a request calls this dependency.'))
      .optional()
      .describe('Per dependency name, the probability that a request calls it (default 1).'),
    edges: z
      .record(
        z.string(),
        z
          .strictObject({
            timeoutMs: z
              .number()
              .positive()
              .optional()
              .describe('How long this service waits for that dependency.'),
            retries: retryPolicySchema.optional(),
            circuitBreaker: circuitBreakerSchema.optional(),
          })
          .describe("Resilience settings of this edge, overriding the dependency's own."),
      )
      .optional()
      .describe('Per dependency name: timeout, retries and circuit breaker of the calls to it.'),
  })
  .describe('How a request fans out to the dependencies.');

export const autoscalingSchema = z
  .strictObject({
    replaceAfterS: z
      .number()
      .nonnegative()
      .optional()
      .describe('An autoscaling group replaces a dead instance after this many seconds (default: never).'),
    targetUtilisation: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('Reactive autoscaler: keep mean utilisation near this (0–1). Off when absent.'),
    maxInstances: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Reactive autoscaler: most instances per region (default: twice count).'),
    minInstances: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Reactive autoscaler: fewest instances per region (default: count).'),
    cooldownS: z
      .number()
      .nonnegative()
      .optional()
      .describe('Reactive autoscaler: seconds between decisions (default 60).'),
    startupS: z
      .number()
      .nonnegative()
      .optional()
      .describe('Seconds a new instance takes to start serving (default 30).'),
  })
  .describe('Autoscaling group behaviour: replacement of dead instances and a reactive autoscaler.');

export const positionSchema = z
  .strictObject({ x: z.number(), y: z.number() })
  .describe('Where the service sits on the canvas.');

export const serviceSchema = z
  .looseObject({
    name: z
      .string()
      .min(1)
      .describe('Service name: unique in the document; used in dependency lists and instance names.'),
    package: z.string().describe('Behaviour the service runs (see the package catalogue).'),
    count: countSchema.optional(),
    regions: regionsSchema.optional(),
    dependencies: z
      .array(z.string().describe('A service name, or "eureka" for cross-region discovery.'))
      .nullable()
      .optional()
      .describe('Services this one calls. "eureka" makes the service cross-region.'),
    machine: z.string().optional().describe('spigo arch-0.1: machine name (kept, not used for instances).'),
    instance: z.string().optional().describe('spigo arch-0.1: instance name (kept, not used).'),
    container: z.string().optional().describe('spigo arch-0.1: container image (kept, not used).'),
    process: z.string().optional().describe('spigo arch-0.1: process name (kept, not used).'),
    useCustomGuesstimate: z
      .boolean()
      .optional()
      .describe('spigo guesstimate export: use guesstimateType/Value.'),
    guesstimateType: z
      .string()
      .optional()
      .describe('spigo guesstimate export: cell type (NORMAL, POINT, DATA…).'),
    guesstimateValue: z.string().optional().describe('spigo guesstimate export: cell expression.'),
    latency: latencyModelSchema.optional().describe('Service time per request. Default: package profile.'),
    capacity: capacitySchema.optional(),
    timeoutMs: timeoutSchema.optional(),
    retries: retryPolicySchema.optional(),
    deadlinePropagation: z
      .boolean()
      .optional()
      .describe('Pass the remaining time budget down to dependencies (cascading timeout).'),
    circuitBreaker: circuitBreakerSchema.optional(),
    cacheHitRate: cacheHitRateSchema.optional(),
    calls: callPatternSchema.optional(),
    autoscaling: autoscalingSchema.optional(),
    evolution: evolutionSchema
      .optional()
      .describe(
        "Where the service stands on the value chain's evolution axis: a number from 0 (genesis: novel, uncertain) to 1 (commodity: standard, a utility), or a stage name for its midpoint — genesis (< 0.17), custom (custom-built, < 0.4), product (product or rental, < 0.7), commodity (commodity or utility). Default: its package's stage.",
      ),
    visibility: unitInterval(
      "Where the service stands on the value chain's visibility axis, from 1 (the user sees it) to 0 (deep infrastructure). Set only to pin it; absent, it follows the dependency chain: entry points at the top, each dependency below what calls it.",
    ).optional(),
    sourcing: z
      .enum(SOURCING_METHODS)
      .optional()
      .describe(
        "How the service is provided: build it in house, buy it (a product), or outsource it (a service someone else runs). Marked on the value chain; OnlineWardleyMaps' build / buy / outsource.",
      ),
    evolve: evolveSchema.optional(),
    position: positionSchema.optional(),
  })
  .describe('A service: a named group of identical instances running one package.');

export const regionSchema = z
  .strictObject({
    name: z.string().min(1).describe('Region name, e.g. us-east-1.'),
    zones: z.array(z.string().min(1)).min(1).describe('Zone names in this region.'),
  })
  .describe('A region and its zones.');

export const networkSchema = z
  .strictObject({
    sameZone: latencyModelSchema.optional().describe('One-way delay between instances in the same zone.'),
    crossZone: latencyModelSchema.optional().describe('One-way delay between zones of one region.'),
    crossRegion: latencyModelSchema.optional().describe('One-way delay between regions.'),
  })
  .describe('Network delay by locality. Defaults are documented in the README.');

export const loadChangeSchema = z
  .discriminatedUnion('type', [
    z
      .strictObject({
        type: z.literal('ramp'),
        atS: seconds('When the ramp starts (s).'),
        durationS: seconds('How long it takes (s).'),
        toRate: requestRate('Rate at the end of the ramp (requests/s).'),
      })
      .describe('Change the rate linearly.'),
    z
      .strictObject({
        type: z.literal('step'),
        atS: seconds('When (s).'),
        rate: requestRate('New rate (requests/s).'),
      })
      .describe('Change the rate at once.'),
    z
      .strictObject({
        type: z.literal('spike'),
        atS: seconds('When (s).'),
        durationS: seconds('How long (s).'),
        rate: requestRate('Rate during the spike (requests/s).'),
      })
      .describe('A burst, then back to the previous rate.'),
    z
      .strictObject({
        type: z.literal('diurnal'),
        periodS: z.number().positive().describe('Length of one cycle (s).'),
        amplitude: probability('Swing around the base rate as a fraction of it.'),
      })
      .describe('A sinusoidal daily cycle.'),
  ])
  .describe('A change of the arrival rate over time.');

export const loadSchema = z
  .strictObject({
    rate: requestRate(
      `Requests per second entering the system (default 100, at most ${MAX_RATE.toLocaleString('en-US')}).`,
    ).optional(),
    arrival: z
      .enum(['poisson', 'constant'])
      .optional()
      .describe('Open-loop arrival process: Poisson (random) or evenly spaced.'),
    durationS: z
      .number()
      .positive()
      .max(MAX_DURATION_S)
      .optional()
      .describe(
        `Simulated run length in seconds (default 60, at most ${MAX_DURATION_S.toLocaleString('en-US')}).`,
      ),
    entry: z
      .array(z.string())
      .optional()
      .describe('Entry services receiving the load (default: every denominator).'),
    changes: z.array(loadChangeSchema).optional().describe('How the rate changes over time.'),
    writeFraction: probability(
      'Fraction of requests that are writes (default 0; spigo sends one write in three).',
    ).optional(),
  })
  .describe('The traffic that enters the system.');

const window = {
  atS: seconds('When the failure starts (s into the run). Default: half the run.').optional(),
  durationS: z
    .number()
    .positive()
    .optional()
    .describe('How long it lasts (s). Omit for a permanent failure.'),
};

export const failureSchema = z
  .discriminatedUnion('type', [
    z
      .strictObject({
        type: z.literal('kill-instances'),
        service: z.string().describe('Service whose instances die.'),
        count: z.number().int().positive().optional().describe('How many instances (default 1).'),
        percent: z.number().min(0).max(100).optional().describe('Or: this percentage of the instances.'),
        ...window,
      })
      .describe('Chaos Monkey: instances stop answering.'),
    z
      .strictObject({
        type: z.literal('zone-outage'),
        region: z.string().describe('Region of the zone.'),
        zone: z.string().describe('Zone name.'),
        ...window,
      })
      .describe('Chaos Gorilla: a whole zone stops.'),
    z
      .strictObject({
        type: z.literal('region-outage'),
        region: z.string().describe('Region name.'),
        ...window,
      })
      .describe('Chaos Kong: a whole region stops.'),
    z
      .strictObject({
        type: z.literal('latency'),
        service: z.string().describe('Service that becomes slow.'),
        caller: z
          .string()
          .optional()
          .describe('Only calls from this service (an edge); default all callers.'),
        percent: z
          .number()
          .gt(0)
          .max(100)
          .optional()
          .describe('Share of the instances that become slow (default 100).'),
        added: latencyModelSchema.describe('Delay added to each request.'),
        ...window,
      })
      .describe('Latency Monkey: added delay.'),
    z
      .strictObject({
        type: z.literal('errors'),
        service: z.string().describe('Service that returns errors.'),
        rate: probability('Fraction of requests answered with an error.'),
        ...window,
      })
      .describe('Error injection.'),
    z
      .strictObject({
        type: z.literal('partition'),
        between: z
          .tuple([z.string(), z.string()])
          .describe(
            'Two regions ("us-east-1") or two zones ("us-east-1/zoneA") that cannot reach each other.',
          ),
        ...window,
      })
      .describe('Network partition.'),
  ])
  .describe('A failure injected during a run.');

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).describe('Scenario name, unique in the document.'),
    description: z.string().optional(),
    failures: z.array(failureSchema).describe('Failures injected in this scenario.'),
  })
  .describe('A named set of failures; one scenario is chosen per run.');

export const sloSchema = z
  .strictObject({
    service: z.string().describe('Service the objective applies to.'),
    percentile: z.number().gt(0).lt(100).optional().describe('Latency percentile, e.g. 99.'),
    latencyMs: z.number().positive().optional().describe('Latency that percentile must stay under (ms).'),
    availabilityPercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('Share of requests that must succeed.'),
  })
  .describe('A service level objective.');

export const discoverySchema = z
  .strictObject({
    detectionS: z
      .number()
      .nonnegative()
      .optional()
      .describe(
        "Seconds until callers stop routing to a dead instance, or start routing to a new one (default 1, spigo's eureka poll).",
      ),
  })
  .describe('Service discovery (eureka) timing.');

export const documentSchema = z
  .looseObject({
    $schema: z.string().optional().describe('JSON Schema reference for editors.'),
    archsimVersion: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(`archsim document version (current ${CURRENT_DOCUMENT_VERSION}). Absent in spigo files.`),
    arch: z.string().optional().describe('Architecture name (informative, as in spigo).'),
    version: z.string().optional().describe('spigo format version: "arch-0.0" or "arch-0.1".'),
    description: z.string().optional(),
    args: z.string().optional().describe('Command line that generated the file (spigo, informative).'),
    date: z.string().optional().describe('Creation time (spigo, informative).'),
    victim: z
      .string()
      .optional()
      .describe('Service for chaos monkey: one instance is killed at half the run.'),
    services: z.array(serviceSchema).min(1).describe('The services, in order. Order matters to spigo.'),
    regions: z
      .array(regionSchema)
      .min(1)
      .optional()
      .describe("Regions and zones to use instead of spigo's six AWS regions with zoneA–zoneC."),
    network: networkSchema.optional(),
    discovery: discoverySchema.optional(),
    load: loadSchema.optional(),
    scenarios: z.array(scenarioSchema).optional(),
    slos: z.array(sloSchema).optional(),
    seed: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Random seed: same document and seed, same results.'),
    traceSampleRate: probability('Fraction of requests whose traces are kept (default 0.001).').optional(),
    valueChain: valueChainSettingsSchema.optional(),
  })
  .describe('An archsim architecture document (a superset of spigo arch-0.0/arch-0.1).');

export type ArchDocument = z.infer<typeof documentSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Capacity = z.infer<typeof capacitySchema>;
export type RetryPolicy = z.infer<typeof retryPolicySchema>;
export type CircuitBreaker = z.infer<typeof circuitBreakerSchema>;
export type CallPattern = z.infer<typeof callPatternSchema>;
export type Region = z.infer<typeof regionSchema>;
export type NetworkSettings = z.infer<typeof networkSchema>;
export type LoadSettings = z.infer<typeof loadSchema>;
export type LoadChange = z.infer<typeof loadChangeSchema>;
export type Failure = z.infer<typeof failureSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type Slo = z.infer<typeof sloSchema>;
export type Autoscaling = z.infer<typeof autoscalingSchema>;
export type Evolution = z.infer<typeof evolutionSchema>;
export type EvolveArrow = z.infer<typeof evolveSchema>;
export type ValueChainSettings = z.infer<typeof valueChainSettingsSchema>;

/** The JSON Schema of the document, for editors (Monaco) and other tools. */
export function documentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(documentSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-7',
  }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://archsim.dev/schema/archsim-document.schema.json',
    title: 'archsim architecture document',
  };
}
