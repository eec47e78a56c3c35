/**
 * Runs as they cross boundaries (DESIGN.md §1, §4): what a caller may ask a run to be, what the
 * studio is told while it runs and when it ends, and what the history holds. Shared by the IPC
 * contract (renderer ↔ main) and the engine protocol (main ↔ engine process), so both check a
 * run the same way on arrival.
 */
import { z } from 'zod';
import type { ArchDocument } from './document/schema.ts';
import { formatJsonPath } from './document/problems.ts';
import { validateDocument } from './document/validate.ts';
import { RESULT_FORMAT, type RunOptionsUsed, type RunResult } from './results.ts';
import { MAX_DURATION_S, MAX_RATE, MAX_SCALE_PERCENT } from './limits.ts';

/**
 * Where a run is in its life. `queued` and `running` are active; the other three are final and
 * never change again.
 */
export const RUN_STATUSES = ['queued', 'running', 'done', 'cancelled', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The final statuses, as `runs.finished` reports them. */
export const FINAL_RUN_STATUSES = ['done', 'cancelled', 'failed'] as const;
export type FinalRunStatus = (typeof FINAL_RUN_STATUSES)[number];

/** Largest seed the engine takes (it uses the seed as an unsigned 32-bit number). */
export const MAX_SEED = 0xffff_ffff;

/**
 * What a run simulates beyond the document; anything left out takes the document's value (its
 * `load`, `seed`) or the engine's default. The same fields as `archsim run`'s options.
 */
export interface RunOptions {
  /** Simulated seconds of arrivals. */
  readonly durationS?: number;
  /** Requests per second entering the system. */
  readonly rate?: number;
  /** Random seed: the same document, options and seed give the same result. */
  readonly seed?: number;
  /** Percent applied to every instance count (spigo's -p). */
  readonly scale?: number;
  /** How many regions a `regions: 1` service spans (spigo's -w). */
  readonly regions?: number;
  /** A failure scenario of the document; null or absent = no failures. */
  readonly scenario?: string | null;
  /** Fraction of requests whose traces are kept (default: the document's traceSampleRate, else 0.001). */
  readonly traceSampleRate?: number;
}

/** What `runs.start` takes besides the document: the run's options and a name for the history. */
export interface RunStartOptions extends RunOptions {
  /** A name the user gave the run. */
  readonly label?: string | null;
}

/**
 * Run options as they arrive from outside. The bounds, the same as the command line's
 * (./limits.ts), keep a typo from asking the engine for a run that would take days or all the
 * memory there is; the engine checks the rest (the scenario must be one of the document's).
 */
export const runOptionsSchema = z.strictObject({
  durationS: z.number().positive().max(MAX_DURATION_S).optional(),
  rate: z.number().nonnegative().max(MAX_RATE).optional(),
  seed: z.int().min(0).max(MAX_SEED).optional(),
  scale: z.int().min(1).max(MAX_SCALE_PERCENT).optional(),
  regions: z.int().min(1).max(64).optional(),
  scenario: z.string().min(1).max(200).nullable().optional(),
  traceSampleRate: z.number().min(0).max(1).optional(),
}) satisfies z.ZodType<RunOptions>;

export const runStartOptionsSchema = runOptionsSchema.extend({
  label: z.string().max(200).nullable().optional(),
}) satisfies z.ZodType<RunStartOptions>;

/**
 * An architecture document as it arrives from outside: validated (and migrated) by the same
 * `validateDocument` as the editor and the CLI use; a document with errors is refused with its
 * first few problems and their JSON paths.
 */
export const runDocumentSchema: z.ZodType<ArchDocument> = z.unknown().transform((value, context) => {
  const validation = validateDocument(value);
  if (validation.document !== null) return validation.document;
  const errors = validation.problems.filter((problem) => problem.severity === 'error');
  for (const problem of errors.slice(0, 5)) {
    context.addIssue({ code: 'custom', message: `${formatJsonPath(problem.path)}: ${problem.message}` });
  }
  if (errors.length === 0) context.addIssue({ code: 'custom', message: 'not a valid architecture document' });
  return z.NEVER;
});

/**
 * `runs.start`'s arguments. The document is checked once more with the run's own options — its
 * scale and regions decide how many instances it expands to — so that the instance limit holds
 * in the studio as on the command line, before the engine allocates anything.
 */
export const runStartArgumentsSchema = z
  .tuple([runDocumentSchema, runStartOptionsSchema])
  .superRefine(([document, options], context) => {
    const validation = validateDocument(document, {
      scale: options.scale,
      regions: options.regions,
      durationS: options.durationS,
      rate: options.rate,
      scenario: options.scenario ?? null,
    });
    const errors = validation.problems.filter((problem) => problem.severity === 'error');
    for (const problem of errors.slice(0, 5)) {
      context.addIssue({
        code: 'custom',
        path: [0, ...problem.path],
        message: `${formatJsonPath(problem.path)}: ${problem.message}`,
      });
    }
  });

const runId = z.int().positive().max(Number.MAX_SAFE_INTEGER);
export const runIdSchema = runId;

/** A service's numbers while a run goes: totals so far, and the last whole simulated second. */
export interface LiveServiceNumbers {
  readonly name: string;
  /** Requests and errors so far. */
  readonly requests: number;
  readonly errors: number;
  /** Requests, errors and latency percentiles (ms) of the last whole simulated second. */
  readonly rate: number;
  readonly errorRate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** A dependency's traffic while a run goes: calls and errors so far, calls a second lately. */
export interface LiveEdgeNumbers {
  readonly caller: string;
  readonly callee: string;
  readonly calls: number;
  readonly errors: number;
  /** Calls per simulated second since the previous live numbers. */
  readonly rate: number;
}

/**
 * Numbers per service and dependency while a run goes (at most once a second of wall time): the
 * busiest `LIVE_SERVICE_LIMIT` services and `LIVE_EDGE_LIMIT` dependencies, busiest first.
 */
export interface LiveNumbers {
  /** The last whole simulated second the per-second numbers are of. */
  readonly second: number;
  readonly services: readonly LiveServiceNumbers[];
  readonly edges: readonly LiveEdgeNumbers[];
}

export const LIVE_SERVICE_LIMIT = 2000;
export const LIVE_EDGE_LIMIT = 4000;

/** The engine's progress through a run, as `runs.progress` reports it. */
export interface RunProgress {
  readonly runId: number;
  /** Simulated seconds so far, and the seconds of arrivals asked for (the run drains past it). */
  readonly simulatedS: number;
  readonly durationS: number;
  /** Events processed, requests entered and requests completed so far. */
  readonly events: number;
  readonly requests: number;
  readonly completed: number;
  /** Per-service and per-dependency numbers, in some of the messages (about once a second). */
  readonly live?: LiveNumbers;
}

const count = z.number().int().nonnegative();
const measure = z.number().nonnegative().max(Number.MAX_VALUE);
const liveName = z.string().max(500);

export const liveNumbersSchema = z.strictObject({
  second: count,
  services: z
    .array(
      z.strictObject({
        name: liveName,
        requests: count,
        errors: count,
        rate: measure,
        errorRate: measure,
        p50Ms: measure,
        p99Ms: measure,
      }),
    )
    .max(LIVE_SERVICE_LIMIT),
  edges: z
    .array(z.strictObject({ caller: liveName, callee: liveName, calls: count, errors: count, rate: measure }))
    .max(LIVE_EDGE_LIMIT),
}) satisfies z.ZodType<LiveNumbers>;

export const runProgressSchema = z.strictObject({
  runId,
  simulatedS: z.number().nonnegative(),
  durationS: z.number().nonnegative(),
  events: count,
  requests: count,
  completed: count,
  live: liveNumbersSchema.optional(),
}) satisfies z.ZodType<RunProgress>;

/** A run reached a final status (`runs.finished`). */
export interface RunFinished {
  readonly runId: number;
  readonly status: FinalRunStatus;
  /** Why it failed (the engine's message, "the engine process exited…"); null unless failed. */
  readonly failureReason: string | null;
}

export const runFinishedSchema = z.strictObject({
  runId,
  status: z.enum(FINAL_RUN_STATUSES),
  failureReason: z.string().nullable(),
}) satisfies z.ZodType<RunFinished>;

/** A count in a result: a whole number, not negative (the run store keeps counts as integers). */
const countSchema = z.number().int().nonnegative();

const latencySummarySchema = z.looseObject({
  count: countSchema,
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  p999: z.number(),
  max: z.number(),
});

const resultSummarySchema = z.looseObject({
  simulatedSeconds: z.number(),
  instances: countSchema,
  requests: countSchema,
  completed: countSchema,
  errors: countSchema,
  unfinished: countSchema,
  calls: countSchema,
  events: countSchema,
});

const resultOptionsSchema = z.looseObject({
  durationS: z.number(),
  rate: z.number(),
  scale: z.number(),
  regions: z.number(),
  seed: z.number(),
});

const timelineSeriesSchema = z.looseObject({
  requests: z.array(z.number()),
  errors: z.array(z.number()),
  p50: z.array(z.number()),
  p90: z.array(z.number()),
  p99: z.array(z.number()),
});

/**
 * A run result as it arrives from the engine process or the store. NOTE: a structural check of
 * what the store and the studio read (every summary, histogram and timeline field they use),
 * loose about the rest, so that the engine can add fields without breaking the boundary.
 */
export const runResultSchema: z.ZodType<RunResult> = z
  .looseObject({
    format: z.literal(RESULT_FORMAT),
    engineVersion: z.string(),
    arch: z.string(),
    scenario: z.string().nullable(),
    options: resultOptionsSchema,
    summary: resultSummarySchema,
    entries: z.array(
      z.looseObject({
        name: z.string(),
        requests: countSchema,
        completed: countSchema,
        errors: countSchema,
        responseMs: latencySummarySchema,
      }),
    ),
    services: z.array(
      z.looseObject({
        name: z.string(),
        packageName: z.string(),
        requests: countSchema,
        errors: countSchema,
        latencyMs: latencySummarySchema,
      }),
    ),
    edges: z.array(
      z.looseObject({
        caller: z.string(),
        callee: z.string(),
        calls: countSchema,
        errors: countSchema,
        responseMs: latencySummarySchema,
      }),
    ),
    histograms: z.looseObject({
      entries: z.record(z.string(), z.string()),
      services: z.record(z.string(), z.string()),
      edges: z.record(
        z.string(),
        z.looseObject({ response: z.string(), service: z.string(), network: z.string() }),
      ),
    }),
    timeline: z.looseObject({
      bucketSeconds: z.number().positive(),
      entries: z.record(z.string(), timelineSeriesSchema),
      services: z.record(z.string(), timelineSeriesSchema),
    }),
    traces: z.array(z.looseObject({ traceId: z.string(), id: z.string(), name: z.string() })),
    failures: z.array(z.looseObject({ scenario: z.string(), type: z.string() })),
    events: z.array(z.looseObject({ atS: z.number(), kind: z.string(), detail: z.string() })),
    document: z.record(z.string(), z.unknown()),
  })
  .transform((value) => value as unknown as RunResult);

/** A run in the history: its identity, state and headline numbers, without its document or result. */
export interface RunSummary {
  readonly id: number;
  readonly label: string | null;
  readonly arch: string;
  readonly scenario: string | null;
  readonly seed: number;
  readonly engineVersion: string;
  /** sha256 of the document's canonical JSON: runs of the same document share it. */
  readonly documentHash: string;
  readonly status: RunStatus;
  /** Why the run failed; null unless status is `failed`. */
  readonly failureReason: string | null;
  /** Milliseconds since the Unix epoch: created, started running, reached a final status. */
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** Simulated seconds of load and requests per second, as requested or (once done) as used. */
  readonly durationS: number | null;
  readonly rate: number | null;
  /** The result's summary; null until the run is done. */
  readonly summary: RunResult['summary'] | null;
  /** Response-time percentiles (ms) of the busiest entry; null until the run is done. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

/** One run with everything stored about it. */
export interface RunDetails extends RunSummary {
  /** The exact document the run simulated. */
  readonly document: ArchDocument;
  /** The options requested, or (once done) the options used. */
  readonly options: Partial<RunOptionsUsed>;
  /** The complete result; null unless status is `done`. */
  readonly result: RunResult | null;
}

const time = z.number().nonnegative();

export const runSummarySchema = z.object({
  id: runId,
  label: z.string().nullable(),
  arch: z.string(),
  scenario: z.string().nullable(),
  seed: z.number(),
  engineVersion: z.string(),
  documentHash: z.string(),
  status: z.enum(RUN_STATUSES),
  failureReason: z.string().nullable(),
  createdAt: time,
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
  durationS: z.number().nullable(),
  rate: z.number().nullable(),
  summary: resultSummarySchema.nullable(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
}) satisfies z.ZodType<RunSummary>;

export const runDetailsSchema: z.ZodType<RunDetails> = runSummarySchema
  .extend({
    document: z.record(z.string(), z.unknown()),
    options: z.record(z.string(), z.unknown()),
    result: runResultSchema.nullable(),
  })
  .transform((value) => value as unknown as RunDetails);

/** Which runs `runs.list` returns: newest first, a page at a time. */
export interface RunListQuery {
  /** At most this many runs (default 100). */
  readonly limit?: number;
  /** Skip this many of the newest matching runs first (default 0). */
  readonly offset?: number;
  readonly arch?: string;
  /** Runs of this scenario; null: runs without a scenario. */
  readonly scenario?: string | null;
  /** One status or any of several. */
  readonly status?: RunStatus | readonly RunStatus[];
}

export const runListQuerySchema = z.strictObject({
  limit: z.int().min(1).max(1000).optional(),
  offset: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  arch: z.string().max(200).optional(),
  scenario: z.string().max(200).nullable().optional(),
  status: z.union([z.enum(RUN_STATUSES), z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length)]).optional(),
}) satisfies z.ZodType<RunListQuery>;

/** What the history can be filtered by: the architectures and scenarios it has runs of. */
export interface RunFacets {
  readonly archs: readonly string[];
  readonly scenarios: readonly string[];
}

export const runFacetsSchema = z.strictObject({
  archs: z.array(z.string()),
  scenarios: z.array(z.string()),
}) satisfies z.ZodType<RunFacets>;

/** A run's label as the user names it (empty: no label). */
export const runLabelSchema = z.string().max(200, 'a label is at most 200 characters').nullable();

/** A page of the history, with the number of matching runs (for paging). */
export interface RunList {
  readonly runs: readonly RunSummary[];
  readonly total: number;
}

export const runListSchema = z.strictObject({
  runs: z.array(runSummarySchema),
  total: count,
}) satisfies z.ZodType<RunList>;

/** Where the history is kept and what happened when it was opened. */
export interface RunStorageInfo {
  /** The database file. */
  readonly location: string;
  /** Set when the file was corrupt and was moved aside (never deleted) for a new one. */
  readonly recovered: { readonly movedTo: string; readonly reason: string } | null;
  /** Runs a previous session left unfinished, now marked failed. */
  readonly interrupted: number;
  /**
   * Why the history file could not be opened at all (read-only, a folder in its place…): runs of
   * this session are then kept in memory only. Absent or null when the file is in use.
   */
  readonly unavailable?: string | null;
}

export const runStorageInfoSchema = z.strictObject({
  location: z.string(),
  recovered: z.strictObject({ movedTo: z.string(), reason: z.string() }).nullable(),
  interrupted: count,
  unavailable: z.string().max(2000).nullable().optional(),
}) satisfies z.ZodType<RunStorageInfo>;
