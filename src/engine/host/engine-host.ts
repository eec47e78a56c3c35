/**
 * The engine's side of the engine protocol, independent of the process it runs in: it takes
 * `run` and `cancel` messages and answers with `progress`, `done`, `failed` or `cancelled`
 * through a `post` function that the entry point (./worker.ts) binds to its transport.
 *
 * A run is simulated in slices of a few tens of thousands of events (~10 ms here), yielding to
 * the message loop between slices, so that a `cancel` is read within one slice and progress is
 * posted every `progressIntervalMs` of wall time.
 */
import {
  assertNever,
  describeProtocolError,
  engineInputSchema,
  runIdOf,
  MAX_ENGINE_MESSAGE_LENGTH,
  type EngineOutput,
  type EngineRunMessage,
} from '@shared/engine-protocol.ts';
import type { RunResult } from '@shared/results.ts';
import type { LiveNumbers } from '@shared/runs.ts';
import { Simulation, SimulationOverloadError, type SimulationProgress } from '../sim/simulation.ts';

/** Events per slice: small enough that a cancel is read within ~10 ms, large enough to cost nothing. */
export const DEFAULT_SLICE_EVENTS = 20_000;
/** Wall time between progress messages (the protocol promises at least one a second). */
export const DEFAULT_PROGRESS_INTERVAL_MS = 250;
/** Wall time between the live numbers progress messages carry (the studio shows them). */
export const LIVE_INTERVAL_MS = 1000;

/** What the host needs of a simulation: the engine's `Simulation`, or a stand-in in tests. */
export interface SimulationLike {
  runSlice(maxEvents: number): boolean;
  progress(): SimulationProgress;
  /** Per-service numbers for the studio (a stand-in may have none). */
  live?(): LiveNumbers;
  result(): RunResult;
}

export interface EngineHostOptions {
  readonly sliceEvents?: number;
  readonly progressIntervalMs?: number;
  /** Wall clock in ms (default performance.now). */
  readonly now?: () => number;
  /** Runs `next` after pending messages have been handled (default setImmediate). */
  readonly defer?: (next: () => void) => void;
  /** Builds the simulation of a run (default: the engine's Simulation). */
  readonly createSimulation?: (message: EngineRunMessage) => SimulationLike;
  /** Told about messages that are not part of the protocol and name no run to fail. */
  readonly onProtocolError?: (message: string) => void;
}

export interface EngineHost {
  /** Handles one message from the main process (untrusted until validated here). */
  receive(message: unknown): void;
  /** The run in progress, if any. */
  readonly activeRunId: number | null;
}

interface ActiveRun {
  readonly runId: number;
  readonly simulation: SimulationLike;
  cancelled: boolean;
  lastProgressAt: number;
  /** When live numbers were last sent (-Infinity: not yet). */
  lastLiveAt: number;
}

export function createEngineHost(
  post: (message: EngineOutput) => void,
  options: EngineHostOptions = {},
): EngineHost {
  const sliceEvents = options.sliceEvents ?? DEFAULT_SLICE_EVENTS;
  const progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  const now = options.now ?? (() => performance.now());
  const defer = options.defer ?? ((next: () => void) => void setImmediate(next));
  const createSimulation =
    options.createSimulation ??
    ((message: EngineRunMessage) =>
      new Simulation(message.document, {
        durationS: message.options.durationS,
        rate: message.options.rate,
        seed: message.options.seed,
        scale: message.options.scale,
        regions: message.options.regions,
        scenario: message.options.scenario ?? null,
        ...(message.options.traceSampleRate === undefined
          ? {}
          : { traceSampleRate: message.options.traceSampleRate }),
      }));
  const onProtocolError =
    options.onProtocolError ?? ((message: string) => console.error(`archsim engine: ${message}`));

  let active: ActiveRun | null = null;

  const fail = (runId: number, message: string) => {
    post({ type: 'failed', runId, message: message.slice(0, MAX_ENGINE_MESSAGE_LENGTH) });
  };

  const postProgress = (run: ActiveRun, final = false) => {
    const progress = run.simulation.progress();
    const at = now();
    const live =
      run.simulation.live && (final || at - run.lastLiveAt >= LIVE_INTERVAL_MS)
        ? run.simulation.live()
        : undefined;
    if (live) run.lastLiveAt = at;
    post({
      type: 'progress',
      runId: run.runId,
      simulatedS: progress.simulatedNs / 1e9,
      durationS: progress.durationNs / 1e9,
      events: progress.events,
      requests: progress.requests,
      completed: progress.completed,
      ...(live ? { live } : {}),
    });
    run.lastProgressAt = at;
  };

  const step = (run: ActiveRun) => {
    if (run.cancelled) {
      active = null;
      post({ type: 'cancelled', runId: run.runId });
      return;
    }
    let finished: boolean;
    let result: RunResult | null = null;
    try {
      finished = run.simulation.runSlice(sliceEvents);
      if (finished) {
        postProgress(run, true);
        result = run.simulation.result();
      }
    } catch (error) {
      active = null;
      // An overload is the architecture's (the user's to fix); anything else is the engine's fault.
      fail(
        run.runId,
        error instanceof SimulationOverloadError
          ? error.message
          : `the engine failed: ${errorMessage(error)}`,
      );
      return;
    }
    if (result !== null) {
      active = null;
      post({ type: 'done', runId: run.runId, result });
      return;
    }
    if (now() - run.lastProgressAt >= progressIntervalMs) postProgress(run);
    defer(() => step(run));
  };

  const start = (message: EngineRunMessage) => {
    if (active !== null) {
      fail(message.runId, `the engine is busy with run ${active.runId}`);
      return;
    }
    let simulation: SimulationLike;
    try {
      simulation = createSimulation(message);
    } catch (error) {
      // An unknown scenario, a topology beyond the instance limit (refused before anything is
      // allocated, so that building a run stays short enough for a cancel to follow it at once):
      // the user's to fix.
      fail(message.runId, errorMessage(error));
      return;
    }
    const run: ActiveRun = {
      runId: message.runId,
      simulation,
      cancelled: false,
      lastProgressAt: 0,
      lastLiveAt: Number.NEGATIVE_INFINITY,
    };
    active = run;
    postProgress(run);
    defer(() => step(run));
  };

  return {
    get activeRunId() {
      return active?.runId ?? null;
    },
    receive(raw) {
      const parsed = engineInputSchema.safeParse(raw);
      if (!parsed.success) {
        const problem = `malformed message: ${describeProtocolError(parsed.error)}`;
        const runId = runIdOf(raw);
        if (runId !== null && (raw as { type?: unknown }).type === 'run') fail(runId, problem);
        else onProtocolError(problem);
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'run':
          start(message);
          break;
        case 'cancel':
          // A cancel for a run that already ended (its done is on the way) needs no answer.
          if (active?.runId === message.runId) active.cancelled = true;
          break;
        default:
          assertNever(message, 'engine message');
      }
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
