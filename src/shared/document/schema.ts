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
import { CALL_MODES, EVOLUTION_STAGES } from './packages.ts';
import { MAX_DURATION_S, MAX_RATE } from '../limits.ts';

/** The document version this build writes. Older documents are migrated forward (migrate.ts). */
export const CURRENT_DOCUMENT_VERSION = 1;

const wholeCount = (description: string) => z.number().int().nonnegative().describe(description);
const seconds = (description: string) => z.number().nonnegative().describe(description);
const probability = (description: string) => z.number().min(0).max(1).describe(description);
/** A rate in requests/s, capped like every run's rate (src/shared/limits.ts). */
const requestRate = (description: string) => z.number().nonnegative().max(MAX_RATE).describe(description);

export const capacitySchema = z
  .strictObject({
    concurrency: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Requests one instance serves at the same time (worker threads). Default: package profile.'),
    queue: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .optional()
      .describe(
        'Requests that may wait per instance when all workers are busy; null = unbounded. A full queue rejects.',
      ),
  })
  .describe('Per-instance capacity.');

export const backoffSchema = z
  .strictObject({
    type: z.enum(['none', 'fixed', 'exponential']).describe('Delay between attempts.'),
    baseMs: z.number().nonnegative().optional().describe('First delay in ms (default 10).'),
    maxMs: z.number().nonnegative().optional().describe('Largest delay in ms (default 1000).'),
    jitter: z.boolean().optional().describe('Randomise each delay between 0 and its value ("full jitter").'),
  })
  .describe('Backoff between retries.');

export const retryPolicySchema = z
  .strictObject({
    count: wholeCount('Retries after the first attempt (0 = no retry).'),
    backoff: backoffSchema.optional(),
    failover: z.boolean().optional().describe('Retry on a different instance than the one that failed.'),
    budgetPercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('Retry budget: retries may add at most this percentage to the calls a caller makes.'),
  })
  .describe('What a caller does when a call to this service fails or times out.');

export const circuitBreakerSchema = z
  .strictObject({
    windowMs: z.number().positive().optional().describe('Rolling window in ms (Hystrix default 10000).'),
    minimumRequests: wholeCount(
      'Calls in the window before the breaker may trip (Hystrix default 20).',
    ).optional(),
    errorThresholdPercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('Error percentage in the window that opens the breaker (Hystrix default 50).'),
    sleepWindowMs: z
      .number()
      .positive()
      .optional()
      .describe('How long the breaker stays open before one half-open probe (Hystrix default 5000).'),
    fallback: z
      .boolean()
      .optional()
      .describe('Answer with a fallback response instead of an error while open.'),
  })
  .describe('Hystrix-style circuit breaker in front of this service.');

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
    count: wholeCount(
      'Instances per region at 100 % scale, spread round-robin over zones. 0 = one cross-zone instance per region (zone "*").',
    ).optional(),
    regions: wholeCount(
      'Multiplier of the run\'s region count. 0 = not regional: one instance in region "*" (e.g. global DNS).',
    ).optional(),
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
    timeoutMs: z
      .number()
      .positive()
      .optional()
      .describe('How long a caller waits for this service before giving up.'),
    retries: retryPolicySchema.optional(),
    deadlinePropagation: z
      .boolean()
      .optional()
      .describe('Pass the remaining time budget down to dependencies (cascading timeout).'),
    circuitBreaker: circuitBreakerSchema.optional(),
    cacheHitRate: probability('For store, cache and volume: probability a read finds its key.').optional(),
    calls: callPatternSchema.optional(),
    autoscaling: autoscalingSchema.optional(),
    evolution: z
      .enum(EVOLUTION_STAGES)
      .optional()
      .describe('Wardley evolution stage. Default: package profile.'),
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
